import * as z from 'zod';

/** Bump when the policy text changes: members must accept the new version before joining features. */
export const PRIVACY_POLICY_VERSION = '2026-11-01';

export const PrivacyPolicy = z
  .object({
    version: z.string(),
    title: z.string(),
    sections: z.array(z.object({ heading: z.string(), body: z.string() })),
  })
  .meta({ id: 'PrivacyPolicy' });
export type PrivacyPolicy = z.infer<typeof PrivacyPolicy>;

/** Mainland mobile numbers are shown to anyone (staff included) only as 138****1234. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}
