import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SurveyInsight, SurveyResponsePage } from '@linli/shared/survey-stats';
import type { SurveyInputBody, SurveyQuestion } from '@linli/shared/surveys';
import { countingDatabase } from '../../functions/src/db/counting-database.ts';
import { keys } from '../../functions/src/db/keys.ts';
import { transactWrite } from '../../functions/src/db/transact-write.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import type { SurveyResponseRecord } from '../../functions/src/surveys/response-record.ts';
import { followUpOutcomeRollupItems, responseRollupItems } from '../../functions/src/surveys/rollups.ts';
import { surveyInsight } from '../../functions/src/surveys/survey-insight.ts';
import { apiClient } from '../support/api-client.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

// 满意度看板: the figures come from the rollup counters each completion adds in its own transaction;
// the answer list and the CSV read the responses themselves, a page at a time. Responses are written
// here the way completion writes them: the response item and its rollup updates in one transaction.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const tokens: Record<string, string> = {};
const members: Record<string, string> = {};
/** The member of each of May's seeded responses, by its index. */
const mayMembers: string[] = [];
const SURVEY = 'sv_store-nps';

const v1Questions: SurveyQuestion[] = [
  { questionId: 'q1', kind: 'nps', title: '您有多大可能把本店推荐给朋友？', required: true },
  {
    questionId: 'q2',
    kind: 'single',
    title: '最看重什么',
    required: true,
    options: [
      { optionId: 'o1', label: '品质' },
      { optionId: 'o2', label: '价格' },
    ],
  },
  { questionId: 'q3', kind: 'csat', title: '对这次购物满意吗', required: true },
  { questionId: 'q4', kind: 'long-text', title: '还有什么想说的', required: false },
];
// Version 2 renamed an option: answers to version 1 still read as version 1 asked them.
const v2Questions: SurveyQuestion[] = v1Questions.map((question) =>
  question.questionId === 'q2'
    ? {
        ...question,
        options: [
          { optionId: 'o1', label: '品质' },
          { optionId: 'o2', label: '价格实惠' },
        ],
      }
    : question,
);
const definition = (questions: SurveyQuestion[]): SurveyInputBody => ({ name: '店铺口碑', title: '说说您的感受', questions });

let responseNo = 0;
/** Completes a response as the completion transaction does: its item and its rollup counters, at once. */
async function respond(input: {
  day: string;
  nps: number;
  csat: number;
  version?: number;
  memberId?: string;
  text?: string;
  tier?: string | null;
  region?: string | null;
}) {
  responseNo++;
  const memberId = input.memberId ?? `m-synthetic-${responseNo}`;
  const responseId = `r${String(responseNo).padStart(4, '0')}`;
  const completedAt = `${input.day}T02:${String(responseNo % 60).padStart(2, '0')}:00.000Z`;
  const record: SurveyResponseRecord = {
    responseId,
    surveyId: SURVEY,
    version: input.version ?? 2,
    memberId,
    answers: { q1: input.nps, q2: [input.nps >= 9 ? 'o1' : 'o2'], q3: input.csat, ...(input.text ? { q4: input.text } : {}) },
    source: responseNo % 2 === 0 ? 'invitation' : 'card',
    orderId: null,
    complaintId: null,
    completedAt,
    day: input.day,
    segments: { tier: input.tier ?? null, rfmClass: 'important_value', stage: 'active', region: input.region ?? null, category: '水果' },
    followUp: input.nps <= 6 ? { reason: 'nps-detractor', questionId: 'q1', score: input.nps } : null,
    rewardPoints: 0,
  };
  const outcome = await transactWrite(stack.deps.db, [
    { Put: { TableName: stack.deps.db.tableName, Item: { ...keys.surveyResponse(SURVEY, completedAt, responseId), ...record } } },
    ...responseRollupItems(stack.deps.db, record, record.version === 1 ? v1Questions : v2Questions),
  ]);
  expect(outcome.committed).toBe(true);
  return memberId;
}

const pad = (n: number) => String(n).padStart(2, '0');

