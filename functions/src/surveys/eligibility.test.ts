import { describe, expect, it } from 'vitest';
import type { SurveyDisplay } from '@linli/shared/surveys';
import { testClock } from '../../../test/support/test-clock.ts';
import {
  afterAsk,
  answerIneligibility,
  askDecision,
  inSample,
  NEVER_ASKED,
  responseRound,
  type AskState,
  type SurveyRules,
} from './eligibility.ts';

// Who may be asked a survey, and who may answer it, decided on the server with an injected clock.

const DAY = 24 * 3600_000;
// 10:00 in Shanghai on Monday 2026-11-23.
const START = '2026-11-23T02:00:00.000Z';

function survey(overrides: Partial<SurveyRules['definition']> & { status?: SurveyRules['status']; responses?: number } = {}): SurveyRules {
  const { status = 'published', responses = 0, ...definition } = overrides;
  return {
    surveyId: 'sv_test',
    status,
    responses,
    definition: {
      display: { mode: 'until-answered' },
      recontactDays: null,
      samplePercent: 100,
      closesOn: null,
      responseLimit: null,
      ...definition,
    },
  };
}

/** Asks the member whenever the rules allow, as the home card would, and keeps their standing. */
function member(rules: SurveyRules, options: { lastAskedAt?: string | null; shopRecontactDays?: number; memberId?: string } = {}) {
  let ask: AskState = NEVER_ASKED;
  let lastAskedAt = options.lastAskedAt ?? null;
  return {
    decide: (now: Date) =>
      askDecision({
        survey: rules,
        memberId: options.memberId ?? 'm1',
        joined: true,
        ask,
        lastAskedAt,
        shopRecontactDays: options.shopRecontactDays ?? 30,
        now,
      }),
    /** Shows the card if allowed; answers whether it showed. */
    show(now: Date) {
      const decision = this.decide(now);
      if (!decision.eligible) return decision.reason;
      ask = afterAsk(ask, { newAsk: decision.newAsk, now });
      if (decision.newAsk) lastAskedAt = now.toISOString();
      return 'shown';
    },
    answer: () => {
      ask = { ...ask, answeredAsk: ask.asks };
    },
    dismiss: () => {
      ask = { ...ask, dismissedAsk: ask.asks };
    },
    get ask() {
      return ask;
    },
  };
}

describe('display modes', () => {
  it('once: shown on one day only, answered or not (again that same day is the same show)', () => {
    const clock = testClock(START);
    const m = member(survey({ display: { mode: 'once' } }));
    expect(m.show(clock())).toBe('shown');
    clock.advance(3 * 3600_000);
    expect(m.show(clock())).toBe('shown');
    expect(m.ask.shows).toBe(1);
    clock.advance(DAY);
    expect(m.show(clock())).toBe('shown-enough');
  });

  it('up-to N: on at most N Shanghai days, however often a day', () => {
    const clock = testClock(START);
    const m = member(survey({ display: { mode: 'up-to', times: 3 } }));
    const shown: string[] = [];
    for (let day = 0; day < 5; day++) {
      shown.push(m.show(clock()), m.show(clock()));
      clock.advance(DAY);
    }
    expect(shown).toEqual([
      'shown',
      'shown',
      'shown',
      'shown',
      'shown',
      'shown',
      'shown-enough',
      'shown-enough',
      'shown-enough',
      'shown-enough',
    ]);
    expect(m.ask).toMatchObject({ asks: 1, shows: 3 });
  });

  it('counts days in Shanghai: 23:30 and 00:30 the next morning there are two shows', () => {
    const clock = testClock('2026-11-23T15:30:00.000Z'); // 23:30 in Shanghai
    const m = member(survey({ display: { mode: 'up-to', times: 2 } }));
    expect(m.show(clock())).toBe('shown');
    clock.advance(3600_000); // 00:30 on the 24th
    expect(m.show(clock())).toBe('shown');
    clock.advance(3600_000);
    expect(m.ask.shows).toBe(2);
    clock.advance(DAY);
    expect(m.show(clock())).toBe('shown-enough');
  });

  it('until-answered: every day until answered, then never', () => {
    const clock = testClock(START);
    const m = member(survey());
    for (let day = 0; day < 10; day++) {
      expect(m.show(clock())).toBe('shown');
      clock.advance(DAY);
    }
    m.answer();
    expect(m.show(clock())).toBe('answered');
    expect(m.ask.asks).toBe(1);
  });

  it('dismissed is recorded apart from answered: a dismissed survey stops asking, and is not counted answered', () => {
    const clock = testClock(START);
    const rules = survey();
    const m = member(rules);
    m.show(clock());
    m.dismiss();
    clock.advance(DAY);
    expect(m.show(clock())).toBe('dismissed');
    // Answering (a link the member opens themselves) is still open to them.
    expect(answerIneligibility({ survey: rules, joined: true, ask: m.ask, now: clock() })).toBeNull();
  });

  it('repeat: a new ask (round) once the last is answered and the recontact limit allows', () => {
    const clock = testClock(START);
    const rules = survey({ display: { mode: 'repeat' }, recontactDays: 7 });
    const m = member(rules);
    expect(m.show(clock())).toBe('shown');
    expect(responseRound('repeat', m.ask)).toBe('1');
    clock.advance(DAY);
    expect(m.show(clock())).toBe('shown'); // the open ask continues
    m.answer();
    expect(answerIneligibility({ survey: rules, joined: true, ask: m.ask, now: clock() })).toBe('answered');
    clock.advance(5 * DAY); // six days after the ask
    expect(m.show(clock())).toBe('recontact');
    clock.advance(DAY); // the seventh
    expect(m.show(clock())).toBe('shown');
    expect(m.ask.asks).toBe(2);
    expect(responseRound('repeat', m.ask)).toBe('2');
    expect(answerIneligibility({ survey: rules, joined: true, ask: m.ask, now: clock() })).toBeNull();
  });

  it('the round is "once" for every other mode, so a new version never invites a second answer', () => {
    for (const display of [{ mode: 'once' }, { mode: 'until-answered' }, { mode: 'up-to', times: 2 }] as SurveyDisplay[])
      expect(responseRound(display.mode, { ...NEVER_ASKED, asks: 3 })).toBe('once');
  });
});

