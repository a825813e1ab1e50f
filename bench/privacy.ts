import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { RETENTION_DEFAULTS } from '@linli/shared/audit';
import { addDays, shanghaiDay, shanghaiDayStart } from '@linli/shared/time';
import { recordAudit } from '../functions/src/audit/audit-log.ts';
import { LOCAL_SECRETS, readConfig } from '../functions/src/config/config.ts';
import { loginWithWechat } from '../functions/src/accounts/membership.ts';
import { batchWriteAll, type BatchWriteRequest } from '../functions/src/db/batch-write.ts';
import { createDatabase, type Database } from '../functions/src/db/client.ts';
import { countingDatabase } from '../functions/src/db/counting-database.ts';
import { ensureTable } from '../functions/src/db/create-table.ts';
import { keys } from '../functions/src/db/keys.ts';
import { transactWrite } from '../functions/src/db/transact-write.ts';
import type { Deps } from '../functions/src/deps.ts';
import { createApp } from '../functions/src/http/app.ts';
import { sessionResponse } from '../functions/src/http/session-response.ts';
import { addManualTag } from '../functions/src/insight/member-tags.ts';
import { noteMemberActive } from '../functions/src/members/activity.ts';
import { activeDaySeedPut, getLastActiveDay, lastActiveSeedPuts } from '../functions/src/members/activity-repository.ts';
import { newVisitor, type MemberRecord } from '../functions/src/members/member-record.ts';
import { getMember, memberSeedPut } from '../functions/src/members/repository.ts';
import { photoAttachItems } from '../functions/src/photos/attach.ts';
import type { PhotoStore } from '../functions/src/photos/photo-store.ts';
import { getPhotoGrant, listPhotoUploadsOfDay } from '../functions/src/photos/repository.ts';
import { createS3PhotoStore } from '../functions/src/photos/s3-photo-store.ts';
import { grantPhotoUpload } from '../functions/src/photos/uploads.ts';
import { newMemberCode } from '../functions/src/platform/ids.ts';
import { createExport } from '../functions/src/privacy/export-repository.ts';
import { yearsBefore } from '../functions/src/privacy/inactive-members.ts';
import { runRetention, type RetentionReport } from '../functions/src/privacy/retention-job.ts';
import { createS3ExportStore } from '../functions/src/privacy/s3-export-store.ts';
import { createDeps } from '../functions/src/runtime.ts';
import { putStaff } from '../functions/src/staff/repository.ts';
import { startDynamoDbLocal, localDynamoClientConfig } from '../dev/dynamodb-local.ts';
import { startLocalS3 } from '../dev/s3-server.ts';
import { inPool, seededRandom } from '../dev/seeded-random.ts';
import { startWechatEmulator } from '../dev/wechat-emulator/index.ts';

/**
 * Issue 14's hot paths (`BENCH_ONLY=privacy npm run bench`, or `npx tsx bench/privacy.ts` to print only):
 * (1) the daily retention job (`runRetention`) on a shop of N members and one of 10·N, each holding the same
 * things past their periods (members inactive, uploads never attached, audit days, exports) — items read and
 * written, requests and seconds, and the ratio large ÷ small; (2) a login with its activity note (a repeat
 * login of the day, a day's first) beside a bare GetItem of the member; (3) a staff change through the app
 * with its audit entry beside the same domain call alone. N = BENCH_PRIVACY_MEMBERS (1,000 by default): with 10·N
 * seeded through the grant path and the real writes, the section runs in about 3 minutes on 2 shared cores.
 */
const MEMBERS = Number(process.env.BENCH_PRIVACY_MEMBERS ?? 1000);
/** Job runs per shop, on consecutive days, each with its own things past their periods (in turns from the second on). */
const ROUNDS = Number(process.env.BENCH_PRIVACY_ROUNDS ?? 1);
/** Past their periods in each round, in both shops alike. */
const INACTIVE = 50;
const BOUGHT_SINCE = 10;
const UNATTACHED = 100;
const ATTACHED_ON_PURGED_DAY = 20;
const EXPIRED_AUDIT_ENTRIES = 30;
const EXPIRED_EXPORTS = 10;
/** What grows with the shop (within the periods, so the job must leave it): per member of the shop. */
const RECENT_UPLOADS_PER_MEMBER = 1 / 100;
const AUDIT_ENTRIES_PER_MEMBER = 1 / 20;
const RECENT_EXPORTS_PER_MEMBER = 1 / 400;
/** Samples of each operation in (2) and (3), interleaved; the first WARM_UP rounds are not recorded. */
const SAMPLES = Number(process.env.BENCH_PRIVACY_SAMPLES ?? 150);
const WARM_UP = 30;

