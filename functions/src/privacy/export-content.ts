import type { ComplaintView } from '@linli/shared/complaints';
import { MESSAGE_KIND_ZH, type MessageStatus } from '@linli/shared/customers';
import type { DataExportKind } from '@linli/shared/data-export';
import type { CouponView } from '@linli/shared/mall';
import type { MyOrderSummary } from '@linli/shared/orders';
import type { PointsEntry } from '@linli/shared/points';
import { type AnswerValue, type SurveyQuestion } from '@linli/shared/surveys';
import { listMemberDeliveries } from '../automation/care-repository.ts';
import { listAllCareMessages } from '../care/care-messages-repository.ts';
import { toBuyerView } from '../complaints/complaint-views.ts';
import { loadDeskPolicy } from '../complaints/desk-settings.ts';
import { listEntries, listMemberComplaints } from '../complaints/repository.ts';
import type { Deps } from '../deps.ts';
import { getGroupOrders, memberOrderNoPage } from '../groupbuy/orders-repository.ts';
import { messageKindOf } from '../insight/member-profile.ts';
import { toCouponView } from '../mall/redeem.ts';
import { listAllMemberCoupons } from '../mall/repository.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { decryptPhone } from '../members/phone-crypto.ts';
import { listConsents, type ConsentRecord } from '../members/repository.ts';
import { myOrderSummary } from '../orders/my-orders.ts';
import { listBuyerOrdersPage } from '../orders/repository.ts';
import { listWholeLedger } from '../points/ledger.ts';
import { surveyNames } from '../surveys/follow-ups-repository.ts';
import { getSurveyVersion, listMemberResponses } from '../surveys/repository.ts';
import { listTierChanges } from '../tiers/changes-repository.ts';

/**
 * What a member's data export holds (export.json): everything Linli keeps about the member, read
 * from each domain's own access patterns for this one member, so the work grows with the member's
 * own data only. Photos are named by their file in the export (photos/<name>); the list of exports
 * links to them.
 */
export interface MemberDataExport {
  format: 'linli-data-export';
  version: 1;
  exportId: string;
  generatedAt: string;
  profile: ExportProfile;
  orders: MyOrderSummary[];
  points: PointsEntry[];
  coupons: CouponView[];
  complaints: ExportComplaint[];
  surveys: ExportSurveyResponse[];
  messages: ExportMessage[];
  groupBuys: ExportGroupBuyOrder[];
  consents: ConsentRecord[];
}

export interface ExportProfile {
  memberId: string;
  memberCode: string | null;
  status: MemberRecord['status'];
  nickname: string | null;
  /** The member's own phone in full: this is their copy. */
  phone: string | null;
  birthday: string | null;
  lunarBirthday: MemberRecord['lunarBirthday'];
  avatarPhoto: string | null;
  joinedAt: string | null;
  policyVersion: string | null;
  tierCode: string | null;
  tierSince: string | null;
  pointsBalance: number;
  pointsDebt: number;
  growthBonus: number;
  orderCount: number;
  totalSpentFen: number;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  marketingOptOut: boolean;
  createdAt: string;
}

export type ExportComplaint = Omit<ComplaintView, 'photos' | 'timeline' | 'actions' | 'reopenableUntil'> & {
  photos: string[];
  timeline: Array<Exclude<ComplaintView['timeline'][number], { type: 'reply' }> | ExportComplaintReply>;
};
type ExportComplaintReply = Omit<Extract<ComplaintView['timeline'][number], { type: 'reply' }>, 'photos'> & { photos: string[] };

export interface ExportSurveyResponse {
  responseId: string;
  surveyId: string;
  surveyName: string | null;
  completedAt: string;
  source: string;
  orderId: string | null;
  complaintId: string | null;
  rewardPoints: number;
  answers: Array<{ questionId: string; question: string | null; answer: AnswerValue; answerText: string }>;
}

export interface ExportMessage {
  /** What it was about, in Chinese (生日祝福, a care plan's name and occasion…). */
  title: string;
  at: string;
  status: MessageStatus;
}

export interface ExportGroupBuyOrder {
  orderNo: string;
  campaignName: string;
  productName: string;
  sku: string;
  qty: number;
  unitPriceFen: number;
  amountFen: number;
  status: string;
  createdAt: string;
  paidAt: string | null;
  paidFen: number | null;
  transactionId: string | null;
  succeededAt: string | null;
  endedAt: string | null;
  refund: { fen: number; reason: string; status: string; requestedAt: string; settledAt: string | null } | null;
}

type ContentDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'secrets'>;

/** The file name a photo has in the export. */
export function exportPhotoName(objectKey: string): string {
  return `photos/${objectKey.slice(objectKey.lastIndexOf('/') + 1)}`;
}

