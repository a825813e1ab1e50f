import { describe, expect, it } from 'vitest';
import { nextSort, sortRows } from './table-sort';

type Row = { name: string; points: number | null };
const rows: Row[] = [
  { name: '王芳', points: 120 },
  { name: '李雷', points: null },
  { name: '张伟', points: 15 },
  { name: '陈静', points: 120 },
];
const valueOf = (row: Row, key: string) => row[key as keyof Row];

describe('sorting a table on the rows it has loaded', () => {
  it('sorts numbers as numbers both ways, keeps ties in their order and missing values last', () => {
    expect(sortRows(rows, { key: 'points', direction: 'asc' }, valueOf).map((r) => r.name)).toEqual(['张伟', '王芳', '陈静', '李雷']);
    expect(sortRows(rows, { key: 'points', direction: 'desc' }, valueOf).map((r) => r.name)).toEqual(['王芳', '陈静', '张伟', '李雷']);
  });

  it('sorts Chinese text by its reading (pinyin order)', () => {
    expect(sortRows(rows, { key: 'name', direction: 'asc' }, valueOf).map((r) => r.name)).toEqual(['陈静', '李雷', '王芳', '张伟']);
  });

  it('leaves the order alone without a sort, and does not change the rows it was given', () => {
    const copy = [...rows];
    expect(sortRows(rows, null, valueOf)).toEqual(rows);
    sortRows(rows, { key: 'name', direction: 'desc' }, valueOf);
    expect(rows).toEqual(copy);
  });

  it('turns a column around on a second click; a new column starts ascending, or descending when asked', () => {
    expect(nextSort(null, 'name')).toEqual({ key: 'name', direction: 'asc' });
    expect(nextSort({ key: 'name', direction: 'asc' }, 'name')).toEqual({ key: 'name', direction: 'desc' });
    expect(nextSort({ key: 'name', direction: 'desc' }, 'name')).toEqual({ key: 'name', direction: 'asc' });
    expect(nextSort({ key: 'name', direction: 'asc' }, 'points', true)).toEqual({ key: 'points', direction: 'desc' });
  });
});
