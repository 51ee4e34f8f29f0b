/*
 * LoanOfficer Assistant: the slider (slide-out chat panel) for the bank's dashboard.
 * Native ES modules (ES2020), no dependencies, no build step. Speaks WebSocket protocol v1 (see docs/slider.md).
 *
 * Embed:   <script type="module" src="/slider/slider.js" data-dev-login="true"></script>
 * or:      <script type="module">import { mount } from '/slider/slider.js'; mount({ tokenProvider, wsUrl, container });</script>
 *
 * Server text is only ever put in the page through textContent / DOM nodes, never innerHTML.
 */
import { formatValue } from './format.js';
import { mount } from './panel.js';
import { appendEmphasised } from './render.js';
import { renderResult } from './results.js';

export { mount };

if (!(window.LoanOfficerSlider && window.LoanOfficerSlider.version)) { // not loaded twice (e.g. from two URLs)
  window.LoanOfficerSlider = {
    version: '1.0.0',
    mount: mount,
    // exposed for tests and the docs
    _internals: { formatValue: formatValue, renderResult: renderResult, appendEmphasised: appendEmphasised }
  };
  autoMount();
}

// The script tag mounts the slider itself when it has data-dev-login or data-auto-mount.
function autoMount() {
  var tag = Array.prototype.find.call(document.querySelectorAll('script[src]'), function (s) { return s.src === import.meta.url; });
  if (!tag || !(tag.hasAttribute('data-dev-login') || tag.hasAttribute('data-auto-mount'))) return;
  var auto = function () {
    mount({
      devLogin: tag.getAttribute('data-dev-login') === 'true',
      wsUrl: tag.getAttribute('data-ws-url') || undefined,
      traceUrl: tag.getAttribute('data-trace-url') || undefined
    });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', auto, { once: true });
  else auto();
}
