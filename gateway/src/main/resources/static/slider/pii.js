// Masked personal data: tokens become chips; chips of a kind the sign-in may reveal become buttons
// that ask the gateway for the value (each reveal is recorded in its audit trail).
import { el } from './dom.js';

// Personal data reaches the page only as per-conversation tokens; revealable ones become chips.
// `[EMAIL_REDACTED]` markers (no hex suffix) match nothing here and stay plain text.
var PII_TOKEN_RE = /\[(EMAIL|PHONE|ADDRESS|TAX_ID|SSN|CARD_NUMBER|ACCOUNT_NUMBER|ROUTING_NUMBER)_[0-9a-f]{6}\]/g;
var PII_LABELS = {
  EMAIL: 'email', PHONE: 'phone', ADDRESS: 'address', TAX_ID: 'tax ID', SSN: 'SSN',
  CARD_NUMBER: 'card number', ACCOUNT_NUMBER: 'account number', ROUTING_NUMBER: 'routing number'
};
var PII_AUDIT_TITLE = 'This reveal was recorded in the audit trail';
// reveal failure -> [data-state, short text]
var PII_ERRORS = {
  FORBIDDEN: ['forbidden', 'Not permitted for your role'],
  NOT_FOUND: ['not-found', 'Not found'],
  RATE_LIMITED: ['rate-limited', 'Too many reveals, try later'],
  UNAVAILABLE: ['unavailable', 'Reveal unavailable'],
  UNAUTHENTICATED: ['error', 'Sign-in expired, try again'],
  ERROR: ['error', 'Could not reveal']
};
var PII_STATUS_CODES = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 429: 'RATE_LIMITED', 503: 'UNAVAILABLE' };

/** What a kind is called on a chip and in the redaction note: SSN, tax ID, email ... */
export function piiLabel(kind) {
  return PII_LABELS[kind] || kind.toLowerCase();
}

// A masked value. It starts inert ("pending"); Reveals#activate turns it into a reveal button
// or a plain masked label once the caller's reveal policy is known.
function piiChip(token, kind, mode, title) {
  var label = piiLabel(kind);
  var attrs = { className: 'lo-pii lo-pii--' + mode, 'data-testid': 'pii-token', 'data-pii-token': token, 'data-pii-kind': kind };
  var children = [
    el('span', { className: 'lo-pii-icon', 'aria-hidden': 'true' }),
    el('span', { className: 'lo-visually-hidden', text: 'masked ' }),
    el('span', { className: 'lo-pii-label', text: label }),
    el('span', { className: 'lo-pii-dots', 'aria-hidden': 'true', text: '\u2022\u2022\u2022' })
  ];
  if (mode === 'revealable') {
    attrs.type = 'button';
    attrs['data-revealable'] = 'true';
    attrs['aria-label'] = 'Reveal ' + label + ' (recorded in the audit trail)';
    attrs.title = 'Reveal ' + label + ' \u00b7 recorded in the audit trail';
    return el('button', attrs, children);
  }
  if (mode === 'masked') attrs['data-revealable'] = 'false';
  attrs.title = title || (mode === 'pending' ? 'Masked ' + label + ' (checking whether you may reveal it)' : 'Masked ' + label);
  return el('span', attrs, children);
}

/** Appends text, turning every PII token into a chip; the rest goes through `plain` (a text node by default). */
export function appendWithTokens(parent, text, plain) {
  text = String(text);
  var last = 0;
  PII_TOKEN_RE.lastIndex = 0;
  var m;
  var add = plain || function (p, t) { p.appendChild(document.createTextNode(t)); };
  while ((m = PII_TOKEN_RE.exec(text)) !== null) {
    if (m.index > last) add(parent, text.slice(last, m.index));
    parent.appendChild(piiChip(m[0], m[1], 'pending'));
    last = m.index + m[0].length;
  }
  if (last < text.length) add(parent, text.slice(last));
  return parent;
}

