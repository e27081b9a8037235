import { it } from 'vitest';
import { launchBrowser, openReport } from './support/browser.js';
import { layoutProblems } from './support/layout.js';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
function htmlPages(root: string): string[] { const out: string[] = []; for (const name of readdirSync(root)) { const p = join(root, name); if (name === 'assets') continue; if (statSync(p).isDirectory()) out.push(...htmlPages(p)); else if (name.endsWith('.html')) out.push(p); } return out.sort(); }
it('explore', async () => {
  const b = await launchBrowser();
  const root = '/tmp/objt/ml';
  for (const f of htmlPages(root)) {
    const p = await openReport(b, root, relative(root, f), 1440);
    console.log(relative(root, f), JSON.stringify(await layoutProblems(p.page)));
    await p.page.close();
  }
  await b.close();
}, 300000);
