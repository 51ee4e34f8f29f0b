// What the browser scripts share: Debian's Chromium through playwright-core on a throwaway profile,
// and the "ok: ..." lines the Java tests read.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

function ok(message) { console.log('ok: ' + message); }
function check(condition, message) { if (!condition) throw new Error(message); ok(message); }

/** A headless browser on a fresh profile, with its first page; close() removes the profile too. */
async function launch(viewport, screenshotPath) {
  fs.mkdirSync(path.dirname(screenshotPath), { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport
  });
  const page = context.pages()[0] || await context.newPage();
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { page, close };
}

/** Runs main, printing "FAIL: why" and exiting 1 if it throws. */
function run(main) {
  main().catch((e) => {
    console.log('FAIL: ' + (e && e.message ? e.message : e));
    process.exit(1);
  });
}

module.exports = { ok, check, launch, run };
