// Generated CSV device exports for the streaming tests: seeded, with every quirk the importers handle.
import { createRandom } from '../../../bench/generate.mjs';

/** A small seeded generator (the fleet generator's mulberry32), so a failing case can be run again. */
export const seeded = createRandom;

export type CsvKind = 'intune' | 'ad' | 'entra';
export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'windows-1252';

export interface CsvOptions {
  kind: CsvKind;
  rows: number;
  seed: number;
  encoding?: CsvEncoding;
  crlf?: boolean;
  /** Names come from a pool this many times smaller than the rows: duplicates. */
  duplication?: number;
  /** Share of rows that are bad (bad version, no name, wrong field count). */
  bad?: number;
  delimiter?: ',' | ';' | '\t';
  /** Prefix of the machine names, so two files can describe the same machines or not. */
  prefix?: string;
}

const pick = <T>(rng: () => number, list: readonly T[]): T => list[Math.floor(rng() * list.length)] as T;

const INTUNE_OS: readonly [string, readonly string[]][] = [
  ['Windows', ['10.0.19045.3570', '10.0.22631.2715', '10.0.17763.1', '6.1.7601.24544', '10.0.26100.1742']],
  ['iOS/iPadOS', ['17.1.1', '16.7.2', '15.8']],
  ['macOS', ['14.1.1 (23B81)', '13.6.1', '12.7']],
  ['Android', ['14', '13', '11.0']],
  ['Linux', ['Ubuntu 22.04.3 LTS', '20.04']],
  ['Windows Mobile', ['10.0.15254']],
];
const AD_OS: readonly [string, readonly string[]][] = [
  ['Windows 10 Enterprise', ['10.0 (19045)', '10.0 (17763)']],
  ['Windows 11 Pro', ['10.0 (22631)']],
  ['Windows Server 2019 Datacenter', ['10.0 (17763)']],
  ['Windows Server 2012 R2 Standard', ['6.3 (9600)']],
  ['Windows 7 Professional', ['6.1 (7601)']],
  ['Mac OS X', ['10.15']],
];
const DATES = ['2024-11-14 08:23:11.0000000', '2024-11-13 17:45:02.0000000', '2024-10-01 07:00:00.0000000', ''];
const AD_DATES = ['11/18/2024 7:41:09 AM', '11/17/2024 6:00:00 PM', '14.11.2024 08:23:11', ''];
const ENTRA_DATES = ['2024-11-18T07:40:00Z', '2024-11-19T16:05:00Z', '0001-01-01T00:00:00Z', ''];
const NOTES = ['', 'Shipped to Lyon, then back', 'two\nlines', 'three\r\nlines, "quoted"', 'a;b\tc', 'Zürich €'];

function nameOf(rng: () => number, options: CsvOptions): string {
  const pool = Math.max(1, Math.floor(options.rows / (options.duplication ?? 1.2)));
  const n = Math.floor(rng() * pool);
  const prefix = options.prefix ?? 'pc';
  const r = rng();
  if (r < 0.1) return `${prefix.toUpperCase()}-${n}.contoso.com`;
  if (r < 0.15) return `Jürgens-${prefix}-${n}`;
  return `${prefix}-${n}`;
}

