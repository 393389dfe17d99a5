// The rule the property tests wrap random conditions in: a device rule with a data placeholder and messages that
// explain (`{reason}`, `{missing}`), so outcomes and message shapes are both exercised.
import type { Condition, LoadedRule } from '../../engine/types.js';

export function loadedRule(require: Condition, when?: Condition): LoadedRule {
  return {
    file: 'random.yaml',
    locate: () => ({ line: 1, column: 1 }),
    pack: {
      name: 'random',
      version: '1.0.0',
      title: 'random',
      source: { title: 't', url: 'https://example.com', revised: '2026-01-01' },
      engine: '*',
    },
    definition: {
      id: 'random.rule',
      version: '1.0.0',
      title: 'random rule',
      severity: 'error',
      source: { section: '#s', sentences: ['s'] },
      rationale: 'r',
      remediation: 'r',
      references: [],
      tags: [],
      appliesTo: { kind: 'device' },
      ...(when ? { when } : {}),
      require,
      data: { version: { fact: 'device', path: '$.os' } },
      messages: { fail: '{target.name}: {reason} ({version})', unknown: 'missing: {missing}' },
    },
  };
}
