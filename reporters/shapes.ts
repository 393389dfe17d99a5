// Escaping a message once per shape: engine findings carry their message as literal parts and target holes.
import { type Finding, messageShapeOf } from '../engine/types.js';

type Shape = readonly (string | number)[];

/** The holes of a message's shape (see `MESSAGE_SHAPE`): the target's id and name; 2 is its kind. */
export const HOLE_ID = 0;
export const HOLE_NAME = 1;

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

// Text split into parts escapes part by part as it would whole, unless a surrogate pair could form across a
// boundary: parts that start or end with a surrogate, or two holes side by side, take the whole-text path.
function splitsSafely(shape: Shape): boolean {
  for (let i = 0; i < shape.length; i++) {
    const part = shape[i] as string | number;
    if (typeof part === 'number') {
      if (typeof shape[i - 1] === 'number') return false;
    } else if (part.length > 0 && (isSurrogate(part.charCodeAt(0)) || isSurrogate(part.charCodeAt(part.length - 1)))) {
      return false;
    }
  }
  return true;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const JSON_SPECIAL = /["\\\u0000-\u001F\uD800-\uDFFF]/;

/** `JSON.stringify(text)` for a string, skipping its general machinery when nothing needs escaping. */
export function quoteJson(text: string): string {
  return JSON_SPECIAL.test(text) ? JSON.stringify(text) : `"${text}"`;
}

const jsonParts = new WeakMap<Shape, Shape | null>();
/** The shape asked for last and its parts: a rule's findings mostly share a few shapes. */
let lastShape: Shape | undefined;
let lastParts: Shape | null = null;

/**
 * The shape with its literal parts as JSON string contents (escaped, without quotes), or null when the
 * message must be escaped whole (a surrogate pair could form across parts).
 */
export function jsonShape(shape: Shape): Shape | null {
  if (shape === lastShape) return lastParts;
  let parts = jsonParts.get(shape);
  if (parts === undefined) {
    parts = splitsSafely(shape)
      ? shape.map((part) => (typeof part === 'string' ? JSON.stringify(part).slice(1, -1) : part))
      : null;
    jsonParts.set(shape, parts);
  }
  lastShape = shape;
  lastParts = parts;
  return parts;
}

// Characters that make XML escaping or `toOneLine` change text; with none of them, and no white space at
// either end, a message is written into an attribute or element as it is.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const XML_SPECIAL = /[&<>"'\t\n\r\u0000-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;

const plainShapes = new WeakMap<Shape, boolean>();

function isSpace(code: number): boolean {
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * The message when it needs no XML escaping and `toOneLine` leaves it as it is (no special character, no
 * white space at either end), judged from its shape and the target's id and name (known to be plain when
 * `plainTarget`); else undefined.
 */
export function plainXmlMessage(
  f: Finding,
  id: string,
  name: string,
  kind: string,
  plainTarget = false,
): string | undefined {
  const shape = messageShapeOf(f);
  if (!shape) return undefined;
  let plain = plainShapes.get(shape);
  if (plain === undefined) {
    plain = splitsSafely(shape) && shape.every((part) => typeof part === 'number' || !XML_SPECIAL.test(part));
    plainShapes.set(shape, plain);
  }
  if (!plain) return undefined;
  let out = '';
  for (const part of shape) {
    if (typeof part === 'string') out += part;
    else {
      const value = part === HOLE_ID ? id : part === HOLE_NAME ? name : kind;
      if (!plainTarget && XML_SPECIAL.test(value)) return undefined;
      out += value;
    }
  }
  if (out.length > 0 && (isSpace(out.charCodeAt(0)) || isSpace(out.charCodeAt(out.length - 1)))) return undefined;
  return out;
}

/** Whether text goes into XML unchanged by escaping and `toOneLine`: no special character, no edge space. */
export function isPlainXml(text: string): boolean {
  return (
    !XML_SPECIAL.test(text) &&
    (text.length === 0 || (!isSpace(text.charCodeAt(0)) && !isSpace(text.charCodeAt(text.length - 1))))
  );
}
