/**
 * The browser side of every report page (plain ES2017, no dependencies beyond the ECharts global).
 * It reads the page's JSON payload, expands `$rows` column references into series data, turns
 * `$fn` references into tooltip/label formatters, draws each chart, keeps charts sized to the
 * window, and makes tables sortable. `window.__reportReady` becomes true once every chart has
 * finished rendering (tests wait for it). Everything is UTC.
 */
export const CLIENT_RUNTIME = String.raw`(function () {
  'use strict';
  var payload = JSON.parse(document.getElementById('report-data').textContent);
  var cols = payload.columns || {};
  // Evenly stepped columns (bar times) arrive as runs [first, step, count] (compact-column.ts).
  Object.keys(cols).forEach(function (k) {
    var c = cols[k];
    if (!c || !c.$runs) return;
    var out = [];
    c.$runs.forEach(function (r) { for (var i = 0; i < r[2]; i++) out.push(r[0] + i * r[1]); });
    cols[k] = out;
  });
  var trades = payload.trades || [];
  var DASH = '\u2014';
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function missing(x) { return x === null || x === undefined || x !== x; }
  function time(ms) {
    var d = new Date(ms);
    return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
  }
  function num(x, dg) {
    if (missing(x)) return DASH;
    if (!isFinite(x)) return x > 0 ? '\u221e' : '-\u221e';
    return x.toLocaleString('en-US', { minimumFractionDigits: dg, maximumFractionDigits: dg });
  }
  function pct(x, dg) { return missing(x) ? DASH : !isFinite(x) ? num(x, 0) : (x * 100).toFixed(dg === undefined ? 2 : dg) + '%'; }
  function signedPct(x) { return missing(x) ? DASH : (x > 0 ? '+' : '') + pct(x); }
  function price(x) { var a = Math.abs(x); return num(x, a >= 1000 ? 2 : a >= 1 ? 4 : 6); }
  function dur(ms) {
    if (missing(ms)) return DASH;
    var m = Math.round(ms / 60000), d = Math.floor(m / 1440), h = Math.floor((m % 1440) / 60), mi = m % 60;
    var s = (d ? d + 'd ' : '') + (h ? h + 'h ' : '') + (mi && !d ? mi + 'm' : '');
    return s.trim() || '0m';
  }
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
  function fmt(unit, v) {
    if (unit === 'pct') return pct(v);
    if (unit === 'price') return price(v);
    if (unit === 'count') return num(v, 0);
    if (unit === 'dur') return dur(v);
    return num(v, 2);
  }
  function axisPct(v) { var a = Math.abs(v); return (v * 100).toFixed(a === 0 || a >= 0.1 ? 0 : a >= 0.01 ? 1 : 2) + '%'; }
  function axisNum(v) {
    var a = Math.abs(v);
    if (a >= 1e6) return (v / 1e6).toFixed(2) + 'M';
    if (a >= 100 || v === Math.round(v)) return num(v, 0);
    return String(parseFloat(v.toPrecision(4)));
  }
  function tradeHtml(t) {
    if (!t) return '';
    var pnlColor = t.pnl > 0 ? '#16a34a' : '#dc2626';
    return '<b>Trade #' + t.n + '</b> \u00b7 ' + t.side + ' \u00b7 ' + (t.open ? 'open at the end (marked to the last close)' : 'exit: ' + t.why) +
      '<br>Entry ' + time(t.et) + ' @ ' + price(t.ep) +
      '<br>' + (t.open ? 'Last ' : 'Exit ') + time(t.xt) + ' @ ' + price(t.xp) +
      '<br>Units ' + num(t.u, 6) + ' \u00b7 fees ' + num(t.fee, 2) +
      '<br>P&amp;L <b style="color:' + pnlColor + '">' + (t.pnl > 0 ? '+' : '') + num(t.pnl, 2) + '</b> (' + signedPct(t.ret) + ') \u00b7 ' + dur(t.d) +
      (missing(t.sl) && missing(t.tp) ? '' : '<br>SL ' + (missing(t.sl) ? DASH : price(t.sl)) + ' \u00b7 TP ' + (missing(t.tp) ? DASH : price(t.tp))) +
      (missing(t.lq) ? '' : '<br>Liquidation price ' + price(t.lq)) +
      (missing(t.mae) ? '' : '<br>MAE ' + signedPct(t.mae) + ' \u00b7 MFE ' + signedPct(t.mfe));
  }
  function tradeOf(p) { var v = p && p.value; return Array.isArray(v) && v.length >= 3 ? trades[v[2]] : undefined; }
  var makers = {
    pct: function () { return axisPct; },
    num: function () { return axisNum; },
    time: function () { return time; },
    itemPct: function () { return function (p) { return pct(Array.isArray(p.value) ? p.value[1] : p.value, 1); }; },
    trade: function () { return function (p) { return tradeHtml(tradeOf(p)); }; },
    axis: function (d) {
      var units = d.units || {};
      return function (ps) {
        if (!Array.isArray(ps)) ps = [ps];
        if (!ps.length) return '';
        var p0 = ps[0];
        var head = p0.axisType === 'xAxis.time' ? time(p0.axisValue) : esc(p0.axisValueLabel);
        var rows = [];
        var seen = {};
        ps.forEach(function (p) {
          var v = p.value;
          var t = p.seriesType === 'scatter' ? tradeOf(p) : undefined;
          if (t) { if (!seen[t.n]) rows.push(p.marker + esc(p.seriesName) + '<br>' + tradeHtml(t)); seen[t.n] = 1; return; }
          if (p.seriesType === 'candlestick' && Array.isArray(v)) {
            rows.push(p.marker + 'O ' + price(v[1]) + ' H ' + price(v[4]) + ' L ' + price(v[3]) + ' C ' + price(v[2]));
            return;
          }
          var y = Array.isArray(v) ? v[1] : v;
          if (missing(y)) return;
          var label = esc(p.seriesName) + (p.seriesType === 'scatter' && p.name ? ' (' + esc(p.name) + ')' : '');
          rows.push(p.marker + label + ': <b>' + fmt(units[p.seriesName] || d.unit, y) + '</b>');
        });
        return head + '<br>' + rows.join('<br>');
      };
    },
    item: function (d) {
      return function (p) {
        var t = tradeOf(p);
        if (t) return tradeHtml(t);
        var v = Array.isArray(p.value) ? p.value[d.index === undefined ? 1 : d.index] : p.value;
        return esc(p.seriesName) + (p.name ? ' \u00b7 ' + esc(p.name) : '') + ': <b>' + fmt(d.unit, v) + '</b>';
      };
    },
    cell: function (d) {
      return function (p) {
        var v = p.value;
        return esc(d.y[v[1]]) + ' ' + esc(d.x[v[0]]) + ': <b>' + fmt(d.unit, v[2]) + '</b>';
      };
    },
    cellLabel: function (d) {
      return function (p) { return fmt(d.unit, p.value[2]); };
    },
    bins: function (d) {
      return function (ps) {
        if (!Array.isArray(ps)) ps = [ps];
        var i = ps[0].dataIndex;
        var lo = d.edges[i], hi = d.edges[i + 1];
        var rows = ps.map(function (p) { return p.marker + esc(p.seriesName) + ': <b>' + num(p.value, 0) + '</b>'; });
        return fmt(d.unit, lo) + ' to ' + fmt(d.unit, hi) + '<br>' + rows.join('<br>');
      };
    }
  };
  function revive(o) {
    if (Array.isArray(o)) return o.map(revive);
    if (o && typeof o === 'object') {
      if (Array.isArray(o.$rows)) return rows(o.$rows);
      if (typeof o.$fn === 'string') return makers[o.$fn](o);
      if (typeof o.$tradeLevels === 'string') return tradeLevels(o.$tradeLevels);
      var out = {};
      Object.keys(o).forEach(function (k) { out[k] = revive(o[k]); });
      return out;
    }
    return o;
  }
  // Mark-area segments from each trade's entry to its exit at the level trades[i][key] (columns.ts tradeLevels).
  function tradeLevels(key) {
    var out = [];
    trades.forEach(function (t) { var y = t[key]; if (!missing(y)) out.push([{ coord: [t.et, y] }, { coord: [t.xt, y] }]); });
    return out;
  }
  function rows(names) {
    var arrays = names.map(function (n) { return cols[n]; });
    var len = Math.min.apply(null, arrays.map(function (a) { return a.length; }));
    var k = arrays.length, out = new Array(len);
    for (var i = 0; i < len; i++) {
      var r = new Array(k);
      for (var j = 0; j < k; j++) r[j] = arrays[j][i];
      out[i] = r;
    }
    return out;
  }
  var charts = [];
  var pending = payload.charts.length;
  if (typeof echarts === 'undefined') {
    payload.charts.forEach(function (c) {
      var el = document.getElementById(c.id);
      el.className += ' chart-failed';
      el.textContent = 'The charting library did not load: keep the assets folder (assets/echarts.min.js) next to this file, or write the reports with the library inlined.';
    });
    console.error('ECharts is not loaded: assets/echarts.min.js is missing next to this page.');
    payload.charts = [];
    pending = 0;
  }
  function ready() { window.__reportReady = true; document.body.setAttribute('data-ready', 'true'); }
  window.__reportCharts = charts;
  payload.charts.forEach(function (c) {
    var el = document.getElementById(c.id);
    var finished = false;
    try {
      var chart = echarts.init(el, null, { renderer: 'canvas' });
      chart.on('finished', function () {
        if (finished) return;
        finished = true;
        if (--pending === 0) ready();
      });
      chart.setOption(revive(c.option));
      charts.push(chart);
    } catch (e) {
      el.className += ' chart-failed';
      el.textContent = 'This chart could not be drawn: ' + (e && e.message ? e.message : e);
      console.error('chart ' + c.id + ' failed:', e);
      if (!finished && --pending === 0) ready();
    }
  });
  if (pending === 0) ready();
  if (payload.connect && payload.connect.length > 1) {
    echarts.connect(payload.connect.map(function (id) { return echarts.getInstanceByDom(document.getElementById(id)); }).filter(Boolean));
  }
  var resizeTimer = 0;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 100);
  });
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    Array.prototype.forEach.call(table.querySelectorAll('th'), function (th, col) {
      th.addEventListener('click', function () {
        var body = table.tBodies[0];
        var dir = th.getAttribute('data-dir') === 'asc' ? -1 : 1;
        th.setAttribute('data-dir', dir > 0 ? 'asc' : 'desc');
        var list = Array.prototype.slice.call(body.rows);
        list.sort(function (a, b) {
          var x = a.cells[col].getAttribute('data-v'), y = b.cells[col].getAttribute('data-v');
          var nx = parseFloat(x), ny = parseFloat(y);
          if (!isNaN(nx) && !isNaN(ny)) return (nx - ny) * dir;
          return String(x).localeCompare(String(y)) * dir;
        });
        list.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
`;