/** Reads everything of one member; `photoKeys` are the photos (object keys) the export names. */
export async function collectMemberData(
  deps: ContentDeps,
  member: MemberRecord,
  exportId: string,
): Promise<{ data: MemberDataExport; photoKeys: string[] }> {
  const now = deps.clock();
  const memberId = member.memberId;
  const [orders, points, coupons, complaints, surveys, messages, groupBuys, consents] = await Promise.all([
    memberOrders(deps, member, now),
    listWholeLedger(deps.db, memberId),
    listAllMemberCoupons(deps.db, memberId).then((all) => all.map((coupon) => toCouponView(coupon, now))),
    memberComplaints(deps, memberId, now),
    memberSurveys(deps, memberId),
    memberMessages(deps, memberId),
    memberGroupBuys(deps, memberId),
    listConsents(deps.db, memberId),
  ]);
  const photoKeys = [...(member.avatarKey ? [member.avatarKey] : []), ...complaints.photoKeys];
  return {
    data: {
      format: 'linli-data-export',
      version: 1,
      exportId,
      generatedAt: now.toISOString(),
      profile: profileOf(deps, member),
      orders,
      points,
      coupons,
      complaints: complaints.items,
      surveys,
      messages,
      groupBuys,
      consents,
    },
    photoKeys: [...new Set(photoKeys)],
  };
}

/** The rows of each kind, for the CSV files (the profile is one row). */
export function kindRows(data: MemberDataExport): { [K in DataExportKind]: K extends 'profile' ? [ExportProfile] : MemberDataExport[K] } {
  return {
    profile: [data.profile],
    orders: data.orders,
    points: data.points,
    coupons: data.coupons,
    complaints: data.complaints,
    surveys: data.surveys,
    messages: data.messages,
    groupBuys: data.groupBuys,
    consents: data.consents,
  };
}

function profileOf(deps: ContentDeps, member: MemberRecord): ExportProfile {
  return {
    memberId: member.memberId,
    memberCode: member.memberCode,
    status: member.status,
    nickname: member.nickname,
    phone: member.phoneEncrypted ? decryptPhone(member.phoneEncrypted, deps.secrets.phoneEncryptionKey) : null,
    birthday: member.birthday,
    lunarBirthday: member.lunarBirthday ?? null,
    avatarPhoto: member.avatarKey ? exportPhotoName(member.avatarKey) : null,
    joinedAt: member.joinedAt,
    policyVersion: member.policyVersion,
    tierCode: member.tierCode,
    tierSince: member.tierSince,
    pointsBalance: member.pointsBalance,
    pointsDebt: member.pointsDebt,
    growthBonus: member.growthBonus,
    orderCount: member.orderCount,
    totalSpentFen: member.totalSpentFen,
    firstOrderAt: member.firstOrderAt,
    lastOrderAt: member.lastOrderAt,
    marketingOptOut: member.marketingOptOut ?? false,
    createdAt: member.createdAt,
  };
}

