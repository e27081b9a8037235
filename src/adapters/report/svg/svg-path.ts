/**
 * Polyline paths for the static picture, decimated by pixel column: for each column its lowest
 * and highest point in time order, so every spike and the envelope survive while a year of minute
 * bars becomes two points per pixel.
 */

/** Maps data to pixels. */
export interface Plot {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number; // pixel of `hi` (top)
  readonly y1: number; // pixel of `lo` (bottom)
  readonly t0: number;
  readonly t1: number;
  readonly lo: number;
  readonly hi: number;
}

export const px = (p: Plot, t: number): number => p.x0 + (p.t1 > p.t0 ? ((t - p.t0) / (p.t1 - p.t0)) * (p.x1 - p.x0) : 0);
export const py = (p: Plot, v: number): number => p.y1 - ((v - p.lo) / (p.hi - p.lo)) * (p.y1 - p.y0);
const f = (v: number): string => String(Math.round(v * 10) / 10);

/** The decimated points (pixel coordinates) of a series; NaN values break nothing, they are skipped. */
export function decimate(p: Plot, time: ArrayLike<number>, value: ArrayLike<number>): [number, number][] {
  const out: [number, number][] = [];
  let col = NaN;
  let low = -1, high = -1;
  const flush = () => {
    if (low < 0) return;
    for (const i of low === high ? [low] : low < high ? [low, high] : [high, low]) out.push([px(p, time[i]), py(p, value[i])]);
  };
  for (let i = 0; i < time.length; i++) {
    const v = value[i];
    if (!Number.isFinite(v)) continue;
    const c = Math.floor(px(p, time[i]));
    if (c !== col) {
      flush();
      col = c;
      low = high = i;
    }
    if (v < value[low]) low = i;
    if (v > value[high]) high = i;
  }
  flush();
  return out;
}

/** An SVG path `d` through the points. */
export function pathData(points: readonly [number, number][]): string {
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${f(x)} ${f(y)}`).join('');
}

/** The path closed down (or up) to the pixel row `base`: an area under a line. */
export function areaData(points: readonly [number, number][], base: number): string {
  if (points.length === 0) return '';
  return `${pathData(points)}L${f(points[points.length - 1][0])} ${f(base)}L${f(points[0][0])} ${f(base)}Z`;
}

export { f as fmtPx };
