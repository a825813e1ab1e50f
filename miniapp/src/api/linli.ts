import { SessionResponse } from '@linli/shared/auth';
import { MemberView, type UpdateProfileRequest } from '@linli/shared/members';
import {
  CouponList,
  MallRewardList,
  Redemption,
  Reward,
  StaffCouponView,
  StaffGoodsRedemptionDetail,
  StaffGoodsRedemptionList,
  StaffRewardList,
  type CouponStatus,
  type DeliveryAddress,
  type GoodsStatus,
  type RewardInput,
  type ShipRequest,
} from '@linli/shared/mall';
import { CheckinCalendar, CheckinResult, PointsEntry, PointsPage } from '@linli/shared/points';
import { ShopOverview } from '@linli/shared/overview';
import { PrivacyPolicy } from '@linli/shared/privacy';
import { ACCOUNT_DELETION_CONFIRMATION, AccountDeletionResult } from '@linli/shared/account-deletion';
import { DataExport, DataExportList } from '@linli/shared/data-export';
import { MyConsents } from '@linli/shared/privacy-centre';
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
import { MessageSettings } from '@linli/shared/care-rules';
import { PhotoUploadGrant, type PhotoUploadRequest } from '@linli/shared/photos';
import { MyOrderList } from '@linli/shared/orders';
import { MemberProfile, MemberSearchResult, MemberTagList, TagCatalog } from '@linli/shared/customers';
import { callApi } from './contract';
import { newRequestId } from './request-id';

const PAGE_SIZE = 20;

/** Exchanges a wx.login code (or a dev-<name> code from the emulator) for a session. */
export function loginWithWechatCode(code: string) {
  return callApi(SessionResponse, 'POST', '/v1/auth/wechat', { body: { code }, auth: false });
}

export function getPrivacyPolicy() {
  return callApi(PrivacyPolicy, 'GET', '/v1/privacy-policy', { auth: false });
}

export function getClientConfig() {
  return callApi(ClientConfig, 'GET', '/v1/client-config', { auth: false });
}

export function getMe() {
  return callApi(MemberView, 'GET', '/v1/me');
}

/** Records consent to the given policy version; a visitor becomes a member. */
export function acceptPolicy(policyVersion: string) {
  return callApi(MemberView, 'POST', '/v1/me/consent', { body: { policyVersion, accepted: true } });
}

export function updateProfile(changes: UpdateProfileRequest) {
  return callApi(MemberView, 'PATCH', '/v1/me', { body: changes });
}

/** 注销账户: sent only after the buyer confirmed twice; a repeat answers the first deletion. */
export function deleteMyAccount() {
  return callApi(AccountDeletionResult, 'POST', '/v1/me/deletion', { body: { confirmation: ACCOUNT_DELETION_CONFIRMATION } });
}

/** Binds the phone behind a getPhoneNumber code (or dev-phone-<number> on H5). */
export function bindPhone(code: string) {
  return callApi(MemberView, 'POST', '/v1/me/phone', { body: { code } });
}

/** 解除绑定 (隐私中心): the phone is erased and the withdrawal recorded; without a phone, nothing changes. */
export function unbindPhone() {
  return callApi(MemberView, 'DELETE', '/v1/me/phone');
}

/** 隐私中心's 我的授权: what I consented to now, and my consent ledger, newest first. */
export function getMyConsents() {
  return callApi(MyConsents, 'GET', '/v1/me/consents');
}

export function listPoints(cursor?: string) {
  return callApi(PointsPage, 'GET', '/v1/me/points', { query: { limit: PAGE_SIZE, cursor } });
}

/** Checks in for today (Asia/Shanghai); a second call the same day answers alreadyCheckedIn. */
export function checkIn() {
  return callApi(CheckinResult, 'POST', '/v1/me/checkins');
}

