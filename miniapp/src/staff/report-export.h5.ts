import { API_BASE } from '@/env';
import { loadSession } from '@/api/session';

/** Downloads the period's CSV as a file in the browser. */
export async function exportComplaintCsv(from: string, to: string): Promise<void> {
  const token = loadSession()?.token;
  const response = await fetch(`${API_BASE}/v1/staff/complaint-report.csv?from=${from}&to=${to}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `complaints-${from}-${to}.csv`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
