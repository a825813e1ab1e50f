import { API_BASE } from '@/env';
import { downloadCsv } from './csv-download';

/** The 投诉分析 period's complaints as CSV: a file in the browser, a file to forward in WeChat. */
export function exportComplaintCsv(from: string, to: string): Promise<void> {
  return downloadCsv(`${API_BASE}/v1/staff/complaint-report.csv?from=${from}&to=${to}`, `complaints-${from}-${to}.csv`);
}