/** The first job day; the job runs at 03:30 in Shanghai. */
const FIRST_JOB_DAY = '2029-03-12';
const jobAt = (day: string) => new Date(shanghaiDayStart(day).getTime() + 3.5 * 3_600_000);
const noonOf = (day: string) => new Date(shanghaiDayStart(day).getTime() + 12 * 3_600_000);
const JOB_DAYS = Array.from({ length: ROUNDS }, (_, round) => addDays(FIRST_JOB_DAY, round));
const LAST_JOB_DAY = JOB_DAYS.at(-1)!;
/** The day each period's cutoff has just passed in round r: what that round's job finds. */
const memberDayPurged = (day: string) => addDays(yearsBefore(day, RETENTION_DEFAULTS.inactiveMemberYears), -1);
const photoDayPurged = (day: string) => addDays(day, -RETENTION_DEFAULTS.unattachedPhotoDays - 1);
const auditDayPurged = (day: string) => addDays(day, -RETENTION_DEFAULTS.auditLogDays - 1);
/** The days within every round's periods, where the shop's own history lies. */
const FIRST_ACTIVE_DAY = yearsBefore(LAST_JOB_DAY, RETENTION_DEFAULTS.inactiveMemberYears);
const FIRST_RECENT_UPLOAD_DAY = addDays(LAST_JOB_DAY, -RETENTION_DEFAULTS.unattachedPhotoDays);
const FIRST_AUDIT_DAY = addDays(LAST_JOB_DAY, -RETENTION_DEFAULTS.auditLogDays);
const NOW = new Date(shanghaiDayStart(LAST_JOB_DAY).getTime() + 10 * 3_600_000);
const TODAY = shanghaiDay(NOW).date;
const YESTERDAY = addDays(TODAY, -1);

const quiet = new Logger({ serviceName: 'linli-bench', logLevel: 'ERROR' });
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))]!;
const median = (values: number[]) => percentile(values, 0.5);

function joinedMember(memberId: string, extra: Partial<MemberRecord> = {}): MemberRecord {
  const joinedAt = '2025-06-01T02:00:00.000Z';
  return {
    ...newVisitor({ memberId, openid: `o-${memberId}`, unionid: null, memberCode: newMemberCode(), now: new Date(joinedAt) }),
    status: 'member',
    joinedAt,
    policyVersion: '2026-11-01',
    nickname: '会员',
    ...extra,
  };
}

interface Shop {
  name: 'small' | 'large';
  size: number;
  deps: Deps;
  photos: PhotoStore;
  /** Per round: who and what must go, and what must stay. */
  rounds: Array<{ inactive: string[]; boughtSince: string[]; unattached: string[]; attached: string[] }>;
  active: string[];
  recentUploads: string[];
  seedSeconds: number;
  seedItems: number;
}

/** A photo granted to `memberId` on `day` through the grant path, then posted to storage as the mini-program posts it. */
async function uploadedPhoto(deps: Deps, memberId: string, day: string): Promise<string> {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(1020)]);
  const grant = await grantPhotoUpload(
    { ...deps, clock: () => noonOf(day) },
    { memberId, roles: ['member'] },
    { contentType: 'image/jpeg', purpose: 'complaint', sizeBytes: bytes.length },
  );
  const form = new FormData();
  for (const [name, value] of Object.entries(grant.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)]), 'photo.jpg');
  const posted = await fetch(grant.url, { method: 'POST', body: form });
  if (posted.status !== 204) throw new Error(`The upload to local S3 answered ${posted.status}`);
  return grant.key;
}

/** Attaches an upload with the attach write of photos/attach.ts, committed alone (no complaint is filed around it). */
async function attached(deps: Deps, memberId: string, objectKey: string, day: string): Promise<void> {
  const at = noonOf(day).toISOString();
  const items = await photoAttachItems(deps, { memberId, objectKeys: [objectKey], complaintId: `c-bench-${randomUUID()}`, at });
  const outcome = await transactWrite(deps.db, items);
  if (!outcome.committed) throw new Error(`Attaching ${objectKey} was refused: ${outcome.reasons.join(', ')}`);
}

/**
 * A shop of `size` members straight through BatchWrite (each listed as last active on a day within the
 * inactivity period, the days drawn at random), and per round, alike in every shop: INACTIVE members
 * listed on the day that has just passed the period, BOUGHT_SINCE listed there who bought 30 days before
 * the job, UNATTACHED uploads and ATTACHED_ON_PURGED_DAY attached ones on the day just past the
 * unattached-photo period, EXPIRED_AUDIT_ENTRIES on the audit day just past its period, EXPIRED_EXPORTS
 * exports past their day. What grows with the shop lies within the periods: uploads of the last week,
 * the audit log and exports of the day.
 */
