import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The layer rules in .dependency-cruiser.cjs, run the way `npm run lint` runs them, on small trees
 * that break one rule each (each is caught), so a rule that silently stopped matching would fail
 * here. The real tree is held to them by `npm run lint`, the first step of `npm test`.
 */
const root = resolve(import.meta.dirname, '../..');
const config = join(root, '.dependency-cruiser.cjs');
const depcruise = join(root, 'node_modules/.bin/depcruise');
const run = promisify(execFile);

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

async function violations(cwd: string, target: string): Promise<Violation[]> {
  const { stdout } = await run(depcruise, [target, '--config', config, '--output-type', 'json'], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A throwaway tree with the given files (path → source) and a tsconfig like the project's. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'linli-layers-'));
  scratch.push(dir);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'bundler', allowImportingTsExtensions: true, noEmit: true } }),
  );
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  return dir;
}

describe('layer rules', () => {
  it.each([
    [
      'layer-members',
      'a lower folder importing a higher one (members → points)',
      {
        'functions/src/members/card.ts': "import { lots } from '../points/lots.ts';\nexport const card = lots;\n",
        'functions/src/points/lots.ts': 'export const lots = 1;\n',
      },
    ],
    [
      'domain-knows-no-http',
      'domain code importing http/',
      {
        'functions/src/orders/receive.ts': "import { status } from '../http/errors.ts';\nexport const receive = status;\n",
        'functions/src/http/errors.ts': 'export const status = 400;\n',
      },
    ],
    [
      'one-door-to-dynamodb',
      'an SDK command built outside a repository',
      {
        'functions/src/points/checkin.ts': "import { GetCommand } from '@aws-sdk/lib-dynamodb';\nexport const get = GetCommand;\n",
      },
    ],
    [
      'no-circular',
      'two modules importing each other',
      {
        'functions/src/mall/a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n",
        'functions/src/mall/b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n",
      },
    ],
  ])(
    'catch %s: %s',
    async (rule, _what, files) => {
      const dir = tree(files);
      if (rule === 'one-door-to-dynamodb') {
        // Resolve the SDK from the project's own node_modules.
        writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
        rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
        await run('ln', ['-s', join(root, 'node_modules'), join(dir, 'node_modules')]);
      }
      const found = await violations(dir, 'functions/src');
      expect(found.map((violation) => violation.rule.name)).toContain(rule);
    },
    60_000,
  );

  it('let a route file use http/ and any domain folder', async () => {
    const dir = tree({
      'functions/src/members/routes.ts':
        "import { guard } from '../http/guard.ts';\nimport { lots } from '../points/lots.ts';\nexport const r = [guard, lots];\n",
      'functions/src/http/guard.ts': 'export const guard = 1;\n',
      'functions/src/points/lots.ts': 'export const lots = 1;\n',
    });
    expect(await violations(dir, 'functions/src')).toEqual([]);
  }, 60_000);
});
