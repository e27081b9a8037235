/** The one stylesheet of every report page (inlined; no web fonts, nothing fetched). */
export const REPORT_CSS = `
:root { --fg:#111827; --muted:#6b7280; --line:#e5e7eb; --bg:#f6f7f9; --card:#fff; --accent:#2563eb; --good:#16a34a; --bad:#dc2626; --warn:#b45309; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--fg); background:var(--bg); }
header { position:sticky; top:0; z-index:10; display:flex; flex-wrap:wrap; gap:8px 24px; align-items:center; padding:10px 20px; background:#0f172a; color:#e2e8f0; }
header .app { font-weight:700; margin-right:12px; color:#fff; }
header .run { color:#cbd5e1; }
nav { display:flex; flex-wrap:wrap; gap:4px; }
nav a { color:#cbd5e1; text-decoration:none; padding:4px 10px; border-radius:6px; }
nav a:hover { background:#1e293b; color:#fff; }
nav a[aria-current=page] { background:#2563eb; color:#fff; }
.banner { padding:10px 20px; font-size:14px; }
.banner.synthetic { background:#fef3c7; color:#78350f; border-bottom:1px solid #fcd34d; }
main { max-width:1400px; margin:0 auto; padding:8px 20px 32px; }
h1 { font-size:22px; margin:16px 0 4px; }
h2 { font-size:17px; margin:24px 0 8px; }
h3 { font-size:14px; margin:0 0 6px; }
.intro { color:var(--muted); margin-bottom:8px; }
.grid { display:grid; gap:16px; grid-template-columns:minmax(0,1fr); }
@media (min-width: 1000px) { .grid.cols-2 { grid-template-columns:repeat(2,minmax(0,1fr)); } .grid.cols-2 > .wide { grid-column:1 / -1; } }
.card, figure.card { margin:0; background:var(--card); border:1px solid var(--line); border-radius:10px; padding:14px 16px; min-width:0; }
.note { color:var(--muted); margin:0 0 6px; font-size:13px; }
.chart { width:100%; }
.chart-empty { display:flex; align-items:center; justify-content:center; min-height:160px; color:var(--muted); background:repeating-linear-gradient(45deg,#fafafa,#fafafa 10px,#f3f4f6 10px,#f3f4f6 20px); border-radius:8px; font-size:15px; text-align:center; padding:16px; }
.chart-failed { color:var(--bad); }
table { border-collapse:collapse; width:100%; font-variant-numeric:tabular-nums; }
th, td { padding:5px 8px; border-bottom:1px solid var(--line); text-align:right; white-space:nowrap; }
th:first-child, td:first-child, td.text, th.text { text-align:left; }
th { font-weight:600; color:#374151; background:#f9fafb; position:sticky; top:0; }
table.sortable th, table.sortable-list th { cursor:pointer; user-select:none; }
table.sortable th:hover, table.sortable-list th:hover { color:var(--accent); }
.table-wrap { overflow:auto; max-height:560px; }
.table-wrap.tall { max-height:none; }
.pos { color:var(--good); } .neg { color:var(--bad); } .muted { color:var(--muted); }
.tiles { display:grid; gap:12px; grid-template-columns:repeat(auto-fill,minmax(170px,1fr)); }
/* eight headline tiles: 2, 4 or 8 to a row, never a lone tile on a last row */
.tiles.t8 { grid-template-columns:repeat(2,minmax(0,1fr)); }
@media (min-width: 700px) { .tiles.t8 { grid-template-columns:repeat(4,minmax(0,1fr)); } }
@media (min-width: 1300px) { .tiles.t8 { grid-template-columns:repeat(8,minmax(0,1fr)); } }
.stack > div + div { margin-top:16px; }
/* a table beside a taller chart keeps its own height: no card stretched mostly empty */
.grid > div { align-self:start; }
.tile { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:10px 12px; }
.tile .label { color:var(--muted); font-size:12px; }
.tile .value { font-size:22px; font-weight:600; font-variant-numeric:tabular-nums; }
.tile .grade { font-size:12px; }
.grade.excellent { color:var(--good); } .grade.acceptable { color:var(--warn); } .grade.poor { color:var(--bad); }
.undefined { color:var(--muted); cursor:help; border-bottom:1px dotted var(--muted); }
dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:4px 16px; margin:0; }
dl.facts dt { color:var(--muted); } dl.facts dd { margin:0; overflow-wrap:anywhere; }
ul.files { margin:0; padding-left:18px; } ul.files li { margin:2px 0; }
.warnings { border-left:4px solid #f59e0b; }
.badge { display:inline-block; padding:0 6px; border-radius:4px; font-size:12px; background:#eef2ff; color:#3730a3; }
.badge.open { background:#fef3c7; color:#92400e; }
img.preview { max-width:100%; height:auto; border:1px solid var(--line); border-radius:8px; background:#fff; }
footer { color:var(--muted); font-size:12px; text-align:center; padding:16px; }
`;
