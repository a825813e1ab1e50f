/** A page link's parameter as text, trimmed; WeChat may hand it over still URL-encoded (a 小程序码's scene always is). */
export function linkParam(value: string | undefined): string {
  if (!value) return '';
  try {
    return decodeURIComponent(value).trim();
  } catch {
    return value.trim();
  }
}