async function seedShop(name: Shop['name'], size: number, base: Deps, photos: PhotoStore): Promise<Shop> {
  const started = performance.now();
  const deps: Deps = { ...base, photos };
  const random = seededRandom(size);
  const special = ROUNDS * (INACTIVE + BOUGHT_SINCE);
  const active = Array.from({ length: size - special }, (_, i) => `${name}-a-${String(i).padStart(6, '0')}`);
  const requests: BatchWriteRequest[] = [];
  const days = new Set<string>();
  const span = Math.round((shanghaiDayStart(YESTERDAY).getTime() - shanghaiDayStart(FIRST_ACTIVE_DAY).getTime()) / 86_400_000);
  for (const memberId of active) {
    const day = addDays(FIRST_ACTIVE_DAY, random.int(0, span));
    days.add(day);
    requests.push(memberSeedPut(joinedMember(memberId)), ...lastActiveSeedPuts(memberId, day));
  }
  const rounds: Shop['rounds'] = [];
  for (const [round, jobDay] of JOB_DAYS.entries()) {
    const day = memberDayPurged(jobDay);
    days.add(day);
    const inactive = Array.from({ length: INACTIVE }, (_, i) => `${name}-i${round}-${String(i).padStart(4, '0')}`);
    const boughtSince = Array.from({ length: BOUGHT_SINCE }, (_, i) => `${name}-b${round}-${String(i).padStart(4, '0')}`);
    for (const memberId of inactive) {
      requests.push(memberSeedPut(joinedMember(memberId)), ...lastActiveSeedPuts(memberId, day));
      requests.push({ PutRequest: { Item: { ...keys.openid(`o-${memberId}`), memberId, joined: true } } });
    }
    const lastOrderAt = new Date(jobAt(jobDay).getTime() - 30 * 86_400_000).toISOString();
    for (const memberId of boughtSince)
      requests.push(memberSeedPut(joinedMember(memberId, { lastOrderAt, orderCount: 1 })), ...lastActiveSeedPuts(memberId, day));
    rounds.push({ inactive, boughtSince, unattached: [], attached: [] });
  }
  for (const day of days) requests.push(activeDaySeedPut(day));
  await batchWriteAll(deps.db, requests, 8);

  // Uploads, each by an active member of its own, through the grant path and posted to local S3.
  let uploader = 0;
  const nextUploader = () => active[uploader++ % active.length]!;
  for (const [round, jobDay] of JOB_DAYS.entries()) {
    const day = photoDayPurged(jobDay);
    const plan = Array.from({ length: UNATTACHED + ATTACHED_ON_PURGED_DAY }, (_, i) => ({
      memberId: nextUploader(),
      attach: i < ATTACHED_ON_PURGED_DAY,
    }));
    await inPool(plan, 6, async ({ memberId, attach }) => {
      const key = await uploadedPhoto(deps, memberId, day);
      if (attach) {
        await attached(deps, memberId, key, day);
        rounds[round]!.attached.push(key);
      } else rounds[round]!.unattached.push(key);
    });
  }
  const recentDays = RETENTION_DEFAULTS.unattachedPhotoDays;
  const recentPlan = Array.from({ length: Math.round(size * RECENT_UPLOADS_PER_MEMBER) }, (_, i) => ({
    memberId: nextUploader(),
    day: addDays(FIRST_RECENT_UPLOAD_DAY, i % recentDays),
    attach: i % 2 === 0,
  }));
  const recentUploads: string[] = [];
  await inPool(recentPlan, 6, async ({ memberId, day, attach }) => {
    const key = await uploadedPhoto(deps, memberId, day);
    if (attach) await attached(deps, memberId, key, day);
    recentUploads.push(key);
  });

  // The audit log: entries past the period on each round's day, and the shop's history within it.
  const actor = { memberId: 'm-bench-staff', name: '店长', role: 'admin' as const };
  const auditPlan = [
    ...JOB_DAYS.flatMap((jobDay) => Array.from({ length: EXPIRED_AUDIT_ENTRIES }, () => auditDayPurged(jobDay))),
    ...Array.from({ length: Math.round(size * AUDIT_ENTRIES_PER_MEMBER) }, () =>
      addDays(FIRST_AUDIT_DAY, random.int(0, RETENTION_DEFAULTS.auditLogDays - 1)),
    ),
  ].map((day) => ({ day, memberId: random.pick(active) }));
  await inPool(auditPlan, 8, async ({ day, memberId }) => {
    await recordAudit(
      { db: deps.db, clock: () => noonOf(day) },
      { actor, kind: 'read', action: 'GET /v1/staff/members/{memberId}/profile', memberId },
    );
  });

  // Exports: EXPIRED_EXPORTS past their day per round, and the day's own (not due in any round), as a request records them.
  const exportPlan = [
    ...JOB_DAYS.flatMap((jobDay) => Array.from({ length: EXPIRED_EXPORTS }, () => new Date(jobAt(jobDay).getTime() - 25 * 3_600_000))),
    ...Array.from({ length: Math.round(size * RECENT_EXPORTS_PER_MEMBER) }, () => new Date(jobAt(LAST_JOB_DAY).getTime() - 3_600_000)),
  ];
  for (const [i, requestedAt] of exportPlan.entries()) {
    const memberId = active[i]!;
    const created = await createExport(deps.db, {
      exportId: `exp-bench-${i}`,
      memberId,
      requestId: randomUUID(),
      status: 'queued',
      requestedAt: requestedAt.toISOString(),
      day: shanghaiDay(requestedAt).date,
      startedAt: null,
      attempts: 0,
      readyAt: null,
      purgeAt: new Date(requestedAt.getTime() + 24 * 3_600_000).toISOString(),
      failure: null,
      files: [],
      photoKeys: [],
      purgedAt: null,
    });
    if (created !== 'created') throw new Error(`Seeding export ${i} answered ${created}`);
  }
  return {
    name,
    size,
    deps,
    photos,
    rounds,
    active,
    recentUploads,
    seedSeconds: (performance.now() - started) / 1000,
    seedItems: requests.length,
  };
}

