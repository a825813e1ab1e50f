import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KEPT_DATA_KINDS } from './privacy-centre.ts';

/** The README's table of what Linli keeps: each row's cells, as a reader sees them (Markdown escapes undone). */
function readmeRows(): string[][] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Privacy centre (隐私中心)'));
  const table = section.slice(section.indexOf('| 数据 |'), section.indexOf('\n\n', section.indexOf('| 数据 |')));
  return table
    .split('\n')
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim().replace(/\\(.)/g, '$1')),
    );
}

describe('what Linli keeps (隐私中心 and the README)', () => {
  it('the README lists every kind of data the page shows, with the same words', () => {
    expect(readmeRows()).toEqual(
      KEPT_DATA_KINDS.map((kind) => [kind.title, kind.items, kind.purpose, kind.retention, kind.sensitive ?? '—']),
    );
  });

  it('says of each kind what it is for and how long it is kept, and why a sensitive one is', () => {
    for (const kind of KEPT_DATA_KINDS) {
      expect(kind.purpose, kind.kind).not.toBe('');
      expect(kind.retention, kind.kind).not.toBe('');
      if (kind.sensitive !== null) expect(kind.sensitive, kind.kind).not.toBe('');
    }
    expect(new Set(KEPT_DATA_KINDS.map((kind) => kind.kind)).size).toBe(KEPT_DATA_KINDS.length);
    // Complaint photos are sensitive: they may show people and homes.
    expect(KEPT_DATA_KINDS.find((kind) => kind.kind === 'complaints')?.sensitive).toBeTruthy();
  });
});