async function get(path: string, role = 'supervisor') {
  return api.json('GET', path, undefined, tokens[role]);
}
async function insight(query: string, role = 'supervisor'): Promise<SurveyInsight> {
  const response = await get(`/v1/staff/surveys/${SURVEY}/insight?${query}`, role);
  expect(response.status).toBe(200);
  return (await response.json()) as SurveyInsight;
}

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-06-15T04:00:00.000Z' });
  api = apiClient(stack);
  for (const role of ['admin', 'supervisor', 'agent'] as const) {
    await putStaff(stack.deps.db, { openid: `o-survey-figures-${role}`, role, name: role, at: stack.clock().toISOString() });
    tokens[role] = (await api.login(`survey-figures-${role}`)).token;
  }
  for (const name of ['小林', '阿华']) {
    const session = await api.login(`survey-figures-${name === '小林' ? 'lin' : 'hua'}`);
    expect((await api.join(session.token)).status).toBe(200);
    expect((await api.json('PATCH', '/v1/me', { nickname: name }, session.token)).status).toBe(200);
    members[name] = session.member.memberId;
    if (name === '小林') tokens.buyer = session.token;
  }
  const at = stack.clock().toISOString();
  const db = stack.deps.db;
  await db.doc.send(
    new PutCommand({
      TableName: db.tableName,
      Item: {
        ...keys.surveyHead(SURVEY),
        surveyId: SURVEY,
        status: 'published',
        builtIn: false,
        definition: definition(v2Questions),
        version: 2,
        revision: 3,
        responses: 0,
        createdAt: at,
        updatedAt: at,
        publishedAt: at,
        closedAt: null,
      },
    }),
  );
  for (const [version, questions] of [
    [1, v1Questions],
    [2, v2Questions],
  ] as const)
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...keys.surveyVersion(SURVEY, version), surveyId: SURVEY, version, definition: definition(questions), publishedAt: at },
      }),
    );

  // May 2026: 40 responses — 20 promoters (10), 10 passives (8), 10 detractors (3): NPS 25.
  // The first 10 answered version 1; promoters are gold members in 浙江省, the others unknown tier in 广东省.
  for (let i = 0; i < 40; i++) {
    const kind = i % 4 < 2 ? 'promoter' : i % 4 === 2 ? 'passive' : 'detractor';
    mayMembers[i] = await respond({
      day: `2026-05-${pad(1 + (i % 31))}`,
      nps: kind === 'promoter' ? 10 : kind === 'passive' ? 8 : 3,
      csat: kind === 'promoter' ? 5 : kind === 'passive' ? 4 : 2,
      version: i < 10 ? 1 : 2,
      memberId: i === 3 ? members['小林'] : i === 7 ? members['阿华'] : undefined,
      text: kind === 'detractor' ? '物流太慢了' : i === 2 ? '还行' : undefined,
      tier: kind === 'promoter' ? 'gold' : null,
      region: kind === 'promoter' ? '浙江省' : '广东省',
    });
  }
  // April 1–20: 40 responses — 8 promoters, 12 passives, 20 detractors: NPS −30.
  for (let i = 0; i < 40; i++) {
    const nps = i < 8 ? 9 : i < 20 ? 7 : 0;
    await respond({ day: `2026-04-${pad(1 + (i % 20))}`, nps, csat: nps >= 7 ? 4 : 1, tier: 'silver', region: '浙江省' });
  }
  // Three follow-ups' outcomes, recorded on May 20.
  for (const outcome of ['resolved', 'resolved', 'unreachable'] as const)
    expect((await transactWrite(db, followUpOutcomeRollupItems(db, SURVEY, '2026-05-20', outcome, `task-${outcome}`))).committed).toBe(
      true,
    );
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('the survey figures', () => {
  it('give NPS with its margin, the distribution, and the change from the previous equal period labelled significant', async () => {
    const figures = await insight('from=2026-05-01&to=2026-05-31');
    expect(figures).toMatchObject({ surveyName: '店铺口碑', from: '2026-05-01', to: '2026-05-31', responses: 40 });
    expect(figures.question).toEqual({ questionId: 'q1', title: '您有多大可能把本店推荐给朋友？', kind: 'nps', metric: 'nps' });
    // p = 0.5, d = 0.25: variance 0.75 − 0.0625 = 0.6875; 1.96 · sqrt(0.6875 / 40) = 0.257.
    expect(figures.headline).toEqual({ n: 40, value: 25, margin: 25.7, tooFew: false });
    expect(figures.classes).toEqual({ promoters: 20, passives: 10, detractors: 10 });
    expect(figures.distribution).toHaveLength(11);
    expect(figures.distribution.filter((bar) => bar.count > 0)).toEqual([
      { score: 3, count: 10 },
      { score: 8, count: 10 },
      { score: 10, count: 20 },
    ]);
    expect(figures.average).toBe(7.75);
    // The previous 31 days (March 31 – April 30) held April's −30: 55 points up, z ≈ 3.05.
    expect(figures.comparison).toMatchObject({
      from: '2026-03-31',
      to: '2026-04-30',
      previous: { n: 40, value: -30, tooFew: false },
      difference: 55,
      significant: true,
      verdict: 'up',
      label: '显著上升',
    });
  });

  it('give CSAT (share of 4–5) for a CSAT question, and label a change within the noise or over too few answers', async () => {
    const csat = await insight('from=2026-05-01&to=2026-05-31&questionId=q3&compareFrom=2026-05-01&compareTo=2026-05-31');
    expect(csat.question?.metric).toBe('csat');
    // 30 of 40 satisfied: 1.96 · sqrt(0.75 · 0.25 / 40) = 0.134.
    expect(csat.headline).toEqual({ n: 40, value: 75, margin: 13.4, tooFew: false });
    expect(csat.classes).toBeNull();
    expect(csat.comparison).toMatchObject({ difference: 0, significant: false, verdict: 'no-change', label: '无显著变化' });

    const fewDays = await insight('from=2026-05-01&to=2026-05-05');
    expect(fewDays.headline).toMatchObject({ n: 10, tooFew: true });
    expect(fewDays.comparison).toMatchObject({
      from: '2026-04-26',
      to: '2026-04-30',
      verdict: 'too-few',
      label: '样本不足',
      significant: false,
    });
  });

  it('trend by week and by month with the margin of each point', async () => {
    const figures = await insight('from=2026-04-01&to=2026-05-31');
    expect(figures.trend.months.map((point) => [point.period, point.label, point.n, point.value])).toEqual([
      ['2026-04', '2026年4月', 40, -30],
      ['2026-05', '2026年5月', 40, 25],
    ]);
    expect(figures.trend.months[1]!.margin).toBe(25.7);
    const weeks = figures.trend.weeks;
    expect(weeks[0]).toMatchObject({ period: '2026-03-30', label: '3月30日起' });
    expect(weeks.at(-1)).toMatchObject({ period: '2026-05-25' });
    expect(weeks.reduce((sum, point) => sum + point.n, 0)).toBe(80);
    expect(weeks.every((point) => (point.n === 0 ? point.margin === null : point.margin !== null))).toBe(true);
    expect(figures.comparison?.previous.n).toBe(0);
    expect(figures.comparison?.verdict).toBe('too-few');
  });

  it('break NPS down by tier, RFM class, stage, category and region with Chinese names', async () => {
    const figures = await insight('from=2026-05-01&to=2026-05-31');
    const rows = (dimension: string) => figures.breakdowns.find((breakdown) => breakdown.dimension === dimension)!;
    expect(rows('tier').name).toBe('会员等级');
    expect(rows('tier').rows.map((row) => [row.label, row.n, row.value])).toEqual([
      ['金卡会员', 20, 100],
      ['未知', 20, -50],
    ]);
    expect(rows('region').rows.map((row) => [row.label, row.n, row.value, row.margin])).toEqual([
      ['广东省', 20, -50, 21.9],
      ['浙江省', 20, 100, 0],
    ]);
    expect(rows('rfmClass').rows.map((row) => row.label)).toEqual(['重要价值']);
    expect(rows('stage').rows.map((row) => row.label)).toEqual(['活跃']);
    expect(rows('category').rows).toMatchObject([{ label: '水果', n: 40, value: 25, tooFew: false }]);
    expect(rows('region').rows.every((row) => row.tooFew)).toBe(true);
    expect(figures.breakdownsKept).toBe(true);
  });

  it('count choices against the current labels, text answers, sources, versions and follow-ups with their outcomes', async () => {
    const figures = await insight('from=2026-05-01&to=2026-05-31');
    expect(figures.choices).toEqual([
      {
        questionId: 'q2',
        title: '最看重什么',
        kind: 'single',
        answered: 40,
        options: [
          { optionId: 'o1', label: '品质', count: 20, share: 0.5 },
          { optionId: 'o2', label: '价格实惠', count: 20, share: 0.5 },
        ],
      },
    ]);
    expect(figures.textAnswers).toEqual([{ questionId: 'q4', title: '还有什么想说的', count: 11 }]);
    expect(figures.versions).toEqual([
      { version: 1, count: 10 },
      { version: 2, count: 30 },
    ]);
    expect(figures.sources.find((source) => source.source === 'invitation')).toMatchObject({ label: '关怀邀请', count: 20 });
    expect(figures.followUps.opened).toEqual([
      { reason: 'nps-detractor', label: '贬损者（0–6 分）', count: 10 },
      { reason: 'csat-low', label: '不满意（1–2 分）', count: 0 },
    ]);
    expect(figures.followUps.outcomes.filter((outcome) => outcome.count > 0)).toEqual([
      { outcome: 'resolved', label: '已解决', count: 2 },
      { outcome: 'unreachable', label: '联系不上', count: 1 },
    ]);
  });

  it('read only rollup items of the period: as many after 38 more responses', async () => {
    const readFor = async () => {
      const counted = countingDatabase(stack.deps.db);
      await surveyInsight({ db: counted.db, clock: stack.clock }, SURVEY, { from: '2026-05-01', to: '2026-05-31' });
      return counted.counts.read;
    };
    const before = await readFor();
    // May reads: its month (≤ 4 shards), five weeks and one month of trend, March 31 and April of the comparison, the head.
    expect(before).toBeLessThanOrEqual(4 + 5 * 4 + 4 + 2 * 4 + 2);
    // 38 more detractors, from the same synthetic members on the same days (so in the same shards' items).
    for (let i = 0; i < 40; i++)
      if (i !== 3 && i !== 7) await respond({ day: `2026-05-${pad(1 + (i % 31))}`, nps: 6, csat: 3, memberId: mayMembers[i] });
    expect(await readFor()).toBe(before);
    expect((await insight('from=2026-05-01&to=2026-05-31')).responses).toBe(78);
  });

  it('refuse a question that is not rated, a period longer than a year, and an unknown survey', async () => {
    expect((await get(`/v1/staff/surveys/${SURVEY}/insight?questionId=q2`)).status).toBe(400);
    expect((await get(`/v1/staff/surveys/${SURVEY}/insight?from=2025-01-01&to=2026-05-31`)).status).toBe(400);
    const missing = await get('/v1/staff/surveys/sv_nothing/insight');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('SURVEY_NOT_FOUND');
  });
});