/**
 * The chips of one conversation log and the sign-in's reveal policy. `identity` gives the token for
 * each call and the key of the sign-in that owns an answer (only it may reveal there).
 */
export function Reveals(log, apiBase, identity) {
  var self = this;
  this.log = log;
  this.apiBase = apiBase;
  this.identity = identity;
  this.policy = null;       // kinds this sign-in may reveal ({EMAIL: true}); null until /api/pii/policy answered
  this.policyRetry = false; // the last policy call failed: ask again on the next connect
  this.seq = 0;             // bumps on identity switch / stop; late policy and reveal answers are dropped
  this.stopped = false;
  // One listener for every reveal chip, including those added later (Enter/Space click a button too).
  log.addEventListener('click', function (e) {
    var chip = e.target && e.target.closest ? e.target.closest('button[data-testid="pii-token"]') : null;
    if (chip && self.log.contains(chip)) self.reveal(chip);
  });
}

Reveals.prototype.needsPolicy = function () { return !this.policy || this.policyRetry; };

/** An answer of the current sign-in: its chips follow the policy. */
Reveals.prototype.adopt = function (bubble) {
  bubble.loOwner = this.identity.key();
  this.activate(bubble);
};

/** A new sign-in: revealed values go, and its policy decides (its own answers only) once it arrives. */
Reveals.prototype.reset = function () {
  this.policy = null;
  this.remaskAll();
  this.activate(this.log);
};

/** The panel goes (its element may outlive it): revealed values are dropped, late answers ignored. */
Reveals.prototype.stop = function () {
  this.stopped = true;
  this.remaskAll();
};

Reveals.prototype.request = function (method, path, token, body) {
  var headers = { Accept: 'application/json' };
  if (token) headers.Authorization = 'Bearer ' + token;
  if (body) headers['Content-Type'] = 'application/json';
  return fetch(new URL(path, this.apiBase).toString(), {
    method: method, headers: headers, body: body ? JSON.stringify(body) : undefined,
    credentials: 'same-origin', cache: 'no-store'
  }).then(function (r) {
    return r.json().catch(function () { return null; }).then(function (j) { return { status: r.status, ok: r.ok, body: j }; });
  });
};

// Once per sign-in, with the token the socket was opened with. Any failure: nothing is revealable.
Reveals.prototype.loadPolicy = function (token) {
  var self = this;
  var seq = this.seq;
  this.request('GET', '/api/pii/policy', token, null).then(function (res) {
    if (!res.ok || !res.body || !Array.isArray(res.body.revealable)) throw new Error('pii policy: HTTP ' + res.status);
    return res.body.revealable;
  }).then(function (kinds) { return [kinds, false]; }, function (err) {
    if (window.console) console.warn('[LoanOfficerSlider]', err && err.message ? err.message : err);
    return [[], true];
  }).then(function (r) {
    if (seq !== self.seq || self.stopped) return;
    var policy = {};
    r[0].forEach(function (k) { if (typeof k === 'string') policy[k] = true; });
    self.policy = policy;
    self.policyRetry = r[1];
    self.activate(self.log);
  });
};

// Brings every chip under root in line with the policy: a reveal button, a masked label, or pending.
Reveals.prototype.activate = function (root) {
  var self = this;
  var owner = this.identity.key();
  root.querySelectorAll('[data-testid="pii-token"]').forEach(function (chip) {
    var kind = chip.getAttribute('data-pii-kind');
    var msg = chip.closest('[data-testid="msg-assistant"]');
    var mode = 'pending';
    var title = null;
    if (!msg || !msg.getAttribute('data-conversation-id')) { mode = 'masked'; title = 'Masked: not part of a conversation'; }
    else if (msg.loOwner !== owner) { mode = 'masked'; title = 'Masked: this answer belongs to another sign-in'; }
    else if (self.policy && self.policy[kind]) mode = 'revealable';
    else if (self.policy) { mode = 'masked'; title = 'Masked: your role cannot reveal this'; }
    var now = chip.getAttribute('data-revealable');
    var was = now === 'true' ? 'revealable' : (now === 'false' ? 'masked' : 'pending');
    if (was === mode && (title === null || chip.title === title)) return; // keeps a failed reveal's state
    replaceChip(chip, piiChip(chip.getAttribute('data-pii-token'), kind, mode, title));
  });
};

