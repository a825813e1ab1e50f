import { describe, expect, it } from 'vitest';
import { DEFAULT_DESK_SETTINGS, type ComplaintDeskSettingsView } from '@linli/shared/complaints';
import { formToRequest, newCategoryRow, settingsToForm, type DeskSettingsFormValues } from './desk-settings-form';

const STORED: ComplaintDeskSettingsView = {
  ...DEFAULT_DESK_SETTINGS,
  version: 3,
  updatedAt: '2026-11-20T02:00:00.000Z',
  updatedBy: 'm1',
  holidayCalendarThrough: 2026,
};

function form(change: (values: DeskSettingsFormValues) => void = () => undefined): DeskSettingsFormValues {
  const values = settingsToForm(STORED);
  change(values);
  return values;
}

describe('投诉设置 form → PUT /v1/staff/complaint-settings', () => {
  it('gives back the loaded settings unchanged, with the version they were loaded from', () => {
    const { version: _v, updatedAt: _u, updatedBy: _b, holidayCalendarThrough: _h, ...settings } = STORED;
    expect(formToRequest(form())).toEqual({ request: { ...settings, expectedVersion: 3 } });
  });

  it('reads typed hours, a lunch break, quiet hours, and a new category with a made-up code', () => {
    const result = formToRequest(
      form((v) => {
        v.categories[0]!.firstResponseHours = ' 1.5 ';
        v.categories[4]!.active = false;
        v.categories.push({ ...newCategoryRow(v.categories), name: ' 冷链失温 ', firstResponseHours: '0.5', resolutionHours: '8' });
        v.lunchStart = '12:00';
        v.lunchEnd = '13:30';
        v.quietStart = '22:00';
        v.templates.push({ title: '已退款', text: '已为您办理退款。' });
      }),
    );
    expect('request' in result).toBe(true);
    if (!('request' in result)) return;
    expect(result.request.categories[0]!.firstResponseHours).toBe(1.5);
    expect(result.request.categories[4]!.active).toBe(false);
    expect(result.request.categories[5]).toEqual({
      code: 'custom_6',
      name: '冷链失温',
      active: true,
      firstResponseHours: 0.5,
      resolutionHours: 8,
    });
    expect(result.request.businessHours.lunchBreak).toEqual({ start: '12:00', end: '13:30' });
    expect(result.request.quietHours.start).toBe('22:00');
    expect(result.request.replyTemplates.at(-1)).toEqual({ title: '已退款', text: '已为您办理退款。' });
  });

  it('files each problem by its row or section, in Chinese', () => {
    const result = formToRequest(
      form((v) => {
        v.categories[1]!.name = ' ';
        v.categories[2]!.firstResponseHours = '10';
        v.categories[2]!.resolutionHours = '2';
        v.open = '9点';
        v.quietEnd = v.quietStart;
        v.templates[0]!.title = '';
      }),
    );
    expect('errors' in result).toBe(true);
    if (!('errors' in result)) return;
    expect(result.errors['categories.1']).toContain('名称');
    expect(result.errors['categories.2']).toContain('解决时限');
    expect(result.errors.businessHours).toContain('营业时间');
    expect(result.errors.quietHours).toContain('免打扰');
    expect(result.errors['templates.0']).toContain('标题');
  });

  it("reads the agents' compensation cap as typed, refusing a blank, a fraction or a negative one", () => {
    const raised = formToRequest(form((v) => (v.compensationCap = ' 800 ')));
    expect('request' in raised && raised.request.agentCompensationCapPoints).toBe(800);
    const none = formToRequest(form((v) => (v.compensationCap = '0')));
    expect('request' in none && none.request.agentCompensationCapPoints).toBe(0);
    for (const typed of ['', '12.5', '-1', '1000001']) {
      const result = formToRequest(form((v) => (v.compensationCap = typed)));
      expect('errors' in result && result.errors.agentCompensationCapPoints).toContain('客服补偿上限');
    }
  });

  it('refuses switching every category off', () => {
    const result = formToRequest(form((v) => v.categories.forEach((c) => (c.active = false))));
    expect('errors' in result && result.errors.categories).toContain('至少保留一个启用');
  });

  it('makes up a code no other category has', () => {
    const rows = form().categories;
    rows.push({ ...newCategoryRow(rows) });
    expect(newCategoryRow(rows).code).toBe('custom_7');
    expect(new Set(rows.map((r) => r.code)).size).toBe(rows.length);
  });
});
