/** The shell of the validation pages (walk-forward, CSCV, Monte Carlo): navigation back to the run's index, one writer. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataOrigin } from '../../../../domain/frame/frame.js';
import type { PageColumns } from '../columns.js';
import { escapeHtml } from '../escape.js';
import { renderPage, type PageSpec, type Section } from '../layout.js';
import { prepareLibrary } from '../library.js';
import { writeOutput } from '../../../output/write-text.js';

/** The validation pages, as linked from a run's index (paths relative to the run folder). */
export const VALIDATION_PAGES = [
  { file: 'walk_forward/walk_forward.html', label: 'Walk-forward' },
  { file: 'cscv.html', label: 'CSCV / PBO' },
  { file: 'montecarlo/montecarlo.html', label: 'Monte Carlo' },
] as const;

export interface ValidationPageSpec {
  readonly file: string;
  readonly title: string;
  readonly subtitle: string;
  readonly origin: DataOrigin | null;
  readonly sections: Section[];
  readonly columns: PageColumns;
  /** Relative link to the folder's run index (default `index.html`). */
  readonly indexHref?: string;
}

/** Label/value facts as a definition list. */
export function factsHtml(rows: readonly (readonly [string, string])[]): string {
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

/** A plain HTML table (header + rows of text). */
export function tableHtml(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('');
  return `<table class="data"><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

/** Writes the page (and the charting library beside it) into `dir`. */
export async function writeValidationPage(dir: string, spec: ValidationPageSpec): Promise<void> {
  const lib = await prepareLibrary(dir, 'asset');
  const page: PageSpec = {
    title: spec.title, subtitle: spec.subtitle, current: spec.file,
    nav: [{ file: spec.indexHref ?? 'index.html', label: 'Run' }, { file: spec.file, label: spec.title }],
    origin: spec.origin, sections: spec.sections, columns: spec.columns,
  };
  await writeOutput(join(dir, spec.file), renderPage(page, lib.tag));
}

/**
 * Writes into `outDir` the index.html of a finished run's folder `runDir` with a link to a
 * validation page added to it (navigation and file list). Returns false, writing nothing, when
 * the run has no index.html or it links the page already.
 */
export async function linkFromIndex(runDir: string, href: string, label: string, outDir: string): Promise<boolean> {
  let html: string;
  try {
    html = await readFile(join(runDir, 'index.html'), 'utf8');
  } catch {
    return false;
  }
  if (html.includes(`href="${escapeHtml(href)}"`)) return false;
  const a = `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
  html = html.replace('</nav>', `${a}</nav>`).replace('<ul class="files">', `<ul class="files"><li><strong>${a}</strong> <span class="muted">— added by a later validation run</span></li>`);
  await writeOutput(join(outDir, 'index.html'), html);
  return true;
}
