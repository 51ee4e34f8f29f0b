// Tool result values as text: money, rates, percentages, ratios, Yes/No, and a tone for status words.

var HEADER_OVERRIDES = {
  ltv: 'LTV', loan_id: 'Loan', borrower_id: 'Borrower', borrower_name: 'Name', payment_id: 'Payment',
  collateral_id: 'Collateral', equipment_id: 'Equipment', interest_rate: 'Rate', term_months: 'Term (mo)',
  new_term_months: 'New term (mo)', remaining_months: 'Remaining (mo)', loan_amount: 'Amount',
  days_late: 'Days late', risk_points: 'Points', on_time_percent: 'On time', default_rate_percent: 'Default rate',
  price_change_percent: 'Price change', total_interest_change: 'Interest change (total)', dti: 'DTI'
};

var MONEY_RE = /(^|_)(amount|value|balance|payment|exposure|impact|cost|costs|income|change|price)$/;
var RATE_RE = /(^|_)rate$/;

/** A field name as a column or row header: loan_amount -> Amount, days_overdue -> Days overdue. */
export function humanize(key) {
  if (HEADER_OVERRIDES[key]) return HEADER_OVERRIDES[key];
  var s = String(key).replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A value formatted by its field name. */
export function formatValue(key, value) {
  if (value === null || value === undefined) return '\u2014';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) {
    return value.map(function (v) {
      if (v && typeof v === 'object') {
        if ('factor' in v && 'points' in v) return v.factor + ' (' + v.points + ')';
        return Object.keys(v).map(function (k) { return humanize(k) + ': ' + formatValue(k, v[k]); }).join(', ');
      }
      return String(v);
    }).join('; ');
  }
  if (typeof value === 'object') {
    return Object.keys(value).map(function (k) { return k + ': ' + formatValue(k, value[k]); }).join(', ');
  }
  if (typeof value === 'number') {
    var k = String(key);
    if (k === 'price_change_percent') return (value > 0 ? '+' : '') + value + '%';
    if (/percent$/.test(k)) return value.toLocaleString('en-US', { maximumFractionDigits: 2 }) + '%';
    if (RATE_RE.test(k)) return value.toFixed(2) + '%';
    if (/(percent_change|_months|_days|days_late|age|year|count|points|score)$/.test(k) || k === 'farm_size') {
      return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
    }
    if (MONEY_RE.test(k)) {
      var money = Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      return (value < 0 ? '\u2212$' : (/change$/.test(k) && value > 0 ? '+$' : '$')) + money;
    }
    if (k === 'ltv' || /ratio$/.test(k)) return value.toFixed(2);
    return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
  }
  return String(value);
}

/** A status-like value gets a badge tone: bad / warn / ok (null: no badge). */
export function toneOf(key, value) {
  if (key === 'sufficient' || key === 'adverse') {
    if (typeof value !== 'boolean') return null;
    return (key === 'sufficient') === value ? 'ok' : 'bad';
  }
  if (typeof value !== 'string') return null;
  var v = value.toLowerCase();
  if (/^(high|very high|late|defaulted|poor|needs improvement|no_collateral|ltv_at_or_above_0\.80)$/.test(v)) return 'bad';
  if (/^(medium-high|medium|moderate|fair|pending)$/.test(v)) return 'warn';
  if (/^(low|very low|minimal|on time|active|excellent|good|ok|ltv_below_0\.80)$/.test(v)) return 'ok';
  return null;
}
