/** Layout problems of a report page at its current width (issue 16 item 4). */
import type { Page } from 'playwright-core';

export interface LayoutProblem {
  readonly kind: 'orphan-tiles' | 'blank-cell' | 'empty-card';
  readonly where: string;
  readonly detail: string;
}

/**
 * - orphan-tiles: a row of metric tiles whose last line holds fewer than half the tiles of a full line;
 * - blank-cell: a multi-column grid whose last row leaves a cell empty;
 * - empty-card: a card whose content fills less than half its height (stretched by its row neighbour).
 */
export function layoutProblems(page: Page): Promise<LayoutProblem[]> {
  return page.evaluate(`(function () {
    var out = [];
    function where(el) { var h = el.closest('section, .card'); var t = h && h.querySelector('h2, h3'); return (el.id || el.className) + (t ? ' in "' + t.textContent.trim().slice(0, 40) + '"' : ''); }
    document.querySelectorAll('.tiles').forEach(function (g) {
      var tops = {};
      Array.prototype.forEach.call(g.children, function (c) { var t = Math.round(c.getBoundingClientRect().top); tops[t] = (tops[t] || 0) + 1; });
      var rows = Object.keys(tops).map(Number).sort(function (a, b) { return a - b; }).map(function (t) { return tops[t]; });
      if (rows.length > 1 && rows[rows.length - 1] * 2 < rows[0]) out.push({ kind: 'orphan-tiles', where: where(g), detail: 'rows of ' + rows.join(', ') });
    });
    document.querySelectorAll('.grid').forEach(function (g) {
      var cols = getComputedStyle(g).gridTemplateColumns.split(' ').filter(Boolean).length;
      if (cols < 2) return;
      var kids = Array.prototype.filter.call(g.children, function (c) { return c.getBoundingClientRect().height > 0; });
      var rows = {};
      kids.forEach(function (c) { var r = c.getBoundingClientRect(); var t = Math.round(r.top); rows[t] = (rows[t] || 0) + Math.round(r.width / (g.getBoundingClientRect().width / cols)); });
      Object.keys(rows).forEach(function (t) { if (rows[t] < cols) out.push({ kind: 'blank-cell', where: where(g), detail: rows[t] + ' of ' + cols + ' cells used in a row' }); });
      kids.forEach(function (c) {
        var box = c.getBoundingClientRect();
        var bottom = box.top;
        c.querySelectorAll('*').forEach(function (d) { var r = d.getBoundingClientRect(); if (r.height > 0 && r.bottom > bottom) bottom = r.bottom; });
        var used = bottom - box.top;
        if (box.height > 120 && used < box.height / 2) out.push({ kind: 'empty-card', where: where(c), detail: Math.round(used) + ' of ' + Math.round(box.height) + ' px used' });
      });
    });
    return out;
  })()`);
}
