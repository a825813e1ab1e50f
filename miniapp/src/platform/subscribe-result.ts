import { SUBSCRIBE_RESULTS } from '@linli/shared/subscriptions';
import type { SubscribeResults } from './contract';

/** Turns a wx.requestSubscribeMessage answer ({errMsg, [templateId]: 'accept' …}) into a report. */
export function subscribeResultsFrom(answer: Record<string, unknown>, templateIds: string[]): SubscribeResults {
  const results: SubscribeResults = [];
  for (const templateId of templateIds) {
    const result = answer[templateId];
    if ((SUBSCRIBE_RESULTS as readonly unknown[]).includes(result)) {
      results.push({ templateId, result: result as SubscribeResults[number]['result'] });
    }
  }
  return results;
}
