// WebSocket protocol v1 (docs/slider.md): the socket with its reconnect backoff and close codes, and
// the frames the slider sends, including `resume` after a reconnect and `resend` of unanswered questions.

export var MAX_CHARS = 2000;              // longest question the gateway accepts
var CLOSE_TOKEN_EXPIRED = 4401;           // the gateway closes a socket whose token expired
var CLOSE_IDLE = 4408;                    // ... and one that carried no frame for its idle timeout
var BACKOFF_BASE_MS = 1000;
var BACKOFF_MAX_MS = 30000;

/** Takes the conversation up again on a new socket (to any gateway instance). */
export function resumeFrame(conversationId) {
  return { type: 'resume', conversationId: conversationId };
}

/**
 * A question. Sent before on a socket that went, it may have been accepted already: it goes again
 * with the same clientMessageId and `resend`, and the gateway makes it one turn.
 */
export function userMessageFrame(turn, conversationId, noticeAcknowledged) {
  var frame = { type: 'user_message', clientMessageId: turn.clientMessageId, text: turn.text };
  if (noticeAcknowledged) frame.noticeAcknowledged = true;
  if (conversationId) frame.conversationId = conversationId;
  if (turn.everSent && conversationId) frame.resend = true;
  return frame;
}

/**
 * One socket at a time to wsUrl, with a fresh token from `identity` on each connect. `events`:
 * status(status, bannerText) for the status pill and banner, opened(ws, token), frame(parsed frame),
 * closed() when a socket went.
 */
export function Connection(wsUrl, identity, events) {
  this.wsUrl = wsUrl;
  this.identity = identity;
  this.events = events;
  this.ws = null;
  this.attempt = 0;
  this.reconnectTimer = null;
  this.countdownTimer = null;
  this.seq = 0;           // bumps on each connect; stale sockets are ignored
  this.idle = false;      // closed for inactivity: stays closed until the officer comes back
  this.stopped = false;
}

Connection.prototype.isOpen = function () { return !!this.ws && this.ws.readyState === 1; };

/** Sends a frame on the open socket; throws like WebSocket#send. */
Connection.prototype.send = function (frame) { this.ws.send(JSON.stringify(frame)); };

Connection.prototype.clearTimers = function () {
  clearTimeout(this.reconnectTimer); this.reconnectTimer = null;
  clearInterval(this.countdownTimer); this.countdownTimer = null;
};

Connection.prototype.connect = function () {
  var self = this;
  var events = this.events;
  if (this.stopped) return;
  this.clearTimers();
  var seq = ++this.seq;
  if (navigator.onLine === false) {
    events.status('offline', 'You are offline. The assistant reconnects when the network is back.');
    return;
  }
  events.status(this.attempt === 0 ? 'connecting' : 'reconnecting', this.attempt === 0 ? undefined : 'Reconnecting\u2026');
  this.identity.token().then(function (token) {
    if (seq !== self.seq) return;
    if (!token && !self.identity.hasTokenSource()) {
      events.status('offline', 'Sign-in required: the dashboard provides no token.');
      return;
    }
    var url = new URL(self.wsUrl, document.baseURI);
    if (token) url.searchParams.set('access_token', token);
    var ws = new WebSocket(url.toString());
    self.ws = ws;
    var opened = false;
    ws.onopen = function () {
      if (seq !== self.seq) { ws.close(); return; }
      opened = true;
      self.attempt = 0;
      events.opened(ws, token);
    };
    ws.onmessage = function (ev) {
      if (seq !== self.seq) return;
      var frame;
      try { frame = JSON.parse(ev.data); } catch (e) { return; }
      if (frame && typeof frame === 'object') events.frame(frame);
    };
    ws.onclose = function (ev) {
      if (seq !== self.seq) return;
      self.ws = null;
      events.closed();
      if (ev && ev.code === CLOSE_TOKEN_EXPIRED) {
        // The token ran out: connect again at once with a fresh one from the token source.
        self.attempt = 0;
        self.connect();
        return;
      }
      if (ev && ev.code === CLOSE_IDLE) {
        // Closed for inactivity: stay closed until the officer comes back to the panel.
        self.idle = true;
        events.status('offline', 'Disconnected after a while without activity.');
        return;
      }
      self.scheduleReconnect(opened ? 'Connection lost.' : 'Could not connect.');
    };
    ws.onerror = function () { /* onclose follows */ };
  }).catch(function (err) {
    if (seq !== self.seq) return;
    self.scheduleReconnect('Sign-in failed.');
    if (window.console) console.warn('[LoanOfficerSlider]', err && err.message ? err.message : err);
  });
};

// Backoff 1, 2, 4, 8, 16, then 30 s, with a countdown in the banner.
Connection.prototype.scheduleReconnect = function (why) {
  var self = this;
  if (this.stopped) return;
  if (navigator.onLine === false) {
    this.events.status('offline', 'You are offline. The assistant reconnects when the network is back.');
    return;
  }
  var wait = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * Math.pow(2, this.attempt));
  this.attempt++;
  var until = Date.now() + wait;
  var tick = function () {
    var s = Math.max(1, Math.ceil((until - Date.now()) / 1000));
    self.events.status('reconnecting', why + ' Retrying in ' + s + ' s.');
  };
  tick();
  this.countdownTimer = setInterval(tick, 1000);
  this.reconnectTimer = setTimeout(function () { self.connect(); }, wait);
};

Connection.prototype.reconnectNow = function () {
  this.idle = false;
  this.clearTimers();
  if (this.ws) { var ws = this.ws; this.ws = null; this.seq++; try { ws.close(); } catch (e) { /* ignore */ } }
  this.connect();
};

/** A new sign-in: the next connect is a first one (no backoff), right now. */
Connection.prototype.restart = function () {
  this.attempt = 0;
  this.reconnectNow();
};

/** The browser went offline: the socket goes, and its close handler reports it. */
Connection.prototype.drop = function () {
  if (this.ws) try { this.ws.close(); } catch (e) { /* ignore */ }
};

Connection.prototype.stop = function () {
  this.stopped = true;
  this.clearTimers();
  this.seq++;
  if (this.ws) try { this.ws.close(1000, 'destroyed'); } catch (e) { /* ignore */ }
};
