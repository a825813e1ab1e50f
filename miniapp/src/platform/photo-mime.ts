const MIME_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
};

/** The MIME type of a local file from its name (WeChat's temp paths keep the extension); '' when unknown. */
export function mimeTypeFromPath(path: string): string {
  const extension = /\.([A-Za-z0-9]+)$/.exec(path.split('?')[0] ?? '')?.[1]?.toLowerCase() ?? '';
  return MIME_BY_EXTENSION[extension] ?? '';
}
