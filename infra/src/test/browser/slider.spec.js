#!/usr/bin/env node
// The slider in a real browser against the running system (Debian's Chromium through playwright-core).
// Usage: node slider.spec.js <baseUrl> <screenshotPath> <offlineAlertText> <liveAlertText>
// Prints one "ok: ..." line per check and "PASS" at the end; exits 1 with "FAIL: ..." otherwise.
'use strict';

const { ok, check, launch, run } = require('./chromium');

// The alerts' texts: one raised for officer-1 before the slider connects, one while it is open (the
// Java side raises it when this script prints "ready: live alert").
const [baseUrl, screenshotPath, offlineAlertText, liveAlertText] = process.argv.slice(2);
const QUESTION = 'Is the collateral sufficient for loan L002?';
const BORROWER_QUESTION = 'Show me details about borrower B001';
const B001_EMAIL = 'john.doe@example.com'; // in officer-1's portfolio, shown only as a token until revealed

async function main() {
  if (!baseUrl || !screenshotPath || !offlineAlertText || !liveAlertText) {
    throw new Error('usage: node slider.spec.js <baseUrl> <screenshotPath> <offlineAlertText> <liveAlertText>');
  }
  const { page, close } = await launch({ width: 1280, height: 860 }, screenshotPath);
  const sent = [];
  const received = [];
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => sent.push(String(f.payload)));
    ws.on('framereceived', (f) => received.push(String(f.payload)));
  });
  // Keeps a handle on the page's sockets so that the test can drop the connection like a network would.
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    window.__sockets = [];
    window.WebSocket = function (url, protocols) {
      const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
      window.__sockets.push(socket);
      return socket;
    };
    window.WebSocket.prototype = Native.prototype;
    ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach((k) => { window.WebSocket[k] = Native[k]; });
  });
  try {
    await page.goto(baseUrl + '/', { waitUntil: 'load' });
    await page.click('[data-testid=slider-open]');
    await page.waitForSelector('[data-testid=conn-status][data-status=connected]', { timeout: 20000 });
    ok('slider opened and connected to ' + baseUrl);

    // Proactive alerts: the one raised while no slider was open is listed on connect, as a badge ...
    await page.waitForSelector('[data-testid=alerts-badge]:not([hidden])', { timeout: 20000 });
    check((await page.textContent('[data-testid=alerts-badge]')) === '1', 'alerts badge shows 1 after connecting');
    const listRequest = sent.map((x) => JSON.parse(x)).find((f) => f.type === 'list_alerts');
    check(listRequest && listRequest.since === undefined, 'the slider asked for its alerts on connect');
    await page.click('[data-testid=alerts-toggle]');
    const listed = await page.waitForSelector('[data-testid=alert-item]', { timeout: 5000 });
    check((await listed.$eval('[data-testid=alert-text]', (e) => e.textContent)) === offlineAlertText,
      'alert listed on connect: ' + offlineAlertText);
    check(await page.$eval('[data-testid=alerts-badge]', (b) => b.hidden), 'the badge clears when the list is opened');
    await page.click('[data-testid=alerts-toggle]');
    // ... and one raised while the slider is open arrives live, on top of the list
    console.log('ready: live alert');
    await page.waitForSelector('[data-testid=alerts-badge]:not([hidden])', { timeout: 20000 });
    check((await page.textContent('[data-testid=alerts-badge]')) === '1', 'alerts badge shows 1 for the live alert');
    await page.click('[data-testid=alerts-toggle]');
    const texts = await page.$$eval('[data-testid=alert-item] [data-testid=alert-text]', (ps) => ps.map((p) => p.textContent));
    check(texts.length === 2 && texts[0] === liveAlertText && texts[1] === offlineAlertText,
      'live alert shown first in the list: ' + liveAlertText);
    await page.screenshot({ path: screenshotPath.replace(/\.png$/, '') + '-alerts.png' });
    await page.click('[data-testid=alerts-toggle]');

    await page.click('[data-testid=ai-notice-ack]');
    await page.waitForSelector('[data-testid=ai-notice-acked]', { timeout: 5000 });
    ok('AI-use notice acknowledged');

    await page.fill('[data-testid=slider-input]', QUESTION);
    await page.click('[data-testid=slider-send]');
    const progress = await page.waitForSelector('[data-testid=progress-line]', { timeout: 20000 });
    check((await progress.getAttribute('data-tool')) === 'evaluateCollateralSufficiency',
      'progress line for evaluateCollateralSufficiency (' + (await progress.getAttribute('data-state')) + ': "'
        + (await progress.innerText()).trim() + '")');

    const answer = await page.waitForSelector('[data-testid=msg-assistant]', { timeout: 30000 });
    const answerText = await answer.innerText();
    check(answerText.includes('0.86'), 'answer mentions LTV 0.86');
    const table = await answer.waitForSelector('[data-testid=result-table][data-tool=evaluateCollateralSufficiency]', { timeout: 5000 });
    check((await table.innerText()).includes('0.86'), 'answer table shows 0.86');
    check((await progress.getAttribute('data-state')) === 'completed', 'progress line ended completed');
    await page.screenshot({ path: screenshotPath });
    ok('screenshot ' + screenshotPath);

    const asked = sent.map((x) => JSON.parse(x)).find((f) => f.type === 'user_message');
    check(asked && asked.noticeAcknowledged === true, 'the question carried the notice acknowledgement');
    const accepted = received.map((r) => JSON.parse(r)).find((f) => f.type === 'accepted');
    check(accepted && accepted.conversationId, 'conversation ' + (accepted && accepted.conversationId));

    // The connection drops: the slider reconnects and resumes its conversation (and asks only for
    // the alerts after the newest it has).
    await page.evaluate(() => window.__sockets[window.__sockets.length - 1].close());
    await page.waitForSelector('[data-testid=conn-status][data-status=reconnecting]', { timeout: 5000 });
    await page.waitForSelector('[data-testid=conn-status][data-status=connected]', { timeout: 20000 });
    await page.waitForFunction(() => window.__sockets.length >= 2, null, { timeout: 5000 });
    const deadline = Date.now() + 10000;
    let history;
    while (!history && Date.now() < deadline) {
      history = received.map((r) => JSON.parse(r)).find((f) => f.type === 'history');
      if (!history) await page.waitForTimeout(100);
    }
    const resume = sent.map((s) => JSON.parse(s)).find((f) => f.type === 'resume');
    check(resume && resume.conversationId === accepted.conversationId, 'after reconnecting the slider sent resume for its conversation');
    check(history && history.conversationId === accepted.conversationId && history.messages.length === 2,
      'history came back with the question and its answer');
    check((await page.$$('[data-testid=msg-assistant]')).length === 1, 'the answer is shown once (no duplicate from the history)');
    const relisted = sent.map((x) => JSON.parse(x)).filter((f) => f.type === 'list_alerts');
    check(relisted.length === 2 && typeof relisted[1].since === 'string', 'after reconnecting the slider asked for alerts since ' + relisted[1].since);
    check((await page.$$('[data-testid=alert-item]')).length === 2, 'no alert is listed twice after reconnecting');

    // Masked personal data, in the same conversation: the e-mail is a token until officer-1 reveals it.
    await page.fill('[data-testid=slider-input]', BORROWER_QUESTION);
    await page.click('[data-testid=slider-send]');
    const details = await page.waitForSelector(
      '[data-testid=msg-assistant]:has([data-testid=result-table][data-tool=getBorrowerDetails])', { timeout: 30000 });
    ok('answer with the getBorrowerDetails table');
    const asked2 = sent.map((x) => JSON.parse(x)).find((f) => f.type === 'user_message' && f.text === BORROWER_QUESTION);
    const accepted2 = asked2 && received.map((r) => JSON.parse(r))
      .find((f) => f.type === 'accepted' && f.clientMessageId === asked2.clientMessageId);
    const revealConversationId = await details.getAttribute('data-conversation-id');
    check(accepted2 && revealConversationId === accepted2.conversationId,
      'the answer carries its conversation ' + revealConversationId);
    const chip = await details.waitForSelector('[data-testid=pii-token][data-pii-kind=EMAIL][data-revealable=true]', { timeout: 10000 });
    const emailToken = await chip.getAttribute('data-pii-token');
    check(/^\[EMAIL_[0-9a-f]{6}\]$/.test(emailToken), 'the e-mail is a revealable chip ' + emailToken);
    check(!(await page.content()).includes(B001_EMAIL), 'the raw e-mail is not in the page');
    const [revealRequest] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/pii/reveal', { timeout: 10000 }),
      chip.click()
    ]);
    const revealBody = JSON.parse(revealRequest.postData() || '{}');
    check(revealBody.conversationId === revealConversationId && revealBody.token === emailToken
      && /^Bearer \S+$/.test((await revealRequest.allHeaders()).authorization || ''),
      'reveal request names the conversation and the token, with a bearer token');
    const revealed = await details.waitForSelector('[data-testid=pii-revealed]', { timeout: 10000 });
    const revealedText = await revealed.textContent();
    check(revealedText === B001_EMAIL, 'revealed value is exactly ' + JSON.stringify(revealedText));
    ok('revealed in conversation ' + revealConversationId);
    // Personal data typed into a question: the gateway sends it on redacted, and the panel says so.
    const PASTED = "What's the status of loan L001? The customer's SSN is 123-45-6789.";
    await page.fill('[data-testid=slider-input]', PASTED);
    await page.click('[data-testid=slider-send]');
    const note = await page.waitForSelector('[data-testid=redaction-note]', { timeout: 20000 });
    check((await note.textContent()).includes('SSN'), 'redaction note: "' + (await note.textContent()) + '"');
    const accepted3 = received.map((r) => JSON.parse(r)).find((f) => f.type === 'accepted' && f.redacted);
    check(accepted3 && accepted3.redacted.SSN === 1, 'accepted frame reports the redacted SSN');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=msg-assistant]').length >= 3, null, { timeout: 30000 });
    ok('the redacted question was answered');
    const revealShot = screenshotPath.replace(/\.png$/, '') + '-reveal.png';
    await page.screenshot({ path: revealShot });
    ok('screenshot ' + revealShot);
    check(pageErrors.length === 0, 'no script errors in the page' + (pageErrors.length ? ': ' + pageErrors.join('; ') : ''));
    console.log('PASS');
  } catch (e) {
    try { await page.screenshot({ path: screenshotPath.replace(/\.png$/, '') + '-failure.png' }); } catch (ignored) { /* ignore */ }
    throw e;
  } finally {
    await close();
  }
}

run(main);
