import { spawn, spawnSync } from 'node:child_process';
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

/** Runs a command to its end, live on this terminal (the vitest run). */
function step(label: string, command: string, args: string[]): boolean {
  const started = Date.now();
  console.log(`\n▶ ${label}`);
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  console.log(`${run.status === 0 ? '✔' : '✘'} ${label} (${seconds(started)} s)`);
  return run.status === 0;
}

/**
 * Runs a command beside others, its output held and printed in one block when it ends (two steps'
 * lines interleaved would be unreadable).
 */
function stepAlongside(label: string, command: string, args: string[]): Promise<boolean> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('close', (status) => {
      console.log(`\n▶ ${label}`);
      process.stdout.write(Buffer.concat(output));
      console.log(`${status === 0 ? '✔' : '✘'} ${label} (${seconds(started)} s)`);
      done(status === 0);
    });
  });
}

function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}

// Lint (single-threaded for most of its minute) runs beside the two builds, which run one after the
// other (they share Taro's caches). Lint, format and the layer rules fail the run like a failed test.
const skipBuilds = process.env.LINLI_TEST_SKIP_BUILD === '1';
const [lintOk, ...buildsOk] = await Promise.all([
  stepAlongside('lint (ESLint, Prettier, layer rules)', 'npm', ['run', 'lint']),
  ...(skipBuilds
    ? []
    : [
        stepAlongside('weapp build (miniapp/dist)', 'npm', ['run', 'build:weapp']).then(async (weappOk) => [
          weappOk,
          await stepAlongside('H5 build (miniapp/dist-h5)', 'npm', ['run', 'build:h5']),
        ]),
      ]),
]);
for (const ok of [lintOk, ...buildsOk.flat()]) if (!ok) buildFailures++;

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
