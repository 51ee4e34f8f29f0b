// The conversation's messages as DOM: the question with its activity (thinking, tool progress lines),
// the answer (rich text, result tables, tool details, trace id) and error bubbles.
import { el } from './dom.js';
import { appendWithTokens } from './pii.js';
import { MAX_CHARS } from './protocol.js';
import { renderResult, renderToolDetails } from './results.js';

var ERROR_TEXT = {
  INVALID_MESSAGE: 'The message could not be read. Please rephrase it and try again.',
  TOO_LARGE: 'The message is too long. Please keep it under ' + MAX_CHARS.toLocaleString('en-US') + ' characters.',
  RATE_LIMITED: 'You are sending messages too quickly. Please wait a moment and try again.',
  FORBIDDEN: 'Your role does not allow access to this data.',
  UNAVAILABLE: 'The assistant is temporarily unavailable. Please try again shortly.',
  TIMEOUT: 'The assistant took too long to answer. Please try again.',
  INTERNAL: 'Something went wrong on our side. Please try again.'
};
var RETRYABLE = { RATE_LIMITED: 1, UNAVAILABLE: 1, TIMEOUT: 1, INTERNAL: 1 };

// tool -> [while running, when done]
var TOOL_LABELS = {
  getLoanDetails: ['Looking up the loan', 'Loan looked up'],
  getLoanStatus: ['Checking the loan status', 'Loan status checked'],
  getLoanSummary: ['Summarising the portfolio', 'Portfolio summarised'],
  getActiveLoans: ['Listing active loans', 'Active loans listed'],
  getLoansByBorrower: ["Listing the borrower's loans", "Borrower's loans listed"],
  getLoanPayments: ['Reading payment history', 'Payment history read'],
  getLoanCollateral: ['Listing collateral', 'Collateral listed'],
  getBorrowerDetails: ['Looking up the borrower', 'Borrower looked up'],
  getBorrowerDefaultRisk: ['Scoring default risk', 'Default risk scored'],
  getBorrowerNonAccrualRisk: ['Scoring non-accrual risk', 'Non-accrual risk scored'],
  evaluateCollateralSufficiency: ['Checking collateral', 'Collateral checked'],
  getHighRiskFarmers: ['Finding high-risk farmers', 'High-risk farmers found'],
  forecastEquipmentMaintenance: ['Forecasting equipment maintenance', 'Maintenance forecast'],
  assessCropYieldRisk: ['Assessing crop yield risk', 'Crop yield risk assessed'],
  analyzeMarketPriceImpact: ['Analysing market price impact', 'Price impact analysed'],
  getRefinancingOptions: ['Computing refinancing options', 'Refinancing options computed'],
  analyzePaymentPatterns: ['Analysing payment patterns', 'Payment patterns analysed'],
  recommendLoanRestructuring: ['Computing restructuring options', 'Restructuring options computed'],
  findBorrowers: ['Looking the name up', 'Name looked up']
};

// Emphasise money, percentages and decimals inside plain text; builds DOM nodes, never HTML.
var NUMBER_RE = /[-\u2212]?\$\s?\d[\d,]*(?:\.\d+)?|[-+\u2212]?\d[\d,]*(?:\.\d+)?\s?%|\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b|\b\d+\.\d+\b/g;

export function appendEmphasised(parent, text) {
  var last = 0;
  NUMBER_RE.lastIndex = 0;
  var m;
  while ((m = NUMBER_RE.exec(text)) !== null) {
    if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
    parent.appendChild(el('strong', { className: 'lo-num', text: m[0] }));
    last = m.index + m[0].length;
  }
  if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
}

// Assistant text: keeps line breaks, turns **bold** into <strong>, emphasises figures.
function renderRichText(parent, text) {
  var parts = String(text).split(/\*\*([^*\n]+)\*\*/g);
  parts.forEach(function (part, i) {
    if (!part) return;
    if (i % 2 === 1) parent.appendChild(appendWithTokens(el('strong'), part));
    else appendWithTokens(parent, part, appendEmphasised); // tokens first, so their hex is never "a number"
  });
}

/** A question as sent: its bubble, and under it the activity (thinking dots, then tool progress lines). */
export function questionNodes(clientMessageId, text, connected) {
  var bubble = el('div', { className: 'lo-msg lo-msg--user', 'data-testid': 'msg-user', 'data-client-message-id': clientMessageId }, [
    el('span', { className: 'lo-visually-hidden', text: 'You: ' }),
    el('span', { className: 'lo-msg-text', text: text })
  ]);
  var activity = el('div', { className: 'lo-activity', role: 'status', 'aria-label': 'Assistant progress' });
  var thinking = el('div', { className: 'lo-thinking' }, [
    el('span', { className: 'lo-dots', 'aria-hidden': 'true' }, [el('span'), el('span'), el('span')]),
    el('span', { text: connected ? 'Thinking\u2026' : 'Waiting for the connection\u2026' })
  ]);
  activity.appendChild(thinking);
  return { bubble: bubble, activity: activity, thinking: thinking };
}