/** The days checked in during `month` (YYYY-MM; the current Shanghai month when omitted), the streak and the rules. */
export function getCheckinCalendar(month?: string) {
  return callApi(CheckinCalendar, 'GET', '/v1/me/checkins', { query: { month } });
}

/** 消息设置: what I can subscribe to (service and caring messages), the sends left of each, my 个性化推荐 choice. */
export function getMessageSettings() {
  return callApi(MessageSettings, 'GET', '/v1/me/message-settings');
}

/** Reports what wx.requestSubscribeMessage answered, so the server knows the remaining quota. */
export function reportSubscriptions(results: SubscriptionReport['results']) {
  // The id makes a retried report count once.
  return callApi(SubscriptionQuota, 'POST', '/v1/me/subscriptions', { body: { reportId: newRequestId(), results } });
}

export function listStaffMembers(cursor?: string) {
  return callApi(StaffMemberPage, 'GET', '/v1/staff/members', { query: { limit: PAGE_SIZE, cursor } });
}

export function getStaffMember(memberId: string) {
  return callApi(StaffMemberSummary, 'GET', '/v1/staff/members/:memberId', { param: { memberId } });
}

/** The member a 会员码 (scanned or typed) belongs to. */
export function findStaffMemberByCode(code: string) {
  return callApi(StaffMemberSummary, 'GET', '/v1/staff/member-codes/:code', { param: { code } });
}

/** 客户 search: part of a nickname, a phone's last four, an openid, an order id or a 会员码 (staff). */
export function searchMembers(q: string) {
  return callApi(MemberSearchResult, 'GET', '/v1/staff/member-search', { query: { q } });
}

/** 客户画像: one member's profile with its latest orders, complaints, messages, tags and consent (staff). */
export function getMemberProfile(memberId: string) {
  return callApi(MemberProfile, 'GET', '/v1/staff/members/:memberId/profile', { param: { memberId } });
}

/** A member's orders after the profile's first few, a page at a time (staff). */
export function listStaffMemberOrders(memberId: string, cursor?: string) {
  return callApi(MyOrderList, 'GET', '/v1/staff/members/:memberId/orders', { param: { memberId }, query: { limit: PAGE_SIZE, cursor } });
}

/** Gives a member a manual tag (supervisors, admins); answers the member's tags. */
export function addMemberTag(memberId: string, tag: string) {
  return callApi(MemberTagList, 'PUT', '/v1/staff/members/:memberId/tags/:tag', { param: { memberId, tag } });
}

/** Takes a manual tag off a member (supervisors, admins); answers the member's tags. */
export function removeMemberTag(memberId: string, tag: string) {
  return callApi(MemberTagList, 'DELETE', '/v1/staff/members/:memberId/tags/:tag', { param: { memberId, tag } });
}

/** The shop's tags with member counts (staff). */
export function listTagCatalog() {
  return callApi(TagCatalog, 'GET', '/v1/staff/tags');
}

/** A member's points ledger, newest first (staff). */
export function listStaffMemberPoints(memberId: string, cursor?: string) {
  return callApi(PointsPage, 'GET', '/v1/staff/members/:memberId/points', { param: { memberId }, query: { limit: PAGE_SIZE, cursor } });
}

/**
 * Adjusts a member's points with a reason (supervisors, admins). `requestId` is made once per
 * confirmation and reused on every retry of it: the server applies a repeated id once.
 */
export function adjustMemberPoints(memberId: string, input: { delta: number; reason: string; requestId: string }) {
  return callApi(PointsEntry, 'POST', '/v1/staff/members/:memberId/points-adjustments', { param: { memberId }, body: input });
}

/** 店铺概览: the shop's figures with 30-day trends (supervisors, admins). */
export function getShopOverview() {
  return callApi(ShopOverview, 'GET', '/v1/staff/overview');
}

/** 积分商城: the rewards on offer, each with whether this member can redeem it, and the available points. */
export function getMall() {
  return callApi(MallRewardList, 'GET', '/v1/mall/rewards');
}

