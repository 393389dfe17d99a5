import { describe, expect, it } from 'vitest';
import { tlsMinimumEnabled as tlsMinimumEnabledOperator } from '../../../engine/operators/aip-tls.js';
import { byValue } from '../../engine/operators/by-value.js';

const tlsMinimumEnabled = byValue(tlsMinimumEnabledOperator);

const windows10 = { minimum: '1.2', enabledByDefault: ['1.2'] };
const windows11 = { minimum: '1.2', enabledByDefault: ['1.2', '1.3'] };
const explicitOnly = { minimum: '1.2', enabledByDefault: [] };

describe('tlsMinimumEnabled', () => {
  // [settings, value, expected, explanation fragment]
  it.for([
    [{}, windows10, true, 'TLS 1.2 has no explicit setting and is on by default'],
    [{ collected: true }, windows10, true, 'on by default'],
    [{}, explicitOnly, false, 'TLS 1.2 has no explicit setting and is not on by default on this OS'],
    [{ tls12: { enabled: false } }, windows10, false, 'TLS 1.2 is disabled (Enabled=0)'],
    [{ tls12: { disabledByDefault: true } }, windows10, false, 'TLS 1.2 is disabled by default (DisabledByDefault=1)'],
    [{ tls12: { enabled: true, disabledByDefault: true } }, windows10, false, 'DisabledByDefault=1'],
    [{ tls12: { enabled: false } }, windows11, true, 'TLS 1.3 has no explicit setting and is on by default'],
    [{ tls12: { enabled: false }, tls13: { enabled: false } }, windows11, false, 'TLS 1.3 is disabled (Enabled=0)'],
    [{ tls12: { enabled: true, disabledByDefault: false } }, explicitOnly, true, 'TLS 1.2 is enabled'],
    [{ tls12: { enabled: true } }, explicitOnly, false, 'Enabled=1 but no DisabledByDefault=0'],
    [{ tls12: { disabledByDefault: false } }, explicitOnly, false, 'DisabledByDefault=0 but no Enabled=1'],
    [{ tls12: { enabled: true } }, windows10, true, 'TLS 1.2 is enabled'],
    [{ tls13: { enabled: true, disabledByDefault: false } }, explicitOnly, true, 'TLS 1.3 is enabled'],
    // Lower protocols never count towards the minimum.
    [{ tls10: { enabled: true, disabledByDefault: false }, tls11: { enabled: true } }, explicitOnly, false, 'TLS 1.2'],
  ] as const)('%j with %j → %s', ([settings, value, expected, because]) => {
    expect(tlsMinimumEnabled.test(settings, value)).toBe(expected);
    expect(tlsMinimumEnabled.explain(settings, value)).toContain(because);
  });

  it('cannot decide settings that say they were not collected', () => {
    expect(tlsMinimumEnabled.test({ collected: false }, windows10)).toBeUndefined();
    expect(tlsMinimumEnabled.explain({ collected: false }, windows10)).toMatch(/not collected/);
  });

  it('checks its value', () => {
    expect(tlsMinimumEnabled.valueProblem(windows10)).toBeUndefined();
    expect(tlsMinimumEnabled.valueProblem({ minimum: '1.4', enabledByDefault: [] })).toMatch(/minimum/);
    expect(tlsMinimumEnabled.valueProblem({ minimum: '1.2' })).toMatch(/enabledByDefault/);
    expect(tlsMinimumEnabled.valueProblem({ ...windows10, os: 'x' })).toBe('unknown value keys: os');
    expect(tlsMinimumEnabled.valueProblem(null)).toMatch(/needs a value/);
    expect(() => tlsMinimumEnabled.test('on', windows10)).toThrow(TypeError);
  });
});
