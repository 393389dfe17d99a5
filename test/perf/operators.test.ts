// Operators with a fast decision path decide exactly as their explanation says.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tlsMinimumEnabled as tlsMinimumEnabledOperator } from '../../engine/operators/aip-tls.js';
import { byValue } from '../engine/operators/by-value.js';

const tlsMinimumEnabled = byValue(tlsMinimumEnabledOperator);

const settingArb = fc.option(
  fc.record(
    { enabled: fc.oneof(fc.boolean(), fc.constant('yes')), disabledByDefault: fc.oneof(fc.boolean(), fc.constant(1)) },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);
const settingsArb = fc.record(
  { tls10: settingArb, tls11: settingArb, tls12: settingArb, tls13: settingArb, collected: fc.constant(true) },
  { requiredKeys: [] },
);
const versions = ['1.0', '1.1', '1.2', '1.3'] as const;
const valueArb = fc.record({
  minimum: fc.constantFrom(...versions),
  enabledByDefault: fc.subarray([...versions]),
});

describe('tlsMinimumEnabled', () => {
  it('decides on when its explanation names a protocol that is on', () => {
    fc.assert(
      fc.property(settingsArb, valueArb, (settings, value) => {
        const why = tlsMinimumEnabled.explain(settings, value) ?? '';
        const on = /(?:and is on by default|is enabled)$/.test(why) && !why.includes(', TLS');
        expect(tlsMinimumEnabled.test(settings, value)).toBe(on);
      }),
      { seed: 21, numRuns: 3000 },
    );
  });
});
