// Positions in JSON text for large exports: JSON.parse reads the values, a lazy scanner finds where they are.
import type { Locator } from '../../engine/types.js';
import { LineIndex } from './source-map.js';

interface Entry {
  key: number;
  value: number;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/**
 * A locator for a JSON text that `JSON.parse` accepted, with the same answers as the YAML-based one of
 * `parseText` (a map entry's key, an array element's start, the deepest node that exists) at a fraction of
 * the cost: containers are scanned only when a pointer goes through them, and each is scanned once.
 */
export function createJsonLocator(text: string): Locator {
  const lines = new LineIndex(text);
  const arrays = new Map<number, number[]>();
  const objects = new Map<number, Map<string, Entry>>();

  const skipSpace = (i: number): number => {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    return i;
  };
  // From an opening quote to just after the closing one.
  const skipString = (i: number): number => {
    for (let j = i + 1; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === 92) j++;
      else if (c === 34) return j + 1;
    }
    return text.length;
  };
  const skipValue = (i: number): number => {
    const first = text[i];
    if (first === '"') return skipString(i);
    if (first !== '{' && first !== '[') {
      while (i < text.length && !/[\s,}\]]/.test(text[i] ?? '')) i++;
      return i;
    }
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const c = text[j];
      if (c === '"') j = skipString(j) - 1;
      else if (c === '{' || c === '[') depth++;
      else if ((c === '}' || c === ']') && --depth === 0) return j + 1;
    }
    return text.length;
  };
  const elementsOf = (open: number): number[] => {
    let found = arrays.get(open);
    if (found) return found;
    found = [];
    let i = skipSpace(open + 1);
    while (i < text.length && text[i] !== ']') {
      found.push(i);
      i = skipSpace(skipValue(i));
      if (text[i] !== ',') break;
      i = skipSpace(i + 1);
    }
    arrays.set(open, found);
    return found;
  };
  const entriesOf = (open: number): Map<string, Entry> => {
    let found = objects.get(open);
    if (found) return found;
    found = new Map();
    let i = skipSpace(open + 1);
    while (text[i] === '"') {
      const keyEnd = skipString(i);
      const key = JSON.parse(text.slice(i, keyEnd)) as string;
      const value = skipSpace(skipSpace(keyEnd) + 1);
      if (!found.has(key)) found.set(key, { key: i, value });
      i = skipSpace(skipValue(value));
      if (text[i] !== ',') break;
      i = skipSpace(i + 1);
    }
    objects.set(open, found);
    return found;
  };

  const root = skipSpace(0);
  return (pointer) => {
    let node = root;
    let at = root;
    for (const segment of pointer) {
      const c = text[node];
      if (c === '{') {
        const entry = entriesOf(node).get(String(segment));
        if (!entry) break;
        at = entry.key;
        node = entry.value;
      } else if (c === '[' && typeof segment === 'number') {
        const element = elementsOf(node)[segment];
        if (element === undefined) break;
        at = element;
        node = element;
      } else break;
    }
    return lines.position(at);
  };
}
