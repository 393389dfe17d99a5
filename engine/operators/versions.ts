// Version operators: compare a dotted numeric version fact with the rule's version or range.
import { compareParsedVersions, parseVersion } from '../versions/compare.js';
import { type CompiledOperator, type Operator, UNKNOWN_VALUE_KEY } from './operator.js';

/** The number of parts of a version up to its last one that is not 0 (at least 1). */
function significantLength(version: readonly number[]): number {
  let length = version.length;
  while (length > 1 && version[length - 1] === 0) length--;
  return length;
}

/** A segment above any real one: the highest version a truncated fact can stand for. */
const HIGHEST = Number.MAX_SAFE_INTEGER;

/**
 * The versions a fact can stand for, as its lowest and highest reading. A fact with fewer segments than the
 * versions it is compared with gives only its first segments: `10` can be 10.0 or 10.15, so it reads as the range
 * from `10` (missing segments 0) to `10.<highest>`. A fact with as many segments or more is one version.
 */
function readings(fact: readonly number[], against: readonly number[]): (readonly number[])[] {
  // A value's trailing zeros say nothing more (`10.0` is `10`): only its other parts can leave a fact short.
  const length = significantLength(against);
  if (fact.length >= length) return [fact];
  return [fact, [...fact, ...new Array<number>(length - fact.length).fill(HIGHEST)]];
}

/**
 * Whether `accepts` holds for every version the fact can stand for (true), for none (false), or for some only
 * (undefined: unknown). Orders run from the fact's lowest reading to its highest, so every order in between is
 * possible too (`10` vs `10.8`: lower, equal or higher).
 */
function decided(
  fact: readonly number[],
  wanted: readonly number[],
  accepts: (order: -1 | 0 | 1) => boolean,
): boolean | undefined {
  const [low, high] = readings(fact, wanted);
  const from = compareParsedVersions(low as readonly number[], wanted);
  const to = high === undefined ? from : compareParsedVersions(high, wanted);
  const result = accepts(from);
  for (let order = from + 1; order <= to; order++) if (accepts(order as -1 | 0 | 1) !== result) return undefined;
  return result;
}

/** Kleene `and` of two three-valued results. */
function both(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  if (a === false || b === false) return false;
  return a === true && b === true ? true : undefined;
}

/** A dotted numeric version as a rule writes it (parseVersion trims it, and says when a segment is too large). */
export const VERSION_SCHEMA = {
  type: ['string', 'number'],
  pattern: '^\\s*\\d+(\\.\\d+)*\\s*$',
  errorMessage: {
    type: 'version must be a string or number',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an errorMessage template, filled in by the schema check.
    pattern: "'${0}' is not a dotted numeric version",
  },
};

function comparison(name: string, accepts: (order: -1 | 0 | 1) => boolean): Operator {
  return {
    name,
    valueSchema: VERSION_SCHEMA,
    compile: (value): CompiledOperator => {
      const wanted = parseVersion(value);
      const target = String(value).trim();
      return {
        test: (fact) => decided(parseVersion(fact), wanted, accepts),
        explain: (fact) => {
          const version = parseVersion(fact);
          if (decided(version, wanted, accepts) === undefined) {
            return `the full version of ${String(fact).trim()}.x: it gives no more than ${version.length} part(s), so it may or may not be ${NAMES[name] ?? name} ${target}`;
          }
          const order = compareParsedVersions(version, wanted);
          const relation = order < 0 ? 'lower than' : order > 0 ? 'higher than' : 'equal to';
          return `version ${String(fact).trim()} is ${relation} ${target}`;
        },
      };
    },
  };
}

/** Bounds of `versionInRange`: `min` inclusive, `max` exclusive. */
export interface VersionBounds {
  min?: string | number;
  max?: string | number;
}

interface Bounds {
  min?: number[];
  max?: number[];
}

/**
 * Parses the bounds of `versionInRange`.
 *
 * @throws {TypeError} when the value is not `{ min?, max? }` with versions, or min is not below max.
 */
