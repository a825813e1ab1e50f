import { monotonicFactory } from 'ulid';
import { randomInt } from 'node:crypto';
import { MEMBER_CODE_ALPHABET, MEMBER_CODE_LENGTH } from '@linli/shared/member-code';

const nextUlid = monotonicFactory();

/** Sortable unique ids: time-ordered so ledger entries written in one millisecond keep their order. */
export function newId(prefix: string, at: Date = new Date()): string {
  return `${prefix}_${nextUlid(at.getTime())}`;
}

/** A random member code (see shared/src/member-code.ts); the caller makes sure no member has it yet. */
export function newMemberCode(): string {
  let code = '';
  for (let i = 0; i < MEMBER_CODE_LENGTH; i++) code += MEMBER_CODE_ALPHABET[randomInt(MEMBER_CODE_ALPHABET.length)];
  return code;
}
