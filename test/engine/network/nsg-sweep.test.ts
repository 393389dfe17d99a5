import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideOutbound, type Nsg, type NsgRule } from '../../../engine/network/nsg.js';

const port = fc.integer({ min: 0, max: 24 });
const range = fc.oneof(
  port.map(String),
  fc.tuple(port, port).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
  fc.constant('*'),
);
const rule = fc.record({
  name: fc.string({ minLength: 1, maxLength: 4 }),
  priority: fc.integer({ min: 100, max: 4096 }),
  direction: fc.constantFrom('Outbound', 'Inbound'),
  access: fc.constantFrom('Allow', 'Deny'),
  protocol: fc.constantFrom('*', 'Tcp', 'Udp'),
  destinationAddressPrefixes: fc.array(
    fc.constantFrom(
      '*',
      'Internet',
      'AzureActiveDirectory',
      'AzureActiveDirectory.EastUS',
      'VirtualNetwork',
      'Storage',
    ),
    { minLength: 1, maxLength: 2 },
  ),
  destinationPortRanges: fc.array(range, { minLength: 1, maxLength: 3 }),
}) as fc.Arbitrary<NsgRule>;
const nsg = fc.record({ name: fc.constant('nsg'), rules: fc.array(rule, { maxLength: 6 }) }) as fc.Arbitrary<Nsg>;

describe('decideOutbound over all ports', () => {
  it('agrees with single-port decisions on every port run', () => {
    fc.assert(
      fc.property(nsg, fc.constantFrom('Tcp', '*'), (group, protocol) => {
        const query = { destination: 'AzureActiveDirectory', protocol };
        const all = decideOutbound(group, { ...query, port: 'all' });
        // The runs tile 0-65535 in order.
        expect(all.decisions[0]?.ports[0]).toBe(0);
        expect(all.decisions.at(-1)?.ports[1]).toBe(65535);
        for (const [i, run] of all.decisions.entries()) {
          const next = all.decisions[i + 1];
          if (next) expect(next.ports[0]).toBe(run.ports[1] + 1);
        }
        for (const p of [...Array.from({ length: 27 }, (_, i) => i), 65535]) {
          const single = decideOutbound(group, { ...query, port: p });
          const run = all.decisions.find(({ ports }) => ports[0] <= p && p <= ports[1]);
          expect(single.allowed).toBe(run?.allowed);
          expect(single.rule).toBe(run?.rule);
        }
        expect(all.allowed).toBe(all.decisions.every((d) => d.allowed));
      }),
      { numRuns: 300 },
    );
  });
});