function readBounds(value: unknown): Bounds {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('versionInRange needs a value { min?, max? }');
  }
  const { min, max } = value as VersionBounds;
  const bounds: Bounds = {
    ...(min === undefined ? {} : { min: parseVersion(min) }),
    ...(max === undefined ? {} : { max: parseVersion(max) }),
  };
  if (!bounds.min && !bounds.max) throw new TypeError('versionInRange needs min, max or both');
  if (bounds.min && bounds.max && compareParsedVersions(bounds.min, bounds.max) >= 0) {
    throw new TypeError('versionInRange: min must be lower than max (max is exclusive)');
  }
  return bounds;
}

/** The words for each comparison in an explanation of an undecided one. */
const NAMES: Record<string, string> = {
  versionEqual: 'equal to',
  versionLessThan: 'lower than',
  versionLessThanOrEqual: 'at most',
  versionGreaterThan: 'higher than',
  versionGreaterThanOrEqual: 'at least',
};

function inRange(version: readonly number[], { min, max }: Bounds): boolean | undefined {
  return both(
    min === undefined ? true : decided(version, min, (order) => order >= 0),
    max === undefined ? true : decided(version, max, (order) => order < 0),
  );
}

const versionInRange: Operator = {
  name: 'versionInRange',
  valueSchema: {
    type: 'object',
    properties: { min: VERSION_SCHEMA, max: VERSION_SCHEMA },
    additionalProperties: false,
    minProperties: 1,
    errorMessage: {
      type: 'needs a value { min?, max? }',
      minProperties: 'needs min, max or both',
      additionalProperties: UNKNOWN_VALUE_KEY,
    },
  },
  compile: (value): CompiledOperator => {
    const bounds = readBounds(value);
    const { min, max } = bounds;
    const { min: low, max: high } = value as VersionBounds;
    return {
      test: (fact) => inRange(parseVersion(fact), bounds),
      explain: (fact) => {
        const version = parseVersion(fact);
        if (inRange(version, bounds) === undefined) {
          // Name only the bounds the fact cannot be placed against (`10` is at least 9 whatever follows it).
          const open = (bound: number[] | undefined, accepts: (order: -1 | 0 | 1) => boolean) =>
            bound !== undefined && decided(version, bound, accepts) === undefined;
          const range = [
            open(min, (order) => order >= 0) ? `at least ${low}` : '',
            open(max, (order) => order < 0) ? `below ${high}` : '',
          ]
            .filter(Boolean)
            .join(' and ');
          return `the full version of ${String(fact).trim()}.x: it gives no more than ${version.length} part(s), so it may or may not be ${range}`;
        }
        const shown = `version ${String(fact).trim()}`;
        if (min && compareParsedVersions(version, min) < 0) return `${shown} is lower than the minimum ${low}`;
        if (max && compareParsedVersions(version, max) >= 0) {
          return `${shown} is not below the (exclusive) maximum ${high}`;
        }
        const range = [min ? `at least ${low}` : '', max ? `below ${high}` : ''].filter(Boolean).join(' and ');
        return `${shown} is ${range}`;
      },
    };
  },
};

/**
 * Version operators. The fact is a dotted numeric version (string or number); the value is a version, or
 * `{ min?, max? }` for `versionInRange`. A value's missing trailing segments count as 0 (`6` is `6.0`). A fact
 * with fewer segments than the value stands for every version it starts (`10` for 10.0 … 10.15 …): the outcome
 * is decided when all of them agree and unknown otherwise (`10` is at least `6.0`, but may or may not be at least
 * `10.8`). Malformed facts throw TypeError.
 */
export const versionOperators: readonly Operator[] = [
  comparison('versionEqual', (order) => order === 0),
  comparison('versionLessThan', (order) => order < 0),
  comparison('versionLessThanOrEqual', (order) => order <= 0),
  comparison('versionGreaterThan', (order) => order > 0),
  comparison('versionGreaterThanOrEqual', (order) => order >= 0),
  versionInRange,
];
