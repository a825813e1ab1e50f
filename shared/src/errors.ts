import * as z from 'zod';

/** Stable error codes every client can switch on; never rename one, only add. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'SIGNATURE_INVALID',
  'WECHAT_LOGIN_FAILED',
  'WECHAT_PHONE_FAILED',
  'WECHAT_UNAVAILABLE',
  'NOT_JOINED',
  'POLICY_VERSION_OUTDATED',
  'CONFLICT',
  'ORDER_NOT_FOUND',
  'REFUND_EXCEEDS_ORDER',
  'POINTS_INSUFFICIENT',
  'REWARD_NOT_FOUND',
  'REWARD_NOT_AVAILABLE',
  'REWARD_OUT_OF_STOCK',
  'REWARD_LIMIT_REACHED',
  'REWARD_TIER_RESTRICTED',
  'COUPON_NOT_FOUND',
  'COUPON_ALREADY_USED',
  'COUPON_EXPIRED',
  'BUSY',
  'COMPLAINT_NOT_FOUND',
  'COMPLAINT_TRANSITION_INVALID',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** What a buyer or staff member reads for each code; the server's message is for developers. */
export const ERROR_TEXT_ZH: Record<ErrorCode, string> = {
  VALIDATION_FAILED: '填写的内容有误，请检查后重试',
  UNAUTHENTICATED: '登录已过期，请重新登录',
  FORBIDDEN: '没有权限执行此操作',
  NOT_FOUND: '内容不存在或已删除',
  SIGNATURE_INVALID: '签名校验失败',
  WECHAT_LOGIN_FAILED: '微信登录失败，请重试',
  WECHAT_PHONE_FAILED: '获取手机号失败，请重试',
  WECHAT_UNAVAILABLE: '微信服务暂时不可用，请稍后重试',
  NOT_JOINED: '请先同意隐私政策并加入会员',
  POLICY_VERSION_OUTDATED: '隐私政策已更新，请重新阅读并同意',
  CONFLICT: '操作冲突，请刷新后重试',
  ORDER_NOT_FOUND: '订单不存在',
  REFUND_EXCEEDS_ORDER: '退款金额超过订单实付金额',
  POINTS_INSUFFICIENT: '积分不足',
  REWARD_NOT_FOUND: '礼品不存在或已下架',
  REWARD_NOT_AVAILABLE: '该礼品当前不在兑换时间内',
  REWARD_OUT_OF_STOCK: '礼品已兑完',
  REWARD_LIMIT_REACHED: '已达到该礼品的兑换上限',
  REWARD_TIER_RESTRICTED: '该礼品仅限指定等级会员兑换',
  COUPON_NOT_FOUND: '券码不存在',
  COUPON_ALREADY_USED: '该券已使用',
  COUPON_EXPIRED: '该券已过期',
  BUSY: '当前人数较多，请稍后重试',
  COMPLAINT_NOT_FOUND: '投诉不存在',
  COMPLAINT_TRANSITION_INVALID: '当前状态下不能进行此操作',
  INTERNAL: '服务开小差了，请稍后重试',
};

export const FieldIssue = z.object({
  path: z.string().describe('Dotted path of the offending field, e.g. "items.0.qty"'),
  message: z.string(),
});

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      issues: z.array(FieldIssue).optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;
