import * as z from 'zod';
import { RETENTION_DEFAULTS } from './audit.ts';

// ---------------------------------------------------------------------------------------------
// 隐私中心 (the buyer's privacy centre): what Linli keeps about a member and why (PIPL Arts. 17 and 44),
// and the consents the member gave. The list below is the one place the kinds of data are described:
// the mini-program's page shows it as it is, and the README's table is checked against it
// (privacy-centre.test.ts), so the two cannot drift apart.
// ---------------------------------------------------------------------------------------------

export interface KeptDataKind {
  /** A stable name for the kind (code and tests only; never shown). */
  kind: string;
  /** What the buyer reads as the heading. */
  title: string;
  /** What exactly is kept. */
  items: string;
  /** What it is used for, and only that (purpose limitation). */
  purpose: string;
  /** How long it is kept, and what happens after. */
  retention: string;
  /** Why this kind is sensitive personal information (PIPL Art. 28), or null when it is not by itself. */
  sensitive: string | null;
}

const INACTIVE_YEARS = RETENTION_DEFAULTS.inactiveMemberYears;
const UNTIL_DELETION = `直到你注销账户；连续 ${INACTIVE_YEARS} 年没有登录和消费也会删除`;
const KEPT_WITHOUT_IDENTITY = '按会计和税务规定保留；注销账户后只保留金额和时间，不再能对应到你';

export const KEPT_DATA_KINDS: readonly KeptDataKind[] = [
  {
    kind: 'identity',
    title: '微信身份标识',
    items: '微信分配给本小程序的用户标识（openid，以及有时提供的 unionid）',
    purpose: '登录，识别你是同一位会员，把店铺订单对应到你',
    retention: UNTIL_DELETION,
    sensitive: null,
  },
  {
    kind: 'profile',
    title: '基本资料',
    items: '昵称、头像、生日（可选农历生日）、会员码、会员等级',
    purpose: '会员卡展示，生日祝福和生日礼，会员等级权益',
    retention: `${UNTIL_DELETION}；你可以随时在“我的资料”中修改`,
    sensitive: null,
  },
  {
    kind: 'phone',
    title: '手机号',
    items: '经微信验证的手机号，加密保存；员工只看到打码的号码（如 138****1234），主管查看完整号码须写明原因并留下记录',
    purpose: '把你在店铺用手机号下的历史订单对应到你，客服联系你',
    retention: '直到你解除绑定或注销账户，解除后立即删除',
    sensitive: null,
  },
  {
    kind: 'orders',
    title: '订单',
    items: '订单号、商品、金额、付款和退款时间',
    purpose: '计算积分和会员等级，售后服务，我的订单',
    retention: KEPT_WITHOUT_IDENTITY,
    sensitive: null,
  },
  {
    kind: 'points',
    title: '积分明细',
    items: '每一笔积分的获得、使用、过期和调整，以及原因',
    purpose: '积分余额和到期提醒，积分商城兑换',
    retention: KEPT_WITHOUT_IDENTITY,
    sensitive: null,
  },
  {
    kind: 'coupons',
    title: '优惠券和兑换',
    items: '券码、使用状态，兑换实物时的收货人、地址和电话（电话加密保存）',
    purpose: '核销优惠券，发货或自提',
    retention: '券的记录随账户保存；收货信息在注销账户时删除',
    sensitive: null,
  },
  {
    kind: 'complaints',
    title: '投诉和照片',
    items: '投诉的类别、描述、照片、双方的回复和你的评价',
    purpose: '处理你的售后问题，改进商品和服务',
    retention: `${UNTIL_DELETION}；上传后没有用上的照片 ${RETENTION_DEFAULTS.unattachedPhotoDays} 天后删除`,
    sensitive: '照片可能拍到你、你的家人或住所，我们只在处理这次投诉时查看',
  },
  {
    kind: 'surveys',
    title: '问卷回答',
    items: '你回答的满意度问卷：评分、选择和文字',
    purpose: '了解你是否满意，对不满意的回答回访',
    retention: `${UNTIL_DELETION}；注销后评分只以不记名的方式计入统计`,
    sensitive: null,
  },
  {
    kind: 'messages',
    title: '收到的消息',
    items: '发给你的订阅消息：哪一条、何时发送、是否送达；你允许的订阅次数',
    purpose: '只在你允许的次数内发送，遵守发送频率和免打扰时间',
    retention: '发送记录保留一年',
    sensitive: null,
  },
  {
    kind: 'groupbuys',
    title: '拼团',
    items: '开团和参团、支付和退款、你分享的拼团卡片',
    purpose: '成团、发货和失败退款，拼团活动的统计',
    retention: KEPT_WITHOUT_IDENTITY,
    sensitive: null,
  },
  {
    kind: 'consents',
    title: '授权记录',
    items: '你同意的隐私政策版本和时间，手机号的绑定和解除，个性化推荐的开关',
    purpose: '证明你何时同意或撤回了什么',
    retention: '随账户保存；注销账户后不再能对应到你',
    sensitive: null,
  },
  {
    kind: 'insight',
    title: '客户画像',
    items: '根据订单计算的购买频率、消费金额、流失风险、生命周期阶段和所属客户分群',
    purpose: '挑选适合你的优惠、拼团和关怀消息（个性化推荐，可以关闭）',
    retention: '每晚根据订单重新计算，只保留最新一次；注销账户时删除',
    sensitive: null,
  },
];

