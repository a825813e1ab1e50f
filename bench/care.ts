import { pathToFileURL } from 'node:url';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import type { CareRuleInputBody } from '@linli/shared/care-rules';
import { CareRuleInput } from '@linli/shared/care-rules';
import { SeasonalTip } from '@linli/shared/seasonal-tips';
import { addDays, shanghaiDayStart } from '@linli/shared/time';
import { dispatchDueCare } from '../functions/src/automation/care-delivery.ts';
import { planCare, type CarePlanReport } from '../functions/src/automation/care-planner.ts';
import { listCareRules, saveCareRule, saveCareSettings, getCareSettings } from '../functions/src/automation/care-repository.ts';
import { saveSeasonalCalendar } from '../functions/src/automation/seasonal-repository.ts';
import { LOCAL_DEFAULTS, LOCAL_SECRETS, readConfig } from '../functions/src/config/config.ts';
import { CARE_DELIVERY_QUEUE } from '../functions/src/config/queues.ts';
import { batchWriter } from '../functions/src/db/batch-write.ts';
import { createDatabase, type Database } from '../functions/src/db/client.ts';
import { countingDatabase } from '../functions/src/db/counting-database.ts';
import { ensureTable } from '../functions/src/db/create-table.ts';
import { keys } from '../functions/src/db/keys.ts';
import { categoryCadences, expectedPurchases, type CategoryDays } from '../functions/src/insight/replenishment.ts';
import { replenishmentPut, saveInsightRun, type ReplenishCategory } from '../functions/src/insight/repository.ts';
import type { Deps } from '../functions/src/deps.ts';
import { newVisitor } from '../functions/src/members/member-record.ts';
import { memberSeedPut } from '../functions/src/members/repository.ts';
import { newMemberCode } from '../functions/src/platform/ids.ts';
import { ensureQueue } from '../functions/src/queues/ensure-queues.ts';
import { createSqsClient } from '../functions/src/queues/sqs-client.ts';
import { createDeps } from '../functions/src/runtime.ts';
import { createWechatClient } from '../functions/src/wechat/client.ts';
import { startDynamoDbLocal, localDynamoClientConfig } from '../dev/dynamodb-local.ts';
import { startLocalSqs } from '../dev/sqs-server.ts';
import { pollCareQueueOnce } from '../dev/care-worker.ts';
import { seededRandom, type SeededRandom } from '../dev/seeded-random.ts';
import { createWechatEmulator } from '../dev/wechat-emulator/index.ts';
import { measureQueueThroughput, type QueueThroughput } from './queue-throughput.ts';

/**
 * Care automation at shop scale (`BENCH_ONLY=care npm run bench`, or `npx tsx bench/care.ts` to print only; BENCH_MEMBERS members, 100,000 by default): each
 * trigger's planner alone, counting the items it reads beside the members it matches, then a holiday sent
 * to everyone — planned, dispatched onto the local SQS server and delivered by WORKERS pollers (the Lambda's
 * concurrency) through the emulated WeChat — beside the SQS server's own send/receive rate, in the same run.
 */
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const WORKERS = Number(process.env.BENCH_CARE_WORKERS ?? 5);
const DAY = '2026-12-12'; // 双12
const PLAN_AT = new Date(shanghaiDayStart(DAY).getTime() + 7 * 3_600_000); // 07:00 in Shanghai
const SEND_AT = new Date(shanghaiDayStart(DAY).getTime() + 10 * 3_600_000);
const TEMPLATE = LOCAL_DEFAULTS.birthdayTemplateId;
const STAGE_CHANGES = Math.round(MEMBERS / 100);
/**
 * The categories members bought (category facets as the nightly job writes them: ordered by the last day
 * bought). Each member's main category, last bought within 400 days; one in ten also bought a second one.
 */
const CATEGORIES = ['水果', '冷饮', '蔬菜', '粮油', '肉禽', '乳品', '零食', '日用'] as const;
const SECOND_CATEGORY_SHARE = 0.1;
/** The tip 时令推荐 sends: two of the categories, bought within a year, falling two days after DAY. */
const SEASONAL_TIP = { id: 'winter-fruit', name: '冬季水果上市', categories: ['水果', '冷饮'], monthDay: '12-14', boughtWithinDays: 365 };

