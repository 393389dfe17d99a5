import { describe, expect, it } from 'vitest';
import { windowsKindIs as windowsKindIsOperator } from '../../../engine/operators/aip-windows-kind.js';
import { byValue } from '../../engine/operators/by-value.js';

const windowsKindIs = byValue(windowsKindIsOperator);

const client = { kind: 'client', assume: 'client' };
const server = { kind: 'server', assume: 'server' };

describe('windowsKindIs', () => {
  // [os record, value, expected, explanation fragment]
  it.for([
    [{ version: '10.0.14393' }, client, true, 'taken as a client'],
    [{ version: '10.0.14393' }, server, true, 'taken as a server'],
    [{ type: 'server', name: 'Windows 10 Enterprise' }, client, false, 'os.type is server'],
    [{ type: 'client', name: 'Windows Server 2016' }, server, false, 'os.type is client'],
    [
      { name: 'Windows Server 2016 Datacenter' },
      client,
      false,
      'os.name "Windows Server 2016 Datacenter" names a server',
    ],
    [
      { name: 'Microsoft Windows', edition: 'ServerDatacenter' },
      client,
      false,
      'os.edition "ServerDatacenter" names a server',
    ],
    [{ name: 'Microsoft Windows', edition: 'Enterprise' }, client, true, 'taken as a client'],
    [
      { name: 'Microsoft Windows', edition: 'Server Standard' },
      client,
      false,
      'os.edition "Server Standard" names a server',
    ],
    [
      { name: 'Windows 11 Enterprise multi-session', edition: 'ServerRdsh' },
      client,
      true,
      'multi-session, a client release',
    ],
    [{ name: 'Windows 10 Enterprise' }, server, false, 'os.name "Windows 10 Enterprise" names a client release'],
    [{ name: 'Microsoft Windows 11 Pro' }, client, true, 'names a client release'],
    [{ name: 'Windows Server 2012 R2 Standard' }, server, true, 'names a server'],
  ] as const)('%j is %j → %s', ([os, value, expected, because]) => {
    expect(windowsKindIs.test(os, value)).toBe(expected);
    expect(windowsKindIs.explain(os, value)).toContain(because);
  });

  it('checks its value and fact', () => {
    expect(windowsKindIs.valueProblem(client)).toBeUndefined();
    expect(windowsKindIs.valueProblem({ kind: 'client', assume: 'laptop' })).toMatch(/client or server/);
    expect(windowsKindIs.valueProblem({ ...client, x: 1 })).toBe('unknown value keys: x');
    expect(windowsKindIs.valueProblem('client')).toMatch(/needs a value/);
    expect(() => windowsKindIs.test('Windows 10', client)).toThrow(TypeError);
  });
});
