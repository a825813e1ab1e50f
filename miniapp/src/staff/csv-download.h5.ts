import { loadSession } from '@/api/session';

/** Downloads a CSV of the API as a file in the browser. */
export async function downloadCsv(url: string, fileName: string): Promise<void> {
  const token = loadSession()?.token;
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const objectUrl = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = objectUrl;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(objectUrl);
}
