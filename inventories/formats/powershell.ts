// PowerShell console output as text: Format-List entries and Format-Table rows, with their line numbers.

/** One `Name : Value` entry of Format-List output. */
export interface ListEntry {
  key: string;
  value: string;
  line: number;
  /** Column where the value starts. */
  column: number;
}

const ENTRY = /^([A-Za-z@][\w@./ -]*?)\s*:(?:\s(.*)|)$/;

/**
 * Reads Format-List output (`Get-ADSyncScheduler`, `Get-AipServiceConfiguration`, `Name : Value` logs) into
 * entries in file order. A line that starts with white space continues the previous value (Format-List wraps
 * long values under the value column); blank lines and `PS C:\>` prompt lines are ignored.
 */
export function readFormatList(text: string): ListEntry[] {
  const entries: ListEntry[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  lines.forEach((raw, i) => {
    if (raw.trim() === '' || /^PS [^>]*>/.test(raw)) return;
    const last = entries[entries.length - 1];
    if (/^\s/.test(raw) && last) {
      last.value = `${last.value} ${raw.trim()}`.trim();
      return;
    }
    const m = ENTRY.exec(raw.trimEnd());
    if (!m) return;
    const value = (m[2] ?? '').trim();
    const column = value === '' ? raw.length + 1 : raw.indexOf(value, (m[1] ?? '').length) + 1;
    entries.push({ key: (m[1] ?? '').trim(), value, line: i + 1, column });
  });
  return entries;
}

/** One row of Format-Table output: cells by header name. */
export interface TableRow {
  cells: Record<string, string>;
  line: number;
}

/**
 * Reads Format-Table output: a header line, a line of dash runs under it, then rows. Column boundaries come
 * from the dash runs; the last column runs to the end of the line. Returns the rows of every table found
 * (output of several commands can follow each other).
 */
export function readFormatTable(text: string): TableRow[] {
  const lines = text.split(/\r\n|\n|\r/);
  const rows: TableRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const rule = lines[i] ?? '';
    if (!/^\s*-+(\s+-+)*\s*$/.test(rule)) continue;
    const header = lines[i - 1] ?? '';
    const starts = [...rule.matchAll(/-+/g)].map((m) => m.index ?? 0);
    const names = starts.map((start, k) => header.slice(start, starts[k + 1]).trim());
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j] ?? '';
      if (line.trim() === '') break;
      const cells: Record<string, string> = {};
      starts.forEach((start, k) => {
        const name = names[k];
        if (name) cells[name] = line.slice(start, starts[k + 1]).trim();
      });
      rows.push({ cells, line: j + 1 });
    }
  }
  return rows;
}

/** The first entry with one of `keys` (case-insensitive), last one wins when a key repeats. */
export function findEntry(entries: readonly ListEntry[], ...keys: string[]): ListEntry | undefined {
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
  let found: ListEntry | undefined;
  for (const entry of entries) if (wanted.has(entry.key.toLowerCase())) found = entry;
  return found;
}

/**
 * Reads a PowerShell hashtable-ish text as the Compliance Utility logs it,
 * `{[UseRmsUserLicense, False], [SecurityGroupObjectId, f3f5…], [Scope, All]}`, into pairs.
 */
export function readBracketPairs(text: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const m of text.matchAll(/\[\s*([^,\]]+?)\s*,\s*([^\]]*?)\s*\]/g)) pairs[m[1] ?? ''] = m[2] ?? '';
  return pairs;
}