function quote(field: string, delimiter: string, always: boolean): string {
  if (always || /["\r\n]/.test(field) || field.includes(delimiter)) return `"${field.replace(/"/g, '""')}"`;
  return field;
}

function rowOf(rng: () => number, options: CsvOptions, line: number): string[] {
  const bad = rng() < (options.bad ?? 0);
  const flaw = bad ? Math.floor(rng() * 3) : -1;
  const name = flaw === 1 ? '' : nameOf(rng, options);
  const id = rng() < 0.7 ? `0d1b4f3e-${String(line).padStart(4, '0')}-4a57-9f0e-${Math.floor(rng() * 1e6)}` : '';
  let row: string[];
  if (options.kind === 'intune') {
    const [os, versions] = pick(rng, INTUNE_OS);
    const version = flaw === 0 ? 'ten' : pick(rng, versions);
    row = [
      id,
      name,
      pick(rng, DATES),
      version,
      `user${line}@contoso.com`,
      os,
      pick(rng, ['Enterprise', 'Pro', '']),
      pick(rng, ['x64', 'arm64', '']),
      pick(rng, NOTES),
    ];
  } else if (options.kind === 'ad') {
    const [os, versions] = pick(rng, AD_OS);
    const version = flaw === 0 ? 'unknown' : pick(rng, versions);
    const dns = rng() < 0.5 && name !== '' ? `${name.split('.')[0]}.contoso.com` : '';
    row = [
      dns,
      pick(rng, ['True', 'True', 'True', 'False']),
      pick(rng, AD_DATES),
      name,
      rng() < 0.05 ? '' : os,
      version,
      pick(rng, NOTES),
    ];
  } else {
    const [os, versions] = pick(rng, [
      ['Windows', ['10.0.19045.3570', '10.0.22631.4460']],
      ['Windows Server 2022 Standard', ['10.0.20348.2031']],
      ['iOS', ['17.1.1']],
      ['MacMDM', ['14.1.1']],
    ] as const);
    const version = flaw === 0 ? 'n/a' : pick(rng, versions);
    row = [
      name,
      pick(rng, ['True', 'True', 'False']),
      os,
      version,
      'Microsoft Entra joined',
      pick(rng, ENTRA_DATES),
      id,
      pick(rng, ['HP EliteBook 840 G8', 'Surface, Pro 9']),
    ];
  }
  if (flaw === 2) return rng() < 0.5 ? row.slice(1) : [...row, 'extra'];
  return row;
}

const HEADERS: Record<CsvKind, string[]> = {
  intune: [
    'Device ID',
    'Device name',
    'Last check-in',
    'OS version',
    'Primary user UPN',
    'OS',
    'SkuFamily',
    'ProcessorArchitecture',
    'Notes',
  ],
  ad: ['DNSHostName', 'Enabled', 'LastLogonDate', 'Name', 'OperatingSystem', 'OperatingSystemVersion', 'Description'],
  entra: [
    'displayName',
    'accountEnabled',
    'operatingSystem',
    'operatingSystemVersion',
    'joinType (trustType)',
    'approximateLastSignInDateTime',
    'deviceId',
    'model',
  ],
};

/** The text of a generated export: header, rows, and now and then a blank line or a repeated header. */
export function generateCsvText(options: CsvOptions): string {
  const rng = seeded(options.seed);
  const delimiter = options.delimiter ?? ',';
  const always = rng() < 0.5;
  const eol = options.crlf ? '\r\n' : '\n';
  const header = HEADERS[options.kind].map((h) => quote(h, delimiter, always)).join(delimiter);
  const lines: string[] = [];
  if (options.kind === 'ad' && rng() < 0.7) lines.push('#TYPE Microsoft.ActiveDirectory.Management.ADComputer');
  lines.push(header);
  for (let i = 0; i < options.rows; i++) {
    const r = rng();
    if (r < 0.01) lines.push('');
    else if (r < 0.015) lines.push(header);
    lines.push(
      rowOf(rng, options, i)
        .map((f) => quote(f, delimiter, always))
        .join(delimiter),
    );
  }
  return lines.join(eol) + eol;
}

const CP1252: Record<string, number> = { '€': 0x80 };

/** The bytes of a text in one of the encodings Windows tools write. */
export function encodeText(text: string, encoding: CsvEncoding = 'utf-8'): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  if (encoding === 'utf-8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  if (encoding === 'utf-16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  return Buffer.from(Array.from(text, (c) => CP1252[c] ?? (c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 0x3f)));
}

/** A generated export as bytes. */
export function generateCsv(options: CsvOptions): Buffer {
  return encodeText(generateCsvText(options), options.encoding);
}
