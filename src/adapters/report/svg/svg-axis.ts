/** Axis ticks for the static SVG picture: "nice" value steps (1, 2, 2.5, 5 × 10^k) and calendar time steps. */

/** About `count` round values covering [lo, hi] (the first at or below lo, the last at or above hi). */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
    const pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.01 : 1;
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? 10 * mag;
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const out: number[] = [];
  // Multiplying the index (not adding the step) keeps labels such as 0.30000000000000004 out.
  for (let i = first; i <= last; i++) out.push(Number((i * step).toPrecision(12)));
  return out;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Tick times (UTC) inside [t0, t1] on a calendar step giving at most `max` ticks, with their labels. */
export function timeTicks(t0: number, t1: number, max: number): { time: number; label: string }[] {
  const span = Math.max(1, t1 - t0);
  const months = [1, 2, 3, 6, 12, 24, 60, 120].find((m) => span / (m * 30.44 * DAY) <= max);
  if (span >= 45 * DAY && months !== undefined) {
    const d = new Date(t0);
    let y = d.getUTCFullYear();
    let m = d.getUTCMonth();
    const out: { time: number; label: string }[] = [];
    for (;;) {
      const t = Date.UTC(y, m, 1);
      if (t > t1) break;
      if (t >= t0 && (y * 12 + m) % months === 0) out.push({ time: t, label: m === 0 ? String(y) : `${MONTHS[m]} ${y}` });
      m++;
      if (m === 12) { m = 0; y++; }
    }
    return out;
  }
  const step = [HOUR, 2 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY].find((s) => span / s <= max) ?? 14 * DAY;
  const out: { time: number; label: string }[] = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
    const d = new Date(t);
    const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
    out.push({ time: t, label: step < DAY ? `${day} ${String(d.getUTCHours()).padStart(2, '0')}:00` : day });
  }
  return out;
}
