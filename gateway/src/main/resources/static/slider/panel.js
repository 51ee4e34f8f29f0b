// The panel: header (status pill, alerts, close), connection banner, demo identity picker, the
// conversation log, quick prompts and the composer; opening, closing and focus. It wires the parts:
// identity -> connection -> conversation, reveals and alerts.
import { el } from './dom.js';
import { Alerts } from './alerts.js';
import { Conversation } from './conversation.js';
import { Identity } from './identity.js';
import { Reveals } from './pii.js';
import { Connection, MAX_CHARS } from './protocol.js';

var HERE = new URL(import.meta.url); // the slider's folder: its stylesheet and, by default, its gateway

var QUICK_PROMPTS = [
  'Is the collateral sufficient for loan L002?',
  'Which farmers are at high risk?',
  'Show me all active loans',
  'How would a 10% corn price drop hit our portfolio?',
  'Default risk for borrower B001'
];

var STATUS_TEXT = {
  connecting: 'Connecting',
  connected: 'Connected',
  reconnecting: 'Reconnecting',
  offline: 'Offline'
};

var OPENERS = '[data-slider-open],[data-testid="slider-open"]';

var current = null;

/** Mounts the slider (destroying the one mounted before) and returns its controller. */
export function mount(options) {
  options = options || {};
  if (current) current.destroy();
  var s = new Slider(options);
  current = s;
  return s.api;
}

function Slider(opts) {
  var self = this;
  var apiBase = opts.apiBase || HERE.origin;
  this.identity = new Identity(opts, apiBase);
  this.apiBase = apiBase;
  this.container = opts.container || document.body;
  this.status = 'offline';
  this.started = false;        // first open starts the connection
  this.destroyed = false;
  this.lastOpener = null;
  this.listeners = [];
  this.connection = new Connection(opts.wsUrl || defaultWsUrl(apiBase), this.identity, {
    status: function (status, bannerText) { self.setStatus(status, bannerText); },
    opened: function (ws, token) {
      self.setStatus('connected', '');
      if (self.reveals.needsPolicy()) self.reveals.loadPolicy(token);
      // After a reconnect (to any gateway instance), take the conversation up again: the gateway
      // answers with its history and delivers its pending replies to this socket.
      self.conversation.resume();
      self.alerts.request(ws, self.identity.roles());
      self.conversation.flush();
    },
    frame: function (f) { self.conversation.handle(f); },
    closed: function () { self.conversation.unsend(); }
  });

  injectCss();
  this.build();
  // a trace UI's address with {traceId} in it: the trace id under each answer links there
  if (typeof opts.traceUrl === 'string' && opts.traceUrl.indexOf('{traceId}') >= 0) this.conversation.traceUrl = opts.traceUrl;
  else if (this.identity.devLogin) this.loadDevTraceUrl();
  this.bindOpeners();
  this.setStatus('offline', navigator.onLine === false ? 'You are offline.' : 'Not connected yet.');

  this.on(window, 'online', function () { if (self.started && self.status !== 'connected') self.connection.reconnectNow(); });
  this.on(window, 'offline', function () { self.connection.drop(); });

  this.api = {
    open: function () { self.open(); },
    close: function () { self.close(); },
    toggle: function () { self.isOpen() ? self.close() : self.open(); },
    send: function (text) { return self.conversation.send(text); },
    destroy: function () { self.destroy(); },
    get status() { return self.status; },
    get conversationId() { return self.conversation.conversationId; },
    element: this.panel
  };
}

function defaultWsUrl(base) {
  var u = new URL('/ws/chat', base);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.toString();
}

function injectCss() {
  if (document.getElementById('lo-slider-css')) return;
  document.head.appendChild(el('link', { id: 'lo-slider-css', rel: 'stylesheet', href: new URL('slider.css', HERE).toString() }));
}

Slider.prototype.on = function (target, type, fn, opt) {
  target.addEventListener(type, fn, opt);
  this.listeners.push([target, type, fn, opt]);
};

