import { describe, expect, it } from 'vitest';
import {
  normalizeRegistryPath,
  registryValueEquals as registryValueEqualsOperator,
} from '../../../engine/operators/registry.js';
import { byValue } from './by-value.js';

const registryValueEquals = byValue(registryValueEqualsOperator);

const PATH = 'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIP\\UseDefaultCredentialsInProxy';
const wanted = { path: PATH, type: 'REG_DWORD', data: 1 };

describe('normalizeRegistryPath', () => {
  it.for([
    [
      'Computer\\HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIP\\',
      'hklm\\software\\wow6432node\\microsoft\\msip',
    ],
    ['HKLM\\\\SOFTWARE\\\\x', 'hklm\\software\\x'],
    ['hkey_current_user/Software/X', 'hkcu\\software\\x'],
    ['  HKLM\\SOFTWARE\\X\\  ', 'hklm\\software\\x'],
  ] as const)('%s → %s', ([input, expected]) => {
    expect(normalizeRegistryPath(input)).toBe(expected);
  });
});

describe('registryValueEquals', () => {
  // [registry, expected result, explanation fragment]
  it.for([
    [{ [PATH]: { type: 'REG_DWORD', data: 1 } }, true, 'is REG_DWORD 1'],
    [{ [PATH.toLowerCase()]: { type: 'REG_DWORD', data: 1 } }, true, 'is REG_DWORD 1'],
    [{ [PATH.replace('HKLM', 'HKEY_LOCAL_MACHINE')]: { type: 'REG_DWORD', data: '0x00000001' } }, true, 'REG_DWORD'],
    [{ [PATH]: { type: 'REG_DWORD', data: '1' } }, true, 'REG_DWORD "1"'],
    [{ [PATH]: { type: 'REG_DWORD', data: 0 } }, false, 'is REG_DWORD 0 (expected REG_DWORD 1)'],
    [{ [PATH]: { type: 'REG_SZ', data: '1' } }, false, 'is REG_SZ "1" (expected REG_DWORD 1)'],
    [{ [PATH]: { type: 'REG_DWORD', data: 'yes' } }, false, 'expected REG_DWORD 1'],
    // A bare map cannot say which keys were collected: an absent value is not known.
    [{}, undefined, 'was not collected'],
    [
      { 'HKLM\\SOFTWARE\\Microsoft\\MSIP\\UseDefaultCredentialsInProxy': { type: 'REG_DWORD', data: 1 } },
      undefined,
      'its key HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIP was not collected',
    ],
  ] as const)('%j → %s', ([registry, expected, because]) => {
    expect(registryValueEquals.test(registry, wanted)).toBe(expected);
    expect(registryValueEquals.explain(registry, wanted)).toContain(because);
  });

  // A device record says which keys were collected: an absent value of a collected key is not set.
  it.for([
    [
      { id: 'd', registry: {}, collectedRegistryKeys: ['HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIP'] },
      false,
      'not set in the collected key',
    ],
    [
      { id: 'd', collectedRegistryKeys: ['hkey_local_machine\\software\\wow6432node\\microsoft\\msip\\'] },
      false,
      'not set',
    ],
    [{ id: 'd', collectedRegistryKeys: ['HKLM\\SOFTWARE\\WOW6432Node\\*'] }, false, 'not set in the collected key'],
    [
      { id: 'd', collectedRegistryKeys: ['HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIP\\Sub'] },
      undefined,
      'was not collected',
    ],
    [
      { id: 'd', collectedRegistryKeys: ['HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIPC'] },
      undefined,
      'was not collected',
    ],
    [{ id: 'd', registry: { [PATH]: { type: 'REG_DWORD', data: 1 } } }, true, 'is REG_DWORD 1'],
    [{ id: 'd' }, undefined, 'collectedRegistryKeys does not list it'],
  ] as const)('device %j → %s', ([device, expected, because]) => {
    expect(registryValueEquals.test(device, wanted)).toBe(expected);
    expect(registryValueEquals.explain(device, wanted)).toContain(because);
  });

  it('compares string types exactly', () => {
    const value = { path: 'HKLM\\SOFTWARE\\X\\Mode', type: 'REG_SZ', data: 'On' };
    expect(registryValueEquals.test({ 'HKLM\\SOFTWARE\\X\\Mode': { type: 'REG_SZ', data: 'On' } }, value)).toBe(true);
    expect(registryValueEquals.test({ 'HKLM\\SOFTWARE\\X\\Mode': { type: 'REG_SZ', data: 'on' } }, value)).toBe(false);
  });

  it('rejects malformed values at compile time and malformed facts at evaluation', () => {
    expect(registryValueEquals.valueProblem(wanted)).toBeUndefined();
    expect(registryValueEquals.valueProblem('x')).toMatch(/needs a value/);
    expect(registryValueEquals.valueProblem({ ...wanted, path: 'HKLM' })).toMatch(/path/);
    expect(registryValueEquals.valueProblem({ ...wanted, type: 'DWORD' })).toMatch(/type must be/);
    expect(registryValueEquals.valueProblem({ ...wanted, data: true })).toMatch(/data/);
    expect(registryValueEquals.valueProblem({ ...wanted, extra: 1 })).toBe('unknown value keys: extra');
    expect(() => registryValueEquals.test([], wanted)).toThrow(TypeError);
  });
});
