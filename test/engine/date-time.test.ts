import type { FormatDefinition } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDate, isDateTime } from '../../engine/load/date-time.js';

// The reference: ajv-formats' own full-mode functions, which these must agree with on every string.
const referenceDate = (fullFormats.date as FormatDefinition<string>).validate as (text: string) => boolean;
const referenceDateTime = (fullFormats['date-time'] as FormatDefinition<string>).validate as (text: string) => boolean;

const digits = (count: number) => fc.stringMatching(new RegExp(`^[0-9]{${count}}$`));
/** Two digits, the boundaries of every field more often than chance would pick them. */
const field = fc.oneof(
  digits(2),
  fc.constantFrom('00', '01', '12', '13', '23', '24', '28', '29', '30', '31', '32', '59', '60', '61', '99'),
);
const year = fc.oneof(digits(4), fc.constantFrom('0000', '1900', '1996', '2000', '2023', '2024', '2100', '2400'));
const date = fc.tuple(year, field, field).map(([y, m, d]) => `${y}-${m}-${d}`);
const separator = fc.constantFrom(
  ...['T', 't', ' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029'],
  ...['\u202f', '\u205f', '\u3000', '\ufeff', '\u180e', '\u200b', '\u0163', 'x', '_', '-', ':', ''],
);
const fraction = fc.oneof(
  fc.constant(''),
  fc.constantFrom('.', '.0', '.5', '.999', '.9999999999999999', '.99999999999999999999', '.a', '..5'),
  digits(1).map((d) => `.${d}`),
  fc.stringMatching(/^\.[0-9]{1,25}$/),
);
const zone = fc.oneof(
  fc.constantFrom('Z', 'z', '', 'ZZ', 'Z ', 'UTC', '+', '-', '+0', '+05', '-05', '+0530', '+05:30', '-23:59', '+24:00'),
  fc.constantFrom('+23:60', '+00:00', '-00:00', '+00:01', '-00:01', '+00:31', '+05:3', '+5:30', '+05::30', '+05:30Z'),
  fc
    .tuple(fc.constantFrom('+', '-'), field, fc.constantFrom('', ':'), fc.oneof(fc.constant(''), field))
    .map((p) => p.join('')),
);
const time = fc.tuple(field, field, field, fraction, zone).map(([h, m, s, f, z]) => `${h}:${m}:${s}${f}${z}`);
const dateTime = fc.tuple(date, separator, time).map(([d, s, t]) => `${d}${s}${t}`);

/** Breaks a near-valid string at one position: a character dropped, doubled or replaced. */
const damaged = (text: fc.Arbitrary<string>) =>
  fc
    .tuple(text, fc.nat(), fc.constantFrom('drop', 'double', 'replace'), fc.string({ minLength: 1, maxLength: 1 }))
    .map(([s, at, how, c]) => {
      const i = s.length === 0 ? 0 : at % s.length;
      if (how === 'drop') return s.slice(0, i) + s.slice(i + 1);
      if (how === 'double') return s.slice(0, i + 1) + s.slice(i);
      return s.slice(0, i) + c + s.slice(i + 1);
    });

const anyString = fc.string({ unit: 'binary', maxLength: 40 });
const runs = { numRuns: 20_000 };

describe('isDateTime', () => {
  it.for([
    ['2026-11-18T14:40:00Z', true],
    ['2026-11-18t14:40:00z', true],
    ['2026-11-18 14:40:00.123+05:30', true],
    ['2024-02-29T00:00:00Z', true],
    ['2023-02-29T00:00:00Z', false],
    ['1900-02-29T00:00:00Z', false],
    ['2000-02-29T00:00:00Z', true],
    ['2026-04-31T00:00:00Z', false],
    ['1990-12-31T23:59:60Z', true],
    ['1990-12-31T15:59:60-08:00', true],
    ['1990-12-31T23:59:60.5Z', true],
    ['1990-12-31T23:59:61Z', false],
    ['1990-12-31T12:00:60Z', false],
    ['2026-01-01T12:00:59.99999999999999999Z', false],
    ['2026-01-01T23:60:00+00:01', true],
    ['2026-01-01T00:30:60+00:31', true],
    ['2026-01-01T14:40:00', false],
    ['2026-01-01T14:40:00+24:00', false],
    ['2026-01-01T14:40:00+0530', true],
    ['2026-01-01T14:40:00+05', true],
    ['2026-01-01T14:40:00+05:', false],
    ['2026-01-01T14:40Z', false],
    ['2026-01-01\u3000T14:40:00Z', false],
    ['2026-01-01\u300014:40:00Z', true],
    ['', false],
  ] as const)('%j is %s, as ajv-formats decides', ([text, valid]) => {
    expect(referenceDateTime(text)).toBe(valid);
    expect(isDateTime(text)).toBe(valid);
  });

  it('agrees with ajv-formats on near-valid date-times', () => {
    fc.assert(
      fc.property(dateTime, (text) => isDateTime(text) === referenceDateTime(text)),
      runs,
    );
  });

  it('agrees with ajv-formats on damaged date-times', () => {
    fc.assert(
      fc.property(damaged(dateTime), (text) => isDateTime(text) === referenceDateTime(text)),
      runs,
    );
  });

  it('agrees with ajv-formats on any string', () => {
    fc.assert(
      fc.property(anyString, (text) => isDateTime(text) === referenceDateTime(text)),
      runs,
    );
  });
});

describe('isDate', () => {
  it.for([
    ['2026-11-18', true],
    ['2024-02-29', true],
    ['2100-02-29', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-1-10', false],
    ['2026-01-10T', false],
  ] as const)('%j is %s, as ajv-formats decides', ([text, valid]) => {
    expect(referenceDate(text)).toBe(valid);
    expect(isDate(text)).toBe(valid);
  });

  it('agrees with ajv-formats on near-valid, damaged and any strings', () => {
    fc.assert(
      fc.property(fc.oneof(date, damaged(date), anyString), (text) => isDate(text) === referenceDate(text)),
      runs,
    );
  });
});
