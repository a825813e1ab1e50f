import { useState } from 'react';
import { errorText } from '@/api/errors';

/**
 * A staff page's 导出 CSV button: one download at a time, busy while it runs, and what went wrong
 * in words (导出失败：…) until the next try.
 */
export function useCsvExport(download: () => Promise<void>) {
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const exportCsv = async () => {
    if (exporting) return;
    setExporting(true);
    setExportError(null);
    try {
      await download();
    } catch (error) {
      setExportError(`导出失败：${errorText(error)}`);
    } finally {
      setExporting(false);
    }
  };
  return { exporting, exportError, exportCsv };
}
