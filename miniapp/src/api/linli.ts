import { SessionResponse } from '@linli/shared/auth';
import { MemberView, type UpdateProfileRequest } from '@linli/shared/members';
import {
  CouponList,
  MallRewardList,
  Redemption,
  Reward,
  StaffCouponView,
  StaffRewardList,
  type CouponStatus,
  type RewardInput,
} from '@linli/shared/mall';
import { CheckinCalendar, CheckinResult, PointsPage } from '@linli/shared/points';
import { PrivacyPolicy } from '@linli/shared/privacy';
import { StaffMemberPage, StaffMemberSummary } from '@linli/shared/staff';
import { StoredTierConfig, TierLadder, type TierConfigUpdate } from '@linli/shared/tiers';
import {
  ComplaintPage,
  ComplaintView,
  StaffComplaintPage,
  StaffComplaintView,
  type ComplaintCategory,
  type ComplaintStatus,
  type FileComplaintRequest,
  type ResolveRequest,
} from '@linli/shared/complaints';
import { ClientConfig, SubscriptionQuota, type SubscriptionReport } from '@linli/shared/subscriptions';
import { apiRequest } from './http';
import { newRequestId } from './request-id';

const PAGE_SIZE = 20;

/** Exchanges a wx.login code (or a dev-<name> code from the emulator) for a session. */
export function loginWithWechatCode(code: string) {
  return apiRequest(SessionResponse, 'POST', '/v1/auth/wechat', { body: { code }, auth: false });
}

export function getPrivacyPolicy() {
  return apiRequest(PrivacyPolicy, 'GET', '/v1/privacy-policy', { auth: false });
}

export function getClientConfig() {
  return apiRequest(ClientConfig, 'GET', '/v1/client-config', { auth: false });
}

export function getMe() {
  return apiRequest(MemberView, 'GET', '/v1/me');
}

/** Records consent to the given policy version; a visitor becomes a member. */
export function acceptPolicy(policyVersion: string) {
  return apiRequest(MemberView, 'POST', '/v1/me/consent', { body: { policyVersion, accepted: true } });
}

export function updateProfile(changes: UpdateProfileRequest) {
  return apiRequest(MemberView, 'PATCH', '/v1/me', { body: changes });
}

/** Binds the phone behind a getPhoneNumber code (or dev-phone-<number> on H5). */
export function bindPhone(code: string) {
  return apiRequest(MemberView, 'POST', '/v1/me/phone', { body: { code } });
}

export function listPoints(cursor?: string) {
  return apiRequest(PointsPage, 'GET', '/v1/me/points', { query: { limit: PAGE_SIZE, cursor } });
}

/** Checks in for today (Asia/Shanghai); a second call the same day answers alreadyCheckedIn. */
export function checkIn() {
  return apiRequest(CheckinResult, 'POST', '/v1/me/checkins');
}

/** The days checked in during `month` (YYYY-MM; the current Shanghai month when omitted), the streak and the rules. */
export function getCheckinCalendar(month?: string) {
  return apiRequest(CheckinCalendar, 'GET', '/v1/me/checkins', { query: { month } });
}

/** Reports what wx.requestSubscribeMessage answered, so the server knows the remaining quota. */
export function reportSubscriptions(results: SubscriptionReport['results']) {
  // The id makes a retried report count once.
  return apiRequest(SubscriptionQuota, 'POST', '/v1/me/subscriptions', { body: { reportId: newRequestId(), results } });
}

export function listStaffMembers(cursor?: string) {
  return apiRequest(StaffMemberPage, 'GET', '/v1/staff/members', { query: { limit: PAGE_SIZE, cursor } });
}

export function getStaffMember(memberId: string) {
  return apiRequest(StaffMemberSummary, 'GET', `/v1/staff/members/${encodeURIComponent(memberId)}`);
}

/** 积分商城: the rewards on offer, each with whether this member can redeem it, and the available points. */
export function getMall() {
  return apiRequest(MallRewardList, 'GET', '/v1/mall/rewards');
}

/**
 * Redeems a reward. `requestId` is made once per confirmation and reused on every retry of it:
 * the server answers a repeated id with the same redemption instead of redeeming twice.
 */
export function redeemReward(rewardId: string, requestId: string) {
  return apiRequest(Redemption, 'POST', `/v1/mall/rewards/${encodeURIComponent(rewardId)}/redemptions`, { body: { requestId } });
}

/** 我的券, newest first, optionally of one status. */
export function listMyCoupons(status?: CouponStatus) {
  return apiRequest(CouponList, 'GET', '/v1/me/coupons', { query: { status } });
}

/** A scanned coupon and its holder (staff). */
export function getStaffCoupon(code: string) {
  return apiRequest(StaffCouponView, 'GET', `/v1/staff/coupons/${encodeURIComponent(code)}`);
}

/** Uses a coupon at the till (staff); a second use answers COUPON_ALREADY_USED. */
export function markStaffCouponUsed(code: string) {
  return apiRequest(StaffCouponView, 'POST', `/v1/staff/coupons/${encodeURIComponent(code)}/use`);
}

/** Every reward, withdrawn ones included (admin, supervisor). */
export function listStaffRewards() {
  return apiRequest(StaffRewardList, 'GET', '/v1/staff/rewards');
}

