import { X509Certificate, type KeyObject } from 'node:crypto';
import { decryptResource, type EncryptedResource } from './signatures.ts';

/** One entry of GET /v3/certificates' `data`. */
export interface CertificateListEntry {
  serial_no: string;
  effective_time?: string;
  expire_time?: string;
  encrypt_certificate: EncryptedResource;
}

export interface PlatformCertificate {
  /** Upper-case hex, as WeChat Pay writes it in Wechatpay-Serial. */
  serialNo: string;
  publicKey: KeyObject;
  validFrom: Date;
  validTo: Date;
}

/**
 * Decrypts the certificates of a GET /v3/certificates answer with the APIv3 key and reads each
 * one's key. An entry whose certificate does not decrypt, does not parse, or carries another serial
 * than the list says is left out: it cannot be WeChat Pay's.
 */
export function readCertificateList(entries: readonly CertificateListEntry[], apiV3Key: string): PlatformCertificate[] {
  const certificates: PlatformCertificate[] = [];
  for (const entry of entries) {
    try {
      const certificate = new X509Certificate(decryptResource(entry.encrypt_certificate, apiV3Key));
      if (normalSerial(certificate.serialNumber) !== normalSerial(entry.serial_no)) continue;
      certificates.push({
        serialNo: normalSerial(certificate.serialNumber),
        publicKey: certificate.publicKey,
        validFrom: new Date(certificate.validFrom),
        validTo: new Date(certificate.validTo),
      });
    } catch {
      continue;
    }
  }
  return certificates;
}

/** A serial as WeChat Pay writes it (upper-case hex, no leading zeros), so two spellings of one serial compare equal. */
export function normalSerial(serial: string): string {
  return serial
    .trim()
    .toUpperCase()
    .replace(/^0+(?=.)/, '');
}

/** Refetch the list at most this often when asked for a serial it lacks, so forged serials cannot make Linli hammer WeChat Pay. */
export const CERTIFICATE_REFETCH_INTERVAL_MS = 60_000;

/**
 * Platform certificates by serial, fetched on first use and again when a notification or answer
 * names a serial not seen yet (WeChat Pay rotates certificates and announces the new one in the
 * list before signing with it). Only certificates valid at the moment of use are used.
 */
export function platformCertificateCache(options: {
  fetchList: () => Promise<PlatformCertificate[]>;
  now: () => Date;
  refetchIntervalMs?: number;
}) {
  const bySerial = new Map<string, PlatformCertificate>();
  let lastFetchMs: number | null = null;
  let fetching: Promise<void> | null = null;
  const interval = options.refetchIntervalMs ?? CERTIFICATE_REFETCH_INTERVAL_MS;

  async function refresh(): Promise<void> {
    fetching ??= (async () => {
      try {
        const list = await options.fetchList();
        for (const certificate of list) bySerial.set(certificate.serialNo, certificate);
      } finally {
        lastFetchMs = options.now().getTime();
        fetching = null;
      }
    })();
    return fetching;
  }

  const usable = (certificate: PlatformCertificate | undefined): PlatformCertificate | null => {
    const at = options.now().getTime();
    return certificate && certificate.validFrom.getTime() <= at && at <= certificate.validTo.getTime() ? certificate : null;
  };

  return {
    /** The key of the certificate with this serial, fetching the list when the serial is new; null when WeChat Pay has none such. */
    async keyFor(serial: string): Promise<KeyObject | null> {
      const wanted = normalSerial(serial);
      const known = usable(bySerial.get(wanted));
      if (known) return known.publicKey;
      const mayFetch = lastFetchMs === null || options.now().getTime() - lastFetchMs >= interval;
      if (!mayFetch) return null;
      await refresh();
      return usable(bySerial.get(wanted))?.publicKey ?? null;
    },
    /** The serials of the certificates held. */
    get serials(): string[] {
      return [...bySerial.keys()];
    },
  };
}

export type PlatformCertificateCache = ReturnType<typeof platformCertificateCache>;
