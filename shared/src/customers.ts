import * as z from 'zod';
import { RedemptionHold } from './risk.ts';
import { ComplaintSummary } from './complaints.ts';
import { MyOrderList } from './orders.ts';
import { TierView } from './tiers.ts';
import { MemberScores } from './insight.ts';

// ---------------------------------------------------------------------------------------------
// Customer 360 (客户画像): member search, the profile page and tags.
// ---------------------------------------------------------------------------------------------

import { CONTROL_CHARACTERS } from './tag-name.ts';

/** The most members one search answers with; `more` says when others matched too. */
export const MEMBER_SEARCH_LIMIT = 20;

/**
 * What the 客户 search box holds: a nickname or part of one, a phone's last four digits, an
 * openid, an order id or a 会员码. Trimmed; 1–128 characters (an openid may be long), one line.
 */
export const MemberSearchQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1, 'Type something to search for')
    .max(128)
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'No control characters or line breaks'),
});

/** Which of a member's fields a search matched, best first when several did. */
export const MEMBER_SEARCH_FIELDS = ['memberCode', 'openid', 'order', 'phone', 'nickname'] as const;
export type MemberSearchField = (typeof MEMBER_SEARCH_FIELDS)[number];

/** How the search results say what matched (no ids are shown to people). */
export const MEMBER_SEARCH_FIELD_ZH: Record<MemberSearchField, string> = {
  memberCode: '会员码',
  openid: '微信账号',
  order: '订单号',
  phone: '手机尾号',
  nickname: '昵称',
};

export const MemberSearchHit = z
  .object({
    memberId: z.string(),
    nickname: z.string().nullable(),
    phoneMasked: z.string().nullable().describe('Only ever masked, e.g. 138****1234'),
    tier: TierView,
    lastOrderAt: z.iso.datetime().nullable(),
    matched: z.array(z.enum(MEMBER_SEARCH_FIELDS)).min(1).describe('Every field the query matched, best first'),
  })
  .meta({ id: 'MemberSearchHit' });
export type MemberSearchHit = z.infer<typeof MemberSearchHit>;

export const MemberSearchResult = z
  .object({
    items: z.array(MemberSearchHit).describe(`At most ${MEMBER_SEARCH_LIMIT}: exact matches (会员码, openid, order, phone) first`),
    more: z.boolean().describe('More members matched than are listed: type more of the nickname'),
  })
  .meta({ id: 'MemberSearchResult' });
export type MemberSearchResult = z.infer<typeof MemberSearchResult>;

// ---- Tags ------------------------------------------------------------------------------------

/** The most manual tags one member carries (rule tags are not counted: the rules keep them). */
export const MEMBER_TAGS_MAX = 20;
/** The most tags the shop's catalog holds: a list staff can still read through. */
export const TAG_CATALOG_MAX = 200;

export { TAG_MAX_CHARS, TagName, tagNameProblem } from './tag-name.ts';

/** manual: staff added it and may remove it; rule: a rule of the nightly job keeps it (read-only). */
export const TAG_KINDS = ['manual', 'rule'] as const;
export type TagKind = (typeof TAG_KINDS)[number];

export const MemberTag = z
  .object({
    tag: z.string(),
    kind: z.enum(TAG_KINDS),
    ruleId: z.string().nullable().describe('The rule that keeps a rule tag; null for manual tags'),
    addedAt: z.iso.datetime(),
    addedBy: z.string().nullable().describe("The staff member's name who added a manual tag"),
  })
  .meta({ id: 'MemberTag' });
export type MemberTag = z.infer<typeof MemberTag>;

export const MemberTagList = z
  .object({ items: z.array(MemberTag).describe('Manual tags first, then rule tags; each by name') })
  .meta({ id: 'MemberTagList' });
export type MemberTagList = z.infer<typeof MemberTagList>;

export const TagCatalogEntry = z
  .object({
    tag: z.string(),
    kind: z.enum(TAG_KINDS),
    ruleId: z.string().nullable(),
    memberCount: z.number().int().nonnegative(),
  })
  .meta({ id: 'TagCatalogEntry' });
export type TagCatalogEntry = z.infer<typeof TagCatalogEntry>;

export const TagCatalog = z.object({ items: z.array(TagCatalogEntry).describe('Most members first') }).meta({ id: 'TagCatalog' });
export type TagCatalog = z.infer<typeof TagCatalog>;

