import { parse } from 'csv-parse/sync';

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

/** A line of a CSV file that cannot be read: its line number (the header is line 1) and why. */
export class CsvLineError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'CsvLineError';
  }
}

/**
 * The data rows of a CSV whose first line must be exactly `header`, each with the file line it
 * started on (from csv-parse's own count, so blank lines and quoted line breaks keep the numbers true)
 * and exactly the header's number of cells; a wrong header or row throws CsvLineError.
 */
export function readCsvRows(text: string, header: readonly string[]): Array<{ line: number; cells: string[] }> {
  const records = parse(text, {
    bom: true,
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    record_delimiter: ['\r\n', '\n'],
    info: true,
    raw: true,
  }) as unknown as Array<{ record: string[]; raw: string; info: { lines: number } }>;
  const [first, ...rows] = records;
  if (!first || first.record.join(',') !== header.join(',')) throw new CsvLineError(1, `the header must be ${header.join(',')}`);
  return rows.map(({ record, raw, info }) => {
    // csv-parse counts to the record's last line; its raw text (blank lines before it and the line
    // break after it taken off) says how many lines back it started.
    const body = raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '');
    const line = info.lines - (body.match(/\n/g)?.length ?? 0);
    if (record.length !== header.length) throw new CsvLineError(line, `expected ${header.length} columns, found ${record.length}`);
    return { line, cells: record };
  });
}
