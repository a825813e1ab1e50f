import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal, localDynamoClientConfig } from '../dev/dynamodb-local.ts';
import { ensureTable } from '../functions/src/db/create-table.ts';
import { createDatabase } from '../functions/src/db/client.ts';
import { loadDeskPolicy } from '../functions/src/complaints/desk-settings.ts';
import { listReportRollups } from '../functions/src/complaints/repository.ts';
import { sumRollups } from '../functions/src/complaints/report-rollup.ts';
import { agentsIn, complaintReport } from '../functions/src/complaints/report.ts';
import { compactComplaintRollups } from '../functions/src/complaints/compact-rollups.ts';
import type { Deps } from '../functions/src/deps.ts';
import { consecutiveDays, seedComplaints } from './seed-complaints.ts';

/**
 * `npx tsx bench/profile-report.ts`: where the 90-day report's time goes, over 400 and over 20,000
 * complaints (only their rollups are written): the repository read vs the assembly in Node.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const dynamo = await startDynamoDbLocal({});
try {
  const tableName = 'linli-profile';
  await ensureTable(new DynamoDBClient(localDynamoClientConfig(dynamo.endpoint)), tableName);
  const db = createDatabase({ tableName, region: 'ap-southeast-1', endpoint: dynamo.endpoint });
  const policy = await loadDeskPolicy(db);
  const members = Array.from({ length: 40 }, (_, i) => `m_${i}`);
  const agents = ['a1', 'a2', 'a3', 'a4', 'a5'];
  const periods = { small: consecutiveDays('2025-01-01', 90), large: consecutiveDays('2025-05-01', 90) };
  const started = performance.now();
  await seedComplaints(db, policy, { count: 400, days: periods.small, members, agents, fates: ['closed'], seed: 1, rollupsOnly: true });
  await seedComplaints(db, policy, { count: 20_000, days: periods.large, members, agents, fates: ['closed'], seed: 2, rollupsOnly: true });
  console.log(`seeded rollups in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const logger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} } as unknown as Deps['logger'];
  for (const [stage, days] of [
    ['small', periods.small],
    ['large', periods.large],
    ['compact', []],
    ['small compacted', periods.small],
    ['large compacted', periods.large],
  ] as const) {
    const name = stage;
    if (stage === 'compact') {
      const t0 = performance.now();
      const outcome = await compactComplaintRollups({ db, logger });
      console.log(`compacted ${JSON.stringify(outcome)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      continue;
    }
    const read: number[] = [];
    const assemble: number[] = [];
    let items = 0;
    let counters = 0;
    for (let i = 0; i < 25; i++) {
      const t0 = performance.now();
      const rollups = await listReportRollups(db, days[0]!, days.at(-1)!);
      const t1 = performance.now();
      const totals = sumRollups(rollups, new Date());
      complaintReport({
        totals,
        from: days[0]!,
        to: days.at(-1)!,
        policy,
        agentNames: new Map(agentsIn(totals).map((a) => [a, a])),
        productNames: new Map(),
      });
      const t2 = performance.now();
      read.push(t1 - t0);
      assemble.push(t2 - t1);
      items = rollups.length;
      counters = rollups.reduce((sum, r) => sum + Object.keys(r.counters).length, 0);
    }
    // Eight concurrent readers, as the benchmark runs them: wall time per report and this process's CPU per report.
    const cpu0 = process.cpuUsage();
    const w0 = performance.now();
    const rounds = 10;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = 0; i < rounds; i++) await listReportRollups(db, days[0]!, days.at(-1)!);
      }),
    );
    const cpu = process.cpuUsage(cpu0);
    const wall = (performance.now() - w0) / (8 * rounds);
    console.log(
      `${name}: 8 concurrent: ${wall.toFixed(1)} ms wall per report, Node CPU ${((cpu.user + cpu.system) / 1000 / (8 * rounds)).toFixed(1)} ms per report`,
    );
    console.log(
      `${name}: ${items} items, ${counters} counters; read p50 ${median(read).toFixed(1)} ms, assembly p50 ${median(assemble).toFixed(1)} ms`,
    );
  }
} finally {
  await dynamo.stop();
}
