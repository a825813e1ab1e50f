import type { GoodsStatus } from '@linli/shared/mall';
import { API_BASE } from '@/env';

/** The CSV of the 兑换订单 list as filtered on the page (no URLSearchParams: WeChat's runtime has none). */
export function goodsRedemptionsCsvUrl(filter: { status?: GoodsStatus; q?: string }): string {
  const query = [
    filter.status ? `status=${encodeURIComponent(filter.status)}` : '',
    filter.q ? `q=${encodeURIComponent(filter.q)}` : '',
  ].filter(Boolean);
  return `${API_BASE}/v1/staff/goods-redemptions.csv${query.length ? `?${query.join('&')}` : ''}`;
}

export const GOODS_CSV_FILE_NAME = '兑换订单.csv';