interface JobRun {
  shop: Shop['name'];
  size: number;
  day: string;
  seconds: number;
  requests: number;
  read: number;
  written: number;
  report: RetentionReport;
}

async function timedRetention(shop: Shop, day: string): Promise<JobRun> {
  const { db, counts } = countingDatabase(shop.deps.db);
  const started = performance.now();
  const report = await runRetention({ ...shop.deps, db, clock: () => jobAt(day) });
  return {
    shop: shop.name,
    size: shop.size,
    day,
    seconds: (performance.now() - started) / 1000,
    requests: counts.requests,
    read: counts.read,
    written: counts.written,
    report,
  };
}

/** Fails the bench unless the round's job erased and purged exactly what was seeded past the periods. */
function checkRound(run: JobRun) {
  const { report } = run;
  const expected = {
    erased: INACTIVE,
    stillActive: BOUGHT_SINCE,
    purged: UNATTACHED,
    attached: ATTACHED_ON_PURGED_DAY,
    auditEntries: EXPIRED_AUDIT_ENTRIES,
    exports: EXPIRED_EXPORTS,
  };
  const got = {
    erased: report.inactiveMembers?.erased,
    stillActive: report.inactiveMembers?.stillActive,
    purged: report.unattachedPhotos?.purged,
    attached: report.unattachedPhotos?.attached,
    auditEntries: report.auditLog?.entries,
    exports: report.exports?.purged,
  };
  if (JSON.stringify(got) !== JSON.stringify(expected) || Object.keys(report.inactiveMembers?.skipped ?? {}).length > 0)
    throw new Error(`The ${run.shop} shop's run on ${run.day} reported ${JSON.stringify(report)}; expected ${JSON.stringify(expected)}`);
}

/** After every round: what went is gone, and what must stay is there (all of it, or a sample of the active members). */
async function checkSurvivors(shop: Shop): Promise<void> {
  const { db } = shop.deps;
  for (const round of shop.rounds) {
    for (const memberId of round.inactive) if (await getMember(db, memberId)) throw new Error(`${memberId} was not erased`);
    for (const memberId of round.boughtSince) if (!(await getMember(db, memberId))) throw new Error(`${memberId} was erased`);
    for (const key of round.unattached) if (await shop.photos.stat(key)) throw new Error(`${key} was not purged`);
    for (const key of round.attached) {
      if (!(await shop.photos.stat(key)) || (await getPhotoGrant(db, key))?.attachedTo === null) throw new Error(`${key} did not survive`);
    }
  }
  const random = seededRandom(7);
  for (let i = 0; i < 200; i++) {
    const memberId = random.pick(shop.active);
    if (!(await getMember(db, memberId)) || !(await getLastActiveDay(db, memberId))) throw new Error(`${memberId} did not survive`);
  }
  let listed = 0;
  for (let i = 0; i < RETENTION_DEFAULTS.unattachedPhotoDays; i++)
    listed += (await listPhotoUploadsOfDay(db, addDays(FIRST_RECENT_UPLOAD_DAY, i))).length;
  if (listed !== shop.recentUploads.length) throw new Error(`${listed} recent uploads listed, ${shop.recentUploads.length} granted`);
  for (const key of shop.recentUploads) if (!(await shop.photos.stat(key))) throw new Error(`${key} was purged within its period`);
}

interface Sampled {
  name: string;
  samples: number[];
  requests: number;
  read: number;
  written: number;
}

/** Times each operation once per round, in turns (WARM_UP rounds unrecorded), then counts one more call of each. */
async function sideBySide(
  base: Database,
  operations: Array<{ name: string; run: (db: Database, n: number) => Promise<unknown> }>,
): Promise<Sampled[]> {
  const samples = operations.map(() => [] as number[]);
  for (let n = 0; n < WARM_UP + SAMPLES; n++) {
    for (const [index, operation] of operations.entries()) {
      const t0 = performance.now();
      await operation.run(base, n);
      if (n >= WARM_UP) samples[index]!.push(performance.now() - t0);
    }
  }
  const sampled: Sampled[] = [];
  for (const [index, operation] of operations.entries()) {
    const { db, counts } = countingDatabase(base);
    await operation.run(db, WARM_UP + SAMPLES);
    sampled.push({ name: operation.name, samples: samples[index]!, requests: counts.requests, read: counts.read, written: counts.written });
  }
  return sampled;
}

