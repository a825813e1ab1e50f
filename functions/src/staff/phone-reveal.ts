import type { AuditActor, PhoneReveal } from '@linli/shared/audit';
import { recordAudit } from '../audit/audit-log.ts';
import type { Deps } from '../deps.ts';
import { getMember } from '../members/repository.ts';
import { decryptPhone } from '../members/phone-crypto.ts';
import { DomainError } from '../platform/domain-error.ts';

/**
 * A member's whole phone number for a supervisor or admin who states why. The reveal is written to
 * the audit log first, with the reason; only then is the number decrypted and answered, so no
 * number is ever shown without its entry.
 */
export async function revealMemberPhone(
  deps: Pick<Deps, 'db' | 'clock' | 'secrets'>,
  input: { memberId: string; actor: AuditActor; reason: string },
): Promise<PhoneReveal> {
  const member = await getMember(deps.db, input.memberId);
  if (!member || member.joinedAt === null) throw new DomainError('NOT_FOUND', 'No such member');
  await recordAudit(deps, { actor: input.actor, kind: 'read', action: 'phone.reveal', memberId: input.memberId, reason: input.reason });
  return { phone: member.phoneEncrypted ? decryptPhone(member.phoneEncrypted, deps.secrets.phoneEncryptionKey) : null };
}
