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
import {
  CreatedInvitation,
  InvitationList,
  InvitationPreview,
  StaffMemberPage,
  StaffMemberSummary,
  TeamMember,
  TeamRoster,
  type CreateInvitationRequest,
  type TeamMemberChange,
} from '@linli/shared/staff';
import { StoredTierConfig, TierLadder, type TierConfigUpdate } from '@linli/shared/tiers';
import {
  CompensationCouponList,
  ComplaintDeskSettingsView,
  ComplaintOptions,
  ComplaintPage,
  ComplaintReport,
  ComplaintView,
  DeskAgentList,
  type UpdateComplaintDeskSettingsRequest,
  StaffComplaintPage,
  StaffComplaintView,
  type ComplaintCategory,
  type ComplaintStatus,
  type FileComplaintRequest,
  type ResolveRequest,
} from '@linli/shared/complaints';
import { ClientConfig, SubscriptionQuota, type SubscriptionReport } from '@linli/shared/subscriptions';
import { PhotoUploadGrant, type PhotoUploadRequest } from '@linli/shared/photos';
import { MyOrderList } from '@linli/shared/orders';
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

/** 我要投诉 (joined members), with the keys of photos already uploaded (requestPhotoUpload). */
export function fileComplaint(request: FileComplaintRequest) {
  return apiRequest(ComplaintView, 'POST', ME_COMPLAINTS, { body: request });
}

/** 我的投诉, newest first. */
export function listMyComplaints(cursor?: string, status?: ComplaintStatus) {
  return apiRequest(ComplaintPage, 'GET', ME_COMPLAINTS, { query: { status, limit: PAGE_SIZE, cursor } });
}

export function getMyComplaint(complaintId: string) {
  return apiRequest(ComplaintView, 'GET', complaintPath(ME_COMPLAINTS, complaintId));
}

export function replyToMyComplaint(complaintId: string, requestId: string, text: string, photoKeys: string[] = []) {
  return apiRequest(ComplaintView, 'POST', complaintPath(ME_COMPLAINTS, complaintId, '/replies'), { body: { requestId, text, photoKeys } });
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
  /** A staff member's id, or 'none' for unclaimed. */
  assignee?: string;
  breached?: boolean;
}

/** 投诉工单: open complaints, soonest SLA deadline first (admin, supervisor, agent). */
export function listStaffComplaints(filter: StaffComplaintFilter, cursor?: string) {
  return apiRequest(StaffComplaintPage, 'GET', STAFF_COMPLAINTS, {
    query: {
      status: filter.status,
      category: filter.category,
      mine: filter.mine ? 'true' : undefined,
      assignee: filter.assignee,
      breached: filter.breached === undefined ? undefined : String(filter.breached),
      limit: PAGE_SIZE,
      cursor,
    },
  });
}

export function getStaffComplaint(complaintId: string) {
  return apiRequest(StaffComplaintView, 'GET', complaintPath(STAFF_COMPLAINTS, complaintId));
}

/** Takes the complaint: acknowledged, in progress and owned by the caller. */
export function claimComplaint(complaintId: string) {
  return apiRequest(StaffComplaintView, 'POST', complaintPath(STAFF_COMPLAINTS, complaintId, '/claim'));
}

export function replyToComplaint(complaintId: string, requestId: string, text: string, askBuyer: boolean, photoKeys: string[] = []) {
  return apiRequest(StaffComplaintView, 'POST', complaintPath(STAFF_COMPLAINTS, complaintId, '/replies'), {
    body: { requestId, text, photoKeys, askBuyer },
  });
}

/** An internal note the buyer never sees. */
export function addComplaintNote(complaintId: string, text: string) {
  return apiRequest(StaffComplaintView, 'POST', complaintPath(STAFF_COMPLAINTS, complaintId, '/notes'), { body: { text } });
}

