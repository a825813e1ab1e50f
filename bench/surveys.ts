import { randomUUID } from 'node:crypto';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { npsClass, SurveyInput, type Answers, type SurveyQuestion } from '@linli/shared/surveys';
import { addDays, mondayOf, shanghaiDayStart } from '@linli/shared/time';
import { LOCAL_SECRETS, readConfig } from '../functions/src/config/config.ts';
import { batchWriter } from '../functions/src/db/batch-write.ts';
import { createDatabase, type Database } from '../functions/src/db/client.ts';
import { countingDatabase } from '../functions/src/db/counting-database.ts';
import { ensureTable } from '../functions/src/db/create-table.ts';
import { keys } from '../functions/src/db/keys.ts';
import { queryAllPages } from '../functions/src/db/query-all.ts';
import type { Deps } from '../functions/src/deps.ts';
import { newVisitor } from '../functions/src/members/member-record.ts';
import { memberSeedPut } from '../functions/src/members/repository.ts';
import { newMemberCode } from '../functions/src/platform/ids.ts';
import { createDeps } from '../functions/src/runtime.ts';
import { newResponseRecord, submitSurveyResponse } from '../functions/src/surveys/answering.ts';
import { createSurvey, publishSurvey } from '../functions/src/surveys/definitions.ts';
import { responseWriteItems } from '../functions/src/surveys/repository.ts';
import type { SurveyResponseRecord } from '../functions/src/surveys/response-record.ts';
import { responseRollupItems } from '../functions/src/surveys/rollups.ts';
import { surveyInsight } from '../functions/src/surveys/survey-insight.ts';
import { startDynamoDbLocal, localDynamoClientConfig } from '../dev/dynamodb-local.ts';
import { DEMO_NPS_SURVEY } from '../dev/seed-surveys.ts';
import { seededRandom, type SeededRandom } from '../dev/seeded-random.ts';

/**
 * Surveys at shop scale (`BENCH_ONLY=surveys npm run bench`, or `npx tsx bench/surveys.ts` to print only):
 * (a) the 满意度看板 of a 90-day period over N and 10·N responses — items read and time — beside reading every
 * response of the period for the same figures; (b) completions per second for concurrent members (each the
 * real submission: one transaction with the rollups, and a 回访 task for a detractor) beside plain single-item
 * puts in the same run. N = BENCH_SURVEY_RESPONSES (1,000 by default).
 */
const RESPONSES = Number(process.env.BENCH_SURVEY_RESPONSES ?? 1000);
const WORKERS = Number(process.env.BENCH_SURVEY_WORKERS ?? 8);
/** Completions measured in (b), each by a member of its own. */
const COMPLETIONS = Number(process.env.BENCH_SURVEY_COMPLETIONS ?? Math.min(RESPONSES, 1000));
const PERIOD_DAYS = 90;
const TODAY = '2026-11-20';
const NOW = new Date(shanghaiDayStart(TODAY).getTime() + 11 * 3_600_000);
const FROM = addDays(TODAY, -(PERIOD_DAYS - 1));
/** Dashboard reads measured per size (the median is reported). */
const DASHBOARD_RUNS = 15;

const REGIONS = ['浙江省', '浙江省', '江苏省', '上海市', '安徽省', '广东省', '四川省', '北京市'];
const TIERS = ['base', 'silver', 'gold'];
const RFM = ['champions', 'loyal', 'potential', 'at_risk', 'hibernating'];
const STAGES = ['new', 'active', 'at_risk', 'lapsed'];
const CATEGORIES = ['水果', '蔬菜', '乳品', '粮油', '母婴', '禽蛋'];

/** An answer as the demo's buyers give them: mostly promoters, three in ten detractors (who say why). */
function answersFor(random: SeededRandom): Answers {
  const score = random.pick([10, 10, 10, 9, 9, 9, 8, 8, 7, 6, 5, 3, 2, 0, 10, 9, 8, 9, 10, 4]);
  return {
    q1: score,
    ...(score <= 6 ? { q2: '配送太慢，水果有磕碰' } : {}),
    q3: random.pick([['o1'], ['o1', 'o2'], ['o3'], ['o1', 'o4', 'o5']]),
  };
}

function responseOf(surveyId: string, questions: readonly SurveyQuestion[], memberId: string, at: Date, random: SeededRandom) {
  return newResponseRecord({
    surveyId,
    version: 1,
    memberId,
    questions,
    answers: answersFor(random),
    source: random.pick(['invitation', 'invitation', 'card', 'link'] as const),
    orderId: null,
    complaintId: null,
    segments: {
      tier: random.pick(TIERS),
      rfmClass: random.pick(RFM),
      stage: random.pick(STAGES),
      region: random.pick(REGIONS),
      category: random.pick(CATEGORIES),
    },
    rewardPoints: 0,
    now: at,
  });
}

