// Reporter registry: the explicit, sorted map from format name to reporter.
import { describe, expect, it } from 'vitest';
import { formatNames, getReporter, reporters } from '../../reporters/index.js';
import { formatJson } from '../../reporters/json.js';
import { formatSarif } from '../../reporters/sarif.js';
import { render } from './helpers.js';
import { buildReport } from './report-fixture.js';

describe('reporter registry', () => {
  it('names every format, sorted', () => {
    expect(formatNames).toEqual(['html', 'json', 'junit', 'markdown', 'sarif', 'text']);
    expect([...formatNames].sort()).toEqual(formatNames);
  });

  it('finds reporters by name and nothing else', () => {
    expect(getReporter('json')).toBe(formatJson);
    expect(getReporter('sarif')).toBe(formatSarif);
    expect(getReporter('toString')).toBeUndefined();
    expect(getReporter('__proto__')).toBeUndefined();
    expect(getReporter('xml')).toBeUndefined();
  });

  it.each(formatNames)('%s is deterministic and ends with a newline', (name) => {
    const a = render(reporters[name], buildReport(), { includePassing: true, color: true });
    const b = render(reporters[name], buildReport(), { includePassing: true, color: true });
    expect(a).toBe(b);
    expect(a.endsWith('\n')).toBe(true);
  });
});
