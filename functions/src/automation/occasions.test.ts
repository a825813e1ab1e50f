import { describe, expect, it } from 'vitest';
import type { LunarBirthday } from '@linli/shared/lunar-birthday';
import { newVisitor, type MemberRecord } from '../members/member-record.ts';
import { triggerMatch, type OccasionSources } from './occasions.ts';

function joined(memberId: string, fields: Partial<MemberRecord> = {}): MemberRecord {
  return {
    ...newVisitor({ memberId, openid: `o-${memberId}`, unionid: null, memberCode: 'M0000000', now: new Date('2020-01-01T00:00:00Z') }),
    status: 'member',
    joinedAt: '2020-01-01T02:00:00.000Z',
    ...fields,
  };
}

/** Sources over in-memory lists, recording what each trigger asked for. */
function sources(members: MemberRecord[], lunar: Array<{ birthday: LunarBirthday; member: MemberRecord }> = []) {
  const asked: string[] = [];
  const source: OccasionSources = {
    async membersWithBirthday(monthDay) {
      asked.push(`birthday ${monthDay}`);
      return members.filter((m) => m.birthday?.endsWith(monthDay));
    },
    async membersWithLunarBirthday(birthday) {
      asked.push(`lunar ${birthday.month}-${birthday.day}${birthday.leap ? ' leap' : ''}`);
      return lunar
        .filter((l) => l.birthday.month === birthday.month && l.birthday.day === birthday.day && l.birthday.leap === birthday.leap)
        .map((l) => l.member);
    },
    async membersJoinedBetween(fromAt, toAt) {
      return members.filter((m) => m.joinedAt! >= fromAt && m.joinedAt! < toAt);
    },
    async membersWithFirstOrderOn(monthDay) {
      asked.push(`first order ${monthDay}`);
      return members.filter(
        (m) => m.firstOrderAt && new Date(Date.parse(m.firstOrderAt) + 8 * 3600_000).toISOString().slice(5, 10) === monthDay,
      );
    },
    async creditedOrdersPaidOn(day) {
      asked.push(`orders ${day}`);
      return [
        { orderId: 'o-small', memberId: 'm-buyer', paidFen: 2_000, refundedFen: 0 },
        { orderId: 'o-large', memberId: 'm-buyer', paidFen: 5_000, refundedFen: 0 },
        { orderId: 'o-back', memberId: 'm-refunded', paidFen: 3_000, refundedFen: 3_000 },
      ];
    },
    async replenishmentsDueOn(day, categories) {
      asked.push(`replenish ${day} ${categories?.join('、') ?? 'any'}`);
      return [
        { memberId: 'm-mother', category: '婴儿奶粉' },
        { memberId: 'm-mother', category: '纸尿裤' },
        { memberId: 'm-cook', category: '大米' },
      ].filter((due) => !categories || categories.includes(due.category));
    },
    async stageChangesOf() {
      return [
        { memberId: 'm-risk', to: 'at_risk' },
        { memberId: 'm-lost', to: 'lost' },
      ];
    },
    // Seasonal tips have their own file (seasonal-tips.test.ts).
    async categoryBuyersSince() {
      return [];
    },
  };
  return { source, asked };
}

const dueOf = async (match: ReturnType<typeof triggerMatch>) => {
  const result = await match;
  if (result.audience) throw new Error('expected members');
  return result.due.map((due) => [due.memberId, due.occasion, due.occasionName]);
};

