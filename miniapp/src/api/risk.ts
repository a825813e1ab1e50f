import {
  RedemptionHoldState,
  RiskFlagList,
  RiskFlagView,
  type RiskFlagKind,
  type RiskFlagReviewRequest,
  type RiskFlagStatus,
} from '@linli/shared/risk';
import { callApi } from './contract';

// Risk watch (风险监控): flags for review and holds on members' redemptions (admin, supervisor).

const PAGE_SIZE = 20;

/** 风险监控: one page of flags, newest first, of one status and kind when given. */
export function listRiskFlags(filter: { status?: RiskFlagStatus; kind?: RiskFlagKind }, cursor?: string) {
  return callApi(RiskFlagList, 'GET', '/v1/staff/risk/flags', { query: { ...filter, limit: PAGE_SIZE, cursor } });
}

/** 标记已查看 / 确认风险 with a note, once; a second review is RISK_FLAG_ALREADY_REVIEWED. */
export function reviewRiskFlag(flagId: string, request: RiskFlagReviewRequest) {
  return callApi(RiskFlagView, 'POST', '/v1/staff/risk/flags/:flagId/review', { param: { flagId }, body: request });
}

/** 暂停兑换: the member's points-mall and coupon redemptions are refused until released. */
export function holdMemberRedemptions(memberId: string, reason: string) {
  return callApi(RedemptionHoldState, 'POST', '/v1/staff/members/:memberId/redemption-hold', { param: { memberId }, body: { reason } });
}

/** 恢复兑换. */
export function releaseMemberRedemptions(memberId: string, reason: string) {
  return callApi(RedemptionHoldState, 'POST', '/v1/staff/members/:memberId/redemption-hold/release', {
    param: { memberId },
    body: { reason },
  });
}
