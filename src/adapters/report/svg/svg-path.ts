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

/** The pixel column of each bar (`floor(px)`), the same for every series over the same time axis: worked out once. */
export function pixelColumns(p: Plot, time: ArrayLike<number>): Int32Array {
  const out = new Int32Array(time.length);
  const x0 = p.x0, t0 = p.t0, span = p.t1 - p.t0, width = p.x1 - p.x0;
  if (!(p.t1 > p.t0)) return out.fill(Math.floor(x0));
  for (let i = 0; i < out.length; i++) out[i] = Math.floor(x0 + ((time[i] - t0) / span) * width);
  return out;
}

/**
 * The decimated points (pixel coordinates) of a series; NaN values break nothing, they are skipped.
 * Per pixel column (`columns`, pixelColumns of the same plot's time axis) its lowest and highest
 * point, in time order. No call per bar: a cold process runs this loop in V8's interpreter first.
 */
export function decimate(p: Plot, time: ArrayLike<number>, value: ArrayLike<number>, columns: Int32Array = pixelColumns(p, time)): [number, number][] {
  const out: [number, number][] = [];
  let col = NaN;
  let low = -1, high = -1;
  for (let i = 0; i <= time.length; i++) {
    let c = NaN; // past the last bar: ends the last column
    if (i < time.length) {
      const v = value[i];
      if (!(v - v === 0)) continue; // not finite
      c = columns[i];
      if (c === col) {
        if (v < value[low]) low = i;
        else if (v > value[high]) high = i;
        continue;
      }
    }
    if (low >= 0) {
      const a = low < high ? low : high, b = low < high ? high : low;
      out.push([px(p, time[a]), py(p, value[a])]);
      if (b !== a) out.push([px(p, time[b]), py(p, value[b])]);
    }
    col = c;
    low = high = i;
  }
  return out;
}

/** A length in tenths of a pixel as the shortest SVG number: 12 → `1.2`, 5 → `.5`, -5 → `-.5`, 30 → `3`, 0 → `0`. */
function tenths(t: number): string {
  const a = Math.abs(t);
  const int = Math.floor(a / 10);
  const frac = a - int * 10;
  return `${t < 0 ? '-' : ''}${int > 0 || frac === 0 ? int : ''}${frac ? `.${frac}` : ''}`;
}

/**
 * An SVG path `d` through the points, each rounded to 0.1 px: the first absolute (`M`), then
 * relative moves in tenths (`l dx dy`, `h dx` where the line is level, `v dy` where it is
 * vertical), numbers separated only where the grammar needs it (`l.4-3.2.5 1`). A point on a
 * level stretch between two points at its height, or on the point before it, adds nothing to the
 * drawing and is left out. About half the bytes of absolute `L x y` pairs.
 */
export function pathData(points: readonly [number, number][]): string {
  const n = points.length;
  if (n === 0) return '';
  let px = Math.round(points[0][0] * 10), py = Math.round(points[0][1] * 10);
  let out = `M${tenths(px)} ${tenths(py)}`;
  let cmd = 'M';
  let lastDot = false; // the last number written has a '.'
  const put = (c: string, v: number, first: boolean) => {
    const t = tenths(v);
    out += first && c !== cmd ? c : t.charCodeAt(0) === MINUS || (t.charCodeAt(0) === DOT && lastDot) ? '' : ' ';
    out += t;
    lastDot = t.includes('.');
  };
  for (let i = 1; i < n; i++) {
    const x = Math.round(points[i][0] * 10), y = Math.round(points[i][1] * 10);
    const dx = x - px, dy = y - py;
    if (dx === 0 && dy === 0) continue;
    if (dy === 0 && i + 1 < n && Math.round(points[i + 1][1] * 10) === py && Math.round(points[i + 1][0] * 10) >= x) continue; // inside a level stretch
    if (dy === 0) { put('h', dx, true); cmd = 'h'; }
    else if (dx === 0) { put('v', dy, true); cmd = 'v'; }
    else { put('l', dx, true); cmd = 'l'; put('l', dy, false); }
    px = x;
    py = y;
  }
  return out;
}

const MINUS = '-'.charCodeAt(0);
const DOT = '.'.charCodeAt(0);

/** The path closed down (or up) to the pixel row `base`: an area under a line. */
export function areaData(points: readonly [number, number][], base: number): string {
  if (points.length === 0) return '';
  return `${pathData(points)}V${tenths(Math.round(base * 10))}H${tenths(Math.round(points[0][0] * 10))}Z`;
}

export { f as fmtPx };