describe('care triggers', () => {
  it('birthday: N days before, Gregorian (29 February on the 28th in common years) and lunar (八月十五 on 中秋)', async () => {
    const members = [joined('m-feb29', { birthday: '1992-02-29' }), joined('m-sep', { birthday: '1990-09-22' })];
    const lunar = [{ birthday: { month: 8, day: 15, leap: false }, member: joined('m-lunar') }];
    const { source, asked } = sources(members, lunar);
    expect(await dueOf(triggerMatch(source, { trigger: { kind: 'birthday', daysBefore: 0 } }, '2027-02-28', []))).toEqual([
      ['m-feb29', 'birthday#2027', '2027年生日'],
    ]);
    expect(asked).toContain('birthday 02-29');
    expect(await dueOf(triggerMatch(source, { trigger: { kind: 'birthday', daysBefore: 3 } }, '2026-09-22', []))).toEqual([
      ['m-lunar', 'birthday#2026', '2026年生日'],
    ]);
  });

  it('a holiday names the day’s occasion for the whole audience, only on its day (or N days before)', async () => {
    const { source } = sources([]);
    const match = await triggerMatch(source, { trigger: { kind: 'holiday', holiday: 'new-years-eve', daysBefore: 1 } }, '2027-02-04', []);
    // 2027's 除夕 is 腊月廿九 (2027-02-05): the 12th month of that lunar year has 29 days.
    expect(match).toEqual({
      audience: true,
      occasion: { occasion: 'holiday:new-years-eve#2027-02-05', occasionName: '除夕', values: { occasion: '除夕', date: '2027年2月5日' } },
    });
    expect(await triggerMatch(source, { trigger: { kind: 'holiday', holiday: 'new-years-eve', daysBefore: 0 } }, '2027-02-04', [])).toEqual(
      {
        audience: false,
        due: [],
      },
    );
    const shopDay = await triggerMatch(source, { trigger: { kind: 'holiday', holiday: 'seller:anniv', daysBefore: 0 } }, '2026-10-08', [
      { id: 'anniv', name: '店庆', monthDay: '10-08' },
    ]);
    expect(shopDay).toMatchObject({ audience: true, occasion: { occasionName: '店庆' } });
  });

  it('anniversaries: the years since joining or since the first order, never the first day itself', async () => {
    const members = [
      joined('m-3y', { joinedAt: '2023-05-20T04:00:00.000Z', firstOrderAt: '2024-05-20T05:00:00.000Z' }),
      joined('m-today', { joinedAt: '2026-05-20T01:00:00.000Z' }),
      joined('m-leap', { joinedAt: '2024-02-29T03:00:00.000Z' }),
    ];
    const { source } = sources(members);
    expect(
      await dueOf(triggerMatch(source, { trigger: { kind: 'anniversary', of: 'membership', daysBefore: 0 } }, '2026-05-20', [])),
    ).toEqual([['m-3y', 'anniversary:membership#2026', '入会周年（3年）']]);
    expect(
      await dueOf(triggerMatch(source, { trigger: { kind: 'anniversary', of: 'first-order', daysBefore: 0 } }, '2026-05-20', [])),
    ).toEqual([['m-3y', 'anniversary:first-order#2026', '首单周年（2年）']]);
    expect(
      await dueOf(triggerMatch(source, { trigger: { kind: 'anniversary', of: 'membership', daysBefore: 0 } }, '2027-02-28', [])),
    ).toEqual([['m-leap', 'anniversary:membership#2027', '入会周年（3年）']]);
  });

  it('post-purchase: one follow-up per member for a day’s orders N days later, none for an order refunded in full', async () => {
    const { source, asked } = sources([]);
    expect(await dueOf(triggerMatch(source, { trigger: { kind: 'post-purchase', daysAfter: 3 } }, '2026-11-27', []))).toEqual([
      ['m-buyer', 'post-purchase#2026-11-24', '11月24日购物回访'],
    ]);
    expect(asked).toEqual(['orders 2026-11-24']);
  });

  it('post-purchase: the follow-up names the member’s largest order of the day (what a survey invitation asks about)', async () => {
    const { source } = sources([]);
    const match = await triggerMatch(source, { trigger: { kind: 'post-purchase', daysAfter: 3 } }, '2026-11-27', []);
    expect(match.audience === false && match.due.map((due) => [due.memberId, due.orderId])).toEqual([['m-buyer', 'o-large']]);
  });

  it('once: its whole audience on its day, no one on any other', async () => {
    const { source } = sources([]);
    const onDay = await triggerMatch(source, { trigger: { kind: 'once', day: '2026-12-01' } }, '2026-12-01', []);
    expect(onDay).toEqual({
      audience: true,
      occasion: { occasion: 'once#2026-12-01', occasionName: '12月1日发送', values: { date: expect.any(String) } },
    });
    expect(await triggerMatch(source, { trigger: { kind: 'once', day: '2026-12-01' } }, '2026-12-02', [])).toEqual({
      audience: false,
      due: [],
    });
  });

  it('replenishment: the members expected to buy a category N days later, one reminder per category the rule names', async () => {
    const { source, asked } = sources([]);
    const match = await triggerMatch(
      source,
      { trigger: { kind: 'replenishment', daysBefore: 2, categories: ['婴儿奶粉', '大米'] } },
      '2026-11-28',
      [],
    );
    expect(asked).toEqual(['replenish 2026-11-30 婴儿奶粉、大米']);
    expect(match).toEqual({
      audience: false,
      due: [
        {
          memberId: 'm-mother',
          occasion: 'replenish:婴儿奶粉#2026-11-30',
          occasionName: '婴儿奶粉补货（预计11月30日）',
          values: { category: '婴儿奶粉', date: '2026年11月30日' },
        },
        {
          memberId: 'm-cook',
          occasion: 'replenish:大米#2026-11-30',
          occasionName: '大米补货（预计11月30日）',
          values: { category: '大米', date: '2026年11月30日' },
        },
      ],
    });
    const anyCategory = await dueOf(
      triggerMatch(source, { trigger: { kind: 'replenishment', daysBefore: 0, categories: [] } }, '2026-11-30', []),
    );
    expect(asked.at(-1)).toBe('replenish 2026-11-30 any');
    expect(anyCategory.map(([memberId, occasion]) => `${memberId} ${occasion}`)).toEqual([
      'm-mother replenish:婴儿奶粉#2026-11-30',
      'm-mother replenish:纸尿裤#2026-11-30',
      'm-cook replenish:大米#2026-11-30',
    ]);
  });

  it('lifecycle: the day’s changes into the stages the rule names', async () => {
    const { source } = sources([]);
    expect(await dueOf(triggerMatch(source, { trigger: { kind: 'lifecycle', stages: ['at_risk'] } }, '2026-11-27', []))).toEqual([
      ['m-risk', 'lifecycle:at_risk#2026-11-27', '进入「流失风险」'],
    ]);
  });
});
