// Prints the size of the weapp main package (everything in dist/ outside subpackage roots) and
// fails when it exceeds WeChat's 2 MB limit. Usage: node scripts/report-size.mjs [distDir]
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const LIMIT_BYTES = 2 * 1024 * 1024;
const distDir = process.argv[2] ?? fileURLToPath(new URL('../dist', import.meta.url));
// Subpackage roots, as declared in src/app.config.ts; their files are not in the main package.
const SUBPACKAGE_ROOTS = ['staff'];
// Written by Taro for the developer tools, never uploaded as code.
const NOT_UPLOADED = new Set(['project.config.json', 'project.private.config.json']);

if (!existsSync(distDir)) {
  console.error(`report-size: ${distDir} does not exist; run the weapp build first`);
  process.exit(1);
}

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

let mainBytes = 0;
let subBytes = 0;
for (const file of files(distDir)) {
  const rel = relative(distDir, file);
  if (NOT_UPLOADED.has(rel) || rel.endsWith('.LICENSE.txt') || rel.endsWith('.map')) continue;
  const bytes = statSync(file).size;
  if (SUBPACKAGE_ROOTS.some((root) => rel.split(sep)[0] === root)) subBytes += bytes;
  else mainBytes += bytes;
}

const kb = (bytes) => (bytes / 1024).toFixed(1);
console.log(`weapp main package: ${kb(mainBytes)} KB (limit ${kb(LIMIT_BYTES)} KB); subpackages: ${kb(subBytes)} KB`);
if (mainBytes > LIMIT_BYTES) {
  console.error('report-size: the main package exceeds 2 MB; move pages into a subpackage or trim dependencies');
  process.exit(1);
}
