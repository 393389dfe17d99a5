import { describe, expect, it } from 'vitest';
import { operators } from '../../../engine/operators/index.js';
import { type ByValue, byValue } from './by-value.js';

function operator(name: string): ByValue {
  const found = operators.get(name);
  if (!found) throw new Error(`operator ${name} is not registered`);
  return byValue(found);
}

// [fact, value, equal, lessThan, lessThanOrEqual, greaterThan, greaterThanOrEqual]
const comparisons = [
  ['10.0.19045', '10.0.19045', true, false, true, false, true],
  ['10.0.19045.0', '10.0.19045', true, false, true, false, true],
  ['10.0.19044.9999', '10.0.19045', false, true, true, false, false],
  ['10.0.19045.1', '10.0.19045', false, false, false, true, true],
  ['16.0.10337.12109', '16.0.9999', false, false, false, true, true],
  [11.0, '11', true, false, true, false, true],
  // A fact with fewer parts than the value stands for every version it starts: decided only when all agree.
  // A value's trailing zeros add nothing: 11 against 11.0 is one version, as against 11.
  [11, '11.0', true, false, true, false, true],
  ['10', '10.0.0', true, false, true, false, true],
  ['10', '10.8', undefined, undefined, undefined, undefined, undefined],
  ['10', '11', false, true, true, false, false],
  ['11', '10.8', false, false, false, true, true],
  ['9', '10.8', false, true, true, false, false],
  ['10.0', '10.0.19045', undefined, undefined, undefined, undefined, undefined],
  ['6.3.9600', 10, false, true, true, false, false],
] as const;

const names = [
  'versionEqual',
  'versionLessThan',
  'versionLessThanOrEqual',
  'versionGreaterThan',
  'versionGreaterThanOrEqual',
] as const;

describe('version comparison operators', () => {
  it.for(comparisons)('%s vs %s', ([fact, value, ...expected]) => {
    expect(names.map((name) => operator(name).test(fact, value))).toEqual(expected);
  });

  it.for(names)('%s throws TypeError on a malformed fact and rejects a malformed value', (name) => {
    expect(() => operator(name).test('10.0.x', '10.0')).toThrow(TypeError);
    expect(operator(name).valueProblem('10.0')).toBeUndefined();
    expect(operator(name).valueProblem('ten')).toMatch(/not a dotted numeric version/);
    expect(operator(name).valueProblem({ min: '1' })).toMatch(/must be a string or number/);
  });

  it('explains why a truncated version cannot be compared', () => {
    expect(operator('versionGreaterThanOrEqual').explain('10', '10.8')).toBe(
      'the full version of 10.x: it gives no more than 1 part(s), so it may or may not be at least 10.8',
    );
  });

  it('explains the relation found', () => {
    expect(operator('versionGreaterThanOrEqual').explain('10.0.19044', '10.0.19045')).toBe(
      'version 10.0.19044 is lower than 10.0.19045',
    );
    expect(operator('versionEqual').explain(' 6.3.9600.0 ', '6.3.9600')).toBe(
      'version 6.3.9600.0 is equal to 6.3.9600',
    );
    expect(operator('versionLessThan').explain('16.0.14000', '16.0.10000')).toBe(
      'version 16.0.14000 is higher than 16.0.10000',
    );
  });
});

