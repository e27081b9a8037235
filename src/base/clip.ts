import { formatCount } from './format-count.js';
/**
 * Cuts text echoed back in an error message to about `max` characters (a whole file read as one
 * line must not become a 100 KB message), and shows control characters such as a lone `\r`.
 */
export function clip(text: string, max = 200): string {
  const shown = text.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  return shown.length <= max ? shown : `${shown.slice(0, max)}… (${formatCount(text.length)} characters)`;
}
