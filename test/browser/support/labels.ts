/** Label rectangles of every rendered ECharts instance on a page, and the pairs that overlap. */
import type { Page } from 'playwright-core';

export interface LabelOverlap {
  readonly chart: string;
  readonly a: string;
  readonly b: string;
  /** Overlap in px: width × height. */
  readonly area: [number, number];
}

/**
 * Every pair of visible text elements of one chart whose boxes overlap by more than 1 px both
 * ways (zrender's display list: axis labels and names, series and marker labels, titles, visual
 * map labels). Legend entries are left out: a scrolling legend clips its overflow by design.
 */
export function labelOverlaps(page: Page): Promise<LabelOverlap[]> {
  return page.evaluate(`(function () {
    var out = [];
    document.querySelectorAll('.chart').forEach(function (el) {
      var c = echarts.getInstanceByDom(el);
      if (!c) return;
      var legendNames = {};
      (c.getOption().legend || []).forEach(function (l) { (l.data || []).forEach(function (d) { legendNames[typeof d === 'string' ? d : d.name] = 1; }); });
      c.getOption().series.forEach(function (s) { legendNames[s.name] = 1; });
      var rects = [];
      c.getZr().storage.getDisplayList(true).forEach(function (d) {
        if ((d.type !== 'text' && d.type !== 'tspan') || d.ignore || d.invisible || !d.style || d.style.text == null || d.style.text === '') return;
        var text = String(d.style.text);
        if (legendNames[text] || /^\\d+\\/\\d+$/.test(text)) return;
        var br = d.getBoundingRect().clone();
        if (d.transform) br.applyTransform(d.transform);
        if (br.width < 1 || br.height < 1) return;
        rects.push({ t: text.slice(0, 30), x: br.x, y: br.y, w: br.width, h: br.height });
      });
      for (var i = 0; i < rects.length; i++) for (var j = i + 1; j < rects.length; j++) {
        var a = rects[i], b = rects[j];
        var ox = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
        var oy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
        if (ox > 1 && oy > 1) out.push({ chart: el.id, a: a.t, b: b.t, area: [Math.round(ox), Math.round(oy)] });
      }
    });
    return out;
  })()`);
}