Slider.prototype.build = function () {
  var self = this;
  var id = 'lo-slider-' + Math.random().toString(36).slice(2, 8);
  this.panelId = id;
  var contained = this.container !== document.body;

  this.statusPill = el('span', { className: 'lo-status lo-status--offline', 'data-testid': 'conn-status', 'data-status': 'offline', role: 'status', 'aria-label': 'Connection: offline' }, [
    el('span', { className: 'lo-status-dot', 'aria-hidden': 'true' }), el('span', { className: 'lo-status-text', text: 'Offline' })
  ]);
  this.closeBtn = el('button', { type: 'button', className: 'lo-icon-btn lo-close', 'aria-label': 'Close assistant', title: 'Close (Esc)', onclick: function () { self.close(); } }, [
    el('span', { 'aria-hidden': 'true', text: '\u00d7' })
  ]);
  this.alerts = new Alerts(id + '-alerts', function () { return self.isOpen(); });
  var header = el('header', { className: 'lo-header' }, [
    el('h2', { className: 'lo-title', id: id + '-title', text: 'Loan assistant' }),
    this.statusPill,
    this.alerts.button,
    this.closeBtn
  ]);

  // Connection banner: "Connection lost. Retrying in 4 s." + Retry now
  this.bannerText = el('span', { className: 'lo-banner-text' });
  this.retryBtn = el('button', { type: 'button', className: 'lo-link-btn', text: 'Retry now', onclick: function () { self.connection.reconnectNow(); } });
  this.banner = el('div', { className: 'lo-banner', hidden: true }, [this.bannerText, this.retryBtn]);

  var devBar = this.identity.devLogin ? this.identity.picker(id + '-identity', function () { self.switchIdentity(); }) : null;

  var log = el('div', { className: 'lo-log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-label': 'Conversation', tabindex: '0' });
  this.reveals = new Reveals(log, this.apiBase, this.identity);
  this.conversation = new Conversation(log, {
    connection: this.connection, reveals: this.reveals, alerts: this.alerts,
    connected: function () { return self.status === 'connected'; }
  });

  this.chips = el('div', { className: 'lo-chips', role: 'group', 'aria-label': 'Suggested questions' },
    QUICK_PROMPTS.map(function (p) {
      return el('button', { type: 'button', className: 'lo-chip', 'data-testid': 'chip', text: p, onclick: function () { self.conversation.send(p); } });
    }));

  this.input = el('textarea', {
    id: id + '-input', className: 'lo-input', rows: '2', maxlength: String(MAX_CHARS), 'data-testid': 'slider-input',
    placeholder: 'Ask about a loan, borrower or the portfolio\u2026', 'aria-describedby': id + '-hint ' + id + '-count'
  });
  this.counter = el('span', { id: id + '-count', className: 'lo-counter', 'aria-live': 'off', text: '0 / ' + MAX_CHARS.toLocaleString('en-US') });
  this.sendBtn = el('button', { type: 'submit', className: 'lo-send', 'data-testid': 'slider-send', text: 'Send' });
  this.form = el('form', { className: 'lo-composer', 'aria-label': 'Ask the assistant' }, [
    el('label', { className: 'lo-visually-hidden', for: id + '-input', text: 'Message to the loan assistant' }),
    this.input,
    el('div', { className: 'lo-composer-row' }, [
      el('span', { id: id + '-hint', className: 'lo-hint', text: 'Enter to send \u00b7 Shift+Enter for a new line' }),
      this.counter,
      this.sendBtn
    ])
  ]);
  this.form.addEventListener('submit', function (e) {
    e.preventDefault();
    if (self.conversation.send(self.input.value)) { self.input.value = ''; self.updateCounter(); }
  });
  this.input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      if (typeof self.form.requestSubmit === 'function') self.form.requestSubmit();
      else self.form.dispatchEvent(new Event('submit', { cancelable: true }));
    }
  });
  this.input.addEventListener('input', function () { self.updateCounter(); });

  this.panel = el('aside', {
    id: id, className: 'lo-slider' + (contained ? ' lo-slider--contained' : ''), role: 'dialog', 'aria-modal': 'false',
    'aria-labelledby': id + '-title', 'data-testid': 'slider-panel', 'aria-hidden': 'true'
  }, [header, this.banner, this.alerts.panel, devBar, log, this.chips, this.form]);
  this.panel.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' || e.key === 'Esc') { e.preventDefault(); e.stopPropagation(); self.close(); }
  });
  this.container.appendChild(this.panel);
  this.setComposerEnabled(false);
};

// Any element with data-slider-open (or data-testid="slider-open") opens the panel; if the page
// has none, a floating launcher is added.
Slider.prototype.bindOpeners = function () {
  var self = this;
  this.on(document, 'click', function (e) {
    var t = e.target && e.target.closest ? e.target.closest(OPENERS) : null;
    if (!t || self.panel.contains(t)) return;
    e.preventDefault();
    self.lastOpener = t;
    self.isOpen() ? self.close() : self.open();
  });
  if (!document.querySelectorAll(OPENERS).length) {
    this.launcher = el('button', { type: 'button', className: 'lo-launcher', 'data-testid': 'slider-open', 'data-slider-open': '', text: 'Ask the assistant' });
    document.body.appendChild(this.launcher);
  }
  this.syncOpeners();
};

Slider.prototype.syncOpeners = function () {
  var open = this.isOpen();
  var id = this.panelId;
  document.querySelectorAll(OPENERS).forEach(function (b) {
    b.setAttribute('aria-expanded', open ? 'true' : 'false');
    b.setAttribute('aria-controls', id);
  });
};

