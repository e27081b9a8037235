import { extname } from 'node:path';

const SCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.js', '.mjs']);

/** True when `--strategy` names a file rather than a registered id (its own module: the CLI checks it before loading any strategy code). */
export function looksLikeStrategyFile(name: string): boolean {
  return SCRIPT_EXTENSIONS.has(extname(name)) || name.includes('/') || name.includes('\\');
}
