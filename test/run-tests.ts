import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * `npm test`: lints, builds what the weapp and browser tests load (the real WeChat build and the real
 * H5 build), runs every vitest project, and ends with the one line CI reads:
 * `N passed, N failed`.
 */
const root = resolve(import.meta.dirname, '..');
const results = resolve(root, '.test-results');
mkdirSync(results, { recursive: true });
let buildFailures = 0;

function step(label: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  const started = Date.now();
  console.log(`\n▶ ${label}`);
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`${run.status === 0 ? '✔' : '✘'} ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return run.status === 0;
}

// Lint, format and the layer rules (npm run lint) fail the run like a failed test.
if (!step('lint (ESLint, Prettier, layer rules)', 'npm', ['run', 'lint'])) buildFailures++;

const skipBuilds = process.env.LINLI_TEST_SKIP_BUILD === '1';
if (!skipBuilds) {
  if (!step('weapp build (miniapp/dist)', 'npm', ['run', 'build:weapp'])) buildFailures++;
  if (!step('H5 build (miniapp/dist-h5)', 'npm', ['run', 'build:h5'])) buildFailures++;
}

const reportFile = resolve(results, 'vitest.json');
rmSync(reportFile, { force: true });
const vitestOk = step('vitest', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${reportFile}`,
  ...process.argv.slice(2),
]);

let passed = 0;
let failed = buildFailures;
try {
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numFailedTestSuites: number;
  };
  passed = report.numPassedTests;
  // A file that fails to load has no failed tests but did fail: count it.
  failed += report.numFailedTests + (report.numFailedTests === 0 && report.numFailedTestSuites > 0 ? report.numFailedTestSuites : 0);
} catch {
  failed += 1;
  console.error('vitest wrote no report');
}
if (!vitestOk && failed === 0) failed = 1;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