/**
 * PIPL Art. 28 counts every personal information of a minor under 14 as sensitive: said once, above the
 * list, rather than on each kind.
 */
export const CHILD_DATA_NOTE = '不满十四周岁的未成年人的全部个人信息都属于敏感个人信息，需要监护人同意，我们只用于上面写明的用途。';

// ---------------------------------------------------------------------------------------------
// GET /v1/me/consents: the consents I gave, from the consent ledger
// ---------------------------------------------------------------------------------------------

/** The ledger's kinds this release writes; the ledger may hold others later (the page names them generically). */
export const CONSENT_KINDS = ['privacy-policy', 'personalised-marketing', 'phone', 'guardian'] as const;

export const ConsentEntry = z
  .object({
    kind: z.string().describe(`What was consented to: ${CONSENT_KINDS.join(', ')}`),
    action: z
      .string()
      .describe(
        'privacy-policy: accept | withdraw; personalised-marketing: opt-in | opt-out; phone: bind | unbind; guardian: accept (a guardian’s consent to a child’s birthday)',
      ),
    policyVersion: z.string().describe('The privacy policy version the member held when it happened'),
    at: z.iso.datetime(),
  })
  .meta({ id: 'ConsentEntry' });
export type ConsentEntry = z.infer<typeof ConsentEntry>;

export const MyConsents = z
  .object({
    policy: z.object({
      version: z.string().nullable().describe('The version I accepted last; null: never accepted'),
      acceptedAt: z.iso.datetime().nullable(),
      currentVersion: z.string().describe('The policy in force'),
      current: z.boolean().describe('The version I accepted is the policy in force'),
    }),
    phone: z.object({
      phoneMasked: z.string().nullable().describe('The bound phone, masked; null: none bound'),
      boundAt: z.iso.datetime().nullable().describe('When it was bound (null for a phone bound before the ledger recorded binds)'),
    }),
    personalisedMarketing: z.object({
      on: z.boolean().describe('false: 个性化推荐 switched off (PIPL Art. 24)'),
      changedAt: z.iso.datetime().nullable().describe('The last change of the choice; null: never changed (on since joining)'),
    }),
    subscriptions: z
      .array(z.object({ title: z.string(), remaining: z.number().int().nonnegative() }))
      .describe('The subscribe messages I allowed and the sends left of each (only those with sends left)'),
    ledger: z.array(ConsentEntry).describe('Every entry of my consent ledger, newest first'),
  })
  .meta({ id: 'MyConsents' });
export type MyConsents = z.infer<typeof MyConsents>;
