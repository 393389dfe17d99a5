// Fact paths: the JSONPath subset conditions may use (`$.a.b`, `$.a[0]`, `$['key with dots']`), parsed once.

/** Parses a condition path into segments; returns undefined for syntax outside the supported subset. */
export function parsePath(path: string): (string | number)[] | undefined {
  if (path === '$' || path === '') return [];
  if (!path.startsWith('$')) return undefined;
  const segments: (string | number)[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      const m = /^[A-Za-z_$][\w$-]*/.exec(path.slice(i + 1));
      if (!m) return undefined;
      segments.push(m[0]);
      i += 1 + m[0].length;
    } else if (c === '[') {
      const rest = path.slice(i);
      const index = /^\[(0|[1-9]\d*)\]/.exec(rest);
      const quoted = /^\['((?:[^'\\]|\\.)*)'\]/.exec(rest) ?? /^\["((?:[^"\\]|\\.)*)"\]/.exec(rest);
      if (index?.[1] !== undefined) {
        segments.push(Number(index[1]));
        i += index[0].length;
      } else if (quoted?.[1] !== undefined) {
        segments.push(quoted[1].replace(/\\(.)/g, '$1'));
        i += quoted[0].length;
      } else {
        return undefined;
      }
    } else {
      return undefined;
    }
  }
  return segments;
}

/** Reads the value at `segments` under `value`; undefined as soon as a step is missing. */
export function resolvePath(value: unknown, segments: readonly (string | number)[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** Splits a dotted fact reference such as `device.os.version` into the fact name and its segments. */
export function splitFactPath(dotted: string): { fact: string; segments: string[] } {
  const [fact = '', ...segments] = dotted.split('.');
  return { fact, segments };
}
