/**
 * Whether a browser page of `origin` (its Origin header) may call the API: it is one of `allowed`
 * (config's LINLI_ALLOWED_ORIGINS, normalised as browsers send origins), or `allowed` names its
 * scheme and host with any port (`http://127.0.0.1:*`, local only).
 */
export function isAllowedOrigin(allowed: readonly string[], origin: string): boolean {
  if (allowed.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    // No Origin header (''), or `null` from a sandboxed page or a file.
    return false;
  }
  return url.origin === origin && allowed.includes(`${url.protocol}//${url.hostname}:*`);
}
