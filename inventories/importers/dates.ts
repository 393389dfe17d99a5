// Dates as exports write them: ISO 8601, PowerShell's /Date(ms)/, Windows FILETIME and locale-formatted text.
import { ownString } from '../../engine/flat-string.js';

/** The result of reading an export's date: an ISO 8601 UTC string, "no date", or unreadable text. */
export type ExportDate = { kind: 'date'; iso: string } | { kind: 'none' } | { kind: 'invalid' };

const NONE: ExportDate = { kind: 'none' };
const INVALID: ExportDate = { kind: 'invalid' };

/** Ticks between 1601-01-01 (FILETIME epoch) and 1970-01-01, in 100 ns units. */
const FILETIME_EPOCH_OFFSET = 116444736000000000n;

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const MS_JSON = /^\/?Date\((-?\d+)([+-]\d{4})?\)\/?$/;
const NUMERIC =
  /^(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(AM|PM|a\.m\.|p\.m\.)?)?$/i;
const COMPACT = /^(\d{2})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/;

/**
 * Reads a date as Windows tools export it, into ISO 8601 UTC (`2024-11-14T08:23:11Z`).
 *
 * - ISO 8601 with or without an offset (no offset: UTC), including .NET's 7 fraction digits.
 * - Windows PowerShell 5.1 JSON dates `/Date(1700000000000)/` (and `/Date(ms+0100)/`: the ms are UTC).
 * - FILETIME numbers (AD `lastLogonTimestamp`, 100 ns since 1601) and Unix milliseconds.
 * - Locale text from `Export-Csv`/`Format-List`: `M/d/yyyy h:mm:ss AM` (en-US), `d/M/yyyy HH:mm:ss`
 *   (24-hour, e.g. en-GB, fr-FR), `d.M.yyyy` (de-DE, ru-RU), `d-M-yyyy` (nl-NL), `yyyy/M/d` (ja-JP, zh-CN);
 *   a day above 12 settles which is which. Times without an offset are taken as UTC.
 * - The Compliance Utility's `yyMMdd-HHmmss` timestamps.
 *
 * - Windows PowerShell 5.1's serialization of a DateTime that carries PowerShell's extra properties (`Get-Date`
 *   output, values copied into `[pscustomobject]`s): `{ "value": "/Date(…)/", "DisplayHint": 2, "DateTime": "…" }`.
 *
 * "No date" values (`0001-01-01 00:00:00.0000000`, `9999-12-31 23:59:59.9999999`, `/Date(-62135596800000)/`,
 * FILETIME 0, empty text) and anything before 1900 or from 9999 on come back as `none`.
 */
export function readExportDate(value: unknown): ExportDate {
  if (typeof value === 'string') return commonDate(value) ?? readDateByPatterns(value);
  return readDateByPatterns(value);
}

/**
 * `readExportDate` by its patterns alone, without the quick reading of the commonest shapes (`commonDate`):
 * what that reading must agree with.
 */
export function readDateByPatterns(value: unknown): ExportDate {
  if (value === null || value === undefined) return NONE;
  if (typeof value === 'number') return fromNumber(value);
  const wrapped = wrappedDate(value);
  if (wrapped !== undefined) return readExportDate(wrapped);
  if (typeof value !== 'string') return INVALID;
  const text = value.trim();
  if (text === '' || /^(never|n\/a|-|null|0+)$/i.test(text)) return NONE;
  if (/^\d{11,}$/.test(text)) return fromNumber(Number(text));
  const json = MS_JSON.exec(text);
  if (json) return fromEpochMs(Number(json[1]));
  const iso = ISO.exec(text);
  if (iso) return fromIso(iso);
  const compact = COMPACT.exec(text);
  if (compact) {
    const [, yy, mo, d, h, mi, s] = compact.map(Number) as number[];
    return fromParts(2000 + (yy ?? 0), mo ?? 0, d ?? 0, h ?? 0, mi ?? 0, s ?? 0, 0);
  }
  const numeric = NUMERIC.exec(text);
  if (numeric) return fromLocale(numeric);
  return INVALID;
}

