import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

/** Sortable unique ids: time-ordered so ledger entries written in one millisecond keep their order. */
export function newId(prefix: string, at: Date = new Date()): string {
  return `${prefix}_${nextUlid(at.getTime())}`;
}
