/**
 * Where data exports live: a private bucket of their own. The worker writes an export's files, the
 * API hands out short-lived signed links to them (never a public object), and the purge removes them.
 */
export interface ExportStore {
  /** Writes one file of an export (UTF-8 text). */
  put(file: { key: string; body: string; contentType: string }): Promise<void>;
  /** A signed GET link to the file, valid `expiresInSeconds` from now, saved under `fileName` when downloaded. */
  downloadUrl(file: { key: string; fileName: string; expiresInSeconds: number }): Promise<string>;
  /** Removes files; one that is not there is no error (a purge may run twice). */
  remove(keys: readonly string[]): Promise<void>;
}

const MISSING = 'No exports bucket for this function (LINLI_EXPORTS_BUCKET is not set)';

/** The store of a function deployed without the exports bucket: any use is a deployment error. */
export const NO_EXPORT_STORE: ExportStore = {
  put: () => Promise.reject(new Error(MISSING)),
  downloadUrl: () => Promise.reject(new Error(MISSING)),
  remove: () => Promise.reject(new Error(MISSING)),
};
