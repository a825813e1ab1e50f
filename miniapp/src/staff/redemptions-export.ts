import type { GoodsStatus } from '@linli/shared/mall';
import { API_BASE } from '@/env';
import { downloadCsv } from './csv-download';

/** The CSV of the 兑换订单 list as filtered on the page (no URLSearchParams: WeChat's runtime has none). */
export function goodsRedemptionsCsvUrl(filter: { status?: GoodsStatus; q?: string }): string {
  const query = [
    filter.status ? `status=${encodeURIComponent(filter.status)}` : '',
    filter.q ? `q=${encodeURIComponent(filter.q)}` : '',
  ].filter(Boolean);
  return `${API_BASE}/v1/staff/goods-redemptions.csv${query.length ? `?${query.join('&')}` : ''}`;
}

/** The filtered 兑换订单 as CSV: a file in the browser, a file to forward in WeChat. */
export function exportGoodsRedemptionsCsv(filter: { status?: GoodsStatus; q?: string }): Promise<void> {
  return downloadCsv(goodsRedemptionsCsvUrl(filter), '兑换订单.csv');
}
