import { createHash } from 'node:crypto';
import type { RiskFlagFacts, RiskFlagKind, RiskFlagList, RiskFlagListQuery, RiskFlagReviewRequest, RiskFlagView } from '@linli/shared/risk';
import type { Deps } from '../deps.ts';
import { DomainError } from '../platform/domain-error.ts';
import { getMembers } from '../members/repository.ts';
import { redemptionsHeld } from '../members/member-record.ts';
import { getFlag, listFlags, MAX_FLAG_MEMBERS, raiseFlagOnce, saveFlagReview, type StoredRiskFlag } from './flags-repository.ts';

type FlagDeps = Pick<Deps, 'db' | 'clock'>;

/** Members shown on each flag in the list (the page links each to Customer 360; the rest are counted). */
const MEMBERS_SHOWN = 5;

/** The flag id of a subject × kind × period: the same inputs always name the same flag, so it is raised once. */
export function flagIdOf(kind: RiskFlagKind, subject: string, period: string): string {
  return `rf${createHash('sha256').update(`${kind}|${subject}|${period}`).digest('hex').slice(0, 24)}`;
}

/** Raises a flag for review unless this subject × kind × period already has one. Never blocks anything. */
export async function raiseFlag(
  deps: FlagDeps,
  input: { kind: RiskFlagKind; subject: string; period: string; facts: RiskFlagFacts; memberIds: readonly string[] },
): Promise<'raised' | 'exists'> {
  return raiseFlagOnce(deps.db, {
    flagId: flagIdOf(input.kind, input.subject, input.period),
    kind: input.kind,
    status: 'open',
    raisedAt: deps.clock().toISOString(),
    subject: input.subject,
    period: input.period,
    facts: input.facts,
    memberIds: input.memberIds.slice(0, MAX_FLAG_MEMBERS),
    memberCount: input.memberIds.length,
    review: null,
  });
}

/** 风险监控: flags newest first, of one status and kind if asked, with the first members each names. */
export async function riskFlagList(deps: FlagDeps, query: RiskFlagListQuery): Promise<RiskFlagList> {
  const page = await listFlags(deps.db, query);
  if (page === 'bad-cursor')
    throw new DomainError('VALIDATION_FAILED', 'Unknown cursor', [{ path: 'cursor', message: 'Start again from the first page' }]);
  const shown = new Set(page.items.flatMap((flag) => flag.memberIds.slice(0, MEMBERS_SHOWN)));
  const members = new Map((await getMembers(deps.db, [...shown])).map((member) => [member.memberId, member]));
  return {
    items: page.items.map((flag) => flagView(flag, members)),
    nextCursor: page.nextCursor,
  };
}

function flagView(flag: StoredRiskFlag, members: Map<string, Awaited<ReturnType<typeof getMembers>>[number]>): RiskFlagView {
  return {
    flagId: flag.flagId,
    kind: flag.kind,
    status: flag.status,
    raisedAt: flag.raisedAt,
    facts: flag.facts,
    members: flag.memberIds.slice(0, MEMBERS_SHOWN).map((memberId) => {
      const member = members.get(memberId);
      return {
        memberId,
        nickname: member?.nickname ?? null,
        phoneMasked: member?.phoneMasked ?? null,
        redemptionsHeld: member ? redemptionsHeld(member) : false,
      };
    }),
    memberCount: flag.memberCount,
    review: flag.review ? { at: flag.review.at, byName: flag.review.byName, note: flag.review.note } : null,
  };
}

/** A supervisor's review: 标记已查看 (dismissed) or 确认风险 (confirmed), with a note; once per flag. */
export async function reviewRiskFlag(
  deps: FlagDeps,
  input: { flagId: string; staff: { memberId: string; name: string }; request: RiskFlagReviewRequest },
): Promise<RiskFlagView> {
  const flag = await getFlag(deps.db, input.flagId);
  if (!flag) throw new DomainError('RISK_FLAG_NOT_FOUND', `No risk flag ${input.flagId}`);
  const review = {
    status: input.request.outcome,
    at: deps.clock().toISOString(),
    by: input.staff.memberId,
    byName: input.staff.name,
    note: input.request.note,
  };
  if ((await saveFlagReview(deps.db, flag, review)) === 'reviewed')
    throw new DomainError('RISK_FLAG_ALREADY_REVIEWED', `Risk flag ${input.flagId} was already reviewed`);
  const reviewed: StoredRiskFlag = { ...flag, status: review.status, review };
  const members = new Map((await getMembers(deps.db, reviewed.memberIds.slice(0, MEMBERS_SHOWN))).map((m) => [m.memberId, m]));
  return flagView(reviewed, members);
}
