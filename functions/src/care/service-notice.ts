import type { ServiceNoticeKind, SkipReason } from '@linli/shared/care-rules';

/**
 * A service notice a domain below care automation says is due (a tier change, points about to
 * expire): what it says and for how long it matters. The domain only describes it; care automation
 * (automation/service-notices.ts) plans it as a delivery that the care worker sends, so the tiers and
 * points code never reaches up to the engine.
 */
export interface ServiceNotice {
  kind: ServiceNoticeKind;
  memberId: string;
  /** What makes it once per member: `tier-change#<changeId>`, `points-expiry#<expiry day>`. */
  occasion: string;
  /** The occasion in words for the staff logs: 升级为银牌, 2027年12月31日到期. */
  occasionName: string;
  templateId: string;
  page: string;
  /** The template's values as WeChat takes them (fixed when it is due: the change or the points then). */
  data: Record<string, { value: string }>;
  /** After this it no longer matters and is not sent (held by quiet hours past it: skipped as stale). */
  staleAt: string;
}

/** How planning a notice went: written to go, already planned (a rerun), or recorded as skipped with its reason. */
export type NoticePlanned = { outcome: 'planned' } | { outcome: 'exists' } | { outcome: 'skipped'; reason: SkipReason };

/** Hands a due notice to care automation (the caller above it passes this in). */
export type AnnounceNotice = (notice: ServiceNotice) => Promise<NoticePlanned>;
