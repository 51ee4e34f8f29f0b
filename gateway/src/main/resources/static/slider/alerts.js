// Proactive alerts (ADR 0016): a badge with the unread count on the header's Alerts button, and the
// list under the header, newest first, each alert once.
import { el } from './dom.js';

// clientMessageId prefix of the slider's own alert requests (list_alerts, subscribe_alerts)
var ALERTS_REQUEST = 'alerts-';
var ALERT_LABELS = {
  PAYMENT_LATE: 'Payment 30+ days late',
  LOAN_DEFAULTED: 'Loan defaulted',
  LTV_BREACH: 'LTV at or above 0.80',
  CREDIT_DROP: 'Credit score fell 50+'
};

/** A frame that answers one of the alert requests (a refusal of one is not a conversation error). */
export function answersAlertsRequest(f) {
  return typeof f.clientMessageId === 'string' && f.clientMessageId.indexOf(ALERTS_REQUEST) === 0;
}

/** The alert button (`button`) and list (`panel`); `isOpen` tells whether the slider panel is open. */
export function Alerts(panelId, isOpen) {
  var self = this;
  this.isOpen = isOpen;
  this.byId = {};            // alertId -> alert frame (live and listed ones, each once)
  this.newestAt = null;
  this.unread = 0;           // shown on the badge until the list is opened
  this.badge = el('span', { className: 'lo-alerts-badge', 'data-testid': 'alerts-badge', hidden: true, text: '0' });
  this.button = el('button', { type: 'button', className: 'lo-icon-btn lo-alerts-btn', 'data-testid': 'alerts-toggle',
    'aria-expanded': 'false', 'aria-controls': panelId, 'aria-label': 'Alerts', title: 'Alerts',
    onclick: function () { self.toggle(); } }, [el('span', { 'aria-hidden': 'true', text: 'Alerts' }), this.badge]);
  this.list = el('ul', { className: 'lo-alerts-list', 'data-testid': 'alerts-list' });
  this.empty = el('p', { className: 'lo-alerts-empty', text: 'No alerts.' });
  this.panel = el('section', { id: panelId, className: 'lo-alerts', 'data-testid': 'alerts-panel', hidden: true,
    'aria-label': 'Alerts' }, [this.empty, this.list]);
}

// On every (re)connect: an officer asks for the alerts raised since the newest one this sign-in has
// seen (all of them, the newest 50, on the first connect), so nothing raised while offline is missed;
// analysts subscribe to every alert. Live alerts may cross the list: both are kept once, by alertId.
// `roles` is null when unknown (a token provider's sign-in): it asks for the list.
Alerts.prototype.request = function (ws, roles) {
  var frame;
  if (roles && roles.indexOf('LOAN_OFFICER') < 0) {
    if (roles.indexOf('CREDIT_ANALYST') < 0 && roles.indexOf('ADMIN') < 0) return;
    frame = { type: 'subscribe_alerts', clientMessageId: ALERTS_REQUEST + 'subscribe' };
  } else {
    frame = { type: 'list_alerts', clientMessageId: ALERTS_REQUEST + 'list' };
    if (this.newestAt) frame.since = this.newestAt;
  }
  try { ws.send(JSON.stringify(frame)); } catch (e) { /* onclose follows */ }
};

Alerts.prototype.add = function (a) {
  if (!a || typeof a.alertId !== 'string' || this.byId[a.alertId]) return;
  this.byId[a.alertId] = a;
  if (typeof a.at === 'string' && (!this.newestAt || Date.parse(a.at) > Date.parse(this.newestAt))) this.newestAt = a.at;
  var when = new Date(a.at);
  var item = el('li', { className: 'lo-alert lo-alert--' + String(a.rule || '').toLowerCase(), 'data-testid': 'alert-item',
    'data-alert-id': a.alertId, 'data-rule': a.rule || '' }, [
    el('span', { className: 'lo-alert-rule', text: ALERT_LABELS[a.rule] || a.rule || 'Alert' }),
    el('time', { className: 'lo-alert-time', datetime: a.at || '', text: isNaN(when) ? '' : when.toLocaleString() }),
    el('p', { className: 'lo-alert-text', 'data-testid': 'alert-text', text: a.text || '' })
  ]);
  this.list.insertBefore(item, this.list.firstChild); // newest first
  this.empty.hidden = true;
  if (this.panel.hidden || !this.isOpen()) this.unread++;
  this.updateBadge();
};

Alerts.prototype.toggle = function () {
  var show = this.panel.hidden;
  this.panel.hidden = !show;
  this.button.setAttribute('aria-expanded', show ? 'true' : 'false');
  if (show) { this.unread = 0; this.updateBadge(); }
};

Alerts.prototype.updateBadge = function () {
  this.badge.textContent = String(this.unread);
  this.badge.hidden = this.unread === 0;
  this.button.setAttribute('aria-label', this.unread ? 'Alerts, ' + this.unread + ' unread' : 'Alerts');
};

// A new sign-in sees only its own alerts.
Alerts.prototype.clear = function () {
  this.byId = {};
  this.newestAt = null;
  this.unread = 0;
  while (this.list.firstChild) this.list.removeChild(this.list.firstChild);
  this.empty.hidden = false;
  this.updateBadge();
};
