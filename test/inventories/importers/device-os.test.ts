import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowOsReader } from '../../../inventories/importers/device-os.js';

describe('rowOsReader', () => {
  const os = fc.constantFrom(
    undefined,
    'Windows',
    'Windows 10 Enterprise',
    'Windows Server 2019 Datacenter',
    'Windows Server',
    'iOS',
    'AndroidForWork',
    'macOS',
  );
  const version = fc.constantFrom(undefined, '10.0.19045.3803', '10.0 (17763)', '10.0.20348.2582', '17.1', 'n/a', 'x');
  const edition = fc.constantFrom(undefined, 'Enterprise', 'Pro');

  it('answers each text as a reader that never saw it before does, whatever came before', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(fc.tuple(os, version, edition), { maxLength: 40 }), (servers, rows) => {
        const read = rowOsReader(servers);
        for (const [reported, text, ed] of rows) {
          expect(read(reported, text, ed)).toEqual(rowOsReader(servers)(reported, text, ed));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('tells servers apart only when asked to', () => {
    expect(rowOsReader(true)('Windows Server 2019 Datacenter', '10.0 (17763)')).toMatchObject({
      server: true,
      version: '10.0.17763',
      os: { name: 'Windows Server 2019 Datacenter', version: '10.0.17763' },
    });
    expect(rowOsReader(false)('Windows Server 2019 Datacenter', '10.0 (17763)')).toMatchObject({
      server: false,
      os: { type: 'server' },
    });
  });

  it('reads a version that is no text (a Graph number or object) without remembering it', () => {
    const read = rowOsReader(true);
    expect(read('iOS', 17)).toEqual(rowOsReader(true)('iOS', '17'));
    expect(read('iOS', { Major: 17 }).version).toBe(rowOsReader(true)('iOS', { Major: 17 }).version);
  });
});