const bareGet = (db: Database, memberId: string) =>
  db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.member(memberId), ConsistentRead: true }));

/** (2): logins through the WeChat emulator's code2session, each with its activity note, beside a bare GetItem. */
async function measureLogins(deps: Deps): Promise<Sampled[]> {
  const rounds = WARM_UP + SAMPLES + 1;
  // Members who last logged in yesterday: one for each day's first login (each moved once).
  const yesterday: Deps = { ...deps, clock: () => noonOf(YESTERDAY) };
  const firstOfDay = Array.from({ length: rounds }, (_, n) => `bench-first-${n}`);
  await inPool([...firstOfDay], 6, async (name) => void (await loginWithWechat(yesterday, `dev-${name}.${randomUUID().slice(0, 8)}`)));
  // Members who have logged in today already: their next logins are repeats.
  const repeat = Array.from({ length: 20 }, (_, n) => `bench-repeat-${n}`);
  const repeatIds: string[] = [];
  for (const name of repeat) repeatIds.push((await loginWithWechat(deps, `dev-${name}.${randomUUID().slice(0, 8)}`)).member.memberId);
  // For the note alone: members listed under yesterday (a login of yesterday as the note left it), and under today.
  const noteFirst = Array.from({ length: rounds }, (_, n) => `m-note-first-${n}`);
  await batchWriteAll(deps.db, [activeDaySeedPut(YESTERDAY), ...noteFirst.flatMap((memberId) => lastActiveSeedPuts(memberId, YESTERDAY))]);
  const login = (db: Database, name: string) => loginWithWechat({ ...deps, db }, `dev-${name}.${randomUUID().slice(0, 8)}`);
  return sideBySide(deps.db, [
    { name: 'bare GetItem of the member item (ConsistentRead)', run: (db, n) => bareGet(db, repeatIds[n % repeatIds.length]!) },
    {
      name: "code2session alone (the WeChat emulator over HTTP, the login's first step)",
      run: (_db, n) => deps.wechat.codeToSession(`dev-${repeat[n % repeat.length]}.${randomUUID().slice(0, 8)}`),
    },
    { name: 'repeat login of the day (loginWithWechat; the note is one read)', run: (db, n) => login(db, repeat[n % repeat.length]!) },
    { name: "a day's first login (loginWithWechat; the note moves the member)", run: (db, n) => login(db, firstOfDay[n]!) },
    {
      name: 'noteMemberActive alone, noted today already (one read)',
      run: (db, n) => noteMemberActive({ db }, repeatIds[n % repeatIds.length]!, TODAY),
    },
    { name: "noteMemberActive alone, the day's first (read, mark, move)", run: (db, n) => noteMemberActive({ db }, noteFirst[n]!, TODAY) },
  ]);
}

/** (3): a manual tag through the Hono app in process (session, staff read, route, audit entry) beside addManualTag alone. */
async function measureStaffChange(deps: Deps): Promise<Sampled[]> {
  const rounds = WARM_UP + SAMPLES + 1;
  await putStaff(deps.db, { openid: 'o-bench-admin', role: 'admin', name: '店长', at: NOW.toISOString() });
  const admin = await sessionResponse(deps, await loginWithWechat(deps, `dev-bench-admin.${randomUUID().slice(0, 8)}`));
  // Every change tags a member of its own (the tag is new to them): each call writes.
  const direct = Array.from({ length: rounds }, (_, n) => `m-tag-direct-${n}`);
  const viaApp = Array.from({ length: rounds }, (_, n) => `m-tag-app-${n}`);
  const audited = Array.from({ length: rounds }, (_, n) => `m-tag-audit-${n}`);
  await batchWriteAll(
    deps.db,
    [...direct, ...viaApp, ...audited].map((memberId) => memberSeedPut(joinedMember(memberId))),
  );
  // One app per database (the timed one, and the counting one of the last call), built before it is timed.
  const apps = new Map<Database, ReturnType<typeof createApp>>();
  const appFor = (db: Database) => apps.get(db) ?? apps.set(db, createApp({ ...deps, db })).get(db)!;
  appFor(deps.db);
  const tag = '常买水果';
  return sideBySide(deps.db, [
    { name: 'bare GetItem of the member item (ConsistentRead)', run: (db, n) => bareGet(db, direct[n]!) },
    {
      name: 'addManualTag alone (the domain call the route makes)',
      run: (db, n) => addManualTag({ ...deps, db }, { memberId: direct[n]!, tag, staffName: '店长' }),
    },
    {
      name: 'the audit entry alone (recordAudit as the audit trail writes it)',
      run: (db, n) =>
        recordAudit(
          { db, clock: deps.clock },
          {
            actor: { memberId: admin.member.memberId, name: '店长', role: 'admin' },
            kind: 'change',
            action: 'PUT /v1/staff/members/{memberId}/tags/{tag}',
            memberId: audited[n]!,
            target: { tag },
            status: 200,
          },
        ),
    },
    {
      name: 'PUT /v1/staff/members/{memberId}/tags/{tag} through the Hono app in process (audited)',
      run: async (db, n) => {
        const response = await appFor(db).request(`/v1/staff/members/${viaApp[n]!}/tags/${encodeURIComponent(tag)}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${admin.token}` },
        });
        if (response.status !== 200) throw new Error(`PUT tag answered ${response.status}: ${await response.text()}`);
        await response.arrayBuffer();
      },
    },
  ]);
}