/**
 * `count` responses over the period written as completions write them: the response and the member's copy
 * (BatchWrite), and the rollup counters — the completion's own updates (ADD counters, SET the breakdown
 * values' names), folded per item in memory into the sums they would make and each item written once, so
 * seeding 10·N responses takes seconds rather than one transaction each. The member's standing is not written.
 */
async function seedResponses(db: Database, surveyId: string, questions: readonly SurveyQuestion[], count: number, seed: number) {
  const random = seededRandom(seed);
  const writer = batchWriter(db, 16);
  const rollups = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < count; i++) {
    const day = addDays(FROM, random.int(0, PERIOD_DAYS - 1));
    const at = new Date(shanghaiDayStart(day).getTime() + random.int(8 * 60, 22 * 60) * 60_000);
    const record = responseOf(surveyId, questions, `m_seed_${seed}_${i}`, at, random);
    for (const item of responseWriteItems(db, record, questions)) if (item.Put) writer.add([{ PutRequest: { Item: item.Put.Item } }]);
    for (const { Update: update } of responseRollupItems(db, record, questions)) {
      const key = update!.Key as Record<string, unknown>;
      const id = `${String(key.pk)}|${String(key.sk)}`;
      const item = rollups.get(id) ?? { ...key };
      for (const [placeholder, name] of Object.entries(update!.ExpressionAttributeNames ?? {})) {
        const value = update!.ExpressionAttributeValues![`:${placeholder.slice(1)}`];
        if (placeholder.startsWith('#a')) item[name] = ((item[name] as number | undefined) ?? 0) + (value as number);
        else item[name] = value;
      }
      rollups.set(id, item);
    }
  }
  for (const item of rollups.values()) writer.add([{ PutRequest: { Item: item } }]);
  await writer.done();
}

/** The same figures the dashboard headlines, from every response of the period (what rollups avoid). */
async function naiveFigures(db: Database, surveyId: string) {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': keys.surveyResponsesPartition(surveyId),
      ':from': shanghaiDayStart(FROM).toISOString(),
      ':to': shanghaiDayStart(addDays(TODAY, 1)).toISOString(),
    },
  });
  const classes = { promoter: 0, passive: 0, detractor: 0 };
  const weeks = new Map<string, number>();
  const regions = new Map<string, number>();
  for (const item of items as unknown as SurveyResponseRecord[]) {
    const score = item.answers.q1;
    if (typeof score !== 'number') continue;
    classes[npsClass(score)]++;
    weeks.set(mondayOf(item.day), (weeks.get(mondayOf(item.day)) ?? 0) + 1);
    regions.set(item.segments.region ?? '', (regions.get(item.segments.region ?? '') ?? 0) + 1);
  }
  return { n: items.length, classes, weeks: weeks.size, regions: regions.size };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))]!;

/**
 * The dashboard and the naive read of each survey: items read counted once each, then timed in turns
 * (every survey once per round, DASHBOARD_RUNS rounds, medians) so a change in the machine's load falls on
 * both sizes alike.
 */
async function measureDashboards(deps: Deps, surveyIds: readonly string[]) {
  const figures = [];
  for (const surveyId of surveyIds) {
    const dashboard = countingDatabase(deps.db);
    const n = (await surveyInsight({ ...deps, db: dashboard.db }, surveyId, { from: FROM, to: TODAY })).responses;
    const naive = countingDatabase(deps.db);
    await naiveFigures(naive.db, surveyId);
    figures.push({ n, read: dashboard.counts.read, requests: dashboard.counts.requests, naiveRead: naive.counts.read });
  }
  const times = surveyIds.map(() => ({ dashboard: [] as number[], naive: [] as number[] }));
  const time = async (into: number[], work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    into.push(performance.now() - started);
  };
  for (let run = 0; run < DASHBOARD_RUNS; run++) {
    for (const [index, surveyId] of surveyIds.entries()) {
      await time(times[index]!.dashboard, () => surveyInsight(deps, surveyId, { from: FROM, to: TODAY }));
      if (run % 3 === 0) await time(times[index]!.naive, () => naiveFigures(deps.db, surveyId));
    }
  }
  return figures.map((figure, index) => ({ ...figure, ms: median(times[index]!.dashboard), naiveMs: median(times[index]!.naive) }));
}

async function newSurvey(deps: Deps, name: string): Promise<{ surveyId: string; questions: SurveyQuestion[] }> {
  const at: Deps = { ...deps, clock: () => new Date(shanghaiDayStart(addDays(FROM, -1)).getTime()) };
  const created = await createSurvey(at, SurveyInput.parse({ ...DEMO_NPS_SURVEY, name, homeCard: false, display: { mode: 'once' } }));
  const published = await publishSurvey(at, created.surveyId, created.revision);
  return { surveyId: published.surveyId, questions: published.definition.questions };
}

