import { randomUUID } from 'node:crypto';
import type { ComplaintCategory, RootCauseCode } from '@linli/shared/complaints';
import type { Deps } from '../functions/src/deps.ts';
import { buyerConfirm, buyerReopen, buyerReply, fileNewComplaint } from '../functions/src/complaints/buyer-actions.ts';
import { rateComplaintResolution } from '../functions/src/surveys/complaint-csat.ts';
import { claimComplaint, resolveComplaint, staffReply } from '../functions/src/complaints/desk-actions.ts';
import { findMemberIdByOpenid } from '../functions/src/members/repository.ts';

import { inPool, seededRandom, type SeededRandom as Random } from './seeded-random.ts';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/** What buyers complain about in a fresh-produce shop, and what it turns out to have been. */
const STORIES: ReadonlyArray<{ weight: number; category: ComplaintCategory; text: string; sku: string; causes: RootCauseCode[] }> = [
  {
    weight: 9,
    category: 'quality',
    text: '车厘子到货时冰袋已经化了，有几颗软烂',
    sku: 'FRUIT-CHERRY-1KG',
    causes: ['cold_chain', 'cold_chain', 'batch_defect'],
  },
  {
    weight: 7,
    category: 'quality',
    text: '收到的苹果有三个坏了，外皮发软',
    sku: 'FRUIT-APPLE-5KG',
    causes: ['batch_defect', 'courier_damage'],
  },
  { weight: 5, category: 'quality', text: '橙子比页面上写的小很多', sku: 'FRUIT-ORANGE-3KG', causes: ['not_as_described'] },
  { weight: 5, category: 'logistics', text: '箱子压坏了，鸡蛋碎了好几个', sku: 'EGG-FREE-RANGE-30', causes: ['courier_damage'] },
  { weight: 4, category: 'logistics', text: '快递显示已签收，但我没有收到', sku: 'VEG-BOX-WEEK', causes: ['courier_damage', 'other'] },
  { weight: 3, category: 'quality', text: '牛奶离保质期只有两天了', sku: 'DAIRY-MILK-12', causes: ['batch_defect', 'cold_chain'] },
  { weight: 2, category: 'service', text: '客服回复太慢了，问了两次都没人理', sku: 'VEG-BOX-WEEK', causes: ['other'] },
  { weight: 2, category: 'price', text: '下单后第二天就降价了，能否补差价', sku: 'GRAIN-RICE-10KG', causes: ['other'] },
  { weight: 1, category: 'other', text: '发票抬头开错了', sku: 'FORMULA-S2-800G', causes: ['other'] },
];

function pickStory(random: Random) {
  let roll = random.next() * STORIES.reduce((sum, story) => sum + story.weight, 0);
  for (const story of STORIES) {
    roll -= story.weight;
    if (roll < 0) return story;
  }
  return STORIES[0]!;
}

/** The desk answers during its hours (09:00–18:00 Shanghai): work noticed after hours waits for the morning. */
export function nextDeskMoment(t: number, random: Random): number {
  const shanghai = t + 8 * HOUR_MS;
  const hour = Math.floor((shanghai % DAY_MS) / HOUR_MS);
  if (hour >= 9 && hour < 18) return t;
  const morning = Math.floor(shanghai / DAY_MS) * DAY_MS - 8 * HOUR_MS + (hour >= 18 ? DAY_MS : 0) + 9 * HOUR_MS;
  return morning + random.int(5, 120) * 60_000;
}

/**
 * Two months of the service desk, worked through the same desk functions the API uses, each step
 * at the time it would have happened: so the queue has live work and the supervisors' report
 * (Pareto, medians, SLA attainment, reopen rate, ratings, per agent) shows real figures.
 */