export function createReward(input: RewardInput) {
  return apiRequest(Reward, 'POST', '/v1/staff/rewards', { body: input });
}

/** Replaces a reward's settings; `version` is the one the form was filled from (409 CONFLICT when stale). */
export function updateReward(rewardId: string, version: number, input: RewardInput) {
  return apiRequest(Reward, 'PUT', `/v1/staff/rewards/${encodeURIComponent(rewardId)}`, { body: input, query: { version } });
}

/** The tier ladder, lowest first, with each tier's threshold and rights (any logged-in user). */
export function getTiers() {
  return apiRequest(TierLadder, 'GET', '/v1/tiers');
}

/** The tier configuration in force and its version (admin; version 0 is the built-in default). */
export function getStaffTiers() {
  return apiRequest(StoredTierConfig, 'GET', '/v1/staff/tiers');
}

/**
 * Replaces the tier ladder (admin). `update.version` is the one the form was loaded from:
 * 409 CONFLICT when someone saved since; 400 VALIDATION_FAILED with `tiers.<i>.<field>` issues.
 */
export function saveStaffTiers(update: TierConfigUpdate) {
  return apiRequest(StoredTierConfig, 'PUT', '/v1/staff/tiers', { body: update });
}

// ---------------------------------------------------------------------------------------------
// Complaints (投诉). Every write that carries a requestId is made once per form submission and
// reused on retry, so a retried submission files, replies or resolves once.
// ---------------------------------------------------------------------------------------------

const complaintPath = (base: string, complaintId: string, tail = '') => `${base}/${encodeURIComponent(complaintId)}${tail}`;
const ME_COMPLAINTS = '/v1/me/complaints';
const STAFF_COMPLAINTS = '/v1/staff/complaints';

/** 我要投诉 (joined members). Photo upload is not available yet: photoKeys is always []. */
export function fileComplaint(request: Omit<FileComplaintRequest, 'photoKeys'>) {
  return apiRequest(ComplaintView, 'POST', ME_COMPLAINTS, { body: { ...request, photoKeys: [] } });
}

/** 我的投诉, newest first. */
export function listMyComplaints(cursor?: string, status?: ComplaintStatus) {
  return apiRequest(ComplaintPage, 'GET', ME_COMPLAINTS, { query: { status, limit: PAGE_SIZE, cursor } });
}

export function getMyComplaint(complaintId: string) {
  return apiRequest(ComplaintView, 'GET', complaintPath(ME_COMPLAINTS, complaintId));
}

export function replyToMyComplaint(complaintId: string, requestId: string, text: string) {
  return apiRequest(ComplaintView, 'POST', complaintPath(ME_COMPLAINTS, complaintId, '/replies'), { body: { requestId, text, photoKeys: [] } });
}

export function confirmMyComplaint(complaintId: string) {
  return apiRequest(ComplaintView, 'POST', complaintPath(ME_COMPLAINTS, complaintId, '/confirm'));
}

export function reopenMyComplaint(complaintId: string, reason: string) {
  return apiRequest(ComplaintView, 'POST', complaintPath(ME_COMPLAINTS, complaintId, '/reopen'), { body: { reason } });
}

export function rateMyComplaint(complaintId: string, rating: number, comment?: string) {
  return apiRequest(ComplaintView, 'POST', complaintPath(ME_COMPLAINTS, complaintId, '/rating'), { body: { rating, comment } });
}

export interface StaffComplaintFilter {
  status?: ComplaintStatus;
  category?: ComplaintCategory;
  mine?: boolean;
}

/** 投诉工单: open complaints, soonest SLA deadline first (admin, supervisor, agent). */
export function listStaffComplaints(filter: StaffComplaintFilter, cursor?: string) {
  return apiRequest(StaffComplaintPage, 'GET', STAFF_COMPLAINTS, {
    query: { status: filter.status, category: filter.category, mine: filter.mine ? 'true' : undefined, limit: PAGE_SIZE, cursor },
  });
}

export function getStaffComplaint(complaintId: string) {
  return apiRequest(StaffComplaintView, 'GET', complaintPath(STAFF_COMPLAINTS, complaintId));
}

/** Takes the complaint: acknowledged, in progress and owned by the caller. */
export function claimComplaint(complaintId: string) {
  return apiRequest(StaffComplaintView, 'POST', complaintPath(STAFF_COMPLAINTS, complaintId, '/claim'));
}

export function replyToComplaint(complaintId: string, requestId: string, text: string, askBuyer: boolean) {
  return apiRequest(StaffComplaintView, 'POST', complaintPath(STAFF_COMPLAINTS, complaintId, '/replies'), {
    body: { requestId, text, photoKeys: [], askBuyer },
  });
}

/** An internal note the buyer never sees. */
export function addComplaintNote(complaintId: string, text: string) {
  return apiRequest(StaffComplaintView, 'POST', complaintPath(STAFF_COMPLAINTS, complaintId, '/notes'), { body: { text } });
}

/** Resolves with a root cause; compensation is points only for now (reward compensation is refused). */
export function resolveComplaint(complaintId: string, request: ResolveRequest) {
  return apiRequest(StaffComplaintView, 'POST', complaintPath(STAFF_COMPLAINTS, complaintId, '/resolve'), { body: request });
}
