// Module loader hooks (run on Node's hooks thread): append every ES module URL loaded to $TRACE_FILE.
import { appendFileSync } from 'node:fs';

export async function load(url, context, next) {
  if (process.env.TRACE_FILE) appendFileSync(process.env.TRACE_FILE, `${url}\n`);
  return next(url, context);
}
