/**
 * The report page's own script (plain browser JavaScript, run after uPlot's): reads the data
 * from `<script id="report-data">`, draws every chart into its `<div data-chart>` and then sets
 * `document.body.dataset.charts` to the number drawn. No network access, no globals but uPlot.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var run = data.run;
  var base = data.baseline;
  var COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];
  var drawn = 0;
  // Ticks of a percentile plot: 0 %, 90 %, 99 %, 99.9 %, … (x = 1, 10, 100, … on the log scale of 1 / (1 − q)).
  function decades(u) {
    var out = [];
    for (var x = 1; x <= u.scales.x.max * 1.0001; x *= 10) out.push(x);
    return out;
  }
  function percentLabel(x) {
    if (x <= 1) return '0%';
    var digits = Math.round(Math.log10(x));
    return (100 * (1 - 1 / x)).toFixed(Math.max(0, digits - 2)) + '%';
  }
  function width(el) { return Math.max(320, Math.min(960, el.parentElement.clientWidth - 8)); }
  function ms(v) { return v == null ? '' : v >= 1000 ? (v / 1000).toPrecision(3) + ' s' : v.toPrecision(3) + ' ms'; }
  // gaps: an interval without a figure (null: no answer in it) breaks the line instead of being
  // bridged; the alignment holes of a joined baseline (undefined) are always bridged.
  function series(label, color, dashed, fmt, gaps) {
    return { label: label, stroke: color, width: 1.5, dash: dashed ? [6, 4] : undefined, spanGaps: !gaps, value: function (u, v) { return fmt ? fmt(v) : v == null ? '' : v; } };
  }
  // Several x/y tables on one x axis (this run and the baseline, or two curves), gaps as null.
  function join(tables) { return tables.length === 1 ? tables[0] : uPlot.join(tables); }
  function chart(id, title, tables, list, opts) {
    var el = document.getElementById(id);
    if (!el) return;
    var o = {
      title: title, width: width(el), height: 260, series: [{ label: opts && opts.xLabel || 's' }].concat(list),
      scales: { x: opts && opts.x || { time: false } }, axes: [opts && opts.xAxis || { label: 'seconds since start' }, { label: opts && opts.yLabel || '', size: 70, values: opts && opts.yValues }],
      legend: { live: true }
    };
    if (opts && opts.y) o.scales.y = opts.y;
    new uPlot(o, join(tables), el);
    el.dataset.drawn = 'true';
    drawn++;
  }
  function overTime(id, title, pick, label, yLabel, fmt) {
    var tables = [[run.t, pick(run)]];
    var list = [series(label, COLORS[0], false, fmt)];
    if (base) { tables.push([base.t, pick(base)]); list.push(series(label + ' (baseline)', COLORS[0], true, fmt)); }
    chart(id, title, tables, list, { yLabel: yLabel });
  }
  var cpTables = [[run.t, run.connected, run.booted]];
  var cpSeries = [series('connected', COLORS[0]), series('booted', COLORS[2])];
  if (base) { cpTables.push([base.t, base.connected, base.booted]); cpSeries.push(series('connected (baseline)', COLORS[0], true), series('booted (baseline)', COLORS[2], true)); }
  chart('chart-charge-points', 'Charge points connected and booted', cpTables, cpSeries, { yLabel: 'charge points' });
  overTime('chart-messages', 'Messages per second (sent + received)', function (r) { return r.messagesPerSec; }, 'messages/s', 'per second');
  data.actions.forEach(function (action, i) {
    var l = run.latency[action];
    if (l) {
      var tables = [[run.t, l.p50, l.p95, l.p99]];
      var list = [series('p50', COLORS[2], false, ms, true), series('p95', COLORS[3], false, ms, true), series('p99', COLORS[1], false, ms, true)];
      var b = base && base.latency[action];
      if (b) { tables.push([base.t, b.p99]); list.push(series('p99 (baseline)', COLORS[1], true, ms, true)); }
      chart('chart-latency-' + i, action + ': round trip p50 / p95 / p99 per interval', tables, list, { yLabel: 'ms' });
    }
    var d = run.distribution[action];
    if (d) {
      var curves = [[d.actual.map(function (p) { return p[0]; }), d.actual.map(function (p) { return p[1]; })]];
      var labels = [series('actual', COLORS[0], false, ms)];
      if (d.corrected) { curves.push([d.corrected.map(function (p) { return p[0]; }), d.corrected.map(function (p) { return p[1]; })]); labels.push(series('corrected (from the intended send time)', COLORS[1], false, ms)); }
      var bd = base && base.distribution[action];
      if (bd) { curves.push([bd.actual.map(function (p) { return p[0]; }), bd.actual.map(function (p) { return p[1]; })]); labels.push(series('actual (baseline)', COLORS[0], true, ms)); }
      chart('chart-distribution-' + i, action + ': latency by percentile', curves, labels, {
        xLabel: 'percentile', yLabel: 'ms',
        x: { time: false, distr: 3, log: 10 },
        xAxis: { label: 'percentile (log scale of 1 / (1 − q))', splits: decades, values: function (u, vals) { return vals.map(percentLabel); } }
      });
    }
  });
  var categories = Object.keys(run.errors);
  var errTables = [[run.t].concat(categories.map(function (c) { return run.errors[c]; }))];
  var errSeries = categories.map(function (c, i) { return series(c, COLORS[i % COLORS.length]); });
  if (categories.length === 0) { errTables = [[run.t, run.t.map(function () { return 0; })]]; errSeries = [series('errors', COLORS[1])]; }
  chart('chart-errors', 'Errors per interval by category', errTables, errSeries, { yLabel: 'errors' });
  document.body.dataset.charts = String(drawn);
})();
`;
