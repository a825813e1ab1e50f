import { createHash } from 'node:crypto';
import type { DisplayMode, IneligibleReason, SurveyInput, SurveyStatus } from '@linli/shared/surveys';
import { addDays, shanghaiDay } from '@linli/shared/time';

/**
 * Whether a member may be asked a survey (the home card, a care invitation) or may answer it (a
 * link, a 小程序码, a message they opened themselves). Pure: the caller reads the survey, the
 * member's standing with it and their last ask of any survey, and passes the clock's now.
 */

/** What eligibility needs of a survey: its stored status and the rules of its current definition. */
export interface SurveyRules {
  surveyId: string;
  /** As stored: staff's draft / published / closed (a passed close day or a reached limit is decided here). */
  status: SurveyStatus;
  definition: Pick<SurveyInput, 'display' | 'recontactDays' | 'samplePercent' | 'closesOn' | 'responseLimit'>;
  /** Completed responses, every version. */
  responses: number;
}

/**
 * A member's standing with one survey (its SURVEYASK item). An ask is numbered: the first time the
 * member is asked it is ask 1; a repeatable survey starts ask 2 once ask 1 is answered or dismissed
 * and the recontact limit allows.
 */
export interface AskState {
  /** Asks started (the number of the current one; 0: never asked). */
  asks: number;
  askedAt: string | null;
  /** Days the survey was shown (or sent) to the member: counted once per Shanghai day. */
  shows: number;
  shownDay: string | null;
  /** The ask the member dismissed (0: dismissed before ever asked); null: never dismissed. */
  dismissedAsk: number | null;
  /** The ask the member last answered in (0: answered before ever asked); null: never answered. */
  answeredAsk: number | null;
}

export const NEVER_ASKED: AskState = { asks: 0, askedAt: null, shows: 0, shownDay: null, dismissedAsk: null, answeredAsk: null };

/** Why nobody may answer the survey now (draft, closed by staff or by its day, at its limit); null: it is open. */
export function closedReason(survey: SurveyRules, now: Date): IneligibleReason | null {
  if (survey.status === 'draft') return 'not-published';
  if (survey.status === 'closed') return 'closed';
  const { closesOn, responseLimit } = survey.definition;
  if (closesOn !== null && shanghaiDay(now).date > closesOn) return 'closed';
  if (responseLimit !== null && survey.responses >= responseLimit) return 'limit-reached';
  return null;
}

/**
 * The round a response fills: one response per member per survey ('once') for every mode but
 * repeat, so a new version never invites a second answer; a repeatable survey's round is the ask.
 */
export function responseRound(mode: DisplayMode, ask: AskState): string {
  return mode === 'repeat' ? String(ask.asks) : 'once';
}

/** Whether the member has answered the round now open to them. */
export function hasAnswered(mode: DisplayMode, ask: AskState): boolean {
  return mode === 'repeat' ? ask.answeredAsk === ask.asks : ask.answeredAsk !== null;
}

/** Answering checks only: published, open, a joined member, not already answered this round. */
export function answerIneligibility(input: { survey: SurveyRules; joined: boolean; ask: AskState; now: Date }): IneligibleReason | null {
  const closed = closedReason(input.survey, input.now);
  if (closed) return closed;
  if (!input.joined) return 'not-member';
  if (hasAnswered(input.survey.definition.display.mode, input.ask)) return 'answered';
  return null;
}

/** Whether the member is in the survey's sample: a stable hash of member and survey, so the same members stay in. */
export function inSample(memberId: string, surveyId: string, samplePercent: number): boolean {
  if (samplePercent >= 100) return true;
  const bucket = createHash('sha256').update(`${surveyId}:${memberId}`).digest().readUInt32BE(0) % 100;
  return bucket < samplePercent;
}

export type AskDecision =
  | { eligible: false; reason: IneligibleReason }
  /** newAsk: starts an ask (the recontact limit applies and the member's recontact clock restarts); else continues the open one. */
  | { eligible: true; newAsk: boolean };

/**
 * Whether the member may be asked now. Display modes: once — shown on one day only; until-answered
 * — until answered or dismissed; up-to N — on at most N days, until answered or dismissed; repeat —
 * a new ask may start once the last is answered or dismissed. Showing again on a day already
 * counted is the same show. A new ask must wait `recontactDays` Shanghai days after the member's
 * last ask of any survey; continuing the ask already open is not a new ask.
 */
export function askDecision(input: {
  survey: SurveyRules;
  memberId: string;
  joined: boolean;
  ask: AskState;
  /** When the member was last asked any survey (their SURVEYCONTACT), null: never. */
  lastAskedAt: string | null;
  /** The shop's recontact limit (settings); the survey's own overrides it. */
  shopRecontactDays: number;
  now: Date;
}): AskDecision {
  const { survey, ask, now } = input;
  const closed = closedReason(survey, now);
  if (closed) return { eligible: false, reason: closed };
  if (!input.joined) return { eligible: false, reason: 'not-member' };
  const display = survey.definition.display;
  const today = shanghaiDay(now).date;
  let newAsk: boolean;
  if (display.mode === 'repeat') {
    newAsk = ask.asks === 0 || ask.answeredAsk === ask.asks || ask.dismissedAsk === ask.asks;
  } else {
    if (ask.answeredAsk !== null) return { eligible: false, reason: 'answered' };
    if (ask.dismissedAsk !== null) return { eligible: false, reason: 'dismissed' };
    const days = display.mode === 'once' ? 1 : display.mode === 'up-to' ? display.times : Infinity;
    if (ask.shows >= days && ask.shownDay !== today) return { eligible: false, reason: 'shown-enough' };
    newAsk = ask.asks === 0;
  }
  if (!inSample(input.memberId, survey.surveyId, survey.definition.samplePercent)) return { eligible: false, reason: 'not-sampled' };
  if (newAsk && input.lastAskedAt !== null) {
    const recontactDays = survey.definition.recontactDays ?? input.shopRecontactDays;
    const lastDay = shanghaiDay(new Date(input.lastAskedAt)).date;
    if (today < addDays(lastDay, recontactDays)) return { eligible: false, reason: 'recontact' };
  }
  return { eligible: true, newAsk };
}

/** The member's standing after being asked (shown the card, or sent an invitation) at `now`. */
export function afterAsk(ask: AskState, input: { newAsk: boolean; now: Date }): AskState {
  const today = shanghaiDay(input.now).date;
  return {
    ...ask,
    ...(input.newAsk ? { asks: ask.asks + 1, askedAt: input.now.toISOString() } : {}),
    ...(ask.shownDay === today ? {} : { shows: ask.shows + 1, shownDay: today }),
  };
}

/** Whether an ask is open to continue (an invitation sent while one is open continues it rather than starting one). */
export function askIsOpen(mode: DisplayMode, ask: AskState): boolean {
  if (ask.asks === 0) return false;
  return mode === 'repeat'
    ? ask.answeredAsk !== ask.asks && ask.dismissedAsk !== ask.asks
    : ask.answeredAsk === null && ask.dismissedAsk === null;
}