/** A member's category facets; drawn from their own generator so the other seeded fields stay as before. */
function categoryFacetPuts(memberId: string, random: SeededRandom) {
  const bought = [random.pick(CATEGORIES)];
  if (random.next() < SECOND_CATEGORY_SHARE) {
    const second = random.pick(CATEGORIES);
    if (second !== bought[0]) bought.push(second);
  }
  return bought.map((category) => ({
    PutRequest: { Item: { ...keys.segmentFacet('category', category, memberId, addDays(DAY, -random.int(0, 400))), memberId } },
  }));
}

/** What members buy again, and about how often (days): a third of the members buy one or two of them. */
const REPLENISHED: ReadonlyArray<readonly [string, number]> = [
  ['婴儿奶粉', 30],
  ['纸尿裤', 20],
  ['大米', 45],
  ['食用油', 60],
  ['洗衣液', 40],
  ['猫粮', 30],
];
const REPLENISH_LEAD_DAYS = 3;

/**
 * Members' purchase days of the replenished categories (as their order aggregates keep them), then the
 * expected purchases and the categories the nightly job would write from them — through the job's own
 * rules (insight/replenishment.ts) and item writer, without running the whole job (BENCHMARKS.md has it).
 */
async function seedReplenishment(db: Database, writer: ReturnType<typeof batchWriter>): Promise<number> {
  const random = seededRandom(20261213);
  const members: Array<[string, Record<string, CategoryDays>]> = [];
  for (let i = 0; i < MEMBERS; i += 3) {
    const categories: Record<string, CategoryDays> = {};
    for (let n = random.int(1, 2); n > 0; n--) {
      const [category, cadence] = random.pick(REPLENISHED);
      const days: Record<string, number> = {};
      let day = addDays(DAY, -random.int(1, cadence + 5));
      for (let purchases = random.int(1, 5); purchases > 0; purchases--) {
        days[day] = 1;
        day = addDays(day, -(cadence + random.int(-4, 4)));
      }
      categories[category] = days;
    }
    members.push([`care-${String(i).padStart(6, '0')}`, categories]);
  }
  const cadences = categoryCadences(members.map(([, categories]) => categories));
  const cadenceDays = new Map(cadences.map((cadence) => [cadence.category, cadence.cadenceDays]));
  const expecting = new Map<string, number>();
  let dueOnDay = 0;
  for (const [memberId, categories] of members) {
    for (const [category, expectedDay] of Object.entries(expectedPurchases(categories, cadenceDays, DAY))) {
      writer.add([replenishmentPut({ memberId, category, expectedDay })]);
      expecting.set(category, (expecting.get(category) ?? 0) + 1);
      if (expectedDay === addDays(DAY, REPLENISH_LEAD_DAYS)) dueOnDay++;
    }
  }
  const replenishCategories: ReplenishCategory[] = cadences.map(({ category, cadenceDays: days, buyers }) => ({
    category,
    cadenceDays: days,
    buyers,
    expecting: expecting.get(category) ?? 0,
  }));
  await saveInsightRun(db, DAY, { analysisDay: DAY, replenishCategories, ranAt: PLAN_AT.toISOString() });
  return dueOnDay;
}