/** Resolves with a root cause; compensation in points and/or a coupon reward, given once per request id. */
export function resolveComplaint(complaintId: string, request: ResolveRequest) {
  return apiRequest(StaffComplaintView, 'POST', complaintPath(STAFF_COMPLAINTS, complaintId, '/resolve'), { body: request });
}

/** Hands the complaint to another active staff member. */
export function assignComplaint(complaintId: string, assigneeId: string) {
  return apiRequest(StaffComplaintView, 'POST', complaintPath(STAFF_COMPLAINTS, complaintId, '/assign'), { body: { assigneeId } });
}

/** Coupon rewards the desk can give as compensation. */
export function listCompensationCoupons() {
  return apiRequest(CompensationCouponList, 'GET', '/v1/staff/compensation-coupons');
}

/** Active staff who can own complaints. */
export function listDeskAgents() {
  return apiRequest(DeskAgentList, 'GET', '/v1/staff/complaint-agents');
}

/** My most recent orders, to pick the one a complaint is about. */
export function listMyRecentOrders() {
  return apiRequest(MyOrderList, 'GET', '/v1/me/orders', { query: { limit: 20 } });
}

/** The categories a buyer may choose from now, and the form's limits. */
export function getComplaintOptions() {
  return apiRequest(ComplaintOptions, 'GET', '/v1/complaint-options');
}

export function getDeskSettings() {
  return apiRequest(ComplaintDeskSettingsView, 'GET', '/v1/staff/complaint-settings');
}

/** Saves the desk settings (supervisor, admin); a stale expectedVersion is refused with CONFLICT. */
export function saveDeskSettings(request: UpdateComplaintDeskSettingsRequest) {
  return apiRequest(ComplaintDeskSettingsView, 'PUT', '/v1/staff/complaint-settings', { body: request });
}

/** The supervisors' report over Asia/Shanghai days [from, to]. */
export function getComplaintReport(from: string, to: string) {
  return apiRequest(ComplaintReport, 'GET', '/v1/staff/complaint-report', { query: { from, to } });
}

/**
 * A presigned POST for one photo (buyers and staff alike); upload with platform.uploadPhoto, then
 * name the grant's key in photoKeys.
 */
export function requestPhotoUpload(request: PhotoUploadRequest) {
  return apiRequest(PhotoUploadGrant, 'POST', '/v1/me/photo-uploads', { body: request });
}

// ---------------------------------------------------------------------------------------------
// 员工管理 (admins) and accepting an invitation (anyone logged in). Invitation codes travel in
// request bodies, never in URLs.
// ---------------------------------------------------------------------------------------------

/** The whole team, deactivated staff included (admin). */
export function listTeam() {
  return apiRequest(TeamRoster, 'GET', '/v1/staff/team');
}

/** Changes another staff member's role, or deactivates (active: false) / reactivates them (admin). */
export function changeTeamMember(openid: string, change: TeamMemberChange) {
  return apiRequest(TeamMember, 'PATCH', `/v1/staff/team/${encodeURIComponent(openid)}`, { body: change });
}

/** Invitations that can still be accepted (admin). */
export function listPendingInvitations() {
  return apiRequest(InvitationList, 'GET', '/v1/staff/invitations');
}

/** Invites someone; the answer carries the one-time code, shown only now (admin). */
export function createInvitation(request: CreateInvitationRequest) {
  return apiRequest(CreatedInvitation, 'POST', '/v1/staff/invitations', { body: request });
}

/** Revokes a pending invitation; answers the invitations still pending (admin). */
export function revokeInvitation(invitationId: string) {
  return apiRequest(InvitationList, 'POST', `/v1/staff/invitations/${encodeURIComponent(invitationId)}/revoke`);
}

/** Who invites the caller and into which role. */
export function previewInvitation(code: string) {
  return apiRequest(InvitationPreview, 'POST', '/v1/invitations/preview', { body: { code } });
}

/** Joins the team; the answer is a new session carrying the staff role (store it like a login). */
export function acceptInvitation(code: string) {
  return apiRequest(SessionResponse, 'POST', '/v1/invitations/accept', { body: { code } });
}
