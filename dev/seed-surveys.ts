import { randomUUID } from 'node:crypto';
import { SurveyInput, type Answers, type FollowUpOutcome, type SurveyInputBody } from '@linli/shared/surveys';
import { shanghaiDayStart, shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../functions/src/deps.ts';
import { findMemberIdByOpenid } from '../functions/src/members/repository.ts';
import { submitSurveyResponse, dismissSurvey } from '../functions/src/surveys/answering.ts';
import { homeSurveyCard, recordInvitationAsk } from '../functions/src/surveys/asking.ts';
import { createSurvey, getSurvey, publishSurvey, updateSurvey } from '../functions/src/surveys/definitions.ts';
import { claimFollowUp, followUpTaskId, recordFollowUpOutcome } from '../functions/src/surveys/follow-ups.ts';
import { getFollowUp } from '../functions/src/surveys/follow-ups-repository.ts';
import { nextDeskMoment } from './seed-complaints.ts';
import { inPool, seededRandom, type SeededRandom as Random } from './seeded-random.ts';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
/** How far back the shop has been asking: the surveys were published about four months ago. */
const HISTORY_DAYS = 125;
/** The post-purchase invitation goes this many days after the order (the demo care rule's trigger), at 10:00. */
export const INVITE_DAYS_AFTER = 3;
/** Buyers worked side by side (each buyer's steps in order). */
const SEED_CONCURRENCY = 6;
/** The shop's recontact limit (the survey settings' default): no new ask within this many days of the last. */
const RECONTACT_DAYS = 30;

/** 购物体验: the shop's NPS, asked again after later orders (repeat), on the home card, "why" only for 0–6. */
export const DEMO_NPS_SURVEY: SurveyInputBody = {
  name: '购物体验 NPS',
  title: '邀请你评价这次购物体验',
  intro: '只需 1 分钟，你的意见会帮助我们做得更好',
  questions: [
    { questionId: 'q1', kind: 'nps', title: '你有多大可能把邻里鲜选推荐给朋友或家人？' },
    { questionId: 'q2', kind: 'long-text', title: '哪些地方让你不满意？', required: false, showIf: { questionId: 'q1', max: 6 } },
    {
      questionId: 'q3',
      kind: 'multiple',
      title: '你最看重我们哪些方面？',
      required: false,
      options: [
        { optionId: 'o1', label: '商品新鲜' },
        { optionId: 'o2', label: '价格实惠' },
        { optionId: 'o3', label: '配送准时' },
        { optionId: 'o4', label: '客服贴心' },
        { optionId: 'o5', label: '会员积分' },
      ],
    },
    { questionId: 'q4', kind: 'short-text', title: '还有什么建议？', required: false },
  ],
  thankYou: '感谢你的反馈，我们会认真看每一条意见！',
  display: { mode: 'repeat' },
  homeCard: true,
};
/** Version 2 (published about six weeks ago): 品类丰富 added to what buyers value. */
const NPS_ADDED_OPTION = { optionId: 'o6', label: '品类丰富' };
const NPS_EDITED_DAYS_AGO = 42;

/** 配送满意度: a CSAT from the card in the parcel (its 小程序码), once per member, with a small reward. */
const DELIVERY_SURVEY: SurveyInputBody = {
  name: '配送满意度',
  title: '这次配送还满意吗？',
  intro: '扫包裹里的小程序码评价配送，完成后送 20 积分',
  questions: [
    { questionId: 'q1', kind: 'csat', title: '你对这次的配送满意吗？' },
    {
      questionId: 'q2',
      kind: 'single',
      title: '配送中哪方面最需要改进？',
      options: [
        { optionId: 'o1', label: '送达速度' },
        { optionId: 'o2', label: '包装完好' },
        { optionId: 'o3', label: '冷链保鲜' },
        { optionId: 'o4', label: '快递员服务' },
        { optionId: 'o5', label: '都很好，无需改进' },
      ],
    },
    { questionId: 'q3', kind: 'long-text', title: '还有什么想告诉我们的？', required: false },
  ],
  thankYou: '感谢评价！20 积分已放入你的账户',
  rewardPoints: 20,
  display: { mode: 'until-answered' },
};

/** Still being written: a draft for the staff list. */
const DRAFT_SURVEY: SurveyInputBody = {
  name: '新品试吃调研',
  title: '新品试吃，你来打分',
  intro: '我们准备上架几款新品，想先听听你的意见',
  questions: [
    { questionId: 'q1', kind: 'stars', title: '你对试吃的丹东草莓打几颗星？' },
    {
      questionId: 'q2',
      kind: 'single',
      title: '这个价格你会购买吗？（39.9 元 / 500g）',
      options: [
        { optionId: 'o1', label: '会' },
        { optionId: 'o2', label: '降价就会' },
        { optionId: 'o3', label: '不会' },
      ],
    },
    { questionId: 'q3', kind: 'short-text', title: '还希望我们上架什么？', required: false },
  ],
};

// What buyers write, in their words.
const DETRACTOR_WHY = [
  '车厘子到的时候有好几颗烂了，冰袋也化了',
  '配送太慢了，说好当天到结果第二天才到',
  '苹果个头比图片上小很多，有点失望',
  '价格比楼下超市贵，活动也不多',
  '联系客服半天没人回',
  '鸡蛋碎了三个，包装需要加强',
  '牛奶快到保质期了才送来',
  '蔬菜箱里的菜叶子都蔫了',
  '积分太难攒了，换不到什么东西',
];
const SUGGESTIONS = [
  '希望多上一些时令水果',
  '能不能早上 8 点前送到？',
  '希望周末也能有会员日',
  '包装可以少用点塑料',
  '东西很新鲜，会继续回购',
  '希望增加半份装，一个人吃不完',
  '客服小姐姐很耐心，点赞',
  '可以多搞点拼团活动',
  '',
  '',
  '',
];
const DELIVERY_COMMENTS: Record<string, string[]> = {
  o1: ['下单后两天才到，有点慢', '希望能准时一点，等了一下午'],
  o2: ['箱子被压扁了', '泡沫箱破了一个角'],
  o3: ['冰袋全化了，牛奶是温的', '夏天送水果最好加冰袋'],
  o4: ['快递员直接放门口也没打电话', '快递员态度不太好'],
  o5: ['很快很好，包装也仔细', '送货很及时，谢谢'],
};

/** NPS 0–10 weights: mostly promoters, a real tail of detractors; `unhappy` shifts weight down (cold chain before the fix, far regions). */
function npsScore(random: Random, unhappy: number): number {
  const weights = [1, 0.5, 0.5, 1, 1, 2.5, 4, 9, 16, 22, 28].map((weight, score) => (score <= 6 ? weight * (1 + unhappy) : weight));
  let roll = random.next() * weights.reduce((sum, weight) => sum + weight, 0);
  for (const [score, weight] of weights.entries()) {
    roll -= weight;
    if (roll < 0) return score;
  }
  return 10;
}

function csatScore(random: Random, unhappy: number): number {
  const weights = [1.5, 2, 5, 12, 14].map((weight, index) => (index < 3 ? weight * (1 + unhappy) : weight));
  let roll = random.next() * weights.reduce((sum, weight) => sum + weight, 0);
  for (const [index, weight] of weights.entries()) {
    roll -= weight;
    if (roll < 0) return index + 1;
  }
  return 5;
}

function npsAnswers(random: Random, score: number, version: number): Answers {
  const answers: Answers = { q1: score };
  if (score <= 6 && random.next() < 0.8) answers.q2 = random.pick(DETRACTOR_WHY);
  if (random.next() < 0.75) {
    const options = ['o1', 'o2', 'o3', 'o4', 'o5', ...(version >= 2 ? ['o6'] : [])];
    // Freshness is what a fresh-produce shop is valued for; one to three reasons.
    const chosen = new Set([random.next() < 0.6 ? 'o1' : random.pick(options)]);
    for (let more = random.int(0, 2); more > 0; more--) chosen.add(random.pick(options));
    answers.q3 = [...chosen];
  }
  const suggestion = random.pick(SUGGESTIONS);
  if (suggestion && random.next() < 0.5) answers.q4 = suggestion;
  return answers;
}

function deliveryAnswers(random: Random, score: number): Answers {
  const improve = score >= 4 ? (random.next() < 0.7 ? 'o5' : random.pick(['o1', 'o2', 'o3'])) : random.pick(['o1', 'o2', 'o3', 'o3', 'o4']);
  const answers: Answers = { q1: score, q2: [improve] };
  if (random.next() < (score <= 3 ? 0.7 : 0.3)) answers.q3 = random.pick(DELIVERY_COMMENTS[improve]!);
  return answers;
}

const FOLLOW_UP_NOTES: Record<FollowUpOutcome, string[]> = {
  resolved: ['已电话致歉，补发了一份并送 50 积分，客户表示满意', '已退款处理，客户接受', '已安排重新配送，客户满意'],
  contacted: ['已电话沟通，反馈已转给仓库改进包装', '客户希望配送更快，已记录并反馈给物流', '已解释价格构成，客户表示理解'],
  unreachable: ['打了两次电话都没有接，已发微信消息', '电话无人接听，稍后再试'],
  declined: ['客户表示不需要回访', '客户说没时间，不想多聊'],
};

/** The demo buyer as the survey seed needs them: their orders (oldest first) and how they buy. */
export interface SurveyBuyer {
  memberId: string;
  /** A newcomer, a regular, someone who lapsed…: lapsed buyers are harsher. */
  pattern: string;
  orders: Array<{ orderId: string; paidAt: string; category: string; region: string | null }>;
  /** Asked nothing in this many last days (the demo member, so the home page offers them the card). */
  quietDays?: number;
}

type Event =
  | { kind: 'invite'; at: number; orderId: string; answer: { at: number; random: number } | null; unhappy: number }
  | { kind: 'card'; at: number; answers: boolean; dismiss: boolean; unhappy: number }
  | { kind: 'parcel'; at: number; orderId: string; unhappy: number };

/** Every buyer's events, drawn up front from a generator of their own so working them side by side keeps the shop the same. */
function buyerEvents(buyer: SurveyBuyer, index: number, now: number, since: number): { events: Event[]; random: Random } {
  const random = seededRandom(20261127 + index);
  const harsh = buyer.pattern === 'lapsed' ? 0.8 : buyer.pattern === 'one-off' ? 0.4 : 0;
  const events: Event[] = [];
  let parcelDone = false;
  for (const order of buyer.orders) {
    const paid = Date.parse(order.paidAt);
    // Far provinces wait longer for fresh goods; before the cold-chain fix (two months ago) everyone was unhappier.
    const far = order.region === '广东省' || order.region === '四川省' ? 0.8 : 0;
    const beforeFix = paid < now - 60 * DAY_MS ? 0.7 : 0;
    const coldChain = order.category === '水果' || order.category === '乳品' ? 0.3 : 0;
    const unhappy = harsh + far + beforeFix + coldChain;
    const invite = shanghaiDayStart(shanghaiDay(new Date(paid + INVITE_DAYS_AFTER * DAY_MS)).date).getTime() + 10 * HOUR_MS;
    if (invite > since && invite < now) {
      const answers = random.next() < 0.5;
      events.push({
        kind: 'invite',
        at: invite,
        orderId: order.orderId,
        unhappy,
        answer: answers ? { at: invite + random.int(5, 30 * 60) * 60_000, random: random.int(1, 2 ** 31) } : null,
      });
    }
    const delivered = paid + random.int(20, 60) * HOUR_MS;
    if (!parcelDone && delivered > since + 10 * DAY_MS && delivered < now && random.next() < 0.35) {
      parcelDone = true;
      events.push({ kind: 'parcel', at: delivered + random.int(1, 48) * HOUR_MS, orderId: order.orderId, unhappy });
    }
  }
  // Some open the mini-program and find the survey on the home page.
  if (random.next() < 0.35) {
    const at = now - random.int(1, HISTORY_DAYS - 5) * DAY_MS - random.int(0, 12) * HOUR_MS;
    events.push({ kind: 'card', at, answers: random.next() < 0.6, dismiss: random.next() < 0.5, unhappy: harsh });
  }
  const until = now - (buyer.quietDays ?? 0) * DAY_MS;
  return { events: events.filter((event) => event.at < until).sort((a, b) => a.at - b.at), random };
}

/**
 * Four months of surveys, answered through the same functions the API uses, each step at the time it
 * would have happened: the NPS survey (invited after orders by the care rule, and on the home card),
 * the delivery CSAT (the parcel's 小程序码), a draft; the 回访 tasks the detractors opened, most of them
 * worked by the desk with an outcome. So 满意度看板 has its trend by week and month, breakdowns,
 * choices, text answers and follow-up outcomes after `npm start`.
 */
export async function seedSurveys(
  deps: Deps,
  input: { buyers: SurveyBuyer[]; agentOpenids: string[]; concurrency?: number },
): Promise<{ npsSurveyId: string; deliverySurveyId: string; responses: number; followUps: number; worked: number }> {
  const now = deps.clock().getTime();
  const at = (ms: number): Deps => ({ ...deps, clock: () => new Date(Math.min(ms, now)) });
  const since = now - HISTORY_DAYS * DAY_MS;

  const nps = await createSurvey(at(since - 2 * DAY_MS), SurveyInput.parse(DEMO_NPS_SURVEY));
  await publishSurvey(at(since), nps.surveyId, nps.revision);
  const delivery = await createSurvey(at(since + 9 * DAY_MS), SurveyInput.parse(DELIVERY_SURVEY));
  await publishSurvey(at(since + 10 * DAY_MS), delivery.surveyId, delivery.revision);
  await createSurvey(at(now - 5 * DAY_MS), SurveyInput.parse(DRAFT_SURVEY));

  const plans = input.buyers.map((buyer, index) => ({ buyer, ...buyerEvents(buyer, index, now, since) }));
  const tasks: Array<{ taskId: string; createdAt: number }> = [];
  let responses = 0;
  // The version a buyer's page loaded: the NPS survey's changes once, at the edit; the others stay at 1.
  let npsVersion = 1;
  const answer = async (
    buyer: SurveyBuyer,
    surveyId: string,
    when: number,
    answers: Answers,
    source: 'card' | 'link' | 'invitation',
    orderId?: string,
  ) => {
    const result = await submitSurveyResponse(at(when), buyer.memberId, surveyId, {
      requestId: randomUUID(),
      version: surveyId === nps.surveyId ? npsVersion : 1,
      answers,
      source,
      ...(orderId ? { orderId } : {}),
    });
    responses++;
    const score = answers.q1 as number;
    if ((surveyId === nps.surveyId && score <= 6) || (surveyId === delivery.surveyId && score <= 2))
      tasks.push({ taskId: followUpTaskId(result.responseId), createdAt: when });
  };
  const lastAsks = new Map<string, number>();
  const runEvent = async (buyer: SurveyBuyer, event: Event, random: Random) => {
    if (event.kind === 'parcel') {
      const score = csatScore(random, event.unhappy);
      await answer(buyer, delivery.surveyId, event.at, deliveryAnswers(random, score), 'link', event.orderId);
    } else if (event.kind === 'invite') {
      // The care planner skips a member asked within the recontact limit (kept here rather than read back:
      // the seed's own asks are the only ones), then the worker records the send: an ask.
      const lastAsk = lastAsks.get(buyer.memberId);
      if (lastAsk !== undefined && event.at - lastAsk < RECONTACT_DAYS * DAY_MS) return;
      lastAsks.set(buyer.memberId, event.at);
      await recordInvitationAsk(deps, buyer.memberId, nps.surveyId, new Date(event.at));
      if (!event.answer || event.answer.at >= now) return;
      const own = seededRandom(event.answer.random);
      await answer(
        buyer,
        nps.surveyId,
        event.answer.at,
        npsAnswers(own, npsScore(own, event.unhappy), npsVersion),
        'invitation',
        event.orderId,
      );
    } else {
      const card = await homeSurveyCard(at(event.at), buyer.memberId);
      if (!card) return;
      lastAsks.set(buyer.memberId, event.at);
      if (event.answers) {
        const when = event.at + random.int(1, 10) * 60_000;
        await answer(buyer, card.surveyId, when, npsAnswers(random, npsScore(random, event.unhappy), npsVersion), 'card');
      } else if (event.dismiss) await dismissSurvey(at(event.at + 30_000), buyer.memberId, card.surveyId);
    }
  };
  // Before and after version 2 of the NPS survey: every answer before the edit answers version 1.
  const edit = now - NPS_EDITED_DAYS_AGO * DAY_MS;
  const phase = (from: number, to: number) =>
    inPool(plans, input.concurrency ?? SEED_CONCURRENCY, async ({ buyer, events, random }) => {
      for (const event of events) if (event.at >= from && event.at < to) await runEvent(buyer, event, random);
    });
  await phase(0, edit);
  const current = await getSurvey(at(edit), nps.surveyId);
  const q3 = current.definition.questions.find((question) => question.questionId === 'q3')!;
  const edited = await updateSurvey(at(edit), nps.surveyId, {
    revision: current.revision,
    survey: {
      ...current.definition,
      questions: current.definition.questions.map((question) =>
        question === q3 ? { ...q3, options: [...(q3.options ?? []), NPS_ADDED_OPTION] } : question,
      ),
    },
  });
  npsVersion = edited.version;
  await phase(edit, now);

  // The desk works the 回访 tasks: most older ones get an outcome; the last two days' wait, some unclaimed.
  const agents = (await Promise.all(input.agentOpenids.map((openid) => findMemberIdByOpenid(deps.db, openid)))).flatMap((link) =>
    link ? [link.memberId] : [],
  );
  const desk = seededRandom(20261128);
  const work = tasks
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((task) => ({
      ...task,
      agent: agents[desk.int(0, agents.length - 1)]!,
      claimAfter: desk.int(10, 240) * 60_000,
      outcomeAfter: desk.int(1, 30) * HOUR_MS,
      roll: desk.next(),
      outcome: desk.pick<FollowUpOutcome>(['resolved', 'resolved', 'resolved', 'contacted', 'contacted', 'unreachable', 'declined']),
      note: desk.int(0, 99),
      deskRandom: seededRandom(desk.int(1, 2 ** 31)),
    }));
  let worked = 0;
  await inPool(work, 6, async (task) => {
    const recent = task.createdAt > now - 2 * DAY_MS;
    if (agents.length === 0 || (recent && task.roll < 0.5)) return;
    const stored = await getFollowUp(deps.db, task.taskId);
    if (!stored) return;
    // A task the rule gave to a complaint's owner is theirs to work; the others are taken from the queue.
    const actor = { id: stored.assigneeId ?? task.agent, supervises: false };
    const claimAt = nextDeskMoment(task.createdAt + task.claimAfter, task.deskRandom);
    if (claimAt >= now) return;
    if (stored.assigneeId === null) await claimFollowUp(at(claimAt), actor, task.taskId, {});
    const doneAt = nextDeskMoment(claimAt + task.outcomeAfter, task.deskRandom);
    if (doneAt >= now || recent || task.roll < 0.08) return;
    const notes = FOLLOW_UP_NOTES[task.outcome];
    await recordFollowUpOutcome(at(doneAt), actor, task.taskId, { outcome: task.outcome, note: notes[task.note % notes.length]! });
    worked++;
  });
  return { npsSurveyId: nps.surveyId, deliverySurveyId: delivery.surveyId, responses, followUps: tasks.length, worked };
}
