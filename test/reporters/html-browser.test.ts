// The HTML report in a real browser (headless Chromium): counts, filters, keyboard, dark and print, no request,
// no console error, and no inventory text that runs as script. One browser for the whole file.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../engine/types.js';
import { formatHtml } from '../../reporters/html.js';
import { formatJson } from '../../reporters/json.js';
import { render } from './helpers.js';
import { HOSTILE_NAMES, hostileReport } from './hostile-fixture.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SAMPLE = 'inventories/samples/contoso.yaml';
/** Debian's chromium package; CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Visit {
  page: Page;
  /** Console messages of type error, uncaught exceptions and dialogs (alert, confirm, prompt) seen. */
  problems: string[];
  /** Every request other than the page itself (each one is aborted). */
  requests: string[];
}

describe('the HTML report in headless Chromium', () => {
  let browser: Browser;
  let dir: string;
  let sample: Report;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `no Chromium at ${CHROMIUM}: the HTML report is tested in a real browser. Install Debian's package ` +
          '(apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
      );
    }
    dir = mkdtempSync(join(tmpdir(), 'aipcheck-html-'));
    // As root (CI containers) Chromium refuses to start with its sandbox.
    const args = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args });
    const { evaluate } = await import('../../index.js');
    sample = await evaluate({ inputs: [SAMPLE], cwd: ROOT, includePassing: false });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens an HTML text as a file, recording problems and aborting any request beyond the file itself. */
  async function visit(name: string, html: string): Promise<Visit> {
    const file = join(dir, name);
    writeFileSync(file, html);
    const url = pathToFileURL(file).href;
    const page = await browser.newPage();
    const visit: Visit = { page, problems: [], requests: [] };
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warn') visit.problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => visit.problems.push(`page error: ${(e as Error).message}`));
    page.on('dialog', async (d) => {
      visit.problems.push(`dialog ${d.type()}: ${d.message()}`);
      await d.dismiss();
    });
    await page.setRequestInterception(true);
    page.on('request', async (request) => {
      if (request.url() === url) return request.continue();
      visit.requests.push(request.url());
      return request.abort();
    });
    await page.goto(url, { waitUntil: 'load' });
    return visit;
  }

  const visibleRows = (page: Page) =>
    page.$$eval('tr[data-outcome]', (rows) => rows.filter((r) => r.closest('[hidden]') === null).length);
  const shownText = (page: Page) => page.$eval('#shown', (e) => e.textContent);

  it('shows the counts of the JSON report, every finding to act on, and loads nothing', async () => {
    const json = JSON.parse(render(formatJson, sample));
    const { page, problems, requests } = await visit('sample.html', render(formatHtml, sample, { failOn: 'error' }));
    const totals = await page.$$eval('tr[data-total]', (rows) =>
      Object.fromEntries(rows.map((r) => [r.getAttribute('data-total'), r.querySelector('td.n')?.textContent])),
    );
    const s = json.summary;
    expect(totals).toEqual({
      fail: String(s.fail),
      error: String(s.error),
      unknown: String(s.unknown),
      pass: String(s.pass),
      notApplicable: String(s.notApplicable),
      all: String(s.pass + s.fail + s.notApplicable + s.unknown + s.error),
    });
    expect(await visibleRows(page)).toBe(json.findings.length);
    expect(await page.$$eval('article.rule', (a) => a.length)).toBe(Object.keys(json.byRule).length);
    expect(await shownText(page)).toBe(
      `Showing ${json.findings.length} of ${json.findings.length} listed findings, in 25 of 25 rules.`,
    );
    expect(await page.$eval('.gate', (e) => e.textContent)).toMatch(/^Gate failed \(--fail-on error\)/);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('filters by area, rule, severity, outcome and text, from the keyboard too', async () => {
    const json = JSON.parse(render(formatJson, sample));
    const { page, problems } = await visit('filters.html', render(formatHtml, sample));
    const ruleIds = (p: Page) =>
      p.$$eval('article.rule', (all) =>
        all.filter((a) => !(a as HTMLElement).hidden).map((a) => a.getAttribute('data-rule')),
      );
    const osRules = Object.keys(json.byRule).filter((id) => id.startsWith('aip.os.'));
    const osFailures = json.findings.filter((f: { ruleId: string }) => f.ruleId.startsWith('aip.os.'));

    await page.select('select[name=area]', 'os');
    expect(await ruleIds(page)).toEqual(osRules);
    expect(await visibleRows(page)).toBe(osFailures.length);
    expect(await page.$$eval('section.area', (s) => s.filter((a) => !(a as HTMLElement).hidden).length)).toBe(1);

    await page.select('select[name=area]', '');
    await page.select('select[name=rule]', 'aip.os.windows');
    expect(await ruleIds(page)).toEqual(['aip.os.windows']);
    await page.select('select[name=rule]', '');
    // Each severity shows exactly the rules of that severity (none at all for one no rule has).
    for (const severity of ['error', 'warning', 'note'] as const) {
      await page.select('select[name=severity]', severity);
      const ids = sample.rules.filter((r) => r.definition.severity === severity).map((r) => r.definition.id);
      // The page orders rules by area, then id: compare as sets.
      expect((await ruleIds(page)).sort()).toEqual(ids.sort());
    }
    await page.select('select[name=severity]', '');
    await page.select('select[name=outcome]', 'fail');
    expect(await visibleRows(page)).toBe(json.summary.fail);

    // "/" jumps to the search box; typing (once it pauses) keeps the rows whose text holds what was typed.
    const query = (osFailures[0].target.id as string).toLowerCase();
    const before = await shownText(page);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('q');
    await page.keyboard.type(query);
    await page.waitForFunction((text) => document.getElementById('shown')?.textContent !== text, {}, before);
    type JsonFinding = { target: { kind: string; id: string; name: string }; message: string; location: Location };
    type Location = { file: string; line: number; column: number };
    // A row's text: kind, id, name (when it differs), file:line:col, message.
    const rowText = ({ target: t, location: l, message }: JsonFinding) =>
      `${t.kind} ${t.id}${t.name !== t.id ? t.name : ''}${l.file}:${l.line}:${l.column}${message}`.toLowerCase();
    const matching = json.findings.filter((f: JsonFinding) => rowText(f).includes(query));
    expect(matching.length).toBeGreaterThan(0);
    expect(await visibleRows(page)).toBe(matching.length);
    expect(await shownText(page)).toMatch(new RegExp(`^Showing ${matching.length} of `));

    await page.click('button[type=reset]');
    await page.waitForFunction(
      (n) => document.querySelectorAll('tr[data-outcome]:not([hidden])').length === n,
      {},
      json.findings.length,
    );
    expect(problems).toEqual([]);
    await page.close();
  });

  it('reads in light and dark mode, and prints without filters, one area per page', async () => {
    const { page, problems } = await visit('modes.html', render(formatHtml, sample));
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    expect(await background()).toBe('rgb(255, 255, 255)');
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    expect(await background()).toBe('rgb(13, 17, 23)');
    await page.emulateMediaType('print');
    expect(await page.$eval('#filters', (f) => getComputedStyle(f).display)).toBe('none');
    expect(await page.$$eval('section.area', (s) => s.map((a) => getComputedStyle(a).breakBefore))).toEqual([
      'page',
      'page',
      'page',
      'page',
    ]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows hostile inventory text as text: no script runs, no dialog opens, nothing loads', async () => {
    const { page, problems, requests } = await visit('hostile.html', render(formatHtml, hostileReport()));
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    // A target cell is `kind id<br>name`: the name is its last text node.
    const names = await page.$$eval('tr[data-outcome] td:first-child', (cells) =>
      cells.map((c) => c.lastChild?.textContent),
    );
    const shown = HOSTILE_NAMES.map((n) =>
      n.replace(/[\u202A-\u202E\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`),
    );
    expect([...names].sort()).toEqual([...shown].sort());
    expect(await page.$$eval('script', (s) => s.length)).toBe(1);
    expect(await page.$$eval('img, iframe, object, embed', (e) => e.length)).toBe(0);
    expect(await page.$$eval('a[href^="javascript:" i]', (a) => a.length)).toBe(0);
    expect(await page.title()).toBe(`aipcheck report: ${HOSTILE_NAMES[0]}`);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
