/**
 * The whole suite's cache folder: every test, and every CLI process a test starts, keeps its cache
 * entries (parsed CSV files, compiled strategies, code caches) in one temporary folder removed at
 * the end, never in the user's ~/.cache/backtester. A test that needs its own folder still sets
 * BACKTESTER_CACHE_DIR (or --cache-dir) itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  if (process.env.BACKTESTER_CACHE_DIR) return () => undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'bt-test-cache-'));
  process.env.BACKTESTER_CACHE_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
