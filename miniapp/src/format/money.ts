/** Formats integer fen as yuan for display: 123456 → "¥1,234.56", -50 → "-¥0.50". */
export function formatFen(fen: number): string {
  if (!Number.isInteger(fen)) throw new RangeError(`fen must be an integer, got ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}¥${yuan}.${cents}`;
}

/** Yuan without the sign or trailing zeros, for coupon terms: 10000 → "100", 1050 → "10.5", 5 → "0.05". */
export function formatYuanShort(fen: number): string {
  if (!Number.isInteger(fen)) throw new RangeError(`fen must be an integer, got ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const cents = abs % 100;
  const fraction = cents === 0 ? '' : `.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
  return `${sign}${Math.floor(abs / 100)}${fraction}`;
}

/**
 * Parses what an operator typed in yuan into integer fen, without floating point:
 * "10" → 1000, "10.5" → 1050, "0.05" → 5. Null for anything else (negative, 3 decimals, text).
 */
export function parseYuanToFen(text: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
