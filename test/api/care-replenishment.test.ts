import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CareDryRun, CareEditorOptions, CarePreview, CareRuleInputBody } from '@linli/shared/care-rules';
import { planCare } from '../../functions/src/automation/care-planner.ts';
import { dispatchDueCare } from '../../functions/src/automation/care-delivery.ts';
import { listMemberDeliveries } from '../../functions/src/automation/care-repository.ts';
import type { Database } from '../../functions/src/db/client.ts';
import { runInsightNightly } from '../../functions/src/insight/nightly-scores.ts';
import { listReplenishmentsDueOn } from '../../functions/src/insight/repository.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { pollCareQueueOnce } from '../../dev/care-worker.ts';
import { careMessage, careRuleBody, grantCareTemplate } from '../support/care-rules.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';

// 补货提醒: the nightly insight job works out when each member should buy a category again (their own
// median gap, or the category's), keeps it in the REPLENISH#<day> index, and a replenishment rule
// reminds them N days before — end to end through the order webhook, the job, the planner and the worker.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

const sentTo = (name: string) => stack.emulator.state.messages.filter((message) => message.openid === `o-rp-${name}`);

async function member(name: string, authorizations = 0) {
  const session = await api.login(`rp-${name}`);
  expect((await api.join(session.token)).status).toBe(200);
  tokens[name] = session.token;
  ids[name] = session.member.memberId;
  await grantCareTemplate(stack, api, { openid: `o-rp-${name}`, token: session.token }, authorizations);
}

let orderSeq = 0;
/** One order of `category` paid at noon Shanghai on each day. */
async function bought(name: string, category: string, days: readonly string[]) {
  for (const day of days) {
    orderSeq += 1;
    const order = {
      orderId: `rp-${orderSeq}`,
      openid: `o-rp-${name}`,
      paidFen: 19_900,
      paidAt: `${day}T04:00:00.000Z`,
      items: [{ sku: `SKU-${category}`, name: category, category, qty: 1, unitPriceFen: 19_900 }],
    };
    expect((await api.postOrder(order)).status).toBe(200);
  }
}

/** Moves the shop's clock; the admin logs in again (sessions last a week). */
async function setNow(at: string) {
  stack.clock.set(at);
  tokens.admin = (await api.login('rp-admin')).token;
}

/** The REPLENISH items a run of the nightly job puts or deletes, counted from the requests it sends. */
function countingReplenishWrites(db: Database) {
  const written: string[] = [];
  const send = db.doc.send.bind(db.doc) as (command: unknown) => Promise<unknown>;
  const doc = Object.create(db.doc) as Database['doc'];
  (doc as unknown as { send: (command: { constructor: { name: string }; input: Record<string, unknown> }) => Promise<unknown> }).send = (
    command,
  ) => {
    if (command.constructor.name === 'BatchWriteCommand')
      for (const request of Object.values(
        command.input.RequestItems as Record<string, Array<Record<string, { Item?: { sk: string }; Key?: { sk: string } }>>>,
      ).flat()) {
        const sk = request.PutRequest?.Item?.sk ?? request.DeleteRequest?.Key?.sk ?? '';
        if (sk.startsWith('REPLENISH#')) written.push(sk);
      }
    return send(command);
  };
  return { db: { ...db, doc }, written };
}

const reminder = (overrides: Partial<CareRuleInputBody> = {}): CareRuleInputBody =>
  careRuleBody({
    name: '奶粉补货',
    trigger: { kind: 'replenishment', daysBefore: 2, categories: ['婴儿奶粉'] },
    message: careMessage('补货提醒', '{品类}快用完了吧'),
    ...overrides,
  });

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-11-25T18:30:00.000Z' }); // 26 November, 02:30 in Shanghai
  api = apiClient(stack);
  await putStaff(stack.deps.db, { openid: 'o-rp-admin', role: 'admin', name: 'admin', at: stack.clock().toISOString() });
  tokens.admin = (await api.login('rp-admin')).token;

  // Every 30 days since August: each expected on 29 November by their own cadence.
  for (const name of ['mother', 'rebuyer']) {
    await member(name, 1);
    await bought(name, '婴儿奶粉', ['2026-08-01', '2026-08-31', '2026-09-30', '2026-10-30']);
  }
  // One tin so far: the category's cadence (30 days, below) stands in.
  await member('newbie', 1);
  await bought('newbie', '婴儿奶粉', ['2026-10-30']);
  // Four more buyers of two tins a month apart give the category its five buyers and more.
  for (let i = 0; i < 4; i++) {
    await member(`tin-${i}`);
    await bought(`tin-${i}`, '婴儿奶粉', ['2026-09-01', '2026-10-01']);
  }
  // Due on the same day, but for nappies, which the rule does not name.
  await member('nappies', 1);
  await bought('nappies', '纸尿裤', ['2026-08-01', '2026-08-31', '2026-09-30', '2026-10-30']);
  // Fortnightly until August, then nothing: far more than a cadence overdue.
  await member('lapsed', 1);
  await bought('lapsed', '婴儿奶粉', ['2026-08-01', '2026-08-15', '2026-08-29']);
});
afterAll(() => stack.close());

