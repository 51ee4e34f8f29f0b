// Who the slider speaks for: the dashboard's token source, or (local profile) a demo identity that
// gets its token from /api/dev/token.
import { el } from './dom.js';

var DEV_IDENTITIES = [
  { userId: 'officer-1', roles: ['LOAN_OFFICER'] },
  { userId: 'officer-2', roles: ['LOAN_OFFICER'] },
  { userId: 'analyst-1', roles: ['CREDIT_ANALYST'] }
];

export function Identity(opts, apiBase) {
  this.tokenProvider = typeof opts.tokenProvider === 'function' ? opts.tokenProvider : null;
  this.devLogin = !!opts.devLogin && !this.tokenProvider;
  this.apiBase = apiBase;
  this.current = DEV_IDENTITIES[0];
}

Identity.prototype.hasTokenSource = function () { return this.devLogin || !!this.tokenProvider; };

/** The roles of a demo identity; null with a token provider (the slider cannot read its token). */
Identity.prototype.roles = function () { return this.devLogin ? this.current.roles : null; };

// Whose answers the current sign-in may reveal: a conversation belongs to the user who started it.
Identity.prototype.key = function () {
  return this.devLogin ? this.current.userId : 'token-provider';
};

Identity.prototype.describe = function () {
  return this.current.userId + ' (' + this.current.roles.join(', ') + ')';
};

/** A fresh token: asked of the token source on every connect and every reveal; null without one. */
Identity.prototype.token = function () {
  var self = this;
  if (this.tokenProvider) return Promise.resolve().then(function () { return self.tokenProvider(); });
  if (this.devLogin) {
    return fetch(new URL('/api/dev/token', this.apiBase).toString(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ userId: this.current.userId, roles: this.current.roles }),
      credentials: 'same-origin'
    }).then(function (r) {
      if (!r.ok) throw new Error('dev token request failed: HTTP ' + r.status);
      return r.json();
    }).then(function (j) {
      if (!j || typeof j.token !== 'string') throw new Error('dev token response has no token');
      return j.token;
    });
  }
  return Promise.resolve(null);
};

/** The demo identity picker (dev login only); onSwitch runs after the identity changed. */
Identity.prototype.picker = function (id, onSwitch) {
  var self = this;
  var select = el('select', { id: id, className: 'lo-select', 'data-testid': 'dev-identity' },
    DEV_IDENTITIES.map(function (idt, i) {
      return el('option', { value: String(i), text: idt.userId + ' \u00b7 ' + idt.roles.join(', ') });
    }));
  select.addEventListener('change', function () {
    self.current = DEV_IDENTITIES[Number(select.value)] || DEV_IDENTITIES[0];
    onSwitch();
  });
  return el('div', { className: 'lo-devbar' }, [
    el('label', { for: id, text: 'Demo identity (dev only)' }),
    select
  ]);
};
