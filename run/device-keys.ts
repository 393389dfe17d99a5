// The Entra and Intune device ids of a fleet's streamed devices, kept packed until duplicates are joined.

/** A device's keys besides its id, as `deviceKeysOf` writes them: `e␟<Entra device id>`, `i␟<Intune device id>`. */
const TAGS: Readonly<Record<string, number>> = { e: 1, i: 2 };

/** 32-bit words per packed key: its tag, then the 128 bits of its GUID. */
const WORDS = 5;

/** A key table as plain data, for the other thread: its typed arrays can be transferred. */
export interface PortableDeviceKeys {
  /** The device of each packed key. */
  ordinals: Uint32Array;
  /** `WORDS` words per packed key. */
  words: Uint32Array;
  /** Keys that are not a tag and a GUID, with their devices. */
  other: { ordinal: number; key: string }[];
}

/** A growable array of 32-bit words. */
class Words {
  array = new Uint32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.array.length) {
      const grown = new Uint32Array(this.array.length * 2);
      grown.set(this.array);
      this.array = grown;
    }
    this.array[this.length++] = value;
  }

  pushAll(values: Uint32Array, add = 0): void {
    for (let i = 0; i < values.length; i++) this.push((values[i] as number) + add);
  }

  view(): Uint32Array {
    return this.array.subarray(0, this.length);
  }
}

/** The value of a hex digit's character code, or -1. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Positions of the hyphens in a GUID's 36 characters. */
const HYPHENS = [8, 13, 18, 23];

/**
 * Packs a key that is a tag and a lower-case GUID (`e␟2af2f261-65a8-481c-8d42-4e42a851214a`) into `into` at
 * `at`; false for any other key.
 */
function packKey(key: string, into: Uint32Array, at: number): boolean {
  const tag = TAGS[key[0] ?? ''];
  if (tag === undefined || key.length !== 38 || key.charCodeAt(1) !== 0x1f) return false;
  into[at] = tag;
  let word = 0;
  let digits = 0;
  let hyphen = 0;
  for (let i = 0; i < 36; i++) {
    const c = key.charCodeAt(i + 2);
    if (i === HYPHENS[hyphen]) {
      if (c !== 45) return false;
      hyphen++;
      continue;
    }
    const value = hexValue(c);
    if (value < 0) return false;
    word = word * 16 + value;
    if (++digits % 8 === 0) {
      into[at + digits / 8] = word;
      word = 0;
    }
  }
  return true;
}

/**
 * The Entra and Intune device ids of the streamed devices that have any, by ordinal. A GUID key is five 32-bit
 * words rather than a string in an object of its own: a million devices kept ~200 MB of small objects that every
 * full garbage collection walked, and joining them through a Map of two million strings took seconds at the end.
 */
export class DeviceKeyTable {
  private readonly ordinals = new Words();
  private readonly words = new Words();
  private readonly other: { ordinal: number; key: string }[] = [];
  private readonly scratch = new Uint32Array(WORDS);

  /** How many keys it holds. */
  get size(): number {
    return this.ordinals.length + this.other.length;
  }

  add(ordinal: number, keys: readonly string[]): void {
    for (const key of keys) {
      if (packKey(key, this.scratch, 0)) {
        this.ordinals.push(ordinal);
        for (const word of this.scratch) this.words.push(word);
      } else {
        this.other.push({ ordinal, key });
      }
    }
  }

  /** Adds the keys of another thread's table, its ordinals moved by `offset`. */
  absorb(portable: PortableDeviceKeys, offset: number): void {
    this.ordinals.pushAll(portable.ordinals, offset);
    this.words.pushAll(portable.words);
    for (const { ordinal, key } of portable.other) this.other.push({ ordinal: ordinal + offset, key });
  }

  toPortable(): PortableDeviceKeys {
    return { ordinals: this.ordinals.view().slice(), words: this.words.view().slice(), other: this.other };
  }

  /**
   * Calls `join(first, ordinal)` for each key a device shares with the first device that had it, in the order the
   * keys were added; devices `skip` says are gone are left out.
   */
  joinShared(join: (first: number, ordinal: number) => void, skip: (ordinal: number) => boolean): void {
    const count = this.ordinals.length;
    const ordinals = this.ordinals.array;
    const words = this.words.array;
    // Open addressing: each slot holds a key's index + 1, or 0 when empty; at most half full.
    let capacity = 16;
    while (capacity < count * 2) capacity *= 2;
    const slots = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let k = 0; k < count; k++) {
      const ordinal = ordinals[k] as number;
      if (skip(ordinal)) continue;
      const at = k * WORDS;
      let hash = 0x811c9dc5;
      for (let w = 0; w < WORDS; w++) hash = Math.imul(hash ^ (words[at + w] as number), 0x01000193);
      for (let slot = (hash ^ (hash >>> 15)) & mask; ; slot = (slot + 1) & mask) {
        const held = slots[slot] as number;
        if (held === 0) {
          slots[slot] = k + 1;
          break;
        }
        const other = (held - 1) * WORDS;
        let same = true;
        for (let w = 0; w < WORDS && same; w++) same = words[other + w] === words[at + w];
        if (same) {
          join(ordinals[held - 1] as number, ordinal);
          break;
        }
      }
    }
    const firstWith = new Map<string, number>();
    for (const { ordinal, key } of this.other) {
      if (skip(ordinal)) continue;
      const first = firstWith.get(key);
      if (first === undefined) firstWith.set(key, ordinal);
      else join(first, ordinal);
    }
  }
}

/** The buffers of a portable table, to transfer rather than copy. */
export function deviceKeyBuffers(portable: PortableDeviceKeys): ArrayBuffer[] {
  return [portable.ordinals.buffer as ArrayBuffer, portable.words.buffer as ArrayBuffer];
}
