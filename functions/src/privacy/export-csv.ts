import { CONTACT_PREFERENCE_ZH, COMPLAINT_STATUS_ZH } from '@linli/shared/complaints';
import { MESSAGE_STATUS_ZH } from '@linli/shared/customers';
import type { DataExportKind } from '@linli/shared/data-export';
import type { CouponStatus, GoodsStatus, MaskedDeliveryAddress } from '@linli/shared/mall';
import type { MyOrderStatus } from '@linli/shared/orders';
import { POINTS_ENTRY_TYPE_ZH } from '@linli/shared/points';
import { shanghaiDateTime } from '@linli/shared/time';
import { csvDocument } from '../platform/csv.ts';
import type { MemberDataExport } from './export-content.ts';

/**
 * The readable half of an export: one CSV per kind, for a person opening it in Excel or WPS (UTF-8
 * with a BOM, Chinese headers, Shanghai times, yuan from fen, cells made safe by csvCell). export.json
 * stays the complete, machine-readable copy; a CSV shows what a person needs to read each row.
 */

type Cell = string | number | boolean | null;

const ORDER_STATUS_ZH: Record<MyOrderStatus, string> = { paid: '已支付', partially_refunded: '部分退款', refunded: '已退款' };
const COUPON_STATUS_ZH: Record<CouponStatus, string> = { unused: '未使用', used: '已使用', expired: '已过期' };
const GOODS_STATUS_ZH: Record<GoodsStatus, string> = { pending: '待发货/待自提', shipped: '已发货', picked_up: '已领取' };
const GROUP_ORDER_STATUS_ZH: Record<string, string> = {
  reserved: '待支付',
  paid: '拼团中',
  succeeded: '已成团',
  released: '已取消',
  left: '已退出',
  failed: '未成团',
};
const GROUP_REFUND_STATUS_ZH: Record<string, string> = {
  requested: '退款申请中',
  processing: '退款处理中',
  succeeded: '已退款',
  abnormal: '退款异常',
  closed: '退款已关闭',
};
const CONSENT_KIND_ZH: Record<string, string> = {
  'privacy-policy': '隐私政策',
  'personalised-marketing': '个性化推荐',
  guardian: '监护人同意',
};
const CONSENT_ACTION_ZH: Record<string, string> = { accept: '同意', withdraw: '撤回', 'opt-in': '开启', 'opt-out': '关闭' };
const SURVEY_SOURCE_ZH: Record<string, string> = { card: '首页卡片', link: '链接', invitation: '邀请消息', complaint: '投诉回访' };
const MEMBER_STATUS_ZH: Record<string, string> = { visitor: '访客', member: '会员' };

