// HTML reporter: golden file, policy hashes, escaping of inventory text, listing limits, gate verdict, evidence.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../engine/types.js';
import { formatHtml, HTML_MAX_LISTED } from '../../reporters/html.js';
import { HTML_CSP } from '../../reporters/html-assets.js';
import { escapeHtml, formatCount, linkTo } from '../../reporters/html-text.js';
import { expectGolden, render } from './helpers.js';
import { hostileReport } from './hostile-fixture.js';
import { buildLargeReport, buildReport, windowsRule } from './report-fixture.js';

const report = buildReport();

/** Text biased to what could open markup, end an attribute, or reorder text; lone surrogates included. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom('<', '>', '&', '"', "'", '=', '/', ' ', '\u0000', '\u202e', '\u2066', '\ud800', '`'),
      fc.constantFrom('<script>', '</script>', 'onload=', 'javascript:', '<!--', ']]>', '<svg', '&lt;', 'x'),
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    ),
    { maxLength: 10 },
  )
  .map((parts) => parts.join(''));

/** Tag and attribute names the page is made of: anything else would have come from the data. */
function markupNames(html: string): { tags: Set<string>; attributes: Set<string> } {
  const tags = new Set<string>();
  const attributes = new Set<string>();
  const body = html.replace(/<script>[\s\S]*?<\/script>/, '<script></script>').replace(/<style>[\s\S]*?<\/style>/, '');
  for (const [tag, name = '', rest = ''] of body.matchAll(/<\/?([A-Za-z][\w-]*)([^>]*)>/g)) {
    if (tag.startsWith('</')) continue;
    tags.add(name.toLowerCase());
    // Values are double-quoted (a `"` in data is escaped): drop them, then every remaining word is a name.
    for (const [, attribute = ''] of rest.replace(/"[^"]*"/g, '').matchAll(/\s([^\s=/>]+)(?==|\s|\/|$)/g))
      attributes.add(attribute.toLowerCase());
  }
  return { tags, attributes };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

describe('formatHtml', () => {
  const html = render(formatHtml, report, { failOn: 'error' });

  it('matches the golden file, and renders the same bytes twice', () => {
    expectGolden('report.html', html);
    expect(render(formatHtml, report, { failOn: 'error' })).toBe(html);
  });

  it('allows by hash exactly its one stylesheet and one script, and nothing to load', () => {
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1] as string);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] as string);
    expect(styles).toHaveLength(1);
    expect(scripts).toHaveLength(1);
    expect(HTML_CSP).toBe(
      `default-src 'none'; style-src 'sha256-${sha256(styles[0] as string)}'; script-src 'sha256-${sha256(scripts[0] as string)}'; base-uri 'none'; form-action 'none'`,
    );
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`);
    // Nothing the page would fetch: no src, no stylesheet link, no inline style or event attribute.
    expect(html).not.toMatch(/\ssrc=|<link|\sstyle=|\son[a-z]+=/i);
  });

  it('shows inventory text as text: no tag, attribute, link or direction change comes from it', () => {
    const page = render(formatHtml, hostileReport(), { failOn: 'error' });
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).not.toMatch(/<img|<svg onload|"\s*on[a-z]+=|href="javascript:/i);
    expect(page).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(page).toContain('evil\\u202egnp.exe \\u2066isolated\\u2069');
    expect(page).toContain('&lt;script&gt;window.__pwned = &quot;script&quot;&lt;/script&gt;');
  });

  it('never makes markup of inventory text: its tags and attributes are the same whatever the text', () => {
    // The page's own markup: of a report of hostile names, and of the fixture (whose findings carry evidence).
    const own = markupNames(render(formatHtml, hostileReport(), { failOn: 'error' }) + html);
    expect([...own.tags].filter((t) => ['img', 'iframe', 'object', 'embed', 'base'].includes(t))).toEqual([]);
    expect([...own.attributes].filter((a) => a.startsWith('on') || a === 'src' || a === 'style')).toEqual([]);
    fc.assert(
      fc.property(fc.array(fc.tuple(hostileText, hostileText, hostileText, hostileText), { maxLength: 6 }), (rows) => {
        const findings = rows.map(([id, name, message, file], i) => ({
          ...(report.findings[i % report.findings.length] as Finding),
          target: { kind: 'device' as const, id, name },
          message,
          location: { file, line: 1, column: 1 },
        }));
        const page = render(formatHtml, buildReport({ findings, snapshotId: rows[0]?.[0] ?? 's' }), {
          failOn: 'error',
        });
        const names = markupNames(page);
        for (const tag of names.tags) expect(own.tags).toContain(tag);
        for (const attribute of names.attributes) expect(own.attributes).toContain(attribute);
        expect(page.match(/<script/g)).toHaveLength(1);
        expect(page).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
      }),
      { seed: 17, numRuns: 300 },
    );
  });

  it('escapes the five special characters, controls and bidi marks', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    expect(escapeHtml('a\u0000b\u001b[31m\u202Ec\u200F')).toBe('a\\u0000b\\u001b[31m\\u202ec\\u200f');
    expect(escapeHtml('lone \uD800 surrogate')).toBe('lone \uFFFD surrogate');
    expect(linkTo('javascript:alert(1)')).toBe('javascript:alert(1)');
    expect(linkTo('https://example.com/?a=1&b="2"')).toBe(
      '<a href="https://example.com/?a=1&amp;b=&quot;2&quot;" rel="noopener noreferrer">https://example.com/?a=1&amp;b=&quot;2&quot;</a>',
    );
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('lists the source sentence with its section link, rationale and remediation of each rule', () => {
    const def = windowsRule.definition;
    expect(html).toContain(`<p>${escapeHtml(def.source.sentences[0] as string)}</p>`);
    expect(html).toContain(`href="${windowsRule.pack.source.url}${def.source.section}"`);
    expect(html).toContain(escapeHtml(def.rationale));
    expect(html).toContain(escapeHtml(def.remediation));
  });

  it(`lists at most ${HTML_MAX_LISTED} findings of one outcome per rule by default, counts the rest`, () => {
    const large = buildLargeReport(3 * HTML_MAX_LISTED + 30);
    const page = render(formatHtml, large);
    expect(page.match(/<tr data-outcome="fail">/g)).toHaveLength(3 * HTML_MAX_LISTED);
    expect(page).toContain('10 more failing targets not shown here');
    const three = render(formatHtml, large, { htmlMaxListed: 3 });
    expect(three.match(/<tr data-outcome="fail">/g)).toHaveLength(9);
    expect(three).toContain(`${formatCount(HTML_MAX_LISTED + 7)} more failing targets not shown here`);
    expect(render(formatHtml, large, { htmlMaxListed: 0 }).match(/<tr data-outcome="fail">/g)).toHaveLength(1530);
  });

  it('says the gate verdict of --fail-on, and none without it', () => {
    expect(html).toContain('<strong>Gate failed</strong> (<code>--fail-on error</code>)');
    const onlyNotes = buildReport({ findings: report.findings.filter((f) => f.level !== 'error') });
    expect(render(formatHtml, onlyNotes, { failOn: 'error' })).toContain('<strong>Gate passed</strong>');
    expect(render(formatHtml, report, { failOn: 'never' })).toContain('Gate: never fails');
    expect(render(formatHtml, report)).not.toContain('class="gate');
  });

  it('counts outcomes that are not listed instead of listing them', () => {
    const listed = report.findings.filter((f) => f.outcome === 'fail' || f.outcome === 'error');
    const page = render(
      formatHtml,
      buildReport({
        findings: listed,
        summary: report.summary,
        listed: ['fail', 'error'],
        unlisted: { 'AIP-OS-WINDOWS': { pass: 1, fail: 0, notApplicable: 1, unknown: 1, error: 0 } },
      }),
    );
    expect(page).toContain('1 passing target: counted, not listed');
    expect(page).not.toContain('<option value="pass">');
  });

  it('shows evidence in a collapsed block when a finding has some: each check, and the facts to collect', () => {
    const evidence: Finding['evidence'] = {
      checks: [
        {
          in: 'require',
          fact: 'device.os.version',
          value: '6.3.9600',
          operator: 'versionClassIn',
          expected: { table: 'windows-client' },
          result: 'false',
        },
        { in: 'require', fact: 'device.architecture', operator: 'in', expected: ['x86', '<x64>'], result: 'unknown' },
      ],
      missing: ['device.architecture'],
    };
    const f = { ...(report.findings[0] as Finding), evidence };
    const page = render(formatHtml, buildReport({ findings: [f] }));
    expect(page).toContain(
      '<details><summary>Evidence</summary><p>Facts to collect: <code>device.architecture</code></p>',
    );
    expect(page).toContain(
      '<tr><td>require</td><td><code>device.os.version</code></td><td><code>&quot;6.3.9600&quot;</code></td><td><code>versionClassIn</code></td><td><code>{&quot;table&quot;:&quot;windows-client&quot;}</code></td><td>false</td></tr>',
    );
    expect(page).toContain(
      '<td>missing</td><td><code>in</code></td><td><code>[&quot;x86&quot;,&quot;&lt;x64&gt;&quot;]</code>',
    );
    // The fixture's findings carry evidence of their own: one block each.
    expect(html.match(/<details>/g)?.length).toBe(report.findings.filter((x) => x.evidence).length);
  });
});
