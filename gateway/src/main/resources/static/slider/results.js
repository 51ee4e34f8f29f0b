// A tool's JSON result as a table (a list result) or a key/value table, and the "Details" disclosure
// of each tool call.
import { el } from './dom.js';
import { formatValue, humanize, toneOf } from './format.js';
import { appendWithTokens } from './pii.js';

// Arrays rendered as tables, in order of preference.
var LIST_KEYS = ['loans', 'payments', 'farmers', 'collateral', 'options', 'items', 'breakdown', 'factors', 'candidates'];
// Figures worth emphasising wherever they appear.
var KEY_FIGURES = {
  ltv: 1, sufficient: 1, reason: 1, risk_score: 1, risk_category: 1, risk_level: 1, risk_points: 1,
  estimated_impact: 1, impact_level: 1, exposure: 1, reliability: 1, on_time_percent: 1, recommended: 1,
  total_amount: 1, total_value: 1, total_collateral_value: 1, total_annual_cost: 1, count: 1,
  default_rate_percent: 1, new_monthly_payment: 1, late_count: 1
};
// In list tables only the decisive column of each row is emphasised, not every money figure.
var LIST_EMPHASIS = { risk_points: 1, estimated_impact: 1, new_monthly_payment: 1, risk_score: 1 };

function parseMaybeJson(v) {
  if (typeof v !== 'string') return v;
  try { return JSON.parse(v); } catch (e) { return v; }
}

function valueNode(key, value, emphasise) {
  if (Array.isArray(value) && value.length > 1) {
    return el('ul', { className: 'lo-cell-list' }, value.map(function (item) {
      return appendWithTokens(el('li'), formatValue(key, [item]));
    }));
  }
  var text = formatValue(key, value);
  var tone = toneOf(key, value);
  if (tone) return appendWithTokens(el('span', { className: 'lo-badge lo-badge--' + tone }), text);
  if (emphasise) return appendWithTokens(el('strong'), text);
  return appendWithTokens(document.createDocumentFragment(), text);
}

function findList(result) {
  for (var i = 0; i < LIST_KEYS.length; i++) {
    var arr = result[LIST_KEYS[i]];
    if (Array.isArray(arr) && arr.length && arr.every(function (x) { return x && typeof x === 'object' && !Array.isArray(x); })) {
      return LIST_KEYS[i];
    }
  }
  return null;
}

function columnsOf(rows) {
  var cols = [];
  rows.forEach(function (r) { Object.keys(r).forEach(function (k) { if (cols.indexOf(k) < 0) cols.push(k); }); });
  return cols;
}

function tableWrap(table, label) {
  // Scrollable region for narrow panels; focusable so keyboard users can scroll it.
  return el('div', { className: 'lo-table-wrap', tabindex: '0', role: 'region', 'aria-label': label }, [table]);
}

function renderListTable(toolName, result, listKey) {
  var rows = result[listKey];
  var cols = columnsOf(rows);
  var recommended = typeof result.recommended === 'string' ? result.recommended : null;
  var caption = humanize(listKey) + ' (' + rows.length + ')' + (toolName ? ' \u00b7 ' + toolName : '');
  var thead = el('thead', null, [el('tr', null, cols.map(function (c) {
    return el('th', { scope: 'col', text: humanize(c) });
  }))]);
  var tbody = el('tbody', null, rows.map(function (row) {
    var isRec = recommended && row.option === recommended;
    return el('tr', { className: isRec ? 'lo-row-recommended' : null }, cols.map(function (c, ci) {
      var cell = el(ci === 0 ? 'th' : 'td', ci === 0 ? { scope: 'row' } : null);
      cell.appendChild(valueNode(c, row[c], !!LIST_EMPHASIS[c]));
      if (isRec && ci === 0) cell.appendChild(el('span', { className: 'lo-badge lo-badge--ok lo-rec', text: 'Recommended' }));
      if (typeof row[c] === 'number') cell.className = 'lo-numcell';
      return cell;
    }));
  }));
  var table = el('table', { className: 'lo-table', 'data-testid': 'result-table', 'data-tool': toolName || null },
    [el('caption', { text: caption }), thead, tbody]);
  return tableWrap(table, caption);
}

function renderFigures(result, skip) {
  var keys = Object.keys(result).filter(function (k) {
    var v = result[k];
    return skip.indexOf(k) < 0 && k !== 'analysis_date' && (v === null || typeof v !== 'object' || !Array.isArray(v));
  });
  if (!keys.length) return null;
  return el('dl', { className: 'lo-figures' }, keys.map(function (k) {
    return el('div', { className: 'lo-figure' + (KEY_FIGURES[k] ? ' lo-figure--key' : '') }, [
      el('dt', { text: humanize(k) }),
      el('dd', null, [valueNode(k, result[k], !!KEY_FIGURES[k])])
    ]);
  }));
}

function renderKeyValueTable(toolName, result) {
  var keys = Object.keys(result);
  var caption = toolName ? 'Result \u00b7 ' + toolName : 'Result';
  var tbody = el('tbody', null, keys.map(function (k) {
    var isKey = !!KEY_FIGURES[k];
    return el('tr', { className: isKey ? 'lo-row-key' : null }, [
      el('th', { scope: 'row', text: humanize(k) }),
      el('td', { className: typeof result[k] === 'number' ? 'lo-numcell' : null }, [valueNode(k, result[k], isKey)])
    ]);
  }));
  var table = el('table', { className: 'lo-table lo-table--kv', 'data-testid': 'result-table', 'data-tool': toolName || null },
    [el('caption', { text: caption }), tbody]);
  return tableWrap(table, caption);
}

/** A tool result (object or JSON string) as tables; null when it is not an object. */
export function renderResult(toolName, result) {
  result = parseMaybeJson(result);
  if (!result || typeof result !== 'object' || Array.isArray(result)) return null;
  var box = el('div', { className: 'lo-result' });
  var listKey = findList(result);
  if (listKey) {
    // Scalars (count, totals, ltv ...) as a strip of figures above the table; other lists (e.g. a
    // restructuring option's sub-arrays) stay inside the table cells.
    var figures = renderFigures(result, [listKey]);
    if (figures) box.appendChild(figures);
    box.appendChild(renderListTable(toolName, result, listKey));
  } else {
    box.appendChild(renderKeyValueTable(toolName, result));
  }
  return box;
}

/** The "Details" disclosure of one tool call: its name, arguments and outcome. */
export function renderToolDetails(call) {
  var args = parseMaybeJson(call.arguments !== undefined ? call.arguments : call.argumentsJson);
  var outcome = call.outcome || 'unknown';
  var argText = args === undefined || args === null ? '(none)' :
    (typeof args === 'string' ? args : JSON.stringify(args, null, 2));
  var ok = String(outcome).toLowerCase() === 'ok';
  return el('details', { className: 'lo-details' }, [
    el('summary', null, [
      'Details: ',
      el('code', { text: String(call.tool || 'tool') }),
      ' ',
      el('span', { className: 'lo-badge lo-badge--' + (ok ? 'ok' : 'bad'), text: String(outcome) })
    ]),
    el('dl', { className: 'lo-details-body' }, [
      el('dt', { text: 'Tool' }), el('dd', null, [el('code', { text: String(call.tool || '') })]),
      el('dt', { text: 'Arguments' }), el('dd', null, [appendWithTokens(el('pre'), argText)]),
      el('dt', { text: 'Outcome' }), el('dd', { text: String(outcome) })
    ])
  ]);
}