describe('the recontact limit', () => {
  it("blocks a new ask within N Shanghai days of the member's last ask of any survey (the shop's N)", () => {
    const clock = testClock(START);
    const lastAskedAt = new Date(clock().getTime() - 29 * DAY).toISOString();
    const m = member(survey(), { lastAskedAt, shopRecontactDays: 30 });
    expect(m.show(clock())).toBe('recontact');
    clock.advance(DAY);
    expect(m.show(clock())).toBe('shown');
  });

  it("uses the survey's own N over the shop's, and 0 lifts it", () => {
    const now = new Date(START);
    const yesterday = new Date(now.getTime() - DAY).toISOString();
    expect(member(survey({ recontactDays: 2 }), { lastAskedAt: yesterday }).decide(now)).toEqual({ eligible: false, reason: 'recontact' });
    expect(member(survey({ recontactDays: 1 }), { lastAskedAt: yesterday }).decide(now)).toEqual({ eligible: true, newAsk: true });
    expect(member(survey({ recontactDays: 0 }), { lastAskedAt: now.toISOString() }).decide(now)).toEqual({ eligible: true, newAsk: true });
  });

  it('does not apply to continuing the ask already open (and continuing does not restart the clock)', () => {
    const clock = testClock(START);
    const m = member(survey(), { shopRecontactDays: 30 });
    expect(m.decide(clock())).toEqual({ eligible: true, newAsk: true });
    m.show(clock());
    clock.advance(DAY);
    expect(m.decide(clock())).toEqual({ eligible: true, newAsk: false });
    expect(m.ask.askedAt).toBe(START);
  });
});

describe('sample, close date and response limit', () => {
  it('asks the sampled share, the same members every time', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `m${i}`);
    const sampled = ids.filter((id) => inSample(id, 'sv_test', 25));
    expect(sampled.length).toBeGreaterThan(2000 * 0.22);
    expect(sampled.length).toBeLessThan(2000 * 0.28);
    expect(ids.filter((id) => inSample(id, 'sv_test', 25))).toEqual(sampled);
    const now = new Date(START);
    const outside = ids.find((id) => !inSample(id, 'sv_test', 25))!;
    expect(member(survey({ samplePercent: 25 }), { memberId: outside }).decide(now)).toEqual({ eligible: false, reason: 'not-sampled' });
    expect(member(survey({ samplePercent: 25 }), { memberId: sampled[0] }).decide(now)).toMatchObject({ eligible: true });
    // Answering a link is not sampled.
    expect(answerIneligibility({ survey: survey({ samplePercent: 1 }), joined: true, ask: NEVER_ASKED, now })).toBeNull();
  });

  it('takes answers through the last Shanghai day of closesOn, not after', () => {
    const rules = survey({ closesOn: '2026-11-30' });
    const lastMinute = new Date('2026-11-30T15:59:00.000Z'); // 23:59 on the 30th in Shanghai
    const nextMorning = new Date('2026-11-30T16:01:00.000Z'); // 00:01 on 12-01 in Shanghai (still the 30th in UTC)
    expect(answerIneligibility({ survey: rules, joined: true, ask: NEVER_ASKED, now: lastMinute })).toBeNull();
    expect(answerIneligibility({ survey: rules, joined: true, ask: NEVER_ASKED, now: nextMorning })).toBe('closed');
    expect(member(rules).decide(nextMorning)).toEqual({ eligible: false, reason: 'closed' });
  });

  it('stops at the response limit, and refuses drafts, closed surveys and visitors', () => {
    const now = new Date(START);
    const ask = NEVER_ASKED;
    expect(answerIneligibility({ survey: survey({ responseLimit: 10, responses: 9 }), joined: true, ask, now })).toBeNull();
    expect(answerIneligibility({ survey: survey({ responseLimit: 10, responses: 10 }), joined: true, ask, now })).toBe('limit-reached');
    expect(answerIneligibility({ survey: survey({ status: 'draft' }), joined: true, ask, now })).toBe('not-published');
    expect(answerIneligibility({ survey: survey({ status: 'closed' }), joined: true, ask, now })).toBe('closed');
    expect(answerIneligibility({ survey: survey(), joined: false, ask, now })).toBe('not-member');
    expect(member(survey({ responseLimit: 1, responses: 1 })).decide(now)).toEqual({ eligible: false, reason: 'limit-reached' });
  });
});
