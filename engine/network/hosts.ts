// Host patterns of allowlists and exemption lists: normalization and "does this pattern cover that one".

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//;
const HOST_PATTERN = /^\.?[\p{L}\p{N}_*-]+(\.[\p{L}\p{N}_*-]+)*$/u;

/**
 * Normalizes a host pattern or URL to a bare lower-case host pattern: trims, lower-cases, drops a scheme,
 * user info, port, path, query and fragment, and one trailing dot
 * (`https://*.events.data.microsoft.com/x` → `*.events.data.microsoft.com`).
 *
 * @throws {TypeError} when the input is not a string or leaves no valid host pattern (letters, digits, `-`,
 *   `_`, `*`, dot-separated non-empty labels, optionally one leading dot).
 */
export function normalizeHostPattern(pattern: unknown): string {
  if (typeof pattern !== 'string') throw new TypeError(`host pattern must be a string, got ${typeof pattern}`);
  let host = pattern.trim().toLowerCase().replace(SCHEME, '');
  host = host.split(/[/?#]/, 1)[0] ?? '';
  host = host.slice(host.lastIndexOf('@') + 1).replace(/:(\d+|\*)$/, '');
  if (host.endsWith('.') && host.length > 1) host = host.slice(0, -1);
  if (!HOST_PATTERN.test(host)) throw new TypeError(`'${pattern}' is not a host name or host pattern`);
  return host;
}

/**
 * The globs a normalized pattern stands for: a leading dot (Squid, Zscaler) means the domain and every
 * subdomain, `.x.com` = `x.com` ∪ `*.x.com`; any other pattern stands for itself.
 */
export function hostAlternatives(pattern: string): string[] {
  return pattern.startsWith('.') ? [pattern.slice(1), `*${pattern}`] : [pattern];
}

/**
 * Whether every host `required` can match is matched by `entry`, both normalized. A `*` in `entry` matches
 * one or more characters of `required`, a `*` of `required` included; a `*` in `required` stands for any
 * non-empty text, so only an entry `*` can match it. This is exact for such globs: a required `*` can
 * always be the one-character text no literal matches.
 */
function globCovers(entry: string, required: string): boolean {
  // covered[j]: entry[0..i) matches required[0..j), rolled over i.
  let covered: boolean[] = Array.from({ length: required.length + 1 }, (_, j) => j === 0);
  for (const e of entry) {
    const next: boolean[] = [false];
    for (let j = 1; j <= required.length; j++) {
      const r = required[j - 1];
      next[j] =
        e === '*'
          ? (covered[j - 1] ?? false) || (next[j - 1] ?? false)
          : r !== '*' && r === e && (covered[j - 1] ?? false);
    }
    covered = next;
  }
  return covered[required.length] ?? false;
}

/**
 * Whether allowlist pattern `entry` allows every host matched by pattern `required`. Both are normalized
 * with {@link normalizeHostPattern} (case, trailing dot, scheme and path ignored). `*` matches one or more
 * characters, dots included (`*.outlook.com` covers `a.b.outlook.com` but not `outlook.com`); a bare `*`
 * covers everything. A leading dot means the domain and its subdomains.
 *
 * @throws {TypeError} when either pattern is malformed.
 */
export function hostPatternCovers(entry: unknown, required: unknown): boolean {
  return normalizedCovers(normalizeHostPattern(entry), normalizeHostPattern(required));
}

/** {@link hostPatternCovers} of two patterns already normalized (a long list normalizes each entry once). */
export function normalizedCovers(entry: string, required: string): boolean {
  const entries = hostAlternatives(entry);
  return hostAlternatives(required).every((r) => entries.some((e) => globCovers(e, r)));
}

/**
 * Whether `host` is `domain` or one of its subdomains, where `domain` may be written `*.x.com`, `.x.com` or
 * `x.com` (all three mean x.com and its subdomains) or be any other host pattern (then {@link hostPatternCovers}).
 *
 * @throws {TypeError} when either is malformed.
 */
export function hostInDomain(domain: unknown, host: unknown): boolean {
  const pattern = normalizeHostPattern(domain);
  const base = pattern.startsWith('*.') ? pattern.slice(2) : pattern.startsWith('.') ? pattern.slice(1) : pattern;
  return base.includes('*') ? hostPatternCovers(pattern, host) : hostPatternCovers(`.${base}`, host);
}

/** The last two labels of a normalized pattern (`a.b.outlook.com` → `outlook.com`). */
export function baseDomain(pattern: string): string {
  return pattern.split('.').slice(-2).join('.');
}

/**
 * Why `entry` does not cover `required`, when it nearly does (for finding messages), else undefined:
 * `protection.outlook.com does not cover subdomains`, `*.outlook.com covers subdomains of outlook.com but
 * not outlook.com itself`, or `*.office.com does not cover *.protection.outlook.com` for one base domain.
 * Malformed patterns give undefined.
 */
export function describeHostMiss(entry: unknown, required: unknown): string | undefined {
  let e: string;
  let r: string;
  try {
    e = normalizeHostPattern(entry);
    r = normalizeHostPattern(required);
  } catch {
    return undefined;
  }
  return normalizedMiss(e, r);
}

/** {@link describeHostMiss} of two patterns already normalized. */
export function normalizedMiss(e: string, r: string): string | undefined {
  if (normalizedCovers(e, r)) return undefined;
  if (r.startsWith('*.') && e === r.slice(2)) return `${e} does not cover subdomains`;
  if (e.startsWith('*.') && r === e.slice(2)) return `${e} covers subdomains of ${r} but not ${r} itself`;
  if (baseDomain(e) === baseDomain(r) && !baseDomain(r).includes('*')) return `${e} does not cover ${r}`;
  return undefined;
}
