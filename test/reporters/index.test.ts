// Reporter registry: the explicit, sorted map from format name to reporter.
import { describe, expect, it } from 'vitest';
import { evidenceFormats, formatNames, getReporter, reporters } from '../../reporters/index.js';
import { formatJson } from '../../reporters/json.js';
import { formatSarif } from '../../reporters/sarif.js';
import { render } from './helpers.js';
import { buildReport, findings } from './report-fixture.js';

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

  // The CLI skips deciding evidence when no format it writes is listed: a format left out must not show it.
  const bare = { ...buildReport(), findings: findings.map(({ evidence: _, ...rest }) => rest) };
  it.each(formatNames)('%s shows evidence exactly when it is listed as an evidence format', (name) => {
    expect(findings.some((f) => f.evidence !== undefined)).toBe(true);
    const options = { includePassing: true, htmlMaxListed: 0, junitMaxListed: 0, sarifMaxResults: 0 };
    const full = render(reporters[name], buildReport(), options);
    expect(full === render(reporters[name], bare, options)).toBe(!evidenceFormats.has(name));
  });
});
