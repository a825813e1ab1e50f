import { describe, expect, it } from 'vitest';
import type { MessageSettings } from '@linli/shared/care-rules';
import {
  careTemplatesToAsk,
  lunarFromPicker,
  lunarPickerValue,
  nextSubscribeBatch,
  subscriptionStatusText,
  templatesPerRequest,
} from './message-settings';

const template = (templateId: string, kind: 'service' | 'care', remaining: number) => ({ templateId, title: templateId, kind, remaining });

const SETTINGS: MessageSettings = {
  marketingOptOut: false,
  templates: [
    template('birthday', 'care', 0),
    template('tier', 'service', 0),
    template('expiring', 'service', 2),
    template('holiday', 'care', 1),
    template('replenish', 'care', 0),
    template('winback', 'care', 0),
  ],
};

describe('消息设置 wording and requests', () => {
  it('says how many sends are left, or 未订阅', () => {
    expect(subscriptionStatusText(3)).toBe('已订阅 3 次');
    expect(subscriptionStatusText(0)).toBe('未订阅');
  });

  it('lists as many ids per request as the API allows, 1 when it does not say', () => {
    expect(templatesPerRequest({ templatesPerSubscribeRequest: 5 })).toBe(5);
    expect(templatesPerRequest({})).toBe(1);
    expect(templatesPerRequest(null)).toBe(1);
  });

  it('asks 一键订阅 for the unsubscribed templates in order, at most the per-request number', () => {
    expect(nextSubscribeBatch(SETTINGS.templates, 3)).toEqual(['birthday', 'tier', 'replenish']);
    expect(nextSubscribeBatch(SETTINGS.templates, 5)).toEqual(['birthday', 'tier', 'replenish', 'winback']);
  });

  it('asks at a natural tap only for caring messages with no send left, and nothing after an opt-out', () => {
    expect(careTemplatesToAsk(SETTINGS, 2)).toEqual(['birthday', 'replenish']);
    expect(careTemplatesToAsk(SETTINGS, 5)).toEqual(['birthday', 'replenish', 'winback']);
    expect(careTemplatesToAsk({ ...SETTINGS, marketingOptOut: true }, 3)).toEqual([]);
    expect(careTemplatesToAsk({ ...SETTINGS, templates: [template('holiday', 'care', 1)] }, 3)).toEqual([]);
  });

  it('turns a lunar birthday into the picker selection and back', () => {
    expect(lunarPickerValue({ month: 6, day: 30, leap: true })).toEqual([5, 29, 1]);
    expect(lunarPickerValue(null)).toEqual([0, 0, 0]);
    expect(lunarFromPicker(['7', '14', '0'])).toEqual({ month: 8, day: 15, leap: false });
    expect(lunarFromPicker([11, 29, 1])).toEqual({ month: 12, day: 30, leap: true });
  });
});
