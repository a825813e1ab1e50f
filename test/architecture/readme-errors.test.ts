import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@linli/shared/errors';
import { statusForCode } from '../../functions/src/http/errors.ts';

/** The README's Errors section lists every code under the status the API answers with. */
describe("README's error list", () => {
  const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Errors'), readme.indexOf('\n## ', readme.indexOf('\n## Errors') + 1));
  // "400 `A` / `B`, 401 `C` …": each code belongs to the status written before it.
  const documented = new Map<string, number>();
  let status = 0;
  for (const token of section.matchAll(/\b([1-5]\d\d)\b|`([A-Z_]+)`/g)) {
    if (token[1]) status = Number(token[1]);
    else if (token[2] && status) documented.set(token[2], status);
  }

  it.each([...ERROR_CODES])('documents %s with its status', (code) => {
    expect(documented.get(code)).toBe(statusForCode(code));
  });
});