/**
 * Redeems a reward. `requestId` is made once per confirmation and reused on every retry of it:
 * the server answers a repeated id with the same redemption instead of redeeming twice.
 */
export function redeemReward(rewardId: string, requestId: string, address?: DeliveryAddress) {
  return callApi(Redemption, 'POST', '/v1/mall/rewards/:rewardId/redemptions', { param: { rewardId }, body: { requestId, address } });
}

/** 我的券, newest first, optionally of one status. */
export function listMyCoupons(status?: CouponStatus) {
  return callApi(CouponList, 'GET', '/v1/me/coupons', { query: { status } });
}

/** A scanned coupon and its holder (staff). */
export function getStaffCoupon(code: string) {
  return callApi(StaffCouponView, 'GET', '/v1/staff/coupons/:code', { param: { code } });
}

/** Uses a coupon at the till (staff); a second use answers COUPON_ALREADY_USED. */
export function markStaffCouponUsed(code: string) {
  return callApi(StaffCouponView, 'POST', '/v1/staff/coupons/:code/use', { param: { code } });
}

/** Every reward, withdrawn ones included (admin, supervisor). */
export function listStaffRewards() {
  return callApi(StaffRewardList, 'GET', '/v1/staff/rewards');
}

export function createReward(input: RewardInput) {
  return callApi(Reward, 'POST', '/v1/staff/rewards', { body: input });
}

/** Replaces a reward's settings; `version` is the one the form was filled from (409 CONFLICT when stale). */
export function updateReward(rewardId: string, version: number, input: RewardInput) {
  return callApi(Reward, 'PUT', '/v1/staff/rewards/:rewardId', { param: { rewardId }, body: input, query: { version } });
}

/** The tier ladder, lowest first, with each tier's threshold and rights (any logged-in user). */
export function getTiers() {
  return callApi(TierLadder, 'GET', '/v1/tiers');
}

/** The tier configuration in force and its version (admin; version 0 is the built-in default). */
export function getStaffTiers() {
  return callApi(StoredTierConfig, 'GET', '/v1/staff/tiers');
}

/**
 * Replaces the tier ladder (admin). `update.version` is the one the form was loaded from:
 * 409 CONFLICT when someone saved since; 400 VALIDATION_FAILED with `tiers.<i>.<field>` issues.
 */
export function saveStaffTiers(update: TierConfigUpdate) {
  return callApi(StoredTierConfig, 'PUT', '/v1/staff/tiers', { body: update });
}

// ---------------------------------------------------------------------------------------------
// Complaints (投诉). Every write that carries a requestId is made once per form submission and
// reused on retry, so a retried submission files, replies or resolves once.
// ---------------------------------------------------------------------------------------------

const ME_COMPLAINTS = '/v1/me/complaints';
const STAFF_COMPLAINTS = '/v1/staff/complaints';

/** 我要投诉 (joined members), with the keys of photos already uploaded (requestPhotoUpload). */
export function fileComplaint(request: FileComplaintRequest) {
  return callApi(ComplaintView, 'POST', ME_COMPLAINTS, { body: request });
}

/** 我的投诉, newest first. */
export function listMyComplaints(cursor?: string, status?: ComplaintStatus) {
  return callApi(ComplaintPage, 'GET', ME_COMPLAINTS, { query: { status, limit: PAGE_SIZE, cursor } });
}

export function getMyComplaint(complaintId: string) {
  return callApi(ComplaintView, 'GET', '/v1/me/complaints/:complaintId', { param: { complaintId } });
}

export function replyToMyComplaint(complaintId: string, requestId: string, text: string, photoKeys: string[] = []) {
  return callApi(ComplaintView, 'POST', '/v1/me/complaints/:complaintId/replies', {
    param: { complaintId },
    body: { requestId, text, photoKeys },
  });
}

export function confirmMyComplaint(complaintId: string) {
  return callApi(ComplaintView, 'POST', '/v1/me/complaints/:complaintId/confirm', { param: { complaintId } });
}

