import type { GoodsRedemptionQuery, GoodsStatus, ShipRequest, StaffGoodsRedemption, StaffGoodsRedemptionDetail } from '@linli/shared/mall';
import { shanghaiDateTime } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { decryptPhone } from '../members/phone-crypto.ts';
import { DomainError } from '../platform/domain-error.ts';
import { csvDocument } from '../platform/csv.ts';
import {
  advanceGoodsRedemption,
  couponCodeOfNumber,
  listAllGoodsBySearchTerm,
  listAllGoodsRedemptions,
  listGoodsRedemptionsPage,
  searchGoodsRedemptionsPage,
} from './goods-repository.ts';
import { getCoupon, type StoredCoupon, type StoredGoods } from './repository.ts';
import { goodsSearchQuery } from './reward-rules.ts';

type GoodsDeps = Pick<Deps, 'db' | 'clock' | 'secrets'>;
type GoodsCoupon = StoredCoupon & { goods: StoredGoods; fulfilment: 'pickup' | 'delivery' };

function isGoods(coupon: StoredCoupon | null): coupon is GoodsCoupon {
  return coupon !== null && coupon.goods !== undefined && coupon.fulfilment !== null;
}

function staffView(coupon: GoodsCoupon): StaffGoodsRedemption {
  const { goods } = coupon;
  return {
    redemptionNo: goods.redemptionNo,
    rewardName: coupon.name,
    fulfilment: coupon.fulfilment,
    status: goods.status,
    points: goods.points,
    redeemedAt: coupon.issuedAt,
    buyerNickname: goods.buyerNickname,
    buyerPhoneMasked: goods.buyerPhoneMasked,
    pickupPlace: goods.pickupPlace,
    address: goods.address,
    carrier: goods.carrier,
    trackingNo: goods.trackingNo,
    shippedAt: goods.shippedAt,
    handedOverAt: goods.handedOverAt,
    handledBy: goods.handledBy?.name ?? null,
  };
}

async function goodsByNumber(deps: Pick<Deps, 'db'>, redemptionNo: string): Promise<GoodsCoupon> {
  const code = /^\d{8}$/.test(redemptionNo) ? await couponCodeOfNumber(deps.db, redemptionNo) : null;
  const coupon = code ? await getCoupon(deps.db, code) : null;
  if (!isGoods(coupon)) throw new DomainError('REDEMPTION_NOT_FOUND', `No goods redemption ${redemptionNo}`);
  return coupon;
}

/**
 * 兑换订单: one page of goods redemptions, newest first, optionally of one status and matching a
 * search (a redemption number, a phone's last four digits, or a nickname). Each page reads the
 * page from an index; a search page may come back short with a cursor when some of its matches
 * are of another status.
 */
export async function listGoodsRedemptions(
  deps: Pick<Deps, 'db'>,
  query: GoodsRedemptionQuery,
): Promise<{ items: StaffGoodsRedemption[]; nextCursor: string | null }> {
  const matchesStatus = (coupon: GoodsCoupon) => !query.status || coupon.goods.status === query.status;
  if (query.q) {
    const search = goodsSearchQuery(query.q);
    if ('redemptionNo' in search) {
      const code = await couponCodeOfNumber(deps.db, search.redemptionNo);
      const coupon = code ? await getCoupon(deps.db, code) : null;
      return { items: isGoods(coupon) && matchesStatus(coupon) ? [staffView(coupon)] : [], nextCursor: null };
    }
    const page = await searchGoodsRedemptionsPage(deps.db, { term: search.term, limit: query.limit, cursor: query.cursor });
    if (page === 'bad-cursor') throw badCursor();
    return { items: page.items.filter(isGoods).filter(matchesStatus).map(staffView), nextCursor: page.nextCursor };
  }
  const page = await listGoodsRedemptionsPage(deps.db, { status: query.status, limit: query.limit, cursor: query.cursor });
  if (page === 'bad-cursor') throw badCursor();
  return { items: page.items.filter(isGoods).map(staffView), nextCursor: page.nextCursor };
}

const badCursor = () =>
  new DomainError('VALIDATION_FAILED', 'Unknown cursor', [{ path: 'cursor', message: 'Start again from the first page' }]);

/** The shipping detail: the delivery address with the whole phone number, for the staff member who ships. */
export async function goodsRedemptionDetail(deps: GoodsDeps, redemptionNo: string): Promise<StaffGoodsRedemptionDetail> {
  const coupon = await goodsByNumber(deps, redemptionNo);
  const encrypted = coupon.goods.addressPhoneEncrypted;
  return { ...staffView(coupon), addressPhone: encrypted ? decryptPhone(encrypted, deps.secrets.phoneEncryptionKey) : null };
}

/**
 * 发货: a pending delivery redemption becomes shipped with its carrier and tracking number, who
 * and when. Shipping a pickup reward, or shipping again with other details, is
 * REDEMPTION_TRANSITION_INVALID; the same shipment sent again (a retry) answers as the first did.
 */