/** (b): every member completes once, WORKERS at a time, all today: the day's rollup items and the head are shared. */
async function measureCompletions(deps: Deps) {
  const members = Array.from({ length: COMPLETIONS }, (_, i) => `m_bench_${String(i).padStart(6, '0')}`);
  const writer = batchWriter(deps.db, 16);
  for (const memberId of members) {
    const joinedAt = new Date(NOW.getTime() - 200 * 86_400_000).toISOString();
    writer.add([
      memberSeedPut({
        ...newVisitor({ memberId, openid: `o-${memberId}`, unionid: null, memberCode: newMemberCode(), now: new Date(joinedAt) }),
        status: 'member' as const,
        joinedAt,
        policyVersion: '2026-11-01',
        nickname: '会员',
      }),
    ]);
  }
  await writer.done();
  const { surveyId } = await newSurvey(deps, '完成速度');
  const random = seededRandom(20261120);
  const answers = members.map(() => answersFor(random));
  const { db, counts } = countingDatabase(deps.db);
  const counted = { ...deps, db };
  const latencies: number[] = [];
  let next = 0;
  let detractors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (next < members.length) {
        const index = next++;
        const t0 = performance.now();
        await submitSurveyResponse(counted, members[index]!, surveyId, {
          requestId: randomUUID(),
          version: 1,
          answers: answers[index]!,
          source: 'link',
        });
        latencies.push(performance.now() - t0);
        if ((answers[index]!.q1 as number) <= 6) detractors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;

  // Plain single-item puts, the same number, as many at a time, on the same DynamoDB Local.
  const putLatencies: number[] = [];
  let put = 0;
  const putStarted = performance.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, worker) => {
      while (put < COMPLETIONS) {
        const n = put++;
        const t0 = performance.now();
        await deps.db.doc.send(
          new PutCommand({ TableName: deps.db.tableName, Item: { pk: `BENCHPUT#${worker}`, sk: String(n), at: NOW.toISOString() } }),
        );
        putLatencies.push(performance.now() - t0);
      }
    }),
  );
  const putSeconds = (performance.now() - putStarted) / 1000;
  return {
    completions: COMPLETIONS,
    detractors,
    seconds,
    perSecond: COMPLETIONS / seconds,
    p50: median(latencies),
    p99: percentile(latencies, 0.99),
    requestsEach: counts.requests / COMPLETIONS,
    writtenEach: counts.written / COMPLETIONS,
    putSeconds,
    putPerSecond: COMPLETIONS / putSeconds,
    putP50: median(putLatencies),
  };
}

export const SURVEYS_SECTION_HEADING = '## Surveys (满意度)';