export const TaggedMembersQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(512).optional(),
});

// ---- The profile ------------------------------------------------------------------------------

/** How many of each list the profile shows at first (orders page on through their own route). */
export const PROFILE_ORDERS = 5;
export const PROFILE_COMPLAINTS = 5;
export const PROFILE_MESSAGES = 10;

/** The subscribe messages a member can have received, by the occasion they were sent for. */
export const MESSAGE_KINDS = [
  'birthday',
  'points-expiry',
  'tier-change',
  'complaint',
  'complaint-assigned',
  'complaint-alert',
  'other',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const MESSAGE_KIND_ZH: Record<MessageKind, string> = {
  birthday: '生日祝福',
  'points-expiry': '积分到期提醒',
  'tier-change': '等级变动通知',
  complaint: '投诉进度通知',
  'complaint-assigned': '工单指派提醒',
  'complaint-alert': '工单超时提醒',
  other: '服务通知',
};

/** sending: claimed, WeChat's answer not recorded yet; uncertain: WeChat's answer never came. */
export const MESSAGE_STATUSES = ['sending', 'sent', 'refused', 'uncertain'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const MESSAGE_STATUS_ZH: Record<MessageStatus, string> = {
  sending: '发送中',
  sent: '已发送',
  refused: '已拒收',
  uncertain: '结果未知',
};

export const ReceivedMessage = z
  .object({ kind: z.enum(MESSAGE_KINDS), at: z.iso.datetime(), status: z.enum(MESSAGE_STATUSES) })
  .meta({ id: 'ReceivedMessage' });
export type ReceivedMessage = z.infer<typeof ReceivedMessage>;

export const MemberProfile = z
  .object({
    memberId: z.string(),
    identity: z.object({
      nickname: z.string().nullable(),
      avatarUrl: z.string().nullable().describe('A short-lived link to the avatar the member chose; null: none'),
      phoneMasked: z.string().nullable().describe('Only ever masked, e.g. 138****1234: staff never see the number'),
      memberCode: z.string().describe('会员码, 8 letters and digits'),
      birthday: z.string().nullable().describe('MM-DD: the year is the member’s own'),
      minor: z
        .boolean()
        .optional()
        .describe(
          '未成年: a child under 14 (birthday saved with a guardian’s consent): sensitive data, no marketing (always sent by the API)',
        ),
      joinedAt: z.iso.datetime(),
      policyVersion: z.string().nullable(),
    }),
    tier: TierView,
    points: z.object({
      balance: z.number().int().nonnegative().describe('Available: can be spent now'),
      pending: z.number().int().nonnegative().describe('Earned on orders still inside the return window'),
      expiringSoon: z.object({ points: z.number().int().nonnegative(), before: z.iso.datetime().nullable() }),
    }),
    stats: z.object({
      orderCount: z.number().int().nonnegative(),
      totalSpentFen: z.number().int().nonnegative(),
      firstOrderAt: z.iso.datetime().nullable(),
      lastOrderAt: z.iso.datetime().nullable(),
    }),
    orders: MyOrderList.describe(`The latest ${PROFILE_ORDERS}; GET /v1/staff/members/{memberId}/orders?cursor= pages on from nextCursor`),
    complaints: z.object({
      items: z.array(ComplaintSummary).describe(`The latest ${PROFILE_COMPLAINTS}, newest first`),
      more: z.boolean(),
    }),
    messages: z.object({
      items: z.array(ReceivedMessage).describe(`The latest ${PROFILE_MESSAGES} subscribe messages sent to the member, newest first`),
      more: z.boolean(),
    }),
    tags: z.array(MemberTag),
    consent: z.object({
      policyVersion: z.string().nullable().describe('The privacy policy version the member last accepted'),
      acceptedAt: z.iso.datetime().nullable(),
      current: z.boolean().describe('The accepted version is the policy in force'),
      withdrawals: z.array(z.object({ at: z.iso.datetime(), policyVersion: z.string() })).describe('Newest first'),
    }),
    redemptionHold: RedemptionHold.nullable()
      .optional()
      .describe("暂停兑换: who held the member's redemptions, when and why (risk watch); null: not held (always sent by the API)"),
    scores: MemberScores.nullable().describe(
      'The nightly customer-insight scores, each with a one-line reason: null before the first run that saw the member',
    ),
  })
  .meta({ id: 'MemberProfile' });
export type MemberProfile = z.infer<typeof MemberProfile>;