export async function shipGoodsRedemption(
  deps: GoodsDeps,
  input: { redemptionNo: string; shipment: ShipRequest; by: { memberId: string; name: string } },
): Promise<StaffGoodsRedemptionDetail> {
  const coupon = await goodsByNumber(deps, input.redemptionNo);
  const { carrier, trackingNo } = input.shipment;
  const outcome = await advanceGoodsRedemption(deps.db, {
    code: coupon.code,
    fulfilment: 'delivery',
    to: 'shipped',
    at: deps.clock().toISOString(),
    by: input.by,
    shipment: { carrier, trackingNo },
  });
  if (outcome === 'refused') {
    const now = (await getCoupon(deps.db, coupon.code)) as GoodsCoupon;
    const retried = now.goods.status === 'shipped' && now.goods.carrier === carrier && now.goods.trackingNo === trackingNo;
    if (!retried) throw transitionRefused(now, 'shipped');
  }
  return goodsRedemptionDetail(deps, input.redemptionNo);
}

/**
 * 已自提: a pending pickup redemption is handed over, by whom and when (scanning its code at 核销
 * does the same). Handing over a delivery reward, or one already handed over, is
 * REDEMPTION_TRANSITION_INVALID.
 */
export async function handOverGoodsRedemption(
  deps: GoodsDeps,
  input: { redemptionNo: string; by: { memberId: string; name: string } },
): Promise<StaffGoodsRedemptionDetail> {
  const coupon = await goodsByNumber(deps, input.redemptionNo);
  await handOverCoupon(deps, coupon, input.by);
  return goodsRedemptionDetail(deps, input.redemptionNo);
}

/** Hands over a pickup goods coupon (from 兑换订单 or a scan at 核销). */
export async function handOverCoupon(
  deps: Pick<Deps, 'db' | 'clock'>,
  coupon: GoodsCoupon,
  by: { memberId: string; name: string },
): Promise<void> {
  const outcome = await advanceGoodsRedemption(deps.db, {
    code: coupon.code,
    fulfilment: 'pickup',
    to: 'picked_up',
    at: deps.clock().toISOString(),
    by,
  });
  if (outcome === 'refused') throw transitionRefused((await getCoupon(deps.db, coupon.code)) as GoodsCoupon, 'picked_up');
}

/** Whether a coupon is a goods redemption with a way to the buyer (redeemed since 兑换订单 exist). */
export function isTrackedGoods(coupon: StoredCoupon): coupon is GoodsCoupon {
  return isGoods(coupon);
}

function transitionRefused(coupon: GoodsCoupon, to: GoodsStatus): DomainError {
  const wrongKind = (to === 'shipped' && coupon.fulfilment !== 'delivery') || (to === 'picked_up' && coupon.fulfilment !== 'pickup');
  return new DomainError(
    'REDEMPTION_TRANSITION_INVALID',
    wrongKind
      ? `A ${coupon.fulfilment} redemption cannot become ${to}`
      : `Redemption ${coupon.goods.redemptionNo} is already ${coupon.goods.status}`,
  );
}

const STATUS_ZH: Record<GoodsStatus, string> = { pending: '待处理', shipped: '已发货', picked_up: '已自提' };
const PENDING_ZH = { delivery: '待发货', pickup: '待自提' } as const;
const FULFILMENT_ZH = { delivery: '快递配送', pickup: '到店自提' } as const;

/** The filtered 兑换订单 as CSV, one row each, phones masked (the whole number is on the shipping detail only). */
export async function goodsRedemptionsCsv(deps: Pick<Deps, 'db'>, query: Pick<GoodsRedemptionQuery, 'status' | 'q'>): Promise<string> {
  let coupons: StoredCoupon[];
  if (query.q) {
    const search = goodsSearchQuery(query.q);
    if ('redemptionNo' in search) {
      const code = await couponCodeOfNumber(deps.db, search.redemptionNo);
      const coupon = code ? await getCoupon(deps.db, code) : null;
      coupons = coupon ? [coupon] : [];
    } else coupons = await listAllGoodsBySearchTerm(deps.db, search.term);
  } else coupons = await listAllGoodsRedemptions(deps.db, query.status);
  const rows = coupons
    .filter(isGoods)
    .filter((coupon) => !query.status || coupon.goods.status === query.status)
    .map(staffView)
    .map((r) => [
      r.redemptionNo,
      shanghaiDateTime(new Date(r.redeemedAt)),
      r.rewardName,
      FULFILMENT_ZH[r.fulfilment],
      r.status === 'pending' ? PENDING_ZH[r.fulfilment] : STATUS_ZH[r.status],
      r.points,
      r.buyerNickname,
      r.buyerPhoneMasked,
      r.address?.recipient ?? null,
      r.address?.phoneMasked ?? null,
      r.address ? [r.address.province, r.address.city, r.address.district, r.address.detail].filter(Boolean).join(' ') : null,
      r.address?.postalCode || null,
      r.pickupPlace,
      r.carrier,
      r.trackingNo,
      r.shippedAt ? shanghaiDateTime(new Date(r.shippedAt)) : null,
      r.handedOverAt ? shanghaiDateTime(new Date(r.handedOverAt)) : null,
      r.handledBy,
    ]);
  const header = [
    '兑换单号',
    '兑换时间',
    '礼品',
    '领取方式',
    '状态',
    '积分',
    '会员昵称',
    '会员手机',
    '收货人',
    '收货电话',
    '收货地址',
    '邮编',
    '自提地点',
    '快递公司',
    '快递单号',
    '发货时间',
    '自提时间',
    '经办人',
  ];
  return csvDocument([header, ...rows]);
}