/** Runs the survey bench on a DynamoDB Local of its own and answers its section of BENCHMARKS.md. */
export async function runSurveyBench(): Promise<string[]> {
  const loadAtStart = loadavg()[0]!;
  const dynamo = await startDynamoDbLocal();
  const tableName = `linli-bench-surveys-${Date.now()}`;
  const raw = new DynamoDBClient(localDynamoClientConfig(dynamo.endpoint));
  await ensureTable(raw, tableName);
  raw.destroy();
  try {
    const config = readConfig({ LINLI_TABLE_NAME: tableName, DYNAMODB_ENDPOINT: dynamo.endpoint });
    const deps = createDeps(config, LOCAL_SECRETS, {
      clock: () => NOW,
      db: createDatabase({ tableName, region: config.region, endpoint: dynamo.endpoint }),
      logger: new Logger({ serviceName: 'linli-bench', logLevel: 'ERROR' }),
    });
    const sizes = [RESPONSES, 10 * RESPONSES];
    const seeded = [];
    for (const [index, size] of sizes.entries()) {
      const survey = await newSurvey(deps, `看板 ${size}`);
      const seedStarted = performance.now();
      await seedResponses(deps.db, survey.surveyId, survey.questions, size, 20261100 + index);
      seeded.push({ size, surveyId: survey.surveyId, seedSeconds: (performance.now() - seedStarted) / 1000 });
    }
    const measured = await measureDashboards(
      deps,
      seeded.map((survey) => survey.surveyId),
    );
    const dashboards = seeded.map((survey, index) => ({ ...survey, ...measured[index]! }));
    console.log('dashboards', JSON.stringify(dashboards));
    const completions = await measureCompletions(deps);
    console.log('completions', JSON.stringify(completions));
    const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}, Node ${process.version}; load ${loadAtStart.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`;
    const [small, large] = dashboards as [(typeof dashboards)[number], (typeof dashboards)[number]];
    return [
      SURVEYS_SECTION_HEADING,
      '',
      `\`BENCH_ONLY=surveys npm run bench\` (bench/surveys.ts, BENCH_SURVEY_RESPONSES=${RESPONSES}, ${WORKERS} concurrent members), ${new Date().toISOString()}; ${machine}.`,
      "DynamoDB Local in memory, the functions called in process. Two NPS surveys (the demo's 购物体验 questions), one with",
      `N = ${RESPONSES.toLocaleString('en')} and one with 10·N responses over the same ${PERIOD_DAYS} Shanghai days (${FROM} to ${TODAY}), written as a`,
      "completion writes them (the response, the member's copy and the rollup counters from the completion's own item",
      "builders, the counters summed per rollup item before writing; bench/surveys.ts), answers drawn like the demo's (three in ten detractors; five breakdowns: tier, RFM class,",
      `stage, region, category). The dashboard (\`surveyInsight\`, the period with its weekly and monthly trend, breakdowns,`,
      'choices and the previous period) is read once counted (items read: a Query counts the items it scanned, a',
      `GetItem one), then timed ${DASHBOARD_RUNS} times, the two surveys in turns (median). Beside it, the naive way: every response of the`,
      `period queried and the headline, weekly counts and regions summed in memory (timed ${Math.ceil(DASHBOARD_RUNS / 3)} times each, in the same turns).`,
      '',
      '| responses in the period | dashboard items read | requests | dashboard ms (median) | naive items read | naive ms (median) | naive ÷ dashboard, items | naive ÷ dashboard, ms |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...dashboards.map(
        (d) =>
          `| ${d.n.toLocaleString('en')} | ${d.read} | ${d.requests} | ${d.ms.toFixed(1)} | ${d.naiveRead.toLocaleString('en')} | ${d.naiveMs.toFixed(1)} | ${(d.naiveRead / d.read).toFixed(1)} | ${(d.naiveMs / d.ms).toFixed(1)} |`,
      ),
      '',
      `From N to 10·N the dashboard's items read go ${small.read} → ${large.read} (×${(large.read / small.read).toFixed(2)}) and its time ${small.ms.toFixed(1)} → ${large.ms.toFixed(1)} ms; the naive read goes`,
      `${small.naiveRead.toLocaleString('en')} → ${large.naiveRead.toLocaleString('en')} items and ${small.naiveMs.toFixed(0)} → ${large.naiveMs.toFixed(0)} ms. The rollup items of a period are at most its days',`,
      'weeks and months × 4 shards whoever answered, so once every day of the period has answers the reads stay flat; the',
      'counters inside grow only with the distinct values of the breakdowns.',
      '',
      `Completions: ${completions.completions.toLocaleString('en')} members each answer one survey through \`submitSurveyResponse\`, ${WORKERS} at a time, all on one day`,
      `(${completions.detractors} detractors, each opening a 回访 task in the same transaction). A completion reads the member, their`,
      "insight, the survey and their standing, then writes one transaction (the response, the member's copy, the slot, the",
      "request marker, the standing, the head's count, 3 rollup items); the head and the day's rollup shards are shared by",
      'every completion, and one that meets another in flight starts over from its reads (more requests each). Beside it,',
      'plain single-item puts, as many at a time:',
      '',
      '| operation | count | seconds | per second | p50 ms | p99 ms | requests each | items written each |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      `| survey completion (submitSurveyResponse) | ${completions.completions} | ${completions.seconds.toFixed(1)} | ${completions.perSecond.toFixed(0)} | ${completions.p50.toFixed(1)} | ${completions.p99.toFixed(1)} | ${completions.requestsEach.toFixed(1)} | ${completions.writtenEach.toFixed(1)} |`,
      `| plain PutItem of one small item | ${completions.completions} | ${completions.putSeconds.toFixed(1)} | ${completions.putPerSecond.toFixed(0)} | ${completions.putP50.toFixed(1)} | | 1 | 1 |`,
      '',
      `Completions ÷ plain puts: ${(completions.perSecond / completions.putPerSecond).toFixed(3)}. Without a conflict a completion is 7 requests (6 reads and its`,
      "transaction), 2 more for a detractor's task (the follow-up settings and the desk's calendar): " +
        `${(7 + (2 * completions.detractors) / completions.completions).toFixed(3)} each here, beside ${completions.requestsEach.toFixed(3)} measured`,
      completions.requestsEach - (7 + (2 * completions.detractors) / completions.completions) < 0.01
        ? '(more would be completions starting over): none did, so the rate is the work of a 10-item transaction on DynamoDB Local, not contention.'
        : '(more is completions starting over): the difference is conflicts on the shared head and rollup items.',
      `Seeding the responses took ${small.seedSeconds.toFixed(0)} s and ${large.seedSeconds.toFixed(0)} s.`,
      '',
    ];
  } finally {
    await dynamo.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  console.log((await runSurveyBench()).join('\n'));
}
