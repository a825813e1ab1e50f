import * as z from 'zod';

/**
 * The member code (会员码): 8 characters of Crockford's base32 — digits and capitals without I, L, O
 * and U — shown as two groups of four ("7KQ2 M9XD") under the QR, so a cashier can type it when a
 * scanner is not at hand. 32^8 ≈ 1.1 × 10^12 codes; uniqueness is enforced where the code is
 * issued (a conditional write on the code's own item).
 */
export const MEMBER_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const MEMBER_CODE_LENGTH = 8;

const CANONICAL = new RegExp(`^[${MEMBER_CODE_ALPHABET}]{${MEMBER_CODE_LENGTH}}$`);

/**
 * A code as typed or scanned, in its stored form, or null when it cannot be one: spaces and dashes
 * are ignored, letters may be lower case, and the letters people mistake for digits are read as
 * Crockford reads them (O → 0, I and L → 1).
 */
export function normalizeMemberCode(raw: string): string | null {
  const code = raw.replace(/[\s-]/g, '').toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
  return CANONICAL.test(code) ? code : null;
}

/** "7KQ2M9XD" → "7KQ2 M9XD", as the card shows it. */
export function formatMemberCode(code: string): string {
  return `${code.slice(0, 4)} ${code.slice(4)}`;
}

/** A member code in a path or query: anything normalizeMemberCode accepts, answered in stored form. */
export const MemberCodeParam = z
  .string()
  .max(32)
  .transform((raw, ctx) => {
    const code = normalizeMemberCode(raw);
    if (code === null) {
      ctx.addIssue({ code: 'custom', message: 'Not a member code (8 letters and digits)' });
      return z.NEVER;
    }
    return code;
  });