/** Fen as yuan with two decimals (an integer division: no floating point in money). */
function yuan(fen: number | null): string | null {
  if (fen === null) return null;
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** An instant as Shanghai date and time; null stays empty. */
function when(iso: string | null | undefined): string | null {
  return iso ? shanghaiDateTime(new Date(iso)) : null;
}

const yesNo = (value: boolean) => (value ? '是' : '否');

function addressText(address: MaskedDeliveryAddress): string {
  return `${address.recipient} ${address.phoneMasked} ${address.province}${address.city}${address.district}${address.detail}`;
}

/** Each kind's CSV header and rows. */
const TABLES: { [K in DataExportKind]: (data: MemberDataExport) => { header: string[]; rows: Cell[][] } } = {
  profile: ({ profile: p }) => ({
    header: [
      '会员号',
      '会员码',
      '状态',
      '昵称',
      '手机号',
      '生日',
      '农历生日',
      '头像照片',
      '入会时间',
      '隐私政策版本',
      '等级',
      '获得等级时间',
      '积分余额',
      '待抵扣积分',
      '成长值加成',
      '订单数',
      '累计消费（元）',
      '首次下单',
      '最近下单',
      '关闭个性化推荐',
      '注册时间',
    ],
    rows: [
      [
        p.memberId,
        p.memberCode,
        MEMBER_STATUS_ZH[p.status] ?? p.status,
        p.nickname,
        p.phone,
        p.birthday,
        p.lunarBirthday ? `${p.lunarBirthday.leap ? '闰' : ''}${p.lunarBirthday.month}月${p.lunarBirthday.day}日` : null,
        p.avatarPhoto,
        when(p.joinedAt),
        p.policyVersion,
        p.tierCode,
        when(p.tierSince),
        p.pointsBalance,
        p.pointsDebt,
        p.growthBonus,
        p.orderCount,
        yuan(p.totalSpentFen),
        when(p.firstOrderAt),
        when(p.lastOrderAt),
        yesNo(p.marketingOptOut),
        when(p.createdAt),
      ],
    ],
  }),
  orders: ({ orders }) => ({
    header: ['订单号', '支付时间', '商品', '实付（元）', '已退款（元）', '状态', '获得积分', '退款扣回积分'],
    rows: orders.map((order) => [
      order.orderId,
      when(order.paidAt),
      order.items.map((item) => `${item.name} ×${item.qty}（单价 ${yuan(item.unitPriceFen)} 元）`).join('；'),
      yuan(order.paidFen),
      yuan(order.refundedFen),
      ORDER_STATUS_ZH[order.status],
      order.points.earned,
      order.points.takenBack,
    ]),
  }),
  points: ({ points }) => ({
    header: ['时间', '类型', '积分变动', '变动后余额', '关联单号', '备注'],
    rows: points.map((entry) => [
      when(entry.createdAt),
      POINTS_ENTRY_TYPE_ZH[entry.type],
      entry.delta,
      entry.balanceAfter,
      entry.refId,
      entry.note,
    ]),
  }),
  coupons: ({ coupons }) => ({
    header: [
      '券码',
      '名称',
      '类型',
      '状态',
      '领取时间',
      '有效期至',
      '使用时间',
      '兑换单号',
      '配送/自提状态',
      '自提地点',
      '收货地址',
      '快递公司',
      '快递单号',
    ],
    rows: coupons.map((coupon) => [
      coupon.code,
      coupon.name,
      coupon.kind === 'goods' ? '礼品' : '优惠券',
      COUPON_STATUS_ZH[coupon.status],
      when(coupon.issuedAt),
      when(coupon.validUntil),
      when(coupon.usedAt),
      coupon.goods?.redemptionNo ?? null,
      coupon.goods ? GOODS_STATUS_ZH[coupon.goods.status] : null,
      coupon.goods?.pickupPlace ?? null,
      coupon.goods?.address ? addressText(coupon.goods.address) : null,
      coupon.goods?.carrier ?? null,
      coupon.goods?.trackingNo ?? null,
    ]),
  }),
  complaints: ({ complaints }) => ({
    header: ['投诉编号', '提交时间', '类别', '状态', '关联订单', '描述', '联系方式偏好', '照片', '往来记录', '解决时间', '评分'],
    rows: complaints.map((complaint) => [
      complaint.complaintId,
      when(complaint.submittedAt),
      complaint.categoryName,
      COMPLAINT_STATUS_ZH[complaint.status],
      complaint.orderId,
      complaint.description,
      CONTACT_PREFERENCE_ZH[complaint.contactPreference],
      complaint.photos.join('；'),
      complaint.timeline
        .flatMap((entry) => {
          if (entry.type === 'reply') return [`${when(entry.at)} ${entry.by === 'buyer' ? '我' : '客服'}：${entry.text}`];
          if (entry.type === 'resolution') return [`${when(entry.at)} 处理结果：${entry.summary}`];
          if (entry.type === 'rating') return [`${when(entry.at)} 评价：${entry.rating} 星${entry.comment ? ` ${entry.comment}` : ''}`];
          if (entry.type === 'status') return [`${when(entry.at)} ${COMPLAINT_STATUS_ZH[entry.status]}`];
          return [];
        })
        .join('\n'),
      when(complaint.resolvedAt),
      complaint.rating,
    ]),
  }),
  surveys: ({ surveys }) => ({
    header: ['问卷', '填写时间', '来源', '题目', '回答', '获得积分'],
    // One row per answer: a person reads each question beside its answer.
    rows: surveys.flatMap((response) =>
      response.answers.map((answer) => [
        response.surveyName ?? response.surveyId,
        when(response.completedAt),
        SURVEY_SOURCE_ZH[response.source] ?? response.source,
        answer.question ?? answer.questionId,
        answer.answerText,
        response.rewardPoints,
      ]),
    ),
  }),
  messages: ({ messages }) => ({
    header: ['消息', '时间', '状态'],
    rows: messages.map((message) => [message.title, when(message.at), MESSAGE_STATUS_ZH[message.status]]),
  }),
  groupBuys: ({ groupBuys }) => ({
    header: [
      '拼团单号',
      '活动',
      '商品',
      '数量',
      '单价（元）',
      '金额（元）',
      '状态',
      '下单时间',
      '支付时间',
      '实付（元）',
      '微信支付单号',
      '成团时间',
      '退款（元）',
      '退款状态',
      '退款时间',
    ],
    rows: groupBuys.map((order) => [
      order.orderNo,
      order.campaignName,
      order.productName,
      order.qty,
      yuan(order.unitPriceFen),
      yuan(order.amountFen),
      GROUP_ORDER_STATUS_ZH[order.status] ?? order.status,
      when(order.createdAt),
      when(order.paidAt),
      yuan(order.paidFen),
      order.transactionId,
      when(order.succeededAt),
      order.refund ? yuan(order.refund.fen) : null,
      order.refund ? (GROUP_REFUND_STATUS_ZH[order.refund.status] ?? order.refund.status) : null,
      when(order.refund?.settledAt ?? order.refund?.requestedAt),
    ]),
  }),
  consents: ({ consents }) => ({
    header: ['时间', '事项', '操作', '隐私政策版本', '来源'],
    rows: consents.map((consent) => [
      when(consent.at),
      CONSENT_KIND_ZH[consent.kind] ?? consent.kind,
      CONSENT_ACTION_ZH[consent.action] ?? consent.action,
      consent.policyVersion,
      consent.source === 'member' ? '本人操作' : consent.source,
    ]),
  }),
};

/** The CSV of one kind: the header, then a row per record (a header alone when there are none). */
export function exportCsv(kind: DataExportKind, data: MemberDataExport): string {
  const { header, rows } = TABLES[kind](data);
  return csvDocument([header, ...rows]);
}
