// Prints the size of the weapp main package (everything in dist/ outside subpackage roots) and of
// each subpackage, and fails when one is over its limit: WeChat's 2 MB for a subpackage and 20 MB
// for all together, and this project's own budget for the main package (below WeChat's 2 MB, so
// that a heavy library imported from a main-package page, e.g. the charts, fails the build
// instead of slowing every buyer's first open). Usage: node scripts/report-size.mjs [distDir]
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const KB = 1024;
/** The main package today is ~0.65 MB; the chart library alone is ~0.5 MB. */
export const MAIN_BUDGET_BYTES = 1024 * KB;
export const SUBPACKAGE_LIMIT_BYTES = 2048 * KB;
export const TOTAL_LIMIT_BYTES = 20 * 1024 * KB;
// Written by Taro for the developer tools, never uploaded as code.
const NOT_UPLOADED = new Set(['project.config.json', 'project.private.config.json']);

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

/** Bytes of the main package and of each subpackage root (as declared in the build's app.json). */
export function measurePackages(distDir) {
  const app = JSON.parse(readFileSync(join(distDir, 'app.json'), 'utf8'));
  const roots = [...(app.subPackages ?? []), ...(app.subpackages ?? [])].map((sub) => sub.root.replace(/^\/|\/$/g, ''));
  const subpackages = Object.fromEntries(roots.map((root) => [root, 0]));
  let main = 0;
  for (const file of files(distDir)) {
    const rel = relative(distDir, file);
    if (NOT_UPLOADED.has(rel) || rel.endsWith('.LICENSE.txt') || rel.endsWith('.map')) continue;
    const bytes = statSync(file).size;
    const root = roots.find((r) => rel === r || rel.startsWith(r + sep));
    if (root) subpackages[root] += bytes;
    else main += bytes;
  }
  return { main, subpackages };
}

/** What is over its limit, in words; empty when all fit. */
export function sizeProblems({ main, subpackages }) {
  const problems = [];
  if (main > MAIN_BUDGET_BYTES) problems.push(`the main package is over its ${MAIN_BUDGET_BYTES / KB} KB budget`);
  for (const [root, bytes] of Object.entries(subpackages)) {
    if (bytes > SUBPACKAGE_LIMIT_BYTES) problems.push(`subpackage ${root}/ is over WeChat's 2 MB limit`);
  }
  const total = main + Object.values(subpackages).reduce((a, b) => a + b, 0);
  if (total > TOTAL_LIMIT_BYTES) problems.push("all packages together are over WeChat's 20 MB limit");
  return problems;
}

const isCli = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isCli) {
  const distDir = process.argv[2] ?? fileURLToPath(new URL('../dist', import.meta.url));
  if (!existsSync(join(distDir, 'app.json'))) {
    console.error(`report-size: no app.json in ${distDir}; run the weapp build first`);
    process.exit(1);
  }
  const sizes = measurePackages(distDir);
  const kb = (bytes) => (bytes / KB).toFixed(1);
  const subs = Object.entries(sizes.subpackages).map(([root, bytes]) => `${root}/ ${kb(bytes)} KB`);
  console.log(`weapp main package: ${kb(sizes.main)} KB (budget ${kb(MAIN_BUDGET_BYTES)} KB); subpackages: ${subs.join(', ')}`);
  const problems = sizeProblems(sizes);
  for (const problem of problems) console.error(`report-size: ${problem}; move pages into a subpackage or trim dependencies`);
  if (problems.length > 0) process.exit(1);
}
