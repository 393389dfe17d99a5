#!/usr/bin/env node
// Renders the contoso sample's HTML report in headless Chromium and saves docs/html-report.png for the README.
// `npm run screenshot` builds first; CHROMIUM_PATH overrides Debian's /usr/bin/chromium.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { evaluate, reporters } from '../dist/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const output = path.join(root, 'docs/html-report.png');
const report = await evaluate({ inputs: ['inventories/samples/contoso.yaml'], cwd: root, includePassing: false });
const dir = mkdtempSync(path.join(tmpdir(), 'aipcheck-screenshot-'));
const file = path.join(dir, 'report.html');
writeFileSync(file, [...reporters.html(report, { failOn: 'error' })].join(''));

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 1500 });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.screenshot({ path: output });
  console.log(`wrote ${path.relative(process.cwd(), output)}`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
