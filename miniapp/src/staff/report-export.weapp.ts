import Taro from '@tarojs/taro';
import { API_BASE } from '@/env';
import { loadSession } from '@/api/session';

/**
 * Downloads the period's CSV and offers it to forward into a chat (wx.shareFileMessage): a
 * mini-program cannot save into the phone's files, and openDocument does not open CSV.
 */
export async function exportComplaintCsv(from: string, to: string): Promise<void> {
  const token = loadSession()?.token;
  const fileName = `complaints-${from}-${to}.csv`;
  const { statusCode, tempFilePath } = await Taro.downloadFile({
    url: `${API_BASE}/v1/staff/complaint-report.csv?from=${from}&to=${to}`,
    header: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (statusCode !== 200) throw new Error(`HTTP ${statusCode}`);
  await Taro.shareFileMessage({ filePath: tempFilePath, fileName });
}
