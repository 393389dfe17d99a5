// Port ranges of allowlists and NSG rules ("443", "80-443", "*"): parsing, containment and coverage.

/** The lowest and highest port. */
export const MIN_PORT = 0;
export const MAX_PORT = 65535;

/** An inclusive port interval `[low, high]`. */
export type PortInterval = readonly [low: number, high: number];

/** Every port. */
export const ALL_PORTS: PortInterval = [MIN_PORT, MAX_PORT];

function port(text: string, original: unknown): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < MIN_PORT || value > MAX_PORT) {
    throw new TypeError(`'${String(original)}' is not a port (0-65535)`);
  }
  return value;
}

/**
 * Parses a port, a range `"low-high"` or `"*"`/`"any"` (every port) into an inclusive interval.
 *
 * @throws {TypeError} for anything else, ports outside 0–65535 and ranges whose low end exceeds the high end.
 */
export function parsePortRange(range: unknown): PortInterval {
  if (typeof range === 'number') return [port(String(range), range), port(String(range), range)];
  if (typeof range !== 'string') throw new TypeError(`port range must be a string or number, got ${typeof range}`);
  const text = range.trim();
  if (text === '*' || text.toLowerCase() === 'any') return ALL_PORTS;
  const match = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(text);
  if (!match?.[1]) throw new TypeError(`'${range}' is not a port, a port range or *`);
  const low = port(match[1], range);
  const high = match[2] === undefined ? low : port(match[2], range);
  if (low > high) throw new TypeError(`port range '${range}' runs backwards`);
  return [low, high];
}

/**
 * Whether `range` (a port, `"low-high"` or `"*"`) contains `port`.
 *
 * @throws {TypeError} when the range or the port is malformed.
 */
export function portRangeContains(range: unknown, port: unknown): boolean {
  const [low, high] = parsePortRange(range);
  const [wanted] = parseSinglePort(port);
  return low <= wanted && wanted <= high;
}

function parseSinglePort(value: unknown): PortInterval {
  const interval = parsePortRange(value);
  if (interval[0] !== interval[1]) throw new TypeError(`'${String(value)}' is not a single port`);
  return interval;
}

/** Sorts and merges intervals so that none overlap or touch. */
export function mergePortIntervals(intervals: readonly PortInterval[]): PortInterval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [low, high] of sorted) {
    const last = merged.at(-1);
    if (last && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else merged.push([low, high]);
  }
  return merged;
}

/**
 * Whether the union of `ranges` covers every port of `required`: a port, a range, or `"*"` (all of 0–65535).
 *
 * @throws {TypeError} when a range or `required` is malformed.
 */
export function portRangesCover(ranges: readonly unknown[], required: unknown): boolean {
  const [low, high] = parsePortRange(required);
  return mergePortIntervals(ranges.map(parsePortRange)).some(([a, b]) => a <= low && high <= b);
}

/** Formats an interval as `443`, `80-443` or `0-65535`. */
export function formatPortInterval([low, high]: PortInterval): string {
  return low === high ? String(low) : `${low}-${high}`;
}
