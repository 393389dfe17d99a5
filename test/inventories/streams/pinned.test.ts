// A stream's pinned assets: the one being evaluated is locatable exactly while it is, whatever the evaluator does.
import { describe, expect, it } from 'vitest';
import { PinnedAssets } from '../../../inventories/streams/reread.js';

describe('PinnedAssets', () => {
  it('pins an asset while a synchronous evaluation runs, and unpins it after, even when it throws', () => {
    const pins = new PinnedAssets<string>();
    let seen: string | undefined;
    expect(pins.during(4, 'row 3', () => (seen = pins.get(4)))).toBeUndefined();
    expect(seen).toBe('row 3');
    expect(pins.get(4)).toBeUndefined();
    expect(() =>
      pins.during(6, 'row 4', () => {
        throw new Error('rule bug');
      }),
    ).toThrow('rule bug');
    expect(pins.get(6)).toBeUndefined();
  });

  it('keeps an asynchronous evaluation pinned until its promise settles', async () => {
    const pins = new PinnedAssets<string>();
    let release = () => {};
    const running = pins.during(2, 'row 2', () => new Promise<void>((resolve) => (release = resolve)));
    expect(running).toBeInstanceOf(Promise);
    expect(pins.get(2)).toBe('row 2');
    release();
    await running;
    expect(pins.get(2)).toBeUndefined();
    await expect(pins.during(3, 'row 3', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(pins.get(3)).toBeUndefined();
  });

  it('keeps assets read again until cleared, and lets an evaluation of the same key replace one, as a Map did', () => {
    const pins = new PinnedAssets<string>();
    pins.set(8, 'reread');
    pins.set(10, 'other');
    expect(pins.get(8)).toBe('reread');
    pins.during(8, 'evaluated', () => expect(pins.get(8)).toBe('evaluated'));
    expect(pins.get(8)).toBeUndefined();
    // One inside another: both locatable while they run.
    pins.during(12, 'outer', () => {
      pins.during(14, 'inner', () => expect([pins.get(12), pins.get(14)]).toEqual(['outer', 'inner']));
      expect(pins.get(14)).toBeUndefined();
    });
    expect(pins.get(10)).toBe('other');
    pins.clear();
    expect(pins.get(10)).toBeUndefined();
  });
});
