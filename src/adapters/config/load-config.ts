import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clip } from '../../base/clip.js';
import { ConfigError } from '../../base/errors.js';
import { jsonHazards } from './json-hazards.js';
import { formatIssues, type Issue } from '../../base/result.js';
import { parseConfigFile, type ConfigFile } from '../../domain/config/config-file.js';

import { DEFAULT_CONFIG_NAME } from './config-name.js';
import { formatCount } from '../../base/format-count.js';

export { DEFAULT_CONFIG_NAME };

/** The package's own config folder (works from src/ under tsx and from dist/). */
export const BUNDLED_CONFIG_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'config', 'strategy_params');

/**
 * Finds a config file: the path as given, else `config/strategy_params/<name>` under the current
 * folder, else the copy shipped with the package.
 */
export function findConfigPath(name: string): string {
  const candidates = [resolve(name), resolve('config', 'strategy_params', name), join(BUNDLED_CONFIG_DIR, name)];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new ConfigError(`Config file not found: ${name}.`, {
      hint: `Looked in ${candidates.join(', ')}. Pass an existing file with --config, or omit --config to use ${DEFAULT_CONFIG_NAME}.`,
    }, 'CONFIG_NOT_FOUND');
  }
  return found;
}

/**
 * How a config path is shown in reports and run.json: a file bundled with the package by its name
 * (`dma_atr_trend_params.json (built in)`), so no folder of the machine it ran on is named.
 */
export function configPathForDisplay(path: string): string {
  return path.startsWith(BUNDLED_CONFIG_DIR + sep) ? `${basename(path)} (built in)` : path;
}

/** Reads and validates a config file; every problem is reported at once, naming the file and key. */
export async function loadConfigFile(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a UTF-8 BOM (Windows editors)
  } catch (e) {
    throw new ConfigError(`Cannot read config file ${path}: ${(e as Error).message}.`, { cause: e }, 'CONFIG_NOT_FOUND');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`Config file ${path} is not valid JSON: ${clip(jsonErrorWhere(text, e as Error))}.`, {
      hint: 'Fix the JSON syntax (comments and trailing commas are not allowed in JSON).', cause: e,
    });
  }
  const hazards = jsonHazards(text, json);
  if (hazards.length > 0) throw configIssuesError(path, hazards);
  const r = parseConfigFile(json);
  if (!r.ok) throw configIssuesError(path, r.issues);
  return r.value;
}

/** One ConfigError for a list of issues found in `source` (a file path or "command line"). */
export function configIssuesError(source: string, issues: readonly Issue[]): ConfigError {
  const shown = issues.length > 20 ? `${formatIssues(issues.slice(0, 20))}; and ${formatCount(issues.length - 20)} more` : formatIssues(issues);
  return new ConfigError(`Invalid configuration in ${source}: ${shown}.`, {
    hint: 'Fix the value(s) named above; docs/configuration.md lists every key, its type and range.',
  });
}

function jsonErrorWhere(text: string, e: Error): string {
  const m = /position (\d+)/.exec(e.message);
  if (!m) return e.message;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `${e.message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${col}`;
}