/** The value of the decimal digit at `i` of `text`, or -1. */
function digitAt(text: string, i: number): number {
  const d = text.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

/** The number written by the `count` digits at `i` of `text`, or -1 when one is not a digit. */
function digitsAt(text: string, i: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k++) {
    const d = digitAt(text, i + k);
    if (d < 0) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Where the 1 or 2 digits at `i` end, or -1 when there is none or more than two. */
function endOfOneOrTwoDigits(text: string, i: number): number {
  if (digitAt(text, i) < 0) return -1;
  if (digitAt(text, i + 1) < 0) return i + 1;
  return digitAt(text, i + 2) < 0 ? i + 2 : -1;
}

const [DASH, DOT, SLASH, COLON, SPACE, T, Z, A, P, M] = [...'-./: TZAPM'].map((c) => c.charCodeAt(0)) as number[];

/**
 * The two shapes nearly every row of a large export has, read without the patterns (a regular expression
 * after another cost half a microsecond a date): ISO 8601 without an offset and with no fraction of a second
 * but zeros (`2024-11-14T08:23:11Z`, Intune's `2024-11-14 08:23:11.0000000`), and en-US `Export-Csv` text
 * (`11/14/2024 8:23:11 AM`). Anything else, or anything unusual in these, is left to the patterns (undefined).
 */
function commonDate(text: string): ExportDate | undefined {
  const n = text.length;
  if (
    n >= 19 &&
    text.charCodeAt(4) === DASH &&
    text.charCodeAt(7) === DASH &&
    (text.charCodeAt(10) === T || text.charCodeAt(10) === SPACE) &&
    text.charCodeAt(13) === COLON
  ) {
    if (text.charCodeAt(16) !== COLON) return undefined;
    const y = digitsAt(text, 0, 4);
    const mo = digitsAt(text, 5, 2);
    const d = digitsAt(text, 8, 2);
    const h = digitsAt(text, 11, 2);
    const mi = digitsAt(text, 14, 2);
    const s = digitsAt(text, 17, 2);
    if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return undefined;
    let i = 19;
    if (text.charCodeAt(i) === DOT) {
      const start = ++i;
      while (text.charCodeAt(i) === 48) i++;
      if (i === start || digitAt(text, i) >= 0) return undefined;
    }
    if (text.charCodeAt(i) === Z) i++;
    if (i !== n) return undefined;
    // Already the ISO text it would be written as (Entra's and Graph's dates): a copy of it, not a new text
    // made of twelve pieces.
    if (n === 20 && text.charCodeAt(10) === T && s < 60)
      return outOfRange(y, mo, d, h, mi, s) ?? { kind: 'date', iso: ownString(text) };
    return fromParts(y, mo, d, h, mi, s, 0);
  }
  // M/d/yyyy h:mm:ss AM: month first, as fromLocale reads a slashed date with AM/PM unless the first is above 12.
  const afterFirst = endOfOneOrTwoDigits(text, 0);
  if (afterFirst < 0 || text.charCodeAt(afterFirst) !== SLASH) return undefined;
  const afterSecond = endOfOneOrTwoDigits(text, afterFirst + 1);
  if (afterSecond < 0 || text.charCodeAt(afterSecond) !== SLASH || text.charCodeAt(afterSecond + 5) !== SPACE)
    return undefined;
  const year = digitsAt(text, afterSecond + 1, 4);
  const afterHour = endOfOneOrTwoDigits(text, afterSecond + 6);
  if (year < 0 || afterHour < 0 || text.charCodeAt(afterHour) !== COLON || text.charCodeAt(afterHour + 3) !== COLON)
    return undefined;
  if (afterHour + 9 !== n || text.charCodeAt(afterHour + 6) !== SPACE || text.charCodeAt(afterHour + 8) !== M)
    return undefined;
  const meridiem = text.charCodeAt(afterHour + 7);
  if (meridiem !== A && meridiem !== P) return undefined;
  const first = digitsAt(text, 0, afterFirst);
  const second = digitsAt(text, afterFirst + 1, afterSecond - afterFirst - 1);
  let hour = digitsAt(text, afterSecond + 6, afterHour - afterSecond - 6);
  const mi = digitsAt(text, afterHour + 1, 2);
  const s = digitsAt(text, afterHour + 4, 2);
  if (mi < 0 || s < 0) return undefined;
  const month = first > 12 ? second : first;
  const day = first > 12 ? first : second;
  if (hour === 12) hour = meridiem === P ? 12 : 0;
  else if (meridiem === P) hour += 12;
  return fromParts(year, month, day, hour, mi, s, 0);
}

/** The `value` of a `{ value, DisplayHint, DateTime }` object (a DateTime as Windows PowerShell 5.1 serializes it). */
function wrappedDate(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = new Map(Object.keys(value).map((k) => [k.toLowerCase(), k]));
  const key = keys.get('value');
  if (key === undefined || !(keys.has('displayhint') || keys.has('datetime'))) return undefined;
  return (value as Record<string, unknown>)[key];
}

/** `readExportDate` for callers that only want a date or nothing (unreadable text counts as no date). */
export function exportDateOrUndefined(value: unknown): string | undefined {
  const date = readExportDate(value);
  return date.kind === 'date' ? date.iso : undefined;
}

function fromNumber(value: number): ExportDate {
  if (!Number.isFinite(value) || value <= 0) return NONE;
  // FILETIME values are far above any plausible epoch-millisecond value (year 2286 is 1e13 ms).
  if (value > 1e14) return fromEpochMs(Number((BigInt(Math.trunc(value)) - FILETIME_EPOCH_OFFSET) / 10000n));
  return fromEpochMs(value);
}

function fromEpochMs(ms: number): ExportDate {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return INVALID;
  return checked(date);
}

function fromIso(m: RegExpExecArray): ExportDate {
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = m;
  const ms = Number(`0.${fraction || '0'}`) * 1000;
  const parsed = fromParts(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), Math.floor(ms));
  if (parsed.kind !== 'date' || !zone || zone.toUpperCase() === 'Z') return parsed;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.replace(/[+:-]/g, '');
  const offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  return fromEpochMs(Date.parse(parsed.iso) - offsetMinutes * 60000);
}

function fromLocale(m: RegExpExecArray): ExportDate {
  const [, a = '', separator, b = '', c = '', h, mi = '0', s = '0', meridiem] = m;
  let year: number;
  let month: number;
  let day: number;
  if (a.length === 4) {
    [year, month, day] = [Number(a), Number(b), Number(c)];
  } else {
    if (c.length !== 4) return INVALID;
    year = Number(c);
    const first = Number(a);
    const second = Number(b);
    // Dots and dashes are day-first cultures. With slashes, en-US writes AM/PM; a 24-hour time means a day-first
    // culture (en-GB, fr-FR); a date alone is taken as en-US. A value above 12 can only be a day.
    const monthFirst =
      first > 12 ? false : second > 12 ? true : separator === '/' && (meridiem !== undefined || h === undefined);
    [month, day] = monthFirst ? [first, second] : [second, first];
  }
  let hour = Number(h ?? 0);
  if (meridiem) {
    const pm = meridiem.toLowerCase().startsWith('p');
    if (hour === 12) hour = pm ? 12 : 0;
    else if (pm) hour += 12;
  }
  return fromParts(year, month, day, hour, Number(mi), Number(s), 0);
}

/** INVALID for a date or time that does not exist, NONE for a year out of range; undefined for a good date. */
function outOfRange(y: number, mo: number, d: number, h: number, mi: number, s: number): ExportDate | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return INVALID;
  if (y < 1900 || y >= 9999) return NONE;
  if (d > daysInMonth(y, mo)) return INVALID;
  return undefined;
}

function fromParts(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): ExportDate {
  const problem = outOfRange(y, mo, d, h, mi, s);
  if (problem) return problem;
  // Written out rather than through Date: an export's every row has a date, and this is toISOString's text.
  const fraction = ms === 0 ? '' : `.${pad(ms, 3)}`;
  return {
    kind: 'date',
    iso: `${y}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(Math.min(s, 59), 2)}${fraction}Z`,
  };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);
}

/** `00` to `99`: most of a date's text. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));

function pad(n: number, width: number): string {
  if (width === 2 && n >= 0 && n < 100) return TWO_DIGITS[n] as string;
  return String(n).padStart(width, '0');
}

function checked(date: Date): ExportDate {
  const year = date.getUTCFullYear();
  if (year < 1900 || year >= 9999) return NONE;
  return { kind: 'date', iso: date.toISOString().replace('.000Z', 'Z') };
}
