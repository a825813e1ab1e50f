/** Base64url cursor over a sort key, so clients can page without seeing or forging keys. */
export function encodeCursor(sortKey: string): string {
  return Buffer.from(sortKey, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, requiredPrefix: string): string | null {
  const sortKey = Buffer.from(cursor, 'base64url').toString('utf8');
  return sortKey.startsWith(requiredPrefix) ? sortKey : null;
}
