import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The CDNOW sample (the public benchmark the customer models are checked against) lives beside
 * the repository, in `../shared/data/cdnow/` of the checkout (or `LINLI_CDNOW_SAMPLE`): found by
 * walking up from the repository, so a worktree finds it too.
 */
export function cdnowSamplePath(): string {
  const configured = process.env.LINLI_CDNOW_SAMPLE;
  if (configured) return configured;
  const root = resolve(import.meta.dirname, '../..');
  for (let folder = dirname(root); ; folder = dirname(folder)) {
    const candidate = join(folder, 'shared/data/cdnow/CDNOW_sample.txt');
    if (existsSync(candidate)) return candidate;
    if (dirname(folder) === folder) break;
  }
  throw new Error('CDNOW_sample.txt not found in ../shared/data/cdnow/ above the repository; set LINLI_CDNOW_SAMPLE to its path');
}