Slider.prototype.isOpen = function () { return this.panel.classList.contains('lo-open'); };

Slider.prototype.open = function () {
  if (this.destroyed) return;
  if (!this.lastOpener || !document.contains(this.lastOpener)) {
    var a = document.activeElement;
    this.lastOpener = a && a !== document.body && !this.panel.contains(a) ? a : null;
  }
  this.panel.classList.add('lo-open');
  this.panel.removeAttribute('aria-hidden');
  this.syncOpeners();
  if (!this.started) { this.started = true; this.connection.connect(); }
  else if (this.connection.idle) this.connection.reconnectNow();
  var self = this;
  // Focus the input when usable, else the close button, once the panel is visible.
  requestAnimationFrame(function () {
    var target = self.input.disabled ? self.closeBtn : self.input;
    target.focus({ preventScroll: true });
  });
};

Slider.prototype.close = function () {
  if (!this.isOpen()) return;
  var hadFocus = this.panel.contains(document.activeElement);
  this.panel.classList.remove('lo-open');
  this.panel.setAttribute('aria-hidden', 'true');
  this.syncOpeners();
  var opener = this.lastOpener && document.contains(this.lastOpener) ? this.lastOpener : document.querySelector(OPENERS);
  if (hadFocus && opener && typeof opener.focus === 'function') opener.focus();
};

Slider.prototype.destroy = function () {
  this.destroyed = true;
  this.reveals.stop(); // the panel element may outlive us (api.element): drop revealed values from it
  this.connection.stop();
  this.listeners.forEach(function (l) { l[0].removeEventListener(l[1], l[2], l[3]); });
  if (this.panel.parentNode) this.panel.parentNode.removeChild(this.panel);
  if (this.launcher && this.launcher.parentNode) this.launcher.parentNode.removeChild(this.launcher);
  if (current === this) current = null;
};

Slider.prototype.setStatus = function (status, bannerText) {
  this.status = status;
  this.statusPill.className = 'lo-status lo-status--' + status;
  this.statusPill.setAttribute('data-status', status);
  this.statusPill.setAttribute('aria-label', 'Connection: ' + STATUS_TEXT[status].toLowerCase());
  this.statusPill.querySelector('.lo-status-text').textContent = STATUS_TEXT[status];
  this.panel.setAttribute('data-conn', status);
  var showBanner = status === 'reconnecting' || (status === 'offline' && this.started);
  this.banner.hidden = !showBanner;
  if (bannerText !== undefined) this.bannerText.textContent = bannerText;
  this.retryBtn.hidden = status !== 'reconnecting' && status !== 'offline';
  this.setComposerEnabled(status === 'connected');
};

Slider.prototype.setComposerEnabled = function (on) {
  var hadFocus = document.activeElement === this.input || document.activeElement === this.sendBtn;
  this.input.disabled = !on;
  this.sendBtn.disabled = !on;
  this.chips.querySelectorAll('button').forEach(function (b) { b.disabled = !on; });
  if (!on && hadFocus && this.isOpen()) { this.closeBtn.focus(); this.focusParked = true; }
  if (on && this.focusParked && document.activeElement === this.closeBtn) this.input.focus();
  if (on) this.focusParked = false;
};

Slider.prototype.updateCounter = function () {
  var n = this.input.value.length;
  this.counter.textContent = n.toLocaleString('en-US') + ' / ' + MAX_CHARS.toLocaleString('en-US');
  this.counter.classList.toggle('lo-counter--warn', n > MAX_CHARS * 0.9);
  // grow with the text, up to the CSS max-height
  this.input.style.height = 'auto';
  this.input.style.height = Math.min(this.input.scrollHeight + 2, 160) + 'px';
};

/** Local profile only: where the run command's trace UI shows a trace (absent elsewhere: no link). */
Slider.prototype.loadDevTraceUrl = function () {
  var conversation = this.conversation;
  fetch(new URL('/api/dev/observability', this.apiBase).toString(), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (j) {
      if (j && typeof j.traceUrl === 'string' && j.traceUrl.indexOf('{traceId}') >= 0) conversation.traceUrl = j.traceUrl;
    })
    .catch(function () { /* no trace UI: the id stays plain text */ });
};

// New identity: new token, new socket, new conversation (a conversation belongs to its user).
Slider.prototype.switchIdentity = function () {
  this.conversation.reset();
  // Revealed values go, and the new sign-in's policy decides (its own answers only) once it arrives.
  this.reveals.reset();
  this.alerts.clear();
  this.conversation.note('Signed in as ' + this.identity.describe() + '. New conversation.');
  this.connection.restart();
};