/** 我的订单, every page (by the member's openid: orders kept before they joined are theirs too). */
async function memberOrders(deps: ContentDeps, member: MemberRecord, now: Date): Promise<MyOrderSummary[]> {
  const all: MyOrderSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await listBuyerOrdersPage(deps.db, member.openid, { limit: 100, cursor });
    if (page === 'bad-cursor') throw new Error('unreachable: cursor made by listBuyerOrdersPage');
    all.push(...page.orders.map((order) => myOrderSummary(order, now, deps.config.points)));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** 我的投诉 as the member sees each one (internal notes and assignments left out), photos named by file. */
async function memberComplaints(
  deps: ContentDeps,
  memberId: string,
  now: Date,
): Promise<{ items: ExportComplaint[]; photoKeys: string[] }> {
  const policy = await loadDeskPolicy(deps.db);
  const items: ExportComplaint[] = [];
  const photoKeys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listMemberComplaints(deps.db, memberId, { limit: 50, cursor });
    if (page === 'bad-cursor') throw new Error('unreachable: cursor made by listMemberComplaints');
    for (const complaint of page.items) {
      const entries = await listEntries(deps.db, complaint.complaintId);
      const keys = [...complaint.photoKeys, ...entries.flatMap((entry) => (entry.type === 'reply' ? entry.photoKeys : []))];
      photoKeys.push(...keys);
      // The view's photo "links" are the photos' file names in the export.
      const names = new Map(keys.map((key) => [key, exportPhotoName(key)]));
      const { photos, timeline, actions: _a, reopenableUntil: _r, ...view } = toBuyerView(complaint, entries, now, policy.settings, names);
      items.push({
        ...view,
        photos: photos.map((photo) => photo.url),
        timeline: timeline.map((entry) => (entry.type === 'reply' ? { ...entry, photos: entry.photos.map((photo) => photo.url) } : entry)),
      });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { items, photoKeys };
}

/** Every survey the member completed, each answer beside its question as it was asked (the version answered). */
async function memberSurveys(deps: ContentDeps, memberId: string): Promise<ExportSurveyResponse[]> {
  const responses = await listMemberResponses(deps.db, memberId);
  const versions = new Map<string, SurveyQuestion[]>();
  for (const { surveyId, version } of responses) {
    const id = `${surveyId}#${version}`;
    if (!versions.has(id)) versions.set(id, (await getSurveyVersion(deps.db, surveyId, version))?.definition.questions ?? []);
  }
  const names = await surveyNames(
    deps.db,
    responses.map((response) => response.surveyId),
  );
  return responses.map((response) => {
    const questions = versions.get(`${response.surveyId}#${response.version}`) ?? [];
    return {
      responseId: response.responseId,
      surveyId: response.surveyId,
      surveyName: names.get(response.surveyId) ?? null,
      completedAt: response.completedAt,
      source: response.source,
      orderId: response.orderId,
      complaintId: response.complaintId,
      rewardPoints: response.rewardPoints,
      answers: Object.entries(response.answers).map(([questionId, answer]) => {
        const question = questions.find((q) => q.questionId === questionId) ?? null;
        return { questionId, question: question?.title ?? null, answer, answerText: answerText(question, answer) };
      }),
    };
  });
}

/** An answer as a person reads it: a score, the chosen options' labels, or the text. */
function answerText(question: SurveyQuestion | null, answer: AnswerValue): string {
  if (!Array.isArray(answer)) return String(answer);
  return answer.map((optionId) => question?.options?.find((option) => option.optionId === optionId)?.label ?? optionId).join('、');
}

/**
 * The subscribe messages sent to the member: the ones sent directly (birthday greetings, complaint
 * updates), the care engine's deliveries that reached WeChat (care plans and service notices), and the
 * tier-change notices sent before the care engine existed. Deliveries skipped before sending never
 * reached the member and are left out.
 */
async function memberMessages(deps: ContentDeps, memberId: string): Promise<ExportMessage[]> {
  const [direct, deliveries, tierChanges] = await Promise.all([
    listAllCareMessages(deps.db, memberId),
    listMemberDeliveries(deps.db, memberId),
    listTierChanges(deps.db, memberId),
  ]);
  const messages: ExportMessage[] = [
    ...direct.map((message) => ({
      title: MESSAGE_KIND_ZH[messageKindOf(message.occasion)],
      at: message.claimedAt,
      status: message.status,
    })),
    ...deliveries.flatMap((delivery): ExportMessage[] => {
      const title = `${delivery.ruleName}（${delivery.occasionName}）`;
      const at = delivery.finishedAt ?? delivery.sendAt;
      if (delivery.status === 'sent' || delivery.status === 'sending') return [{ title, at, status: delivery.status }];
      if (delivery.status === 'failed')
        return [{ title, at, status: (delivery.detail ?? '').startsWith('uncertain') ? 'uncertain' : 'refused' }];
      return [];
    }),
    ...tierChanges.flatMap((change) =>
      change.notice ? [{ title: MESSAGE_KIND_ZH['tier-change'], at: change.at, status: change.notice }] : [],
    ),
  ];
  return messages.sort((a, b) => b.at.localeCompare(a.at));
}

/** 我的拼团: every order with its payment and refund. */
async function memberGroupBuys(deps: ContentDeps, memberId: string): Promise<ExportGroupBuyOrder[]> {
  const orderNos: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await memberOrderNoPage(deps.db, memberId, { limit: 100, cursor });
    if (page === 'bad-cursor') throw new Error('unreachable: cursor made by memberOrderNoPage');
    orderNos.push(...page.orderNos);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const orders = await getGroupOrders(deps.db, orderNos);
  return orderNos.flatMap((orderNo) => {
    const order = orders.get(orderNo);
    if (!order) return [];
    return [
      {
        orderNo: order.orderNo,
        campaignName: order.campaignName,
        productName: order.productName,
        sku: order.sku,
        qty: order.qty,
        unitPriceFen: order.unitPriceFen,
        amountFen: order.amountFen,
        status: order.status,
        createdAt: order.createdAt,
        paidAt: order.paidAt,
        paidFen: order.paidFen,
        transactionId: order.transactionId,
        succeededAt: order.succeededAt,
        endedAt: order.endedAt,
        refund: order.refund
          ? {
              fen: order.refund.fen,
              reason: order.refund.reason,
              status: order.refund.status,
              requestedAt: order.refund.requestedAt,
              settledAt: order.refund.settledAt,
            }
          : null,
      },
    ];
  });
}
