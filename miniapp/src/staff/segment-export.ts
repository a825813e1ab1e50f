import { API_BASE } from '@/env';
import { downloadCsv } from './csv-download';

/** A file name from a segment's name: characters no file system takes become _. */
export function segmentCsvFileName(name: string): string {
  return `客户分群-${name.replace(/[\\/:*?"<>|\s]+/g, '_')}.csv`;
}

/** A saved segment's members as CSV, phones masked (supervisors, admins). */
export function exportSegmentCsv(segment: { segmentId: string; name: string }): Promise<void> {
  return downloadCsv(
    `${API_BASE}/v1/staff/segments/${encodeURIComponent(segment.segmentId)}/members.csv`,
    segmentCsvFileName(segment.name),
  );
}
