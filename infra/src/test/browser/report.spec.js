#!/usr/bin/env node
// The compliance report's HTML page in a real browser (Debian's Chromium through playwright-core), opened
// from the file as an examiner would open it: no network, charts drawn, tables filled.
// Usage: node report.spec.js <report.html> <screenshotPath>
// Prints one "ok: ..." line per check, "svg: WxH" per chart, "text: ..." lines for the caller, and "PASS";
// exits 1 with "FAIL: ..." otherwise.
'use strict';

const path = require('path');
const { pathToFileURL } = require('url');
const { ok, check, launch, run } = require('./chromium');

const [reportPath, screenshotPath] = process.argv.slice(2);

async function main() {
  if (!reportPath || !screenshotPath) throw new Error('usage: node report.spec.js <report.html> <screenshotPath>');
  const { page, close } = await launch({ width: 1100, height: 900 }, screenshotPath);
  const elsewhere = [];
  const pageErrors = [];
  page.on('request', (r) => { if (!r.url().startsWith('file:')) elsewhere.push(r.url()); });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  try {
    await page.goto(pathToFileURL(path.resolve(reportPath)).href, { waitUntil: 'load' });
    const title = await page.textContent('[data-testid=report-title]');
    check(title.startsWith('Compliance report'), 'title "' + title + '"');
    const charts = await page.$$eval('figure svg', (svgs) => svgs.map((s) => {
      const box = s.getBoundingClientRect();
      return { width: Math.round(box.width), height: Math.round(box.height), bars: s.querySelectorAll('rect').length };
    }));
    charts.forEach((c) => console.log('svg: ' + c.width + 'x' + c.height + ' rects ' + c.bars));
    check(charts.length >= 4, charts.length + ' charts drawn');
    check(charts.every((c) => c.width === 640 && c.height === 360 && c.bars > 2), 'every chart is 640x360 with bars');
    for (const id of ['outcomes', 'refusals-by-category', 'tools', 'models', 'reveals']) {
      const text = (await page.innerText('[data-testid=' + id + ']')).replace(/\s+/g, ' ');
      console.log('text: ' + id + ': ' + text);
    }
    await page.screenshot({ path: screenshotPath, fullPage: true });
    ok('screenshot ' + screenshotPath);
    check(elsewhere.length === 0, 'nothing fetched from anywhere but the file' + (elsewhere.length ? ': ' + elsewhere.join(' ') : ''));
    check(pageErrors.length === 0, 'no script errors' + (pageErrors.length ? ': ' + pageErrors.join('; ') : ''));
    console.log('PASS');
  } finally {
    await close();
  }
}

run(main);
