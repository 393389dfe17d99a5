// parseText's bounds: nesting depth, alias bombs and size each give one located diagnostic, never a throw or abort.
import { describe, expect, it, vi } from 'vitest';
import { parseText } from '../../engine/load/parse.js';

const indentedMaps = (levels: number) =>
  `${Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}a:`).join('\n')} 1\nnext: 2\n`;

describe('nesting depth', () => {
  // Each of these made the YAML parser, composer or toJS recurse until V8 threw or aborted the process
  // ("RegExpCompiler Allocation failed - process out of memory"): the CST parser recurses when one dedent
  // closes many block collections, the composer and toJS recurse per level.
  it.for([
    ['flow sequences, 100 000 levels', `${'['.repeat(100_000)}1${']'.repeat(100_000)}`, 1, 201],
    ['JSON objects, 100 000 levels', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, 1, 997],
    ['block sequences closed by a dedent, 3000 levels', `${'- '.repeat(3000)}x\nnext: 1\n`, 1, 400],
    ['explicit keys closed by a dedent, 3000 levels', `${'? '.repeat(3000)}x\nnext: 1\n`, 1, 400],
    ['block maps indented 1000 levels', indentedMaps(1000), 200, 201],
  ] as const)('%s: nesting-too-deep where the limit is crossed', ([, text, line, column]) => {
    const parsed = parseText(text, 'deep.yaml');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.diagnostics).toEqual([
      {
        code: 'nesting-too-deep',
        file: 'deep.yaml',
        line,
        column,
        message: 'collections are nested more than 200 levels deep here; no inventory or rule needs that many',
      },
    ]);
  });

  it('150 levels of every kind still parse', () => {
    for (const text of [
      `${'['.repeat(150)}1${']'.repeat(150)}`,
      `${'- '.repeat(150)}x\n- y\n`,
      `${'? '.repeat(150)}x\n? y\n`,
      indentedMaps(150),
    ]) {
      expect(parseText(text, 'ok.yaml').ok).toBe(true);
    }
  });

  it('a lower limit can be set', () => {
    const parsed = parseText('a: {b: {c: [1]}}', 'f.yaml', { maxLength: 100, maxAliasCount: 10, maxDepth: 2 });
    expect(parsed.ok ? [] : parsed.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['nesting-too-deep', 1, 5],
    ]);
  });

  it('positions and syntax errors are what parseDocument gave', () => {
    const parsed = parseText('a: 1\nb: [1, 2\nc: 3\n', 'broken.yaml');
    expect(parsed.ok ? [] : parsed.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['parse-error', 3, 1]]);
    const twoDocs = parseText('a: 1\n---\nb: 2\n', 'two.yaml');
    expect(twoDocs.ok ? [] : twoDocs.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['parse-error', 2, 1],
    ]);
    const ok = parseText('a:\n  - b: 1\n', 'ok.yaml');
    expect(ok.ok && ok.locate(['a', 0, 'b'])).toEqual({ line: 2, column: 5 });
  });
});

describe('alias bombs', () => {
  it('a billion laughs gives alias-limit, without expanding it', () => {
    const lines = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 9; i++) {
      const [name, previous] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const parsed = parseText(lines.join('\n'), 'bomb.yaml');
    expect(parsed.ok ? [] : parsed.diagnostics.map((d) => d.code)).toEqual(['alias-limit']);
  });
});

describe('warnings', () => {
  it('a collection as a key is left to the schema, with no warning printed on stderr', () => {
    const emitted = vi.spyOn(process, 'emitWarning');
    try {
      const parsed = parseText('snapshot:\n  ? [a, b]\n  : 1\n', 'key.yaml');
      expect(parsed.ok && parsed.value).toEqual({ snapshot: { '[ a, b ]': 1 } });
      expect(emitted).not.toHaveBeenCalled();
    } finally {
      emitted.mockRestore();
    }
  });
});