/** A progress line for one tool call, in state "started" until showProgress says otherwise. */
export function progressLine(tool, callId) {
  var line = { tool: tool, callId: callId || null, state: 'started' };
  line.icon = el('span', { className: 'lo-progress-icon', 'aria-hidden': 'true' });
  line.text = el('span', { className: 'lo-progress-text' });
  line.node = el('div', { className: 'lo-progress', 'data-testid': 'progress-line', role: 'status', 'data-tool': tool, 'data-state': 'started' },
    [line.icon, line.text]);
  return line;
}

/** "Checking collateral... (tool)", then a tick or a cross, for the line's state. */
export function showProgress(line, tool) {
  var labels = TOOL_LABELS[tool] || ['Running ' + tool, tool + ' finished'];
  line.node.setAttribute('data-state', line.state);
  line.text.textContent = '';
  if (line.state === 'started') { line.icon.textContent = ''; line.text.appendChild(document.createTextNode(labels[0] + '\u2026')); }
  else if (line.state === 'completed') { line.icon.textContent = '\u2713'; line.text.appendChild(document.createTextNode(labels[1])); }
  else { line.icon.textContent = '\u2717'; line.text.appendChild(document.createTextNode(labels[0] + ' failed')); }
  line.text.appendChild(el('code', { className: 'lo-toolname', text: ' (' + tool + ')' }));
}

/** The trace id under an answer, linked to the trace UI when one is known (traceUrl has {traceId}). */
function traceLine(traceId, traceUrl) {
  var id = String(traceId);
  var code = el('code', { text: id });
  if (traceUrl && /^[0-9a-f]{32}$/.test(id)) {
    var link = el('a', { href: traceUrl.replace('{traceId}', id), target: '_blank', rel: 'noopener noreferrer',
      title: 'Open this answer\u2019s trace', 'data-testid': 'trace-link' }, [code]);
    return el('p', { className: 'lo-trace' }, ['Trace ', link]);
  }
  return el('p', { className: 'lo-trace' }, ['Trace ', code]);
}

/** An assistant_message frame as an answer bubble of the given conversation. */
export function answerBubble(f, conversationId, traceUrl) {
  var body = el('div', { className: 'lo-msg-text' });
  renderRichText(body, typeof f.text === 'string' ? f.text : '');
  var bubble = el('div', { className: 'lo-msg lo-msg--assistant', 'data-testid': 'msg-assistant', 'data-turn-id': f.turnId || null,
    'data-conversation-id': conversationId || null }, [
    el('span', { className: 'lo-visually-hidden', text: 'Assistant: ' }),
    body
  ]);
  var calls = Array.isArray(f.toolCalls) ? f.toolCalls : [];
  calls.forEach(function (call) {
    if (!call || typeof call !== 'object') return;
    var res = call.result !== undefined ? call.result : call.resultJson;
    var r = res !== undefined && res !== null ? renderResult(String(call.tool || ''), res) : null;
    if (r) bubble.appendChild(r);
    bubble.appendChild(renderToolDetails(call));
  });
  if (f.traceId) bubble.appendChild(traceLine(f.traceId, traceUrl));
  return bubble;
}

/** An error frame as a bubble: code, a plain sentence, the server's message; "Try again" when it may help. */
export function errorBubble(f, retry) {
  var code = String(f.code || 'INTERNAL');
  var sentence = ERROR_TEXT[code] || 'Something went wrong. Please try again.';
  var children = [
    el('span', { className: 'lo-visually-hidden', text: 'Error: ' }),
    el('span', { className: 'lo-error-code', text: code }),
    el('span', { className: 'lo-msg-text', text: sentence })
  ];
  if (f.message && typeof f.message === 'string' && f.message !== sentence) {
    children.push(el('span', { className: 'lo-error-detail', text: f.message }));
  }
  if (retry && RETRYABLE[code]) {
    children.push(el('button', { type: 'button', className: 'lo-link-btn', text: 'Try again', onclick: retry }));
  }
  return el('div', { className: 'lo-msg lo-msg--error', 'data-testid': 'msg-error', 'data-code': code }, children);
}
