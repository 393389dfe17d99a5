// The `date` and `date-time` formats of ajv-formats' full mode, decided by reading character codes instead of
// splitting and matching regular expressions: the same strings pass, at a fraction of the cost per line.

/** Days in each month of a common year, by month number. */
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** What ajv-formats splits a date-time at besides `t`: JavaScript's `\s`, whose Unicode list this engine keeps. */
const WHITESPACE = /\s/;

/** The number written by the two ASCII digits at `at`, or -1 when either is not one. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/** Whether the text starts with a calendar date `YYYY-MM-DD` (RFC 3339 full-date), leap years counted. */
function startsWithDate(text: string): boolean {
  const century = twoDigits(text, 0);
  const yearOfCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (century < 0 || yearOfCentury < 0 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const year = century * 100 + yearOfCentury;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month] ?? 0));
}

/** Whether the text is an RFC 3339 full-date, as ajv-formats' full `date` format decides. */
export function isDate(text: string): boolean {
  return text.length === 10 && startsWithDate(text);
}

/**
 * Whether the text is an RFC 3339 date-time, as ajv-formats' full `date-time` format decides: a valid date,
 * `T`, `t` or one whitespace character, `HH:MM:SS` with an optional fraction, then `Z`, `z`, `±HH`, `±HHMM` or
 * `±HH:MM` (hours up to 23, minutes up to 59). A time past 23:59:59 passes only as a leap second: second 60
 * (fraction allowed) of the last minute of a UTC day once the offset is taken away.
 */
export function isDateTime(text: string): boolean {
  const length = text.length;
  if (length < 20 || !startsWithDate(text)) return false;
  const separator = text.charCodeAt(10);
  if (separator !== 84 && separator !== 116 && separator !== 32 && !WHITESPACE.test(text.charAt(10))) return false;
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const wholeSecond = twoDigits(text, 17);
  if (hour < 0 || minute < 0 || wholeSecond < 0 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) {
    return false;
  }
  let at = 19;
  let second = wholeSecond;
  if (text.charCodeAt(at) === 46) {
    const digits = ++at;
    while (at < length && text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57) at++;
    if (at === digits) return false;
    // ajv-formats compares the seconds as a float, so 59.99999999999999999 rounds to 60: only there is it needed.
    if (wholeSecond === 59 || wholeSecond === 60) second = Number(text.slice(17, at));
  }
  if (at >= length) return false;
  const zone = text.charCodeAt(at);
  let sign = 1;
  let zoneHour = 0;
  let zoneMinute = 0;
  if (zone === 90 || zone === 122) {
    if (at + 1 !== length) return false;
  } else if (zone === 43 || zone === 45) {
    if (zone === 45) sign = -1;
    zoneHour = twoDigits(text, at + 1);
    if (zoneHour < 0) return false;
    at += 3;
    if (at !== length) {
      if (text.charCodeAt(at) === 58) at++;
      zoneMinute = twoDigits(text, at);
      if (zoneMinute < 0 || at + 2 !== length) return false;
    }
  } else return false;
  if (zoneHour > 23 || zoneMinute > 59) return false;
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  // The leap-second rule exactly as ajv-formats applies it, out-of-range hours and minutes included.
  const utcMinute = minute - zoneMinute * sign;
  const utcHour = hour - zoneHour * sign - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second < 61;
}
