import * as z from 'zod';
import { STAFF_ROLES } from './auth.ts';

// ---------------------------------------------------------------------------------------------
// The audit log (审计日志): who did what, as which role, to which member, when. Written by the
// API for every staff action that changes anything or reads a member's personal data, and for a
// buyer's own exports, deletions and data requests; never changed or deleted by any route.
// ---------------------------------------------------------------------------------------------

/**
 * What an entry records. Staff requests are named by their route (`PUT /v1/staff/complaint-settings`);
 * the named actions below are recorded by the domain itself, with a reason where one is required.
 */
export const AUDIT_NAMED_ACTIONS = [
  'phone.reveal',
  'address-phone.reveal',
  'privacy.export-requested',
  'privacy.account-deleted',
  'privacy.request-filed',
  'privacy.inactive-member-erased',
] as const;

/** How the entry's action changed things: a read of personal data, or a change. */
export const AUDIT_KINDS = ['read', 'change'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export const AuditActor = z.object({
  memberId: z
    .string()
    .describe("The actor's member id (a buyer acting on their own data, or a staff member), or a job's id (system:retention)"),
  name: z.string().describe("The staff member's name as the roster had it then; '' for a buyer; the job's name for a job"),
  role: z.enum([...STAFF_ROLES, 'buyer', 'system']).describe('The role the action was allowed under; system: a scheduled job'),
});
export type AuditActor = z.infer<typeof AuditActor>;

export const AuditEntry = z
  .object({
    entryId: z.string(),
    at: z.iso.datetime(),
    actor: AuditActor,
    kind: z.enum(AUDIT_KINDS),
    action: z.string().describe('A route (`METHOD /path/{param}`) or a named action (phone.reveal, …)'),
    memberId: z.string().nullable().describe('The member whose data was read or changed, when there is one'),
    target: z.record(z.string(), z.string()).describe("The route's other ids (complaintId, ruleId, …)"),
    status: z.number().int().describe('The HTTP status the action was answered with'),
    reason: z.string().nullable().describe('The reason the actor stated (reveals)'),
    before: z.string().optional().describe('A settings change: the settings before, as JSON'),
    after: z.string().optional().describe('A settings change: the settings after, as JSON'),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;

/** A search of the log spans at most this many Shanghai days. */
export const AUDIT_SEARCH_MAX_DAYS = 92;
/** One CSV download holds at most this many entries; the rest follow from the cursor. */
export const AUDIT_CSV_ROW_LIMIT = 5000;

const ShanghaiDate = z.iso.date().describe('A Shanghai calendar day, YYYY-MM-DD');

export const AuditSearchQuery = z
  .object({
    from: ShanghaiDate.describe('First Shanghai day (inclusive)'),
    to: ShanghaiDate.describe('Last Shanghai day (inclusive)'),
    memberId: z.string().min(1).max(64).optional().describe('Only entries about this member'),
    actorId: z.string().min(1).max(64).optional().describe("Only this staff member's actions"),
    kind: z.enum(AUDIT_KINDS).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(400).optional(),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'to must not be before from' })
  .refine((q) => daySpan(q.from, q.to) <= AUDIT_SEARCH_MAX_DAYS, {
    path: ['from'],
    message: `At most ${AUDIT_SEARCH_MAX_DAYS} days at a time`,
  });
export type AuditSearchQuery = z.infer<typeof AuditSearchQuery>;

export const AuditPage = z
  .object({ items: z.array(AuditEntry).describe('Newest first'), nextCursor: z.string().nullable() })
  .meta({ id: 'AuditPage' });
export type AuditPage = z.infer<typeof AuditPage>;

function daySpan(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

// ---------------------------------------------------------------------------------------------
// Retention (保留期限): how long the log and members' personal data are kept. Admins set them.
// ---------------------------------------------------------------------------------------------

export const RETENTION_DEFAULTS = {
  /** PIPL Art. 55–56 asks for impact records kept at least three years; the log is their evidence. */
  auditLogDays: 1095,
  /** A member who has not logged in, ordered or been credited for this long has their personal data erased. */
  inactiveMemberYears: 3,
  /** A photo granted for upload but never attached to anything is removed after this many days. */
  unattachedPhotoDays: 7,
} as const;

export const RetentionSettings = z
  .object({
    auditLogDays: z.number().int().min(365).max(3650).describe('Days an audit entry is kept (365–3650)'),
    inactiveMemberYears: z.number().int().min(1).max(10).describe("Years without activity before a member's personal data is erased"),
    unattachedPhotoDays: z.number().int().min(1).max(90).describe('Days an upload never attached is kept'),
  })
  .meta({ id: 'RetentionSettings' });
export type RetentionSettings = z.infer<typeof RetentionSettings>;

export const RetentionSettingsView = RetentionSettings.extend({
  version: z.number().int().describe('0 until first saved (the defaults)'),
  updatedAt: z.iso.datetime().nullable(),
}).meta({ id: 'RetentionSettingsView' });
export type RetentionSettingsView = z.infer<typeof RetentionSettingsView>;

export const UpdateRetentionSettingsRequest = RetentionSettings.extend({
  expectedVersion: z.number().int().min(0).max(1_000_000_000).describe('The version read; a newer one is CONFLICT'),
}).meta({ id: 'UpdateRetentionSettingsRequest' });
export type UpdateRetentionSettingsRequest = z.infer<typeof UpdateRetentionSettingsRequest>;

// ---------------------------------------------------------------------------------------------
// Reveals (查看完整号码): a supervisor or admin states why, and the reveal is audited first.
// ---------------------------------------------------------------------------------------------

export const RevealRequest = z
  .object({ reason: z.string().trim().min(4, '请说明原因（至少 4 个字）').max(200).describe('Why the whole number is needed') })
  .meta({ id: 'RevealRequest' });
export type RevealRequest = z.infer<typeof RevealRequest>;

export const PhoneReveal = z
  .object({ phone: z.string().nullable().describe('The whole number; null when none is held') })
  .meta({ id: 'PhoneReveal' });
export type PhoneReveal = z.infer<typeof PhoneReveal>;

// ---------------------------------------------------------------------------------------------
// What people read: an entry's action in Chinese (the log stores the route; no route is shown).
// ---------------------------------------------------------------------------------------------

const NAMED_ACTION_ZH: Record<(typeof AUDIT_NAMED_ACTIONS)[number], string> = {
  'phone.reveal': '查看会员完整手机号',
  'address-phone.reveal': '查看收货人完整手机号',
  'privacy.export-requested': '会员申请导出个人信息',
  'privacy.account-deleted': '会员注销账户',
  'privacy.request-filed': '会员提交数据请求',
  'privacy.inactive-member-erased': '删除长期未活跃会员的个人信息',
};

/**
 * Every audited staff route (each change, and each read of personal data) in its own words, so that
 * taking, answering and refusing a data request do not all read 操作 · 数据请求. test/api/audit-log.test.ts
 * walks openapi.json and fails on an audited route missing here.
 */
export const AUDITED_ROUTE_ZH: Readonly<Record<string, string>> = {
  // Members and points
  'GET /v1/staff/member-search': '搜索会员',
  'GET /v1/staff/member-codes/{code}': '按会员码查看会员',
  'GET /v1/staff/members/{memberId}': '查看会员信息',
  'GET /v1/staff/members/{memberId}/profile': '查看客户画像',
  'GET /v1/staff/members/{memberId}/orders': '查看会员订单',
  'GET /v1/staff/members/{memberId}/points': '查看会员积分明细',
  'GET /v1/staff/members/{memberId}/insight': '查看会员洞察评分',
  'GET /v1/staff/members/{memberId}/care-deliveries': '查看会员关怀消息',
  'GET /v1/staff/members/{memberId}/surveys': '查看会员问卷回答',
  'POST /v1/staff/members/{memberId}/points-adjustments': '调整会员积分',
  'POST /v1/staff/members/{memberId}/phone-reveals': '查看会员完整手机号',
  'PUT /v1/staff/members/{memberId}/tags/{tag}': '添加客户标签',
  'DELETE /v1/staff/members/{memberId}/tags/{tag}': '移除客户标签',
  'POST /v1/staff/members/{memberId}/redemption-hold': '暂停会员兑换',
  'POST /v1/staff/members/{memberId}/redemption-hold/release': '恢复会员兑换',
  'POST /v1/staff/order-imports': '导入历史订单',
  // Segments and insight
  'POST /v1/staff/segment-previews': '预览客户分群',
  'POST /v1/staff/segments': '新建客户分群',
  'PUT /v1/staff/segments/{segmentId}': '修改客户分群',
  'DELETE /v1/staff/segments/{segmentId}': '删除客户分群',
  'GET /v1/staff/segments/{segmentId}/members.csv': '导出分群会员',
  'PUT /v1/staff/insight/settings': '修改洞察设置',
  // Complaints
  'GET /v1/staff/complaints/{complaintId}': '查看投诉工单',
  'POST /v1/staff/complaints/{complaintId}/claim': '认领投诉工单',
  'POST /v1/staff/complaints/{complaintId}/assign': '分派投诉工单',
  'POST /v1/staff/complaints/{complaintId}/replies': '回复投诉',
  'POST /v1/staff/complaints/{complaintId}/notes': '添加投诉内部备注',
  'POST /v1/staff/complaints/{complaintId}/resolve': '解决投诉工单',
  'GET /v1/staff/complaint-report.csv': '导出投诉报表',
  'PUT /v1/staff/complaint-settings': '修改投诉设置',
  // Care
  'POST /v1/staff/care/rules': '新建关怀规则',
  'PUT /v1/staff/care/rules/{ruleId}': '修改关怀规则',
  'DELETE /v1/staff/care/rules/{ruleId}': '删除关怀规则',
  'POST /v1/staff/care/preview': '预览关怀消息',
  'POST /v1/staff/care/dry-run': '试运行关怀规则',
  'PUT /v1/staff/care/settings': '修改关怀设置',
  'PUT /v1/staff/care/seasonal-tips': '修改时令推荐',
  'POST /v1/staff/care/dead-letters/{messageId}/retry': '重发失败的关怀消息',
  // Follow-ups and surveys
  'GET /v1/staff/follow-ups/{taskId}': '查看回访任务',
  'POST /v1/staff/follow-ups/{taskId}/claim': '认领回访任务',
  'POST /v1/staff/follow-ups/{taskId}/outcome': '记录回访结果',
  'POST /v1/staff/surveys': '新建问卷',
  'PUT /v1/staff/surveys/{surveyId}': '修改问卷',
  'POST /v1/staff/surveys/{surveyId}/publish': '发布问卷',
  'POST /v1/staff/surveys/{surveyId}/close': '停止问卷收集',
  'POST /v1/staff/surveys/{surveyId}/reopen': '重新开放问卷',
  'GET /v1/staff/surveys/{surveyId}/responses.csv': '导出问卷回答',
  'PUT /v1/staff/survey-settings': '修改调查设置',
  // Points mall, coupons and tiers
  'POST /v1/staff/rewards': '新增礼品',
  'PUT /v1/staff/rewards/{rewardId}': '修改礼品',
  'POST /v1/staff/coupons/{code}/use': '核销优惠券',
  'GET /v1/staff/goods-redemptions/{redemptionNo}': '查看兑换订单',
  'GET /v1/staff/goods-redemptions.csv': '导出兑换订单',
  'POST /v1/staff/goods-redemptions/{redemptionNo}/ship': '兑换订单发货',
  'POST /v1/staff/goods-redemptions/{redemptionNo}/hand-over': '兑换订单已自提',
  'PUT /v1/staff/tiers': '修改会员等级',
  // Group buys
  'POST /v1/staff/groupbuy/campaigns': '新建拼团活动',
  'PUT /v1/staff/groupbuy/campaigns/{campaignId}': '修改拼团活动',
  'POST /v1/staff/groupbuy/campaigns/{campaignId}/publish': '发布拼团活动',
  'POST /v1/staff/groupbuy/campaigns/{campaignId}/end': '结束拼团活动',
  'POST /v1/staff/groupbuy/orders/{orderNo}/refund': '拼团订单退款',
  'GET /v1/staff/groupbuy/fulfilments.csv': '导出拼团发货单',
  'POST /v1/staff/groupbuy/fulfilments/{orderNo}/retry': '重新推送拼团发货',
  // Risk
  'POST /v1/staff/risk/flags/{flagId}/review': '复核风险提示',
  // Team
  'PATCH /v1/staff/team/{openid}': '修改员工角色或状态',
  'POST /v1/staff/invitations': '邀请员工',
  'POST /v1/staff/invitations/{invitationId}/revoke': '撤销员工邀请',
  // Privacy and the log itself
  'GET /v1/staff/data-requests/{dataRequestId}': '查看数据请求',
  'POST /v1/staff/data-requests/{dataRequestId}/take': '接手数据请求',
  'POST /v1/staff/data-requests/{dataRequestId}/answer': '答复数据请求',
  'POST /v1/staff/data-requests/{dataRequestId}/refuse': '拒绝数据请求',
  'GET /v1/staff/audit-log.csv': '导出审计日志',
  'PUT /v1/staff/retention-settings': '修改保留期限',
};

/**
 * The fallback for a route missing above (an entry of a route since renamed): the staff area it
 * belongs to, by the path's first segment after /v1/staff/.
 */
const AREA_ZH: Record<string, string> = {
  members: '会员',
  'member-codes': '会员码',
  'member-search': '会员搜索',
  customers: '客户',
  tags: '客户标签',
  segments: '客户分群',
  'segment-previews': '客户分群',
  insight: '客户洞察',
  overview: '经营概览',
  care: '关怀计划',
  complaints: '投诉工单',
  'complaint-settings': '投诉设置',
  'complaint-report': '投诉报表',
  'complaint-report.csv': '投诉报表',
  'complaint-agents': '投诉工单',
  'compensation-coupons': '投诉补偿',
  'follow-ups': '回访',
  surveys: '满意度调查',
  'survey-settings': '调查设置',
  rewards: '积分商城',
  coupons: '优惠券',
  'goods-redemptions': '兑换订单',
  'goods-redemptions.csv': '兑换订单',
  groupbuy: '拼团',
  tiers: '会员等级',
  team: '员工',
  invitations: '员工邀请',
  'order-imports': '订单导入',
  'audit-log': '审计日志',
  'audit-log.csv': '审计日志',
  'retention-settings': '保留期限',
  risk: '风险监控',
  'data-requests': '数据请求',
};

const VERB_ZH: Record<string, string> = { GET: '查看', POST: '操作', PUT: '修改', PATCH: '修改', DELETE: '删除' };

/** An entry's action as staff read it: 查看会员完整手机号, 接手数据请求, 修改投诉设置 … */
export function auditActionLabel(action: string): string {
  if (action in NAMED_ACTION_ZH) return NAMED_ACTION_ZH[action as keyof typeof NAMED_ACTION_ZH];
  const route = AUDITED_ROUTE_ZH[action];
  if (route) return route;
  const match = /^([A-Z]+) \/v1\/(staff\/)?([^/]+)/.exec(action);
  if (!match) return '其他操作';
  const verb = action.endsWith('.csv') || /\.csv$/.test(match[3]!) ? '导出' : (VERB_ZH[match[1]!] ?? '操作');
  const area = match[2] ? (AREA_ZH[match[3]!] ?? '员工后台') : '会员本人';
  return `${verb} · ${area}`;
}

export const AUDIT_ROLE_ZH: Record<AuditActor['role'], string> = {
  admin: '管理员',
  supervisor: '主管',
  agent: '客服',
  buyer: '会员本人',
  system: '系统',
};

/** The actor of what the daily retention job does (erasing inactive members' personal data). */
export const RETENTION_JOB_ACTOR: AuditActor = { memberId: 'system:retention', name: '数据保留期限任务', role: 'system' };

export const AUDIT_KIND_ZH: Record<AuditKind, string> = { read: '查看个人信息', change: '变更' };
