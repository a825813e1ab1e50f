import type { ConsentEntry, KeptDataKind, MyConsents } from '@linli/shared/privacy-centre';
import { formatShanghaiDate } from './time';

/** What each consent ledger entry says, by kind and action; a kind or action this release does not know is named generically. */
const ENTRY_TEXT: Record<string, Record<string, string>> = {
  'privacy-policy': { accept: '同意隐私政策', withdraw: '撤回对隐私政策的同意' },
  'personalised-marketing': { 'opt-out': '关闭个性化推荐', 'opt-in': '开启个性化推荐' },
  phone: { bind: '绑定手机号', unbind: '解除绑定手机号' },
  guardian: { accept: '监护人同意填写孩子的生日' },
};

/** One ledger entry in a line a buyer reads: what they did, and under which policy version. */
export function consentEntryText(entry: ConsentEntry): string {
  const what = ENTRY_TEXT[entry.kind]?.[entry.action] ?? '授权变更';
  return entry.kind === 'privacy-policy' ? `${what}（${entry.policyVersion} 版）` : what;
}

/** 隐私政策's line in 我的授权: the version agreed to and when, or why it must be agreed again. */
export function policyConsentText(policy: MyConsents['policy']): string {
  if (!policy.version) return '尚未同意';
  const when = policy.acceptedAt ? `，${formatShanghaiDate(policy.acceptedAt)}` : '';
  return policy.current ? `已同意 ${policy.version} 版${when}` : `同意的是旧版（${policy.version}），请阅读并同意新版`;
}

/** 手机号's line: the masked phone and since when, or that none is bound. */
export function phoneConsentText(phone: MyConsents['phone']): string {
  if (!phone.phoneMasked) return '未绑定';
  return phone.boundAt ? `${phone.phoneMasked}，${formatShanghaiDate(phone.boundAt)} 绑定` : phone.phoneMasked;
}

/** 订阅消息's line: the messages allowed and the sends left, or that none is waiting. */
export function subscriptionsConsentText(subscriptions: MyConsents['subscriptions']): string {
  if (subscriptions.length === 0) return '没有待发送的订阅消息';
  return subscriptions.map((entry) => `${entry.title} ${entry.remaining} 次`).join('、');
}

/** A kind's 保存期限 on its folded row: the period's first clause (直到你注销账户), the rest when it opens. */
export function retentionSummary(kind: Pick<KeptDataKind, 'retention'>): string {
  return `保存期限：${kind.retention.split('；')[0]}`;
}