describe('replenishment reminders (补货提醒)', () => {
  it('are planned for the members expected to buy the category N days later, and moved on when they buy again', async () => {
    const first = await runInsightNightly(stack.deps);
    // mother, rebuyer, newbie, the four two-tin buyers (expected 31 October, not yet a cadence overdue), nappies.
    expect(first.replenishWrites).toBe(8);
    const due29 = await listReplenishmentsDueOn(stack.deps.db, '2026-11-29', ['婴儿奶粉', '纸尿裤']);
    expect(due29.map((due) => `${due.memberId} ${due.category}`).sort()).toEqual(
      [`${ids.mother} 婴儿奶粉`, `${ids.rebuyer} 婴儿奶粉`, `${ids.newbie} 婴儿奶粉`, `${ids.nappies} 纸尿裤`].sort(),
    );
    expect(await listReplenishmentsDueOn(stack.deps.db, '2026-09-12', ['婴儿奶粉'])).toEqual([]); // the lapsed buyer's
    expect(await listReplenishmentsDueOn(stack.deps.db, '2026-10-31', ['婴儿奶粉'])).toHaveLength(4);

    // The editor offers the categories reminders can name: 婴儿奶粉 with the median of its seven buyers' cadences
    // (six monthly, one fortnightly), 纸尿裤 with one buyer's own cadence only.
    await setNow('2026-11-26T01:00:00.000Z'); // 09:00
    const options = (await (await api.json('GET', '/v1/staff/care/options', undefined, tokens.admin)).json()) as CareEditorOptions;
    expect(options.categories).toEqual([
      { name: '婴儿奶粉', cadenceDays: 30, members: 7 },
      { name: '纸尿裤', cadenceDays: null, members: 1 },
    ]);

    // {品类} is only for replenishment rules.
    const birthday = await api.json(
      'POST',
      '/v1/staff/care/rules',
      reminder({ name: '生日', trigger: { kind: 'birthday', daysBefore: 0 } }),
      tokens.admin,
    );
    expect(birthday.status).toBe(422);
    const refused = (await birthday.json()) as { error: { code: string; issues: Array<{ path: string; message: string }> } };
    expect(refused.error.code).toBe('CARE_MESSAGE_INVALID');
    expect(refused.error.issues).toContainEqual({ path: 'message.fields.0.text', message: '变量 {品类} 只能用在补货提醒的计划里' });

    const preview = (await (await api.json('POST', '/v1/staff/care/preview', { rule: reminder() }, tokens.admin)).json()) as CarePreview;
    expect(preview.arms[0]!.fields.map((field) => field.text)).toEqual(['婴儿奶粉快用完了吧', '2026年11月28日']);
    // Tomorrow's run (29 November less 2 days) would remind the three 婴儿奶粉 buyers.
    const dry = (await (
      await api.json('POST', '/v1/staff/care/dry-run', { rule: reminder(), day: '2026-11-27' }, tokens.admin)
    ).json()) as CareDryRun;
    expect(dry).toMatchObject({ day: '2026-11-27', due: 3, wouldSend: 3 });
    expect(dry.sample.map((sample) => sample.occasionName)).toEqual(Array(3).fill('婴儿奶粉补货（预计11月29日）'));
    const anyCategory = reminder({ trigger: { kind: 'replenishment', daysBefore: 2 } });
    const dryAny = (await (
      await api.json('POST', '/v1/staff/care/dry-run', { rule: anyCategory, day: '2026-11-27' }, tokens.admin)
    ).json()) as CareDryRun;
    expect(dryAny).toMatchObject({ due: 4, wouldSend: 4 });
    expect((await api.json('POST', '/v1/staff/care/rules', reminder(), tokens.admin)).status).toBe(201);

    // The rebuyer buys again that afternoon: the night's run moves them to 29 December, and only them.
    await bought('rebuyer', '婴儿奶粉', ['2026-11-26']);
    await setNow('2026-11-26T18:30:00.000Z'); // 27 November, 02:30
    const counted = countingReplenishWrites(stack.deps.db);
    expect((await runInsightNightly({ ...stack.deps, db: counted.db })).replenishWrites).toBe(1);
    expect(counted.written).toEqual(['REPLENISH#婴儿奶粉']);
    expect((await listReplenishmentsDueOn(stack.deps.db, '2026-12-26', ['婴儿奶粉'])).map((due) => due.memberId)).toEqual([ids.rebuyer]);
    // Run again with nothing changed: no REPLENISH item is written.
    const again = countingReplenishWrites(stack.deps.db);
    expect((await runInsightNightly({ ...stack.deps, db: again.db })).replenishWrites).toBe(0);
    expect(again.written).toEqual([]);

    await setNow('2026-11-26T23:00:00.000Z'); // 07:00
    expect(await planCare(stack.deps)).toMatchObject({ day: '2026-11-27', due: 2, planned: 2 });
    stack.clock.set('2026-11-27T02:00:00.000Z'); // 10:00
    expect(await dispatchDueCare(stack.deps)).toMatchObject({ queued: 2 });
    while ((await pollCareQueueOnce(stack.deps)) > 0);
    for (const name of ['mother', 'newbie'])
      expect(sentTo(name).map((message) => message.data)).toEqual([
        { thing1: { value: '婴儿奶粉快用完了吧' }, date2: { value: '2026年11月29日' } },
      ]);
    for (const name of ['rebuyer', 'nappies', 'lapsed']) expect(sentTo(name)).toEqual([]);
    const [delivery] = await listMemberDeliveries(stack.deps.db, ids.mother!);
    expect(delivery).toMatchObject({
      occasion: 'replenish:婴儿奶粉#2026-11-29',
      occasionName: '婴儿奶粉补货（预计11月29日）',
      status: 'sent',
    });

    // A rerun of the day plans nothing new.
    expect(await planCare(stack.deps)).toMatchObject({ due: 2, planned: 0, alreadyPlanned: 2 });
  });
});
