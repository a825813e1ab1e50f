import type { GoodsStatus } from '@linli/shared/mall';
import { loadSession } from '@/api/session';
import { GOODS_CSV_FILE_NAME, goodsRedemptionsCsvUrl } from './redemptions-csv-url';

/** Downloads the filtered 兑换订单 as a file in the browser. */
export async function exportGoodsRedemptionsCsv(filter: { status?: GoodsStatus; q?: string }): Promise<void> {
  const token = loadSession()?.token;
  const response = await fetch(goodsRedemptionsCsvUrl(filter), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = GOODS_CSV_FILE_NAME;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
