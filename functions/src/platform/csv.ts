/** One CSV cell: quoted when it could break a row, a leading formula character neutralised (CSV injection). */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows as CSV, with a BOM so Excel reads the Chinese correctly (a download) unless told not to (a command's output). */
export function csvDocument(rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>, options: { bom?: boolean } = {}): string {
  return `${options.bom === false ? '' : '\uFEFF'}${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
