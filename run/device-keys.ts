// The Entra and Intune device ids of a fleet's streamed devices, kept packed until duplicates are joined.

import { UintList } from '../engine/append.js';
import { flatString } from '../engine/flat-string.js';
import type { Asset } from '../engine/types.js';

/** The tag of each kind of key, as `deviceKeysOf` writes them: `e␟<Entra device id>`, `i␟<Intune device id>`. */
const ENTRA = 1;
const INTUNE = 2;
const TAG_TEXT = ['', 'e', 'i'];

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

/** The value of each hex digit by character code (either case), else -1. */
const HEX = new Int8Array(128).fill(-1);
for (let d = 0; d < 16; d++) {
  HEX[d.toString(16).charCodeAt(0)] = d;
  HEX[d.toString(16).toUpperCase().charCodeAt(0)] = d;
}

/** Where the 32 hex digits of a GUID are, in order: four runs of eight, the dashes skipped. */
const GUID_DIGITS = Uint8Array.from(
  [...'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'].flatMap((c, i) => (c === 'x' ? [i] : [])),
);

/**
 * Writes the 128 bits of a GUID (`2af2f261-65a8-481c-8d42-4e42a851214a`, either case) as four words into `into`
 * from `at`; false for any other text, having perhaps written some words. Lower-casing the text first would give
 * the same words.
 */
function packGuid(id: string, into: Uint32Array, at: number): boolean {
  if (id.length !== 36) return false;
  if (id.charCodeAt(8) !== 45 || id.charCodeAt(13) !== 45 || id.charCodeAt(18) !== 45 || id.charCodeAt(23) !== 45) {
    return false;
  }
  // Any character that is no hex digit makes `bad` negative.
  let bad = 0;
  for (let w = 0; w < 4; w++) {
    let word = 0;
    for (let d = 8 * w; d < 8 * w + 8; d++) {
      const c = id.charCodeAt(GUID_DIGITS[d] as number);
      const value = c < 128 ? (HEX[c] as number) : -1;
      bad |= value;
      word = (word << 4) | (value & 15);
    }
    into[at + w] = word >>> 0;
  }
  return bad >= 0;
}

/**
 * The Entra and Intune device ids of the streamed devices that have any, by ordinal. A GUID key is five 32-bit
 * words rather than a string in an object of its own: a million devices kept ~200 MB of small objects that every
 * full garbage collection walked, and joining them through a Map of two million strings took seconds at the end.
 */
export class DeviceKeyTable {
  private readonly ordinals = new UintList();
  private readonly words = new UintList();
  private readonly other: { ordinal: number; key: string }[] = [];

  /** How many keys it holds. */
  get size(): number {
    return this.ordinals.length + this.other.length;
  }

  /**
   * Adds a device's keys besides its id, as `deviceKeysOf` gives them: its Entra and Intune device ids, none for
   * a row its importer renamed `id~…` (a second device of that id in one export, which keeps apart).
   */
  addDevice(ordinal: number, asset: Asset): void {
    const { entraDeviceId, intuneDeviceId } = asset;
    if (typeof entraDeviceId !== 'string' && typeof intuneDeviceId !== 'string') return;
    if (String(asset.id).includes('~')) return;
    if (typeof entraDeviceId === 'string') this.addKey(ordinal, ENTRA, entraDeviceId);
    if (typeof intuneDeviceId === 'string') this.addKey(ordinal, INTUNE, intuneDeviceId);
  }

  private addKey(ordinal: number, tag: number, id: string): void {
    // Written straight after the keys before it; counted only when it is a GUID.
    const words = this.words;
    words.reserve(WORDS);
    if (packGuid(id, words.data, words.length + 1)) {
      words.data[words.length] = tag;
      words.length += WORDS;
      this.ordinals.push(ordinal);
    } else {
      // One string of its own: a pair holding a slice of the text it was read from kept all that text.
      this.other.push({ ordinal, key: flatString(`${TAG_TEXT[tag]}\u001f${id.toLowerCase()}`) });
    }
  }

  /** Adds the keys of another thread's table, its ordinals moved by `offset`. */
  absorb(portable: PortableDeviceKeys, offset: number): void {
    this.ordinals.append(portable.ordinals, offset);
    this.words.append(portable.words, 0);
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
    const ordinals = this.ordinals.data;
    const words = this.words.data;
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
