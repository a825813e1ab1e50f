import Taro from '@tarojs/taro';
import type { GoodsStatus } from '@linli/shared/mall';
import { loadSession } from '@/api/session';
import { GOODS_CSV_FILE_NAME, goodsRedemptionsCsvUrl } from './redemptions-csv-url';

/** Downloads the filtered 兑换订单 and offers it to forward into a chat (as the complaint report's export does). */
export async function exportGoodsRedemptionsCsv(filter: { status?: GoodsStatus; q?: string }): Promise<void> {
  const token = loadSession()?.token;
  const { statusCode, tempFilePath } = await Taro.downloadFile({
    url: goodsRedemptionsCsvUrl(filter),
    header: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (statusCode !== 200) throw new Error(`HTTP ${statusCode}`);
  await Taro.shareFileMessage({ filePath: tempFilePath, fileName: GOODS_CSV_FILE_NAME });
}
