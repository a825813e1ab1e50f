import { PRIVACY_POLICY_VERSION } from '@linli/shared/privacy';
import type { MyConsents } from '@linli/shared/privacy-centre';
import type { Deps } from '../deps.ts';
import { messageSettings } from '../automation/message-settings.ts';
import { listConsents, type ConsentRecord } from '../members/repository.ts';
import { requireMember } from '../members/require-member.ts';

/**
 * 隐私中心's 我的授权: the member's consent ledger, newest first, and what it says now — the policy version
 * accepted and when, the phone bound and since when, 个性化推荐 and its last change, and the subscribe
 * messages allowed (from the quota 消息设置 shows). Visitors get their (empty) ledger too.
 */
export async function myConsents(deps: Deps, memberId: string): Promise<MyConsents> {
  const [member, settings, entries] = await Promise.all([
    requireMember(deps, memberId),
    messageSettings(deps, memberId),
    listConsents(deps.db, memberId),
  ]);
  // The ledger's sort keys start with the instant: reversed, newest first.
  const ledger = [...entries].reverse();
  const latest = (kind: string, action?: string) =>
    ledger.find((entry) => entry.kind === kind && (action === undefined || entry.action === action)) ?? null;
  const accepted = ledger.find(
    (entry) => entry.kind === 'privacy-policy' && entry.action === 'accept' && entry.policyVersion === member.policyVersion,
  );
  return {
    policy: {
      version: member.policyVersion,
      acceptedAt: accepted?.at ?? null,
      currentVersion: PRIVACY_POLICY_VERSION,
      current: member.policyVersion === PRIVACY_POLICY_VERSION,
    },
    phone: {
      phoneMasked: member.phoneMasked,
      boundAt: member.phoneMasked ? (latest('phone', 'bind')?.at ?? null) : null,
    },
    personalisedMarketing: { on: !settings.marketingOptOut, changedAt: latest('personalised-marketing')?.at ?? null },
    subscriptions: settings.templates
      .filter((template) => template.remaining > 0)
      .map((template) => ({ title: template.title, remaining: template.remaining })),
    ledger: ledger.map(entryView),
  };
}

function entryView(entry: ConsentRecord): MyConsents['ledger'][number] {
  return { kind: entry.kind, action: entry.action, policyVersion: entry.policyVersion, at: entry.at };
}