export function reopenMyComplaint(complaintId: string, reason: string) {
  return callApi(ComplaintView, 'POST', '/v1/me/complaints/:complaintId/reopen', { param: { complaintId }, body: { reason } });
}

export function rateMyComplaint(complaintId: string, rating: number, comment?: string) {
  return callApi(ComplaintView, 'POST', '/v1/me/complaints/:complaintId/rating', { param: { complaintId }, body: { rating, comment } });
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
  return callApi(StaffComplaintPage, 'GET', STAFF_COMPLAINTS, {
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
  return callApi(StaffComplaintView, 'GET', '/v1/staff/complaints/:complaintId', { param: { complaintId } });
}

/** Takes the complaint: acknowledged, in progress and owned by the caller. */
export function claimComplaint(complaintId: string) {
  return callApi(StaffComplaintView, 'POST', '/v1/staff/complaints/:complaintId/claim', { param: { complaintId } });
}

export function replyToComplaint(complaintId: string, requestId: string, text: string, askBuyer: boolean, photoKeys: string[] = []) {
  return callApi(StaffComplaintView, 'POST', '/v1/staff/complaints/:complaintId/replies', {
    param: { complaintId },
    body: { requestId, text, photoKeys, askBuyer },
  });
}

/** An internal note the buyer never sees. */
export function addComplaintNote(complaintId: string, text: string) {
  return callApi(StaffComplaintView, 'POST', '/v1/staff/complaints/:complaintId/notes', { param: { complaintId }, body: { text } });
}

/** Resolves with a root cause; compensation in points and/or a coupon reward, given once per request id. */
export function resolveComplaint(complaintId: string, request: ResolveRequest) {
  return callApi(StaffComplaintView, 'POST', '/v1/staff/complaints/:complaintId/resolve', { param: { complaintId }, body: request });
}

/** Hands the complaint to another active staff member. */
export function assignComplaint(complaintId: string, assigneeId: string) {
  return callApi(StaffComplaintView, 'POST', '/v1/staff/complaints/:complaintId/assign', { param: { complaintId }, body: { assigneeId } });
}

/** 兑换订单: one page of goods redemptions, newest first, of one status and matching a search. */
export function listGoodsRedemptions(filter: { status?: GoodsStatus; q?: string }, cursor?: string) {
  return callApi(StaffGoodsRedemptionList, 'GET', '/v1/staff/goods-redemptions', {
    query: { status: filter.status, q: filter.q || undefined, limit: PAGE_SIZE, cursor },
  });
}

/** The shipping detail of one goods redemption, the phone in full. */
export function getGoodsRedemption(redemptionNo: string) {
  return callApi(StaffGoodsRedemptionDetail, 'GET', '/v1/staff/goods-redemptions/:redemptionNo', { param: { redemptionNo } });
}

/** 发货 with carrier and tracking number. */
export function shipGoodsRedemption(redemptionNo: string, shipment: ShipRequest) {
  return callApi(StaffGoodsRedemptionDetail, 'POST', '/v1/staff/goods-redemptions/:redemptionNo/ship', {
    param: { redemptionNo },
    body: shipment,
  });
}

/** 已自提: handed over at the shop. */
export function handOverGoodsRedemption(redemptionNo: string) {
  return callApi(StaffGoodsRedemptionDetail, 'POST', '/v1/staff/goods-redemptions/:redemptionNo/hand-over', { param: { redemptionNo } });
}

/** Coupon rewards the desk can give as compensation. */
export function listCompensationCoupons() {
  return callApi(CompensationCouponList, 'GET', '/v1/staff/compensation-coupons');
}

/** Active staff who can own complaints. */
export function listDeskAgents() {
  return callApi(DeskAgentList, 'GET', '/v1/staff/complaint-agents');
}

/** My most recent orders, to pick the one a complaint is about. */
export function listMyRecentOrders() {
  return callApi(MyOrderList, 'GET', '/v1/me/orders', { query: { limit: 20 } });
}

/** 我的订单: one page of my orders, newest first. */
export function listMyOrders(cursor?: string) {
  return callApi(MyOrderList, 'GET', '/v1/me/orders', { query: cursor ? { limit: PAGE_SIZE, cursor } : { limit: PAGE_SIZE } });
}

/** The categories a buyer may choose from now, and the form's limits. */
export function getComplaintOptions() {
  return callApi(ComplaintOptions, 'GET', '/v1/complaint-options');
}

export function getDeskSettings() {
  return callApi(ComplaintDeskSettingsView, 'GET', '/v1/staff/complaint-settings');
}

/** Saves the desk settings (supervisor, admin); a stale expectedVersion is refused with CONFLICT. */
export function saveDeskSettings(request: UpdateComplaintDeskSettingsRequest) {
  return callApi(ComplaintDeskSettingsView, 'PUT', '/v1/staff/complaint-settings', { body: request });
}

/** The supervisors' report over Asia/Shanghai days [from, to]. */
export function getComplaintReport(from: string, to: string) {
  return callApi(ComplaintReport, 'GET', '/v1/staff/complaint-report', { query: { from, to } });
}

/**
 * A presigned POST for one photo (buyers and staff alike); upload with platform.uploadPhoto, then
 * name the grant's key in photoKeys.
 */
export function requestPhotoUpload(request: Omit<PhotoUploadRequest, 'purpose'> & { purpose?: PhotoUploadRequest['purpose'] }) {
  return callApi(PhotoUploadGrant, 'POST', '/v1/me/photo-uploads', { body: request });
}

// ---------------------------------------------------------------------------------------------
// 员工管理 (admins) and accepting an invitation (anyone logged in). Invitation codes travel in
// request bodies, never in URLs.
// ---------------------------------------------------------------------------------------------

/** The whole team, deactivated staff included (admin). */
export function listTeam() {
  return callApi(TeamRoster, 'GET', '/v1/staff/team');
}

/** Changes another staff member's role, or deactivates (active: false) / reactivates them (admin). */
export function changeTeamMember(openid: string, change: TeamMemberChange) {
  return callApi(TeamMember, 'PATCH', '/v1/staff/team/:openid', { param: { openid }, body: change });
}

/** Invitations that can still be accepted (admin). */
export function listPendingInvitations() {
  return callApi(InvitationList, 'GET', '/v1/staff/invitations');
}

/** Invites someone; the answer carries the one-time code, shown only now (admin). */
export function createInvitation(request: CreateInvitationRequest) {
  return callApi(CreatedInvitation, 'POST', '/v1/staff/invitations', { body: request });
}

/** Revokes a pending invitation; answers the invitations still pending (admin). */
export function revokeInvitation(invitationId: string) {
  return callApi(InvitationList, 'POST', '/v1/staff/invitations/:invitationId/revoke', { param: { invitationId } });
}

/** Who invites the caller and into which role. */
export function previewInvitation(code: string) {
  return callApi(InvitationPreview, 'POST', '/v1/invitations/preview', { body: { code } });
}

/** Joins the team; the answer is a new session carrying the staff role (store it like a login). */
export function acceptInvitation(code: string) {
  return callApi(SessionResponse, 'POST', '/v1/invitations/accept', { body: { code } });
}

// ---------------------------------------------------------------------------------------------
// 导出我的数据 (a copy of the member's data).

/** The member's exports with their status and, when ready, fresh download links (valid 15 minutes). */
export function listMyDataExports() {
  return callApi(DataExportList, 'GET', '/v1/me/data-exports');
}

/** Asks for an export; `requestId` is made once per tap and reused on a retry (the same export answers). */
export function requestDataExport(requestId: string) {
  return callApi(DataExport, 'POST', '/v1/me/data-exports', { body: { requestId } });
}
