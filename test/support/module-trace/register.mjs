// `node --import <this file>`: records every module the process loads into $TRACE_FILE, ES modules
// through a load hook and CommonJS ones from require.cache at exit (require() bypasses the hooks).
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

register(new URL('./hooks.mjs', import.meta.url));
const require = createRequire(import.meta.url);
process.on('exit', () => {
  if (process.env.TRACE_FILE) appendFileSync(process.env.TRACE_FILE, Object.keys(require.cache).map((k) => `cjs:${k}\n`).join(''));
});
