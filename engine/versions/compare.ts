// Dotted numeric versions ("10.0.19045.3448", "15.2.1748.10"): parsing and ordering.

const VERSION_PATTERN = /^\d+(\.\d+)*$/;

/**
 * Parses a dotted numeric version into its segments. A number such as `11` is read as the string `"11"`;
 * surrounding whitespace is ignored.
 *
 * @throws {TypeError} when the value is not a string or number, does not match `/^\d+(\.\d+)*$/` after
 *   trimming, or has a segment too large to compare exactly.
 */
export function parseVersion(version: unknown): number[] {
  const text = typeof version === 'number' ? String(version) : typeof version === 'string' ? version.trim() : undefined;
  if (text === undefined) throw new TypeError(`version must be a string or number, got ${typeof version}`);
  if (!VERSION_PATTERN.test(text)) throw new TypeError(`'${text}' is not a dotted numeric version`);
  return text.split('.').map((segment) => {
    const value = Number(segment);
    if (!Number.isSafeInteger(value)) throw new TypeError(`version segment ${segment} of '${text}' is too large`);
    return value;
  });
}

/**
 * Orders two parsed versions segment by segment; missing trailing segments count as 0 (`10.0` = `10.0.0`).
 */
export function compareParsedVersions(a: readonly number[], b: readonly number[]): -1 | 0 | 1 {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Orders two dotted numeric versions: -1 when `a` is lower, 0 when equal, 1 when higher.
 * Missing trailing segments count as 0, so `"10.0"` equals `"10.0.0"`.
 *
 * @throws {TypeError} when either version is malformed (see {@link parseVersion}).
 */
export function compareVersions(a: unknown, b: unknown): -1 | 0 | 1 {
  return compareParsedVersions(parseVersion(a), parseVersion(b));
}