describe('the answers', () => {
  const list = async (query: string) => {
    const response = await get(`/v1/staff/surveys/${SURVEY}/responses?${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as SurveyResponsePage;
  };

  it('list detractors newest first with their text, answers rendered against the version they answered', async () => {
    const page = await list('from=2026-05-01&to=2026-05-31&npsClass=detractor&limit=100');
    // Ten detractors of the seeded 40, 38 more (scored 6) added by the read-count test.
    expect(page.items).toHaveLength(48);
    expect(page.nextCursor).toBeNull();
    const times = page.items.map((item) => item.completedAt);
    expect([...times].sort().reverse()).toEqual(times);
    const lin = page.items.find((item) => item.memberId === members['小林'])!;
    expect(lin).toMatchObject({
      nickname: '小林',
      version: 1,
      score: 3,
      npsClass: 'detractor',
      followUp: true,
      followUpReason: 'nps-detractor',
    });
    expect(lin.answers).toEqual([
      { questionId: 'q1', title: '您有多大可能把本店推荐给朋友？', kind: 'nps', text: '3 分' },
      { questionId: 'q2', title: '最看重什么', kind: 'single', text: '价格' },
      { questionId: 'q3', title: '对这次购物满意吗', kind: 'csat', text: '2 分' },
      { questionId: 'q4', title: '还有什么想说的', kind: 'long-text', text: '物流太慢了' },
    ]);
    const v2 = page.items.find((item) => item.version === 2 && item.score === 3)!;
    expect(v2.answers.find((answer) => answer.questionId === 'q2')?.text).toBe('价格实惠');
  });

  it('filter by score range and by having text, and page with a cursor', async () => {
    expect((await list('from=2026-05-01&to=2026-05-31&min=9&max=10&limit=100')).items.every((item) => item.score! >= 9)).toBe(true);
    expect((await list('from=2026-05-01&to=2026-05-31&min=9&max=10&limit=100')).items).toHaveLength(20);
    const texts = await list('from=2026-05-01&to=2026-05-31&hasText=true&limit=100');
    expect(texts.items).toHaveLength(11);
    expect(texts.items.every((item) => item.answers.some((answer) => answer.kind === 'long-text'))).toBe(true);
    expect(texts.items.find((item) => item.answers.some((answer) => answer.text === '还行'))).toMatchObject({
      score: 8,
      npsClass: 'passive',
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: SurveyResponsePage = await list(`from=2026-05-01&to=2026-05-31&hasText=true&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items.map((item) => item.responseId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(texts.items.map((item) => item.responseId).sort());
  });

  it('refuse a forged cursor, an NPS class on a CSAT question, and min above max', async () => {
    expect((await get(`/v1/staff/surveys/${SURVEY}/responses?cursor=bm90LWEta2V5`)).status).toBe(400);
    expect((await get(`/v1/staff/surveys/${SURVEY}/responses?questionId=q3&npsClass=promoter`)).status).toBe(400);
    expect((await get(`/v1/staff/surveys/${SURVEY}/responses?min=8&max=2`)).status).toBe(400);
  });

  it('export as CSV: BOM, Chinese headers, a row per response oldest first, a column per current question plus the version', async () => {
    const response = await get(`/v1/staff/surveys/${SURVEY}/responses.csv?from=2026-04-01&to=2026-04-30`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('x-next-cursor')).toBeNull();
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '提交时间,会员昵称,来源,问卷版本,您有多大可能把本店推荐给朋友？,最看重什么,对这次购物满意吗,还有什么想说的,需回访',
    );
    expect(lines).toHaveLength(41);
    expect(lines[1]).toMatch(/^2026-04-01 10:\d\d,,/);

    const may = new TextDecoder().decode(
      await (await get(`/v1/staff/surveys/${SURVEY}/responses.csv?from=2026-05-01&to=2026-05-31`)).arrayBuffer(),
    );
    const linRow = may.split('\r\n').find((line) => line.includes('小林'))!;
    expect(linRow.split(',').slice(1)).toEqual(['小林', '关怀邀请', '1', '3', '价格', '2', '物流太慢了', '贬损者（0–6 分）']);
  });
});

describe('who may read them', () => {
  it('admins and supervisors; agents and buyers are refused, anonymous callers asked to log in', async () => {
    for (const path of ['insight', 'responses', 'responses.csv']) {
      const url = `/v1/staff/surveys/${SURVEY}/${path}`;
      expect((await get(url, 'admin')).status).toBe(200);
      expect((await get(url, 'agent')).status).toBe(403);
      expect((await get(url, 'buyer')).status).toBe(403);
      expect((await api.json('GET', url)).status).toBe(401);
    }
  });
});
