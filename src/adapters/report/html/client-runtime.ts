/**
 * The browser side of every report page (plain ES2017, no dependencies beyond the ECharts global).
 * It reads the page's JSON payload, expands `$rows` column references into series data, turns
 * `$fn` references into tooltip/label formatters, draws each chart, keeps charts sized to the
 * window, and makes tables sortable. `window.__reportReady` becomes true once every chart has
 * finished rendering (tests wait for it). Everything is UTC.
 */
export const CLIENT_RUNTIME = String.raw`(function () {
  'use strict';
  // Where the page's time goes (ms since navigation start; the bench reads it): decoding the data,
  // building the options, ECharts' setOption, and ready (every chart finished drawing).
  var timing = window.__reportTiming = { start: performance.now(), decoded: 0, revive: 0, setOption: 0, ready: 0 };
  var payload = JSON.parse(document.getElementById('report-data').textContent);
  // Compact columns (compact-column.ts): evenly stepped ones as runs [first, step, count], other
  // integer ones (trade and signal times) as steps [first, unit, deltas], values packed as text.
  var DIGIT = new Int8Array(128);
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('').forEach(function (ch, i) { DIGIT[ch.charCodeAt(0)] = i; });
  // Items: the value (order 0), its change (order 1) or its change's change (order 2), '.' missing,
  // '~n' the item before n more times. With next (another column), each k is added to
  // round(next[i - 1] at this column's unit). A plain order-1 item takes the first, short path.
  function unpack(decimals, text, order, next) {
    var out = [], k = 0, step = 0, first = true, i = 0, n = text.length, up = decimals >= 0, scale = Math.pow(10, Math.abs(decimals));
    var item = null, times, b, c, z, mul;
    if (order === undefined) order = 1;
    while (i < n) {
      c = text.charCodeAt(i);
      times = 1;
      if (c === 126) { // '~'
        i++;
        z = 0; mul = 1;
        do { c = DIGIT[text.charCodeAt(i++)]; z += (c & 31) * mul; mul *= 32; } while (c & 32);
        times = z;
      } else if (c === 46) { item = null; i++; } // '.'
      else {
        z = 0; mul = 1;
        do { c = DIGIT[text.charCodeAt(i++)]; z += (c & 31) * mul; mul *= 32; } while (c & 32);
        item = z % 2 ? -(z + 1) / 2 : z / 2;
        if (order === 1 && !next) { k += item; out.push(up ? k / scale : k * scale); continue; }
      }
      for (; times > 0; times--) {
        if (item === null) { out.push(null); continue; }
        if (order === 0) k = item;
        else if (order === 2) { if (first) k = item; else { step += item; k += step; } }
        else k += item;
        first = false;
        b = next && out.length > 0 ? next[out.length - 1] : null;
        b = b === null || b === undefined ? 0 : Math.round(up ? b * scale : b / scale);
        out.push(up ? (k + b) / scale : (k + b) * scale);
      }
    }
    return out;
  }
  function expand(c) {
    if (!c || typeof c !== 'object' || Array.isArray(c)) return c;
    var out = [], i, v;
    if (c.$p) return unpack(c.$p[0], c.$p[1], c.$p[2]);
    if (c.$runs) { c.$runs.forEach(function (r) { for (var j = 0; j < r[2]; j++) out.push(r[0] + j * r[1]); }); return out; }
    if (c.$steps) { v = c.$steps[0]; out.push(v); for (i = 0; i < c.$steps[2].length; i++) { v += c.$steps[2][i] * c.$steps[1]; out.push(v); } return out; }
    return c;
  }
  // Columns and data the run's pages share (run-data.ts), from report-data.js beside the page.
  var runData = window.__backtesterRunData, runMissing = !!payload.run && !runData;
  if (payload.run && runData) {
    payload.run.columns.forEach(function (k) { payload.columns[k] = runData.columns[k]; });
    payload.run.data.forEach(function (k) { payload[k] = runData[k]; });
  }
  // Each column once, after the columns it is packed next to or derived from.
  var raw = runMissing ? {} : payload.columns || {}, cols = {};
  function column(k) {
    if (Object.prototype.hasOwnProperty.call(cols, k)) return cols[k];
    var c = raw[k], d = c && c.$from;
    if (d) cols[k] = derive(column(d[0]), d[1], d[2]);
    else if (c && c.$p && c.$p.length > 3) cols[k] = unpack(c.$p[0], c.$p[1], c.$p[2], column(c.$p[3]));
    else cols[k] = expand(c);
    return cols[k];
  }
  // Derived columns (columns.ts DerivedColumn) from their rounded base: base / init - 1, or base / running peak - 1.
  function derive(base, kind, init) {
    var peak = init, out = new Array(base.length);
    for (var i = 0; i < base.length; i++) {
      var e = base[i];
      if (e === null) { out[i] = null; continue; }
      if (kind === 'under') { if (e > peak) peak = e; out[i] = e / peak - 1; } else out[i] = e / init - 1;
    }
    return out;
  }
  Object.keys(raw).forEach(column);
  var trades = runMissing ? [] : tradeObjects(payload.trades);
  timing.decoded = performance.now();
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
  // The page's trade columns (trade-rows.ts tradeColumns) as one object per trade. The side letter
  // is upper case for a winning trade (pnl > 0 before rounding).
  function tradeObjects(c) {
    if (!c) return [];
    ['et', 'xt', 'ep', 'xp', 'u', 'fee', 'pnl', 'ret', 'sl', 'tp', 'lq', 'mae', 'mfe'].forEach(function (k) { c[k] = expand(c[k]); });
    var et = c.et, xt = c.xt, out = [];
    for (var i = 0; i < et.length; i++) {
      var why = c.reasons[c.why[i]], s = c.side.charAt(i), mae = c.mae[i];
      out.push({
        n: i + 1, side: s === 's' || s === 'S' ? 'short' : 'long', win: s === 'L' || s === 'S', open: why === 'end_open', why: why,
        et: et[i], xt: xt[i], d: xt[i] - et[i], h: (xt[i] - et[i]) / 3600000, ep: c.ep[i], xp: c.xp[i], u: c.u[i], fee: c.fee[i],
        pnl: c.pnl[i], ret: c.ret[i], sl: c.sl[i], tp: c.tp[i], lq: c.lq ? c.lq[i] : null, mae: mae, mfe: c.mfe[i], nmae: missing(mae) ? null : -mae
      });
    }
    return out;
  }
  function tradeHtml(t) {
    if (!t) return '';
    var pnlColor = t.win ? '#16a34a' : '#dc2626';
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
      if (o.$tradePoints) return tradePoints(o.$tradePoints);
      if (o.$signals) return signalPoints(o.$signals);
      var out = {};
      Object.keys(o).forEach(function (k) { out[k] = revive(o[k]); });
      return out;
    }
    return o;
  }
  // Lines-series segments from each trade's entry to its exit at the level trades[i][key] (columns.ts tradeLevels).
  function tradeLevels(key) {
    var out = [];
    trades.forEach(function (t) { var y = t[key]; if (!missing(y)) out.push({ coords: [[t.et, y], [t.xt, y]] }); });
    return out;
  }
  // Scatter points [t[x], t[y], index] of the trades of a set (columns.ts tradePoints).
  var tradeSets = {
    long: function (t) { return t.side === 'long'; },
    short: function (t) { return t.side === 'short'; },
    exitWin: function (t) { return !t.open && t.why !== 'liquidation' && t.win; },
    exitLoss: function (t) { return !t.open && t.why !== 'liquidation' && !t.win; },
    liquidation: function (t) { return !t.open && t.why === 'liquidation'; },
    open: function (t) { return t.open; },
    win: function (t) { return !t.open && t.win; },
    loss: function (t) { return !t.open && !t.win; }
  };
  function tradePoints(r) {
    var keep = tradeSets[r.of], out = [];
    trades.forEach(function (t, i) {
      if (!keep(t) || missing(t[r.x])) return;
      out.push([t[r.x], t[r.y], i]);
    });
    return out;
  }
  // Raw signals, per kind: times t (steps) and closes p (trade-markers.ts signalSeries).
  function signalPoints(kinds) {
    var out = [];
    kinds.forEach(function (k) {
      var p = expand(k.p);
      expand(k.t).forEach(function (x, i) { out.push({ value: [x, p[i]], name: k.name, itemStyle: { color: k.color } }); });
    });
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
  if (typeof echarts === 'undefined' || runMissing) {
    payload.charts.forEach(function (c) {
      var el = document.getElementById(c.id);
      el.className += ' chart-failed';
      el.textContent = runMissing
        ? 'The run\'s data did not load: keep report-data.js next to this file (the pages of one folder share it), or write the reports with --single-file.'
        : 'The charting library did not load: keep the assets folder (assets/echarts.min.js) next to this file, or write the reports with the library inlined.';
    });
    console.error(runMissing ? 'report-data.js is missing next to this page.' : 'ECharts is not loaded: assets/echarts.min.js is missing next to this page.');
    payload.charts = [];
    pending = 0;
  }
  // A series hidden at open (the legend's Signals) gets its data when first shown: ECharts
  // processes and progressively draws a hidden series' data too, which delayed the whole chart.
  function deferHidden(option) {
    var selected = (option.legend && option.legend.selected) || {}, later = null;
    (option.series || []).forEach(function (s, i) {
      if (selected[s.name] !== false || !Array.isArray(s.data) || !s.data.length) return;
      later = later || {};
      later[s.name] = { index: i, data: s.data };
      s.data = [];
    });
    return later;
  }
  function showLater(chart, later) {
    function shown(e) {
      Object.keys(later).forEach(function (name) {
        var d = later[name];
        if (!e.selected || !e.selected[name]) return;
        delete later[name];
        var series = [];
        for (var i = 0; i <= d.index; i++) series.push(i === d.index ? { data: d.data } : {});
        chart.setOption({ series: series });
      });
    }
    ['legendselectchanged', 'legendselected', 'legendselectall', 'legendinverseselect'].forEach(function (ev) { chart.on(ev, shown); });
  }
  function ready() { timing.ready = performance.now(); window.__reportReady = true; document.body.setAttribute('data-ready', 'true'); }
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
      var t0 = performance.now(), option = revive(c.option), t1 = performance.now();
      var later = deferHidden(option);
      chart.setOption(option);
      if (later) showLater(chart, later);
      timing.revive += t1 - t0;
      timing.setOption += performance.now() - t1;
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
  var tradeTable = document.getElementById('trade-table');
  if (tradeTable && tradeTable.getAttribute('data-page-size')) tradeList(tradeTable);
  // The trade list (trades-page.ts): rows built from the trade columns, a page at a time; a header
  // click sorts every trade by that column.
  function tradeList(table) {
    var size = +table.getAttribute('data-page-size'), page = 0, key = 'n', dir = 1;
    var order = trades.map(function (_, i) { return i; });
    var keys = ['n', 'side', 'et', 'xt', 'ep', 'xp', 'u', 'pnl', 'ret', 'fee', 'd', 'why', 'sl', 'tp'];
    var pager = document.getElementById('trade-pager');
    function sign(x) { return x > 0 ? ' class="pos"' : x < 0 ? ' class="neg"' : ''; }
    function row(t) {
      return '<tr><td>' + t.n + '</td><td class="text">' + t.side + '</td><td class="text">' + time(t.et) + '</td><td class="text">' + time(t.xt) + (t.open ? ' (last bar)' : '') +
        '</td><td>' + price(t.ep) + '</td><td>' + price(t.xp) + '</td><td>' + num(t.u, 6) + '</td><td' + sign(t.pnl) + '>' + num(t.pnl, 2) + '</td><td' + sign(t.ret) + '>' + pct(t.ret) +
        '</td><td>' + num(t.fee, 2) + '</td><td>' + dur(t.d) + '</td><td class="text">' + (t.open ? '<span class="badge open">open</span>' : esc(t.why)) +
        '</td><td>' + (missing(t.sl) ? DASH : price(t.sl)) + '</td><td>' + (missing(t.tp) ? DASH : price(t.tp)) + '</td></tr>';
    }
    function draw() {
      var pages = Math.max(1, Math.ceil(order.length / size));
      page = Math.min(Math.max(page, 0), pages - 1);
      table.tBodies[0].innerHTML = order.slice(page * size, (page + 1) * size).map(function (i) { return row(trades[i]); }).join('');
      if (!pager) return;
      pager.querySelector('[data-page-info]').textContent = 'Trades ' + (page * size + 1) + '\u2013' + Math.min(order.length, (page + 1) * size) + ' of ' + order.length;
      pager.querySelector('[data-page="prev"]').disabled = page === 0;
      pager.querySelector('[data-page="next"]').disabled = page >= pages - 1;
    }
    function value(t, k) { var v = t[k]; return k === 'why' && t.open ? 'open' : v; }
    Array.prototype.forEach.call(table.querySelectorAll('th'), function (th, c) {
      th.addEventListener('click', function () {
        dir = key === keys[c] ? -dir : 1;
        key = keys[c];
        th.setAttribute('data-dir', dir > 0 ? 'asc' : 'desc');
        order.sort(function (a, b) {
          var x = value(trades[a], key), y = value(trades[b], key);
          if (missing(x) || missing(y)) return missing(x) === missing(y) ? a - b : missing(x) ? 1 : -1;
          return (typeof x === 'number' ? x - y : String(x).localeCompare(String(y))) * dir || a - b;
        });
        page = 0;
        draw();
      });
    });
    if (pager) {
      pager.querySelector('[data-page="prev"]').addEventListener('click', function () { page--; draw(); });
      pager.querySelector('[data-page="next"]').addEventListener('click', function () { page++; draw(); });
    }
    draw();
  }
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
