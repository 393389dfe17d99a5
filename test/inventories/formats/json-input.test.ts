// JSON export objects: properties read case-insensitively, as PowerShell and Graph name them.
import { describe, expect, it } from 'vitest';
import { propertiesOf } from '../../../inventories/formats/json-input.js';

describe('propertiesOf', () => {
  it('finds a property as written, else in any case, and says under which key', () => {
    const p = propertiesOf({ DeviceName: 'PC-1', osVersion: '10.0' });
    expect(p.prop('deviceName')).toBe('PC-1');
    expect(p.propKey('deviceName')).toBe('DeviceName');
    expect(p.prop('missing', 'OSVERSION')).toBe('10.0');
    expect(p.propKey('missing')).toBeUndefined();
  });

  // The lower-cased keys of the last object are used again for the next one with the same keys: never for another.
  it('reads each object by its own keys, one after another, whatever the last object had', () => {
    const objects = [
      { Name: 'a', Enabled: true },
      { Name: 'b', Enabled: false },
      { Name: 'c', enabled: 'yes' },
      { NAME: 'd' },
      { Name: 'e', Enabled: true, Extra: 1 },
      { Enabled: 0, Name: 'f' },
    ];
    const read = objects.map((o) => {
      const p = propertiesOf(o);
      return [p.prop('name'), p.prop('enabled'), p.propKey('enabled') ?? null];
    });
    expect(read).toEqual([
      ['a', true, 'Enabled'],
      ['b', false, 'Enabled'],
      ['c', 'yes', 'enabled'],
      ['d', undefined, null],
      ['e', true, 'Enabled'],
      ['f', 0, 'Enabled'],
    ]);
  });
});