async function seed(db: Database): Promise<number> {
  const started = performance.now();
  const random = seededRandom(20261212);
  const categoryRandom = seededRandom(20260601);
  const writer = batchWriter(db, 32);
  for (let i = 0; i < MEMBERS; i++) {
    const memberId = `care-${String(i).padStart(6, '0')}`;
    const joinedAt = new Date(shanghaiDayStart(addDays(DAY, -random.int(2, 730))).getTime() + random.int(8, 21) * 3_600_000).toISOString();
    const member = {
      ...newVisitor({ memberId, openid: `o-${memberId}`, unionid: null, memberCode: newMemberCode(), now: new Date(joinedAt) }),
      status: 'member' as const,
      joinedAt,
      policyVersion: '2026-11-01',
      nickname: `会员${i}`,
      birthday: `${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
    };
    writer.add([
      memberSeedPut(member),
      { PutRequest: { Item: { ...keys.subscriptionQuota(memberId, TEMPLATE), template: 'birthdayGreeting', remaining: 1 } } },
      ...categoryFacetPuts(memberId, categoryRandom),
    ]);
    if (i < STAGE_CHANGES) {
      const at = new Date(PLAN_AT.getTime() - 4 * 3_600_000).toISOString();
      writer.add([
        { PutRequest: { Item: { ...keys.lifecycleDayChange(DAY, at, memberId), memberId, from: 'active', to: 'at_risk', at } } },
      ]);
    }
  }
  const replenishDue = await seedReplenishment(db, writer);
  await writer.done();
  console.log(`${replenishDue} members × categories expected on ${addDays(DAY, REPLENISH_LEAD_DAYS)}`);
  return (performance.now() - started) / 1000;
}

const message = { templateId: TEMPLATE, title: '关怀', fields: [{ key: 'thing1', text: '{昵称}，{节日}快乐' }] };
const RULES: Array<{ label: string; rule: CareRuleInputBody }> = [
  {
    label: 'birthday (byBirthday index)',
    rule: { name: '生日', trigger: { kind: 'birthday', daysBefore: 0 }, audience: { kind: 'everyone' }, message },
  },
  {
    label: 'membership anniversary (byJoinDate ranges)',
    rule: {
      name: '入会周年',
      trigger: { kind: 'anniversary', of: 'membership', daysBefore: 0 },
      audience: { kind: 'everyone' },
      message: { ...message, fields: [{ key: 'thing1', text: '{昵称}，感谢相伴' }] },
    },
  },
  {
    label: 'lifecycle: at risk (the day’s stage changes)',
    rule: {
      name: '流失风险',
      trigger: { kind: 'lifecycle', stages: ['at_risk'] },
      audience: { kind: 'everyone' },
      message: { ...message, fields: [{ key: 'thing1', text: '{昵称}，好久不见' }] },
    },
  },
  {
    label: 'seasonal tip: 2 categories bought within a year (category facets)',
    rule: {
      name: '时令推荐',
      trigger: { kind: 'seasonal', tipId: SEASONAL_TIP.id, daysBefore: 2 },
      audience: { kind: 'everyone' },
      message: { ...message, fields: [{ key: 'thing1', text: '{昵称}，{节日}' }] },
    },
  },
  {
    label: 'replenishment: two categories (REPLENISH#<day>#<category>)',
    rule: {
      name: '母婴补货',
      trigger: { kind: 'replenishment', daysBefore: REPLENISH_LEAD_DAYS, categories: ['婴儿奶粉', '纸尿裤'] },
      audience: { kind: 'everyone' },
      message: { ...message, fields: [{ key: 'thing1', text: '{昵称}，{品类}该补货了' }] },
    },
  },
  {
    label: 'replenishment: any category (each category the last run named)',
    rule: {
      name: '补货',
      trigger: { kind: 'replenishment', daysBefore: REPLENISH_LEAD_DAYS },
      audience: { kind: 'everyone' },
      message: { ...message, fields: [{ key: 'thing1', text: '{昵称}，{品类}该补货了' }] },
    },
  },
  {
    label: 'holiday to everyone (the join walk)',
    rule: { name: '双12', trigger: { kind: 'holiday', holiday: 'double-12', daysBefore: 0 }, audience: { kind: 'everyone' }, message },
  },
];

interface PlannerFigures {
  label: string;
  matched: number;
  selectionReads: number;
  lookups: number;
  written: number;
  seconds: number;
  report: CarePlanReport;
}

async function enableOnly(deps: Deps, index: number) {
  for (const stored of await listCareRules(deps.db)) {
    const enabled = stored.name === RULES[index]!.rule.name;
    if (stored.enabled !== enabled) await saveCareRule(deps.db, { ...stored, enabled, version: stored.version + 1 });
  }
}

export async function measureCare(deps: Deps, sqsEndpoint: string) {
  const planners: PlannerFigures[] = [];
  const settings = await getCareSettings(deps.db);
  // Every rule may send to a member on this day: the caps are not what is measured here.
  await saveCareSettings(deps.db, {
    ...settings,
    policy: { ...settings.policy, dailyCap: 10, weeklyCap: 30 },
    version: settings.version + 1,
    updatedAt: PLAN_AT.toISOString(),
  });
  await saveSeasonalCalendar(deps.db, { tips: [SeasonalTip.parse(SEASONAL_TIP)], version: 1, updatedAt: PLAN_AT.toISOString() });
  for (const [index, { rule }] of RULES.entries()) {
    const input = CareRuleInput.parse({ ...rule, enabled: false });
    await saveCareRule(deps.db, {
      ...input,
      ruleId: `bench-${index}`,
      createdAt: PLAN_AT.toISOString(),
      updatedAt: PLAN_AT.toISOString(),
      version: 1,
    });
  }
  for (const [index, { label }] of RULES.entries()) {
    await enableOnly(deps, index);
    const { db, counts } = countingDatabase(deps.db);
    const started = performance.now();
    const report = await planCare({ ...deps, db, clock: () => PLAN_AT });
    const seconds = (performance.now() - started) / 1000;
    planners.push({
      label,
      matched: report.due,
      // The rule list (one small partition, RULES.length items) is read by every run whatever it matches.
      selectionReads: counts.readByQuery - RULES.length,
      lookups: counts.readByKey,
      written: counts.written,
      seconds,
      report,
    });
    console.log(label, JSON.stringify(planners.at(-1)));
  }

  const dispatchStarted = performance.now();
  const dispatched = await dispatchDueCare({ ...deps, clock: () => SEND_AT });
  const dispatchSeconds = (performance.now() - dispatchStarted) / 1000;
  console.log('dispatched', dispatched, `${dispatchSeconds.toFixed(1)} s`);
  const deliverStarted = performance.now();
  let handled = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      for (let empty = 0; empty < 2;) {
        const n = await pollCareQueueOnce({ ...deps, clock: () => SEND_AT }, 1);
        handled += n;
        empty = n === 0 ? empty + 1 : 0;
      }
    }),
  );
  const deliverSeconds = (performance.now() - deliverStarted) / 1000;
  const sqs = createSqsClient({ region: deps.config.region, endpoint: sqsEndpoint });
  const queueOwn: QueueThroughput = await measureQueueThroughput(sqs, { messages: dispatched.queued, concurrency: WORKERS });
  sqs.destroy();
  return { planners, dispatched, dispatchSeconds, handled, deliverSeconds, queueOwn };
}

/**
 * Runs the care bench on a stack of its own (DynamoDB Local, the SQS server, the WeChat emulator in
 * process) and answers its section of BENCHMARKS.md.
 */
export async function runCareBench(): Promise<string[]> {
  const loadAtStart = loadavg()[0]!;
  const dynamo = await startDynamoDbLocal();
  const queues = await startLocalSqs();
  const tableName = `linli-bench-care-${Date.now()}`;
  const raw = new DynamoDBClient(localDynamoClientConfig(dynamo.endpoint));
  await ensureTable(raw, tableName);
  raw.destroy();
  const sqs = createSqsClient({ region: LOCAL_DEFAULTS.region, endpoint: queues.endpoint });
  try {
    const careDelivery = await ensureQueue(sqs, CARE_DELIVERY_QUEUE, 'bench-');
    const config = readConfig({
      LINLI_TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      SQS_ENDPOINT: queues.endpoint,
      LINLI_CARE_DELIVERY_QUEUE_URL: careDelivery.url,
      LINLI_CARE_DELIVERY_DLQ_URL: careDelivery.deadLetterUrl,
    });
    const emulator = createWechatEmulator({ appId: config.wechat.appId, appSecret: LOCAL_SECRETS.wechatAppSecret, now: () => SEND_AT });
    for (let i = 0; i < MEMBERS; i++) emulator.state.authorizations[`o-care-${String(i).padStart(6, '0')}`] = { [TEMPLATE]: 5 };
    const wechat = createWechatClient({
      apiBase: LOCAL_DEFAULTS.wechatApiBase,
      appId: config.wechat.appId,
      appSecret: LOCAL_SECRETS.wechatAppSecret,
      clock: () => SEND_AT,
      fetch: async (input, init) => emulator.app.fetch(new Request(input, init)),
    });
    const deps = createDeps(config, LOCAL_SECRETS, {
      clock: () => PLAN_AT,
      wechat,
      db: createDatabase({ tableName, region: config.region, endpoint: dynamo.endpoint }),
      sqs,
      logger: new Logger({ serviceName: 'linli-bench', logLevel: 'ERROR' }),
    });
    const seedSeconds = await seed(deps.db);
    console.log(`seeded ${MEMBERS} members in ${seedSeconds.toFixed(0)} s`);
    const figures = await measureCare(deps, queues.endpoint);
    const sent = emulator.state.messages.length;
    const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}, Node ${process.version}; load ${loadAtStart.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`;
    return [
      CARE_SECTION_HEADING,
      '',
      `\`BENCH_ONLY=care npm run bench\` (bench/care.ts, BENCH_MEMBERS=${MEMBERS}, ${WORKERS} worker pollers), ${new Date().toISOString()}; ${machine}. DynamoDB Local in memory,`,
      `the local SQS server (fauxqs) and the WeChat emulator in process. ${MEMBERS.toLocaleString('en')} members seeded in bulk (${seedSeconds.toFixed(0)} s) with a birthday, a join date over two`,
      `years and one authorization each; ${STAGE_CHANGES} moved to 流失风险 that night; a third bought one or two of ${REPLENISHED.length} categories`,
      "every few weeks (their expected purchases written by the nightly job's rules); each bought one of " +
        `${CATEGORIES.length} categories (one in ten a second) within 400 days,`,
      'the category facets written as the nightly job does. Each planner runs alone; "selection" is the items',
      'its queries read (the trigger\'s index, the join walk; the few items of the rule list left out; a buyer of both of the seasonal tip\'s categories is read under each); "lookups" are the per-member reads that follow (authorizations held and',
      "deliveries already written, found items only); written counts each delivery, the two cap counters of each planned one and the rule's day counter.",
      '',
      '| planner | members matched | selection reads | selection ÷ matched | lookups | items written | seconds |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...figures.planners.map(
        (p) =>
          `| ${p.label} | ${p.matched} | ${p.selectionReads} | ${(p.selectionReads / Math.max(1, p.matched)).toFixed(3)} | ${p.lookups} | ${p.written} | ${p.seconds.toFixed(1)} |`,
      ),
      '',
      'Delivery of everything planned, side by side with the queue server alone:',
      '',
      '| step | messages | seconds | per second |',
      '| --- | --- | --- | --- |',
      `| dispatcher: due deliveries onto the queue (byCareDue, SendMessageBatch, marked queued) | ${figures.dispatched.queued} | ${figures.dispatchSeconds.toFixed(1)} | ${(figures.dispatched.queued / figures.dispatchSeconds).toFixed(0)} |`,
      `| worker: ${WORKERS} pollers, each a batch of 10 at a time (claim + authorization, member, send, record) | ${figures.handled} (${sent} sent) | ${figures.deliverSeconds.toFixed(1)} | ${(figures.handled / figures.deliverSeconds).toFixed(0)} |`,
      `| the SQS server alone: send, then receive and delete (${WORKERS} clients) | ${figures.queueOwn.messages} | ${figures.queueOwn.seconds} | ${figures.queueOwn.endToEndPerSecond} |`,
      '',
      `Worker ÷ queue alone: ${(figures.handled / figures.deliverSeconds / figures.queueOwn.endToEndPerSecond).toFixed(3)}.`,
      '',
    ];
  } finally {
    sqs.destroy();
    await queues.stop();
    await dynamo.stop();
  }
}

export const CARE_SECTION_HEADING = '## Care automation';

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  console.log((await runCareBench()).join('\n'));
}