function replaceChip(chip, node, focusTarget) {
  var hadFocus = document.activeElement === chip;
  var note = chip.nextSibling;
  if (note && note.classList && note.classList.contains('lo-pii-msg')) note.parentNode.removeChild(note);
  chip.replaceWith(node);
  var target = focusTarget || node;
  if (hadFocus && typeof target.focus === 'function') target.focus({ preventScroll: true });
}

// Masks every revealed value again (and clears failed states): identity switch and stop.
Reveals.prototype.remaskAll = function () {
  this.seq++;
  this.log.querySelectorAll('.lo-pii-shown, [data-testid="pii-token"]').forEach(function (node) {
    var src = node.classList.contains('lo-pii-shown') ? node.querySelector('[data-testid="pii-revealed"]') : node;
    replaceChip(node, piiChip(src.getAttribute('data-pii-token'), src.getAttribute('data-pii-kind'), 'pending'));
  });
};

Reveals.prototype.reveal = function (chip) {
  var self = this;
  if (chip.getAttribute('data-state') === 'pending') return; // one request at a time per chip
  var msg = chip.closest('[data-testid="msg-assistant"]');
  var conversationId = msg && msg.getAttribute('data-conversation-id');
  var token = chip.getAttribute('data-pii-token');
  if (!conversationId || !token) return;
  var seq = this.seq;
  var stale = function () { return seq !== self.seq || self.stopped || !chip.isConnected; };
  var note = chip.nextSibling;
  if (note && note.classList && note.classList.contains('lo-pii-msg')) note.parentNode.removeChild(note);
  chip.setAttribute('data-state', 'pending');
  chip.setAttribute('aria-busy', 'true');
  // A fresh token per reveal: the socket's may have expired since it was opened.
  this.identity.token().then(function (jwt) {
    return self.request('POST', '/api/pii/reveal', jwt, { conversationId: conversationId, token: token });
  }).then(function (res) {
    if (stale()) return;
    var b = res.body || {};
    if (res.ok && typeof b.value === 'string' && (!b.token || b.token === token)) { showRevealed(chip, b.value); return; }
    var code = PII_STATUS_CODES[res.status] || (PII_ERRORS[b.code] ? b.code : 'ERROR');
    revealFailed(chip, code);
  }, function () {
    if (!stale()) revealFailed(chip, 'UNAVAILABLE');
  });
};

// The value only ever lives in this DOM node: never in storage, gone on identity switch and stop.
function showRevealed(chip, value) {
  var shown = el('span', { className: 'lo-pii-revealed', 'data-testid': 'pii-revealed', tabindex: '-1',
    'data-pii-token': chip.getAttribute('data-pii-token'), 'data-pii-kind': chip.getAttribute('data-pii-kind') }, [value]);
  var wrap = el('span', { className: 'lo-pii-shown' }, [
    shown,
    el('span', { className: 'lo-pii-audit', title: PII_AUDIT_TITLE, text: 'audited' })
  ]);
  // Inserted into the conversation log, whose polite live region announces it.
  replaceChip(chip, wrap, shown);
}

function revealFailed(chip, code) {
  var e = PII_ERRORS[code] || PII_ERRORS.ERROR;
  chip.setAttribute('data-state', e[0]);
  chip.removeAttribute('aria-busy');
  chip.parentNode.insertBefore(el('span', { className: 'lo-pii-msg', 'data-testid': 'pii-reveal-error', text: e[1] }), chip.nextSibling);
}