export const PRIVACY_SECTION_HEADING = '## Privacy and retention';

/** Runs the privacy bench on a DynamoDB Local and a local S3 of its own and answers its section of BENCHMARKS.md. */
export async function runPrivacyBench(): Promise<string[]> {
  const loadAtStart = loadavg()[0]!;
  const benchStarted = performance.now();
  const dynamo = await startDynamoDbLocal();
  const suffix = Date.now();
  const s3 = await startLocalS3({
    bucket: `linli-bench-photos-small-${suffix}`,
    otherBuckets: [`linli-bench-photos-large-${suffix}`, `linli-bench-exports-${suffix}`],
  });
  const config0 = readConfig({ DYNAMODB_ENDPOINT: dynamo.endpoint });
  const wechat = await startWechatEmulator({ port: 0, appId: config0.wechat.appId, appSecret: LOCAL_SECRETS.wechatAppSecret });
  const raw = new DynamoDBClient(localDynamoClientConfig(dynamo.endpoint));
  const tables = {
    small: `linli-bench-privacy-small-${suffix}`,
    large: `linli-bench-privacy-large-${suffix}`,
    hot: `linli-bench-privacy-hot-${suffix}`,
  };
  for (const table of Object.values(tables)) await ensureTable(raw, table);
  raw.destroy();
  try {
    const config = readConfig({ LINLI_TABLE_NAME: tables.hot, DYNAMODB_ENDPOINT: dynamo.endpoint, WECHAT_API_BASE: wechat.url });
    const photoStore = (bucket: string) =>
      createS3PhotoStore({ bucket, region: config.region, endpoint: s3.endpoint, forcePathStyle: true });
    const base = createDeps(config, LOCAL_SECRETS, {
      clock: () => NOW,
      logger: quiet,
      exports: createS3ExportStore({ bucket: s3.otherBuckets[1]!, region: config.region, endpoint: s3.endpoint, forcePathStyle: true }),
    });
    const shopDeps = (table: string): Deps => ({
      ...base,
      db: createDatabase({ tableName: table, region: config.region, endpoint: dynamo.endpoint }),
    });
    const small = await seedShop('small', MEMBERS, shopDeps(tables.small), photoStore(s3.bucket));
    console.log(`seeded the small shop in ${small.seedSeconds.toFixed(0)} s`);
    const large = await seedShop('large', 10 * MEMBERS, shopDeps(tables.large), photoStore(s3.otherBuckets[0]!));
    console.log(`seeded the large shop in ${large.seedSeconds.toFixed(0)} s`);

    // Small, large, then large, small: a drift in the machine's load falls on both shops alike.
    const runs: JobRun[] = [];
    for (const [round, day] of JOB_DAYS.entries()) {
      for (const shop of round % 2 === 0 ? [small, large] : [large, small]) {
        const run = await timedRetention(shop, day);
        checkRound(run);
        runs.push(run);
        console.log('retention', JSON.stringify({ ...run, report: undefined }));
      }
    }
    await checkSurvivors(small);
    await checkSurvivors(large);
    // Once more on the last day: nothing is left past the periods, so this is the job's floor.
    const idle = [await timedRetention(small, LAST_JOB_DAY), await timedRetention(large, LAST_JOB_DAY)];
    for (const run of idle) {
      const { auditLog, exports, unattachedPhotos, inactiveMembers } = run.report;
      if (auditLog?.entries || exports?.purged || unattachedPhotos?.purged || unattachedPhotos?.days || inactiveMembers?.days)
        throw new Error(`The second run found work: ${JSON.stringify(run.report)}`);
    }

    const hot: Deps = { ...base, db: createDatabase({ tableName: tables.hot, region: config.region, endpoint: dynamo.endpoint }) };
    const logins = await measureLogins(hot);
    console.log('logins', JSON.stringify(logins.map(({ samples, ...rest }) => ({ ...rest, p50: median(samples) }))));
    const staffChange = await measureStaffChange(hot);
    console.log('staff change', JSON.stringify(staffChange.map(({ samples, ...rest }) => ({ ...rest, p50: median(samples) }))));

    const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}, Node ${process.version}; load ${loadAtStart.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`;
    return privacySection({ machine, small, large, runs, idle, logins, staffChange, seconds: (performance.now() - benchStarted) / 1000 });
  } finally {
    await wechat.stop();
    await s3.stop();
    await dynamo.stop();
  }
}

function privacySection(input: {
  machine: string;
  small: Shop;
  large: Shop;
  runs: JobRun[];
  idle: JobRun[];
  logins: Sampled[];
  staffChange: Sampled[];
  seconds: number;
}): string[] {
  const { small, large, runs, idle } = input;
  const total = (shop: Shop['name'], figure: 'seconds' | 'requests' | 'read' | 'written') =>
    runs.filter((run) => run.shop === shop).reduce((sum, run) => sum + run[figure], 0);
  const ratio = (figure: 'seconds' | 'requests' | 'read' | 'written') => total('large', figure) / total('small', figure);
  const jobRow = (run: JobRun, note = '') => {
    const r = run.report;
    return `| ${run.shop}${note} | ${run.size.toLocaleString('en')} | ${run.day} | ${r.inactiveMembers?.erased} | ${r.inactiveMembers?.stillActive} | ${r.unattachedPhotos?.purged} | ${r.unattachedPhotos?.attached} | ${r.auditLog?.entries} | ${r.exports?.purged} | ${run.seconds.toFixed(2)} | ${run.requests.toLocaleString('en')} | ${run.read.toLocaleString('en')} | ${run.written.toLocaleString('en')} |`;
  };
  const perErased = (figure: 'requests' | 'read' | 'written') => total('small', figure) / (ROUNDS * INACTIVE);
  const sampledRow = (row: Sampled, bare: Sampled) =>
    `| ${row.name} | ${row.samples.length} | ${median(row.samples).toFixed(2)} | ${percentile(row.samples, 0.99).toFixed(2)} | ${row === bare ? '1' : `**${(median(row.samples) / median(bare.samples)).toFixed(2)}**`} | ${row.requests} | ${row.read} | ${row.written} |`;
  const [bare, code2session, repeatLogin, firstLogin, noteKnown, noteFirst] = input.logins as [
    Sampled,
    Sampled,
    Sampled,
    Sampled,
    Sampled,
    Sampled,
  ];
  const [tagBare, direct, auditAlone, viaApp] = input.staffChange as [Sampled, Sampled, Sampled, Sampled];
  const p50 = (row: Sampled) => median(row.samples);
  return [
    PRIVACY_SECTION_HEADING,
    '',
    `\`BENCH_ONLY=privacy npm run bench\` (bench/privacy.ts, BENCH_PRIVACY_MEMBERS=${MEMBERS}, BENCH_PRIVACY_ROUNDS=${ROUNDS}, ${SAMPLES} samples), ${new Date().toISOString()}; ${input.machine}. Whole run ${input.seconds.toFixed(0)} s.`,
    'DynamoDB Local (in memory), s3rver (dev/s3-server.ts) for the photos and exports buckets and the WeChat emulator, all of',
    'their own; the functions called in process, with an injected clock.',
    '',
    `**The daily retention job** (\`runRetention\`, functions/src/privacy/retention-job.ts) on a shop of ${small.size.toLocaleString('en')} members and one of`,
    `${large.size.toLocaleString('en')}, each in a table of its own (members written straight through BatchWrite, each listed as last active on a`,
    `random day of the last three years; ${small.seedItems.toLocaleString('en')} and ${large.seedItems.toLocaleString('en')} items; each whole shop, uploads and audit log included, seeded in ${small.seedSeconds.toFixed(0)} s and ${large.seedSeconds.toFixed(0)} s). Each shop holds, ${ROUNDS === 1 ? 'on the' : `on each of ${ROUNDS}`}`,
    `job day${ROUNDS === 1 ? '' : 's'}, the same things just past their periods (the defaults: ${RETENTION_DEFAULTS.inactiveMemberYears} years, ${RETENTION_DEFAULTS.unattachedPhotoDays} days, ${RETENTION_DEFAULTS.auditLogDays} days):`,
    `${INACTIVE} members last active the day before the inactivity cutoff (member, openid link, activity listing), ${BOUGHT_SINCE} more listed there`,
    `who bought 30 days before the job (kept, moved to that day), ${UNATTACHED} uploads never attached and ${ATTACHED_ON_PURGED_DAY} attached on the day past the`,
    'unattached-photo period (granted through `grantPhotoUpload`, posted to s3rver as the mini-program posts them, attached',
    `with photos/attach.ts's write), ${EXPIRED_AUDIT_ENTRIES} audit entries (\`recordAudit\`) on the day past the audit period, and ${EXPIRED_EXPORTS} exports a day old`,
    '(`createExport`, queued, never built). What grows with the shop lies within the periods and must stay: the members',
    `(10×), uploads of the last week (${small.recentUploads.length} vs ${large.recentUploads.length}, half attached), the audit log (${Math.round(small.size * AUDIT_ENTRIES_PER_MEMBER)} vs ${Math.round(large.size * AUDIT_ENTRIES_PER_MEMBER)} entries over three`,
    `years) and the day's exports (${Math.round(small.size * RECENT_EXPORTS_PER_MEMBER)} vs ${Math.round(large.size * RECENT_EXPORTS_PER_MEMBER)}). Every run's counts are checked equal to what was seeded, and afterwards`,
    'the erased members, purged objects and grants are checked gone and the rest there (every kept upload and its',
    `object, 200 active members drawn at random). ${ROUNDS === 1 ? 'The small shop runs first, then the large' : 'The job days run in turns (small, large, then large, small, …)'}; items read`,
    'and written are counted around the database client (a Query counts the items it scanned).',
    '',
    '| shop | members | job day | erased | kept (bought since) | uploads purged | attached kept | audit entries purged | exports purged | seconds | DynamoDB requests | items read | items written |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...runs.map((run) => jobRow(run)),
    ...idle.map((run) => jobRow(run, ', run again')),
    '',
    `Large ÷ small${ROUNDS === 1 ? '' : ` over the ${ROUNDS} days`} (the goal: about 1): seconds **${ratio('seconds').toFixed(2)}**, requests **${ratio('requests').toFixed(2)}**, items read **${ratio('read').toFixed(2)}**, items written **${ratio('written').toFixed(2)}**.`,
    `A run reads the days past each period that are still listed, and then only what they list: a small shop's run, divided by`,
    `the members it erased (its uploads, audit entries and exports included), is ${perErased('requests').toFixed(0)} requests, ${perErased('read').toFixed(0)} items read and ${perErased('written').toFixed(0)} written each.`,
    `Run again the same day it finds nothing and costs ${idle[0]!.requests} and ${idle[1]!.requests} requests. The seconds are one run each on a shared machine;`,
    'the counts do not depend on its load. One read inside each erasure does depend on more than the member: account',
    "deletion takes the member's uploads off every day still listing uploads (`deletePhotoUploadsUnder`: the days' marks, then",
    'a query per day), bounded by the unattached-photo period, not the shop. Not seeded here: each erasure also reads the',
    'whole care dead-letter partition (`eraseDeadLetters`), so with dead letters kept a run reads erased members × dead letters.',
    '',
    `**Login with the activity note** (\`loginWithWechat\`, functions/src/accounts/membership.ts), in a table of its own, one call at a time, ${SAMPLES} of`,
    "each interleaved after a warm-up: a repeat login of the day (20 members who logged in earlier that day) and a day's",
    'first login (a member of its own each time, who logged in yesterday), beside a bare GetItem of the member item, the',
    "emulator's code2session alone, and `noteMemberActive` alone in process. Requests and items are counted on one more call.",
    '',
    '| operation | samples | p50 ms | p99 ms | p50 ÷ bare GetItem p50 | DynamoDB requests | items read | items written |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...input.logins.map((row) => sampledRow(row, bare)),
    '',
    `A repeat login reads the openid link, the member, their LASTACTIVE and the staff item (${repeatLogin.requests} requests) after code2session; the note's`,
    `share is one GetItem: ${p50(noteKnown).toFixed(2)} ms beside ${p50(bare).toFixed(2)} ms. A day's first login adds the day's mark and the move (one`,
    `${firstLogin.written - 1}-item transaction): ${p50(firstLogin).toFixed(1)} vs ${p50(repeatLogin).toFixed(1)} ms, the note alone ${p50(noteFirst).toFixed(1)} ms. code2session over HTTP to the emulator`,
    `is ${p50(code2session).toFixed(1)} ms of each login here; WeChat's own is further away. The note's read and the staff item's`,
    'go side by side (each needs only the member id and openid): a repeat login waits for three reads, not four.',
    '',
    `**A staff change with its audit entry**: \`PUT /v1/staff/members/{memberId}/tags/{tag}\` through the Hono app in process`,
    "(`createApp`, no socket; the session token checked, the staff item read, the route, then the audit trail's entry)",
    "beside `addManualTag` alone, each tagging a member of its own (so every call writes the tag, its list entry, the member's",
    "count and the catalog's), and the audit entry alone (`recordAudit`: one 3-item transaction).",
    '',
    '| operation | samples | p50 ms | p99 ms | p50 ÷ bare GetItem p50 | DynamoDB requests | items read | items written |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...input.staffChange.map((row) => sampledRow(row, tagBare)),
    '',
    `Through the app ÷ alone: **${(p50(viaApp) / p50(direct)).toFixed(2)}** (${p50(viaApp).toFixed(1)} vs ${p50(direct).toFixed(1)} ms); the difference, ${(p50(viaApp) - p50(direct)).toFixed(1)} ms, beside the audit`,
    `entry alone at ${p50(auditAlone).toFixed(1)} ms and a GetItem (the staff read) at ${p50(tagBare).toFixed(2)} ms: the rest, ${(p50(viaApp) - p50(direct) - p50(auditAlone) - p50(tagBare)).toFixed(1)} ms, is the token check,`,
    'Hono and the JSON. The audit entry is a transaction of three puts (the day, the actor and the member), so a change',
    "through the app costs the domain call's own writes plus about one more transaction.",
    '',
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  console.log((await runPrivacyBench()).join('\n'));
}
