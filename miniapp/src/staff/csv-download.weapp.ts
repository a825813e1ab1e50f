import Taro from '@tarojs/taro';
import { loadSession } from '@/api/session';

/**
 * Downloads a CSV of the API and offers it to forward into a chat (wx.shareFileMessage): a
 * mini-program cannot save into the phone's files, and openDocument does not open CSV.
 */
export async function downloadCsv(url: string, fileName: string): Promise<void> {
  const token = loadSession()?.token;
  const { statusCode, tempFilePath } = await Taro.downloadFile({ url, header: token ? { authorization: `Bearer ${token}` } : {} });
  if (statusCode !== 200) throw new Error(`HTTP ${statusCode}`);
  await Taro.shareFileMessage({ filePath: tempFilePath, fileName });
}
