import type { FulfilmentState } from '@linli/shared/groupbuy';
import { API_BASE } from '@/env';
import { downloadCsv } from './csv-download';

/** The CSV of 发货清单 as filtered on the page (no URLSearchParams: WeChat's runtime has none). */
export function fulfilmentsCsvUrl(filter: { state?: FulfilmentState; campaignId?: string }): string {
  const query = [
    filter.campaignId ? `campaignId=${encodeURIComponent(filter.campaignId)}` : '',
    filter.state ? `state=${encodeURIComponent(filter.state)}` : '',
  ].filter(Boolean);
  return `${API_BASE}/v1/staff/groupbuy/fulfilments.csv${query.length ? `?${query.join('&')}` : ''}`;
}

/** 发货清单 as CSV for the shop: a file in the browser, a file to forward in WeChat. */
export function exportFulfilmentsCsv(filter: { state?: FulfilmentState; campaignId?: string }): Promise<void> {
  return downloadCsv(fulfilmentsCsvUrl(filter), '发货清单.csv');
}
