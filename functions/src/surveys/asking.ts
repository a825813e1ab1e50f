import type { IneligibleReason, SurveyCard } from '@linli/shared/surveys';
import type { Database } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { transactWrite } from '../db/transact-write.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { getMembers } from '../members/repository.ts';
import { requireMember } from '../members/require-member.ts';
import { shanghaiDay } from '@linli/shared/time';
import { afterAsk, askDecision, askIsOpen } from './eligibility.ts';
import {
  askPut,
  contactPut,
  getLastAskedAt,
  getLastAskedAtOfMembers,
  getSurveyAsk,
  getSurveyAsksOfMember,
  getSurveyAsksOfMembers,
  getSurveyHead,
  listHomeCardSurveyHeads,
  listSurveyHeads,
  type SurveyAskRecord,
  type SurveyHeadRecord,
} from './repository.ts';
import { getSurveySettings } from './settings.ts';
import { surveyView } from './definitions.ts';

/**
 * Asking a member: the home card and (through the care engine) invitations. Both apply the asking
 * rules of eligibility.ts and record the ask the same way: the show counted once per Shanghai day,
 * and a new ask restarting the member's recontact clock, in one write.
 */

type AskDeps = Pick<Deps, 'db' | 'clock'>;

/**
 * For a care rule's validation: the survey an invitation may carry (it exists, is not the built-in
 * one and is published), or null.
 */
export async function surveyForInvitation(
  db: Database,
  surveyId: string,
): Promise<{ surveyId: string; name: string; title: string } | null> {
  const head = await getSurveyHead(db, surveyId);
  if (!head || head.builtIn || head.status !== 'published') return null;
  return { surveyId, name: head.definition.name, title: head.definition.title };
}

/** The surveys a care rule may invite to now: published, not the built-in one, not past their close day or limit. */
export async function publishedSurveys(deps: AskDeps): Promise<Array<{ surveyId: string; name: string }>> {
  const now = deps.clock();
  return (await listSurveyHeads(deps.db))
    .filter((head) => !head.builtIn && surveyView(head, now).status === 'published')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map((head) => ({ surveyId: head.surveyId, name: head.definition.name }));
}

/**
 * Whether each of these members may be asked the survey now (null) or why not — what the care
 * planner checks before it plans an invitation. Reads the survey and the settings once, then the
 * members, their standing and their last ask in batches: the work grows with the members given.
 */
export async function askableMembers(
  deps: Pick<Deps, 'db'>,
  surveyId: string,
  memberIds: readonly string[],
  now: Date,
): Promise<Map<string, IneligibleReason | null>> {
  const unique = [...new Set(memberIds)];
  const head = await getSurveyHead(deps.db, surveyId);
  if (!head || head.builtIn) return new Map(unique.map((memberId) => [memberId, 'not-published' as const]));
  const [settings, members, asks, contacts] = await Promise.all([
    getSurveySettings(deps.db),
    getMembers(deps.db, unique),
    getSurveyAsksOfMembers(deps.db, surveyId, unique),
    getLastAskedAtOfMembers(deps.db, unique),
  ]);
  const joined = new Set(members.filter((member) => member.status === 'member').map((member) => member.memberId));
  return new Map(
    unique.map((memberId) => {
      const decision = askDecision({
        survey: head,
        memberId,
        joined: joined.has(memberId),
        ask: asks.get(memberId)!,
        lastAskedAt: contacts.get(memberId) ?? null,
        shopRecontactDays: settings.recontactDays,
        now,
      });
      return [memberId, decision.eligible ? null : decision.reason];
    }),
  );
}

/**
 * Writes an ask: the member's standing after it and, for a new ask, their recontact clock (only if
 * it still reads what was read). 'conflict' when either moved meanwhile.
 */
async function saveAsk(
  db: Database,
  input: { ask: SurveyAskRecord; newAsk: boolean; lastAskedAt: string | null; now: Date },
): Promise<'saved' | 'conflict'> {
  // Shown again on a day already counted, continuing the open ask: nothing changes, nothing is written.
  if (!input.newAsk && input.ask.shownDay === shanghaiDay(input.now).date) return 'saved';
  const next = { ...input.ask, ...afterAsk(input.ask, { newAsk: input.newAsk, now: input.now }) };
  const outcome = await transactWrite(db, [
    askPut(db, next),
    ...(input.newAsk
      ? [contactPut(db, { memberId: next.memberId, surveyId: next.surveyId, at: input.now.toISOString(), read: input.lastAskedAt })]
      : []),
  ]);
  return outcome.committed ? 'saved' : 'conflict';
}

/**
 * An invitation carrying the survey was sent to the member at `at`: that is an ask. It continues the
 * ask already open (an invitation again until answered) or starts one, which restarts the member's
 * recontact clock; the show is counted once per Shanghai day. Recording the same send twice (a
 * retried queue message) changes nothing more.
 */
export async function recordInvitationAsk(deps: Pick<Deps, 'db'>, memberId: string, surveyId: string, at: Date): Promise<void> {
  const head = await getSurveyHead(deps.db, surveyId);
  if (!head) return;
  await withOptimisticRetry(async () => {
    const [ask, lastAskedAt] = await Promise.all([getSurveyAsk(deps.db, memberId, surveyId), getLastAskedAt(deps.db, memberId)]);
    if (ask.askedAt === at.toISOString()) return 'recorded' as const;
    const newAsk = !askIsOpen(head.definition.display.mode, ask);
    const saved = await saveAsk(deps.db, { ask, newAsk, lastAskedAt, now: at });
    return saved === 'saved' ? ('recorded' as const) : RETRY;
  });
}

function cardOf(head: SurveyHeadRecord, ask: SurveyAskRecord): SurveyCard {
  const { definition } = head;
  return {
    surveyId: head.surveyId,
    title: definition.title,
    intro: definition.intro,
    rewardPoints: ask.rewarded ? 0 : definition.rewardPoints,
    questions: definition.questions.length,
  };
}

/**
 * The survey the home page offers the member now: the first published home-card survey (oldest
 * first) they may be asked, its show and ask recorded in the same write; null when none (or a
 * visitor). Reads the home-card surveys' heads, the settings, the member's standing with each and
 * their last ask — a handful of reads whatever the shop's size.
 */
export async function homeSurveyCard(deps: AskDeps, memberId: string): Promise<SurveyCard | null> {
  const member = await requireMember(deps, memberId);
  if (member.status !== 'member') return null;
  const heads = await listHomeCardSurveyHeads(deps.db);
  if (heads.length === 0) return null;
  heads.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const settings = await getSurveySettings(deps.db);
  return withOptimisticRetry(async () => {
    const [asks, lastAskedAt] = await Promise.all([
      getSurveyAsksOfMember(
        deps.db,
        memberId,
        heads.map((head) => head.surveyId),
      ),
      getLastAskedAt(deps.db, memberId),
    ]);
    const now = deps.clock();
    for (const head of heads) {
      const ask = asks.get(head.surveyId)!;
      const decision = askDecision({
        survey: head,
        memberId,
        joined: true,
        ask,
        lastAskedAt,
        shopRecontactDays: settings.recontactDays,
        now,
      });
      if (!decision.eligible) continue;
      const saved = await saveAsk(deps.db, { ask, newAsk: decision.newAsk, lastAskedAt, now });
      return saved === 'saved' ? cardOf(head, ask) : RETRY;
    }
    return null;
  });
}
