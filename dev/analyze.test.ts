import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cdnowSamplePath } from '../test/support/cdnow-sample.ts';

const root = resolve(import.meta.dirname, '..');
const analyze = (...args: string[]) => spawnSync('npm', ['run', '--silent', 'analyze', '--', ...args], { cwd: root, encoding: 'utf8' });

// Each run starts tsx (2–6 s on a busy 2-core machine): a wider margin than the 20 s default.
describe('npm run analyze -- bgnbd', { timeout: 60_000 }, () => {
  it('prints the CDNOW fit as one JSON object: the published figures within 1 %', () => {
    const run = analyze('bgnbd', '--transactions', cdnowSamplePath(), '--calibration-end', '1997-09-30', '--format', 'cdnow');
    expect(run.status, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(Object.keys(printed)).toEqual(['customers', 'repeaters', 'bgnbd', 'gammaGamma']);
    expect(Object.keys(printed.bgnbd)).toEqual(['r', 'alpha', 'a', 'b', 'logLikelihood']);
    expect(Object.keys(printed.gammaGamma)).toEqual(['p', 'q', 'v', 'logLikelihood']);
    expect(printed).toMatchObject({ customers: 2357, repeaters: 946 });
    const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, logLikelihood: -9582.4, p: 6.25, q: 3.74, v: 15.44 };
    const fitted = { ...printed.bgnbd, ...printed.gammaGamma, logLikelihood: printed.bgnbd.logLikelihood };
    for (const [name, value] of Object.entries(published)) expect(Math.abs(fitted[name] / value - 1), name).toBeLessThan(0.01);
  });

  it('reads a customer_id,date,amount CSV up to the calibration end, and says when the rules stand in', () => {
    const folder = mkdtempSync(join(tmpdir(), 'linli-analyze-'));
    const file = join(folder, 'purchases.csv');
    writeFileSync(file, 'customer_id,date,amount\na,2026-01-01,10\na,2026-01-01,5\na,2026-02-03,5.50\nb,2026-01-05,3\nb,2026-03-02,3\n');
    const run = analyze('bgnbd', '--transactions', file, '--calibration-end', '2026-03-01');
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ customers: 2, repeaters: 1, bgnbd: null, gammaGamma: null });
    expect(run.stderr).toContain('bgnbd: not fitted: 1 repeat buyers, fewer than 200; the rules stand in');
  });

  it('stops at a row it cannot read, naming the file and the line', () => {
    const folder = mkdtempSync(join(tmpdir(), 'linli-analyze-'));
    const file = join(folder, 'purchases.csv');
    writeFileSync(file, 'customer_id,date,amount\na,2026-01-01,10\na,2026-01-02,ten\n');
    const run = analyze('bgnbd', '--transactions', file, '--calibration-end', '2026-03-01');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe(`${file}: line 3: amount "ten" is not an amount in yuan with at most 2 decimals`);
  });

  it('shows the usage for a missing or impossible calibration end', () => {
    const run = analyze('bgnbd', '--transactions', 'x.csv', '--calibration-end', '2026-02-30');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('npm run analyze -- bgnbd --transactions FILE --calibration-end YYYY-MM-DD');
  });
});