describe('versionInRange', () => {
  const inRange = operator('versionInRange');

  it.for([
    ['10.0.10240', { min: '10.0.10240', max: '10.0.19046' }, true],
    ['10.0.10239.9999', { min: '10.0.10240', max: '10.0.19046' }, false],
    ['10.0.19045.3448', { min: '10.0.10240', max: '10.0.19046' }, true],
    ['10.0.19046', { min: '10.0.10240', max: '10.0.19046' }, false],
    ['10.0.19046', { min: '10.0.10240' }, true],
    ['1', { max: '10.0.19046' }, true],
    ['10.0.19046.0', { max: '10.0.19046' }, false],
    ['15.2.0.0', { min: 15, max: '15.2.0.1' }, true],
    ['15.2', { min: 15, max: '15.2.0.1' }, undefined],
    ['15', { min: '14.1', max: '16' }, true],
    ['15', { min: '15.1', max: '16' }, undefined],
    ['16', { min: '14', max: '16.0.1' }, undefined],
    ['17', { min: '14', max: '16.0.1' }, false],
  ] as const)('%s in %j → %s', ([fact, value, expected]) => {
    expect(inRange.test(fact, value)).toBe(expected);
  });

  it('names only the bound a truncated version cannot be placed against', () => {
    expect(inRange.explain('10', { min: '9', max: '10.5' })).toBe(
      'the full version of 10.x: it gives no more than 1 part(s), so it may or may not be below 10.5',
    );
  });

  it('explains why a truncated version cannot be placed', () => {
    expect(inRange.explain('15', { min: '15.1', max: '16' })).toBe(
      'the full version of 15.x: it gives no more than 1 part(s), so it may or may not be at least 15.1',
    );
  });

  it('explains which bound decided', () => {
    const value = { min: '10.0.10240', max: '10.0.19046' };
    expect(inRange.explain('10.0.19045', value)).toBe('version 10.0.19045 is at least 10.0.10240 and below 10.0.19046');
    expect(inRange.explain('6.3.9600', value)).toBe('version 6.3.9600 is lower than the minimum 10.0.10240');
    expect(inRange.explain('10.0.22000', value)).toBe(
      'version 10.0.22000 is not below the (exclusive) maximum 10.0.19046',
    );
  });

  it.for([
    [{ min: '1' }, undefined],
    [{ min: '1', max: '2' }, undefined],
    [{}, 'needs min, max or both'],
    ['10', 'needs a value { min?, max? }'],
    [null, 'needs a value { min?, max? }'],
    [['1', '2'], 'needs a value { min?, max? }'],
    [{ min: '2', max: '2.0' }, 'min must be lower than max (max is exclusive)'],
    [{ min: 'x' }, "'x' is not a dotted numeric version"],
    [{ min: '1', maximum: '2' }, 'unknown value keys: maximum'],
  ] as const)('value %j → %s', ([value, problem]) => {
    expect(inRange.valueProblem(value)).toBe(problem);
  });

  it('throws TypeError on malformed data', () => {
    expect(() => inRange.test('10.0', 'x')).toThrow(TypeError);
    expect(() => inRange.test('ten', { min: '1' })).toThrow(TypeError);
  });
});

describe('versionClassIn', () => {
  const classIn = operator('versionClassIn');
  const supportedExchange = { table: 'exchange', products: ['Exchange Server 2019', 'Exchange Server SE'] };

  it.for([
    ['15.2.2561.999', supportedExchange, true],
    ['15.2.2562.17', supportedExchange, true],
    ['15.1.2507.39', supportedExchange, false],
    ['7.0', supportedExchange, false],
    ['10.0.19045', { table: 'windows-client', products: ['Windows 10', 'Windows 11'] }, true],
    ['10.0.19046', { table: 'windows-client', products: ['Windows 10', 'Windows 11'] }, false],
    ['10.0.22000', { table: 'windows-client', products: ['Windows 10', 'Windows 11'] }, true],
  ] as const)('%s in %j → %s', ([fact, value, expected]) => {
    expect(classIn.test(fact, value)).toBe(expected);
  });

  it('explains the product found', () => {
    expect(classIn.explain('15.2.2562.17', supportedExchange)).toBe('version 15.2.2562.17 is Exchange Server SE');
    expect(classIn.explain('10.0.19046', { table: 'windows-client', products: ['Windows 10'] })).toBe(
      'version 10.0.19046 is no known release in the windows-client table',
    );
  });

  it.for([
    [supportedExchange, undefined],
    [{ table: 'windows-server', products: ['Windows Server 2016'] }, undefined],
    [null, 'needs a value { table, products }'],
    [{ table: 'exchange' }, 'needs a value { table, products }'],
    [{ table: 'exchange', products: [] }, 'needs a non-empty products list'],
    [{ table: 'office', products: ['x'] }, /^unknown version table 'office'; known: exchange, sharepoint/],
    [{ table: 'exchange', products: ['Exchange 2019'] }, /^unknown exchange product 'Exchange 2019'; known: /],
  ] as const)('value %j → %s', ([value, problem]) => {
    const result = classIn.valueProblem(value);
    if (problem === undefined || typeof problem === 'string') expect(result).toBe(problem);
    else expect(result).toMatch(problem);
  });

  it('throws TypeError on a malformed fact or value', () => {
    expect(() => classIn.test('15.x', supportedExchange)).toThrow(TypeError);
    expect(() => classIn.test('15.2', { table: 'nope', products: ['a'] })).toThrow(TypeError);
  });
});