export async function seedComplaints(
  deps: Deps,
  input: { buyerOpenids: string[]; agentOpenids: string[]; random: Random },
): Promise<number> {
  const { random } = input;
  const agents = (await Promise.all(input.agentOpenids.map((openid) => findMemberIdByOpenid(deps.db, openid)))).flatMap((link) =>
    link ? [link.memberId] : [],
  );
  const buyers = (await Promise.all(input.buyerOpenids.map((openid) => findMemberIdByOpenid(deps.db, openid)))).flatMap((link) =>
    link ? [link.memberId] : [],
  );
  if (agents.length === 0 || buyers.length === 0) return 0;
  const now = deps.clock().getTime();
  const at = (ms: number): Deps => ({ ...deps, clock: () => new Date(Math.min(ms, now)) });
  // Oldest first, so each buyer's list and the report's period read naturally. Each complaint's
  // story draws from its own generator, so working them side by side keeps the shop the same.
  const filings = Array.from({ length: 48 }, () => ({
    daysAgo: random.int(0, 60),
    hour: random.int(8, 21),
    minute: random.int(0, 59),
    seed: random.int(1, 2 ** 31),
  }))
    .sort((a, b) => b.daysAgo - a.daysAgo)
    .map((filing, index) => ({ ...filing, index }));
  let filed = 0;
  await inPool(filings, 6, async (filing) => {
    const { index } = filing;
    const random = seededRandom(filing.seed);
    const story = pickStory(random);
    const buyer = buyers[index % buyers.length]!;
    const agent = agents[random.int(0, agents.length - 1)]!;
    const shanghaiMidnight = Math.floor((now + 8 * HOUR_MS) / DAY_MS) * DAY_MS - 8 * HOUR_MS - filing.daysAgo * DAY_MS;
    let t = shanghaiMidnight + filing.hour * HOUR_MS + filing.minute * 60_000;
    if (t > now) t = now - random.int(10, 120) * 60_000;
    const complaint = await fileNewComplaint(at(t), buyer, {
      requestId: randomUUID(),
      category: story.category,
      description: story.text,
      photoKeys: [],
      contactPreference: random.pick(['wechat', 'wechat', 'phone', 'none'] as const),
    });
    filed++;
    const id = complaint.complaintId;
    // Today's and some of yesterday's are still in the queue, some not yet picked up.
    if (index >= filings.length - 3 || (filing.daysAgo === 0 && random.next() < 0.6)) return;
    t = nextDeskMoment(t + random.int(10, 300) * 60_000, random);
    if (t >= now) return;
    // Seeded staff work as agents: their compensation stays under the agents' cap.
    const staff = { id: agent, name: null, role: 'agent' } as const;
    await claimComplaint(at(t), staff, id);
    if (random.next() < 0.3) {
      t += random.int(5, 60) * 60_000;
      if (t >= now) return;
      await staffReply(at(t), staff, id, {
        requestId: randomUUID(),
        text: '麻烦您拍一下商品和外包装的照片，谢谢！',
        photoKeys: [],
        askBuyer: true,
      });
      t += random.int(1, 20) * HOUR_MS;
      if (t >= now) return;
      await buyerReply(at(t), buyer, id, { requestId: randomUUID(), text: '好的，已经拍了，您看一下', photoKeys: [] });
    }
    t = nextDeskMoment(t + random.int(1, 72) * HOUR_MS, random);
    if (t >= now || filing.daysAgo <= 1) return;
    const cause = random.pick(story.causes);
    const points = story.category === 'quality' || story.category === 'logistics' ? random.pick([0, 50, 100, 200]) : 0;
    await resolveComplaint(at(t), staff, id, {
      requestId: randomUUID(),
      summary: points ? `已为您补发一份，并补偿 ${points} 积分` : '已核实处理，感谢您的反馈',
      rootCause: { category: story.category, sku: story.sku, causeCode: cause },
      ...(points ? { compensation: { points } } : {}),
    });
    t += random.int(1, 48) * HOUR_MS;
    if (t >= now) return;
    const roll = random.next();
    if (roll < 0.1) {
      // Not satisfied: reopened, then resolved again.
      await buyerReopen(at(t), buyer, id, { reason: '补发的也有问题' });
      t = nextDeskMoment(t + random.int(2, 30) * HOUR_MS, random);
      if (t >= now) return;
      await claimComplaint(at(t - 30 * 60_000), staff, id);
      await resolveComplaint(at(t), staff, id, {
        requestId: randomUUID(),
        summary: '已全额退款',
        rootCause: { category: story.category, sku: story.sku, causeCode: cause },
      });
      return;
    }
    if (roll < 0.7) {
      await buyerConfirm(at(t), buyer, id);
      if (random.next() < 0.8) {
        const rating = random.pick([5, 5, 5, 4, 4, 3, 2]);
        await rateComplaintResolution(at(t + 60_000), buyer, id, {
          rating,
          ...(rating <= 3 ? { comment: '处理得有点慢' } : { comment: '处理很及时' }),
        });
      }
    }
  });
  return filed;
}
