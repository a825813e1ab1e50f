import { describe, expect, it } from 'vitest';
import { SeasonalTip } from '@linli/shared/seasonal-tips';
import { triggerMatch, type OccasionSources } from './occasions.ts';

/** Category facets as lists of [memberId, last day bought]; every other source answers nothing. */
function facets(byCategory: Record<string, Array<[string, string]>>) {
  const asked: string[] = [];
  const none = async () => [];
  const source: OccasionSources = {
    membersWithBirthday: none,
    membersWithLunarBirthday: none,
    membersJoinedBetween: none,
    membersWithFirstOrderOn: none,
    stageChangesOf: none,
    creditedOrdersPaidOn: none,
    replenishmentsDueOn: none,
    async categoryBuyersSince(category, sinceDay) {
      asked.push(`${category} since ${sinceDay}`);
      return (byCategory[category] ?? []).filter(([, day]) => day >= sinceDay).map(([memberId]) => memberId);
    },
  };
  return { source, asked };
}

const tips = [
  SeasonalTip.parse({ id: 'summer-fruit', name: '时令水果上市', categories: ['水果', '冷饮'], monthDay: '06-01', boughtWithinDays: 90 }),
  SeasonalTip.parse({ id: 'leap', name: '闰日特惠', categories: ['水果'], monthDay: '02-29' }),
];
const store = {
  水果: [
    ['m-fruit', '2026-05-20'],
    ['m-both', '2026-04-01'],
    ['m-old', '2026-01-01'],
  ] as Array<[string, string]>,
  冷饮: [['m-both', '2026-05-30']] as Array<[string, string]>,
  蔬菜: [['m-veg', '2026-05-31']] as Array<[string, string]>,
};

describe('seasonal tips (时令推荐)', () => {
  it("names the recent buyers of the tip's categories on its day less the lead, each once, with the tip's name and date", async () => {
    const { source, asked } = facets(store);
    const match = await triggerMatch(
      source,
      { trigger: { kind: 'seasonal', tipId: 'summer-fruit', daysBefore: 3 } },
      '2026-05-29',
      [],
      tips,
    );
    expect(match.audience).toBe(false);
    if (match.audience) return;
    expect(match.due.map((due) => due.memberId).sort()).toEqual(['m-both', 'm-fruit']);
    expect(match.due[0]).toMatchObject({
      occasion: 'seasonal:summer-fruit#2026-06-01',
      occasionName: '时令水果上市',
      values: { occasion: '时令水果上市', date: '2026年6月1日' },
    });
    // 90 days back from the planning day, the day itself included: only the tip's categories are read.
    expect(asked.sort()).toEqual(['冷饮 since 2026-03-01', '水果 since 2026-03-01']);
  });

  it('names no one on other days, for a tip no longer on the calendar, and reads nothing then', async () => {
    const { source, asked } = facets(store);
    const rule = (tipId: string, daysBefore = 0) => ({ trigger: { kind: 'seasonal' as const, tipId, daysBefore } });
    expect(await triggerMatch(source, rule('summer-fruit'), '2026-05-31', [], tips)).toEqual({ audience: false, due: [] });
    expect(await triggerMatch(source, rule('gone'), '2026-06-01', [], tips)).toEqual({ audience: false, due: [] });
    expect(asked).toEqual([]);
  });

  it("each year's tip is its own occasion; a 29 February tip falls on the 28th in common years", async () => {
    const { source } = facets({ 水果: [['m-fruit', '2027-02-01']] });
    const rule = { trigger: { kind: 'seasonal' as const, tipId: 'leap', daysBefore: 0 } };
    const common = await triggerMatch(source, rule, '2027-02-28', [], tips);
    expect(common).toMatchObject({ audience: false, due: [{ memberId: 'm-fruit', occasion: 'seasonal:leap#2027-02-28' }] });
    const { source: later } = facets({ 水果: [['m-fruit', '2028-02-01']] });
    expect(await triggerMatch(later, rule, '2028-02-28', [], tips)).toEqual({ audience: false, due: [] });
    expect(await triggerMatch(later, rule, '2028-02-29', [], tips)).toMatchObject({
      due: [{ memberId: 'm-fruit', occasion: 'seasonal:leap#2028-02-29' }],
    });
  });
});
