import * as z from 'zod';

/**
 * The most one order (or one refund, or one unit) may be: 10,000,000 yuan in fen. Far above any
 * real farm-produce or group-buy order, and low enough that no running total built from orders
 * (lifetime spend, growth, points) comes near Number.MAX_SAFE_INTEGER.
 */
export const MAX_ORDER_FEN = 1_000_000_000;
/** The most units of one line, and the most lines, in one order. */
export const MAX_ITEM_QTY = 10_000;
export const MAX_ORDER_ITEMS = 200;

export const OrderItem = z.object({
  sku: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  category: z.string().min(1).max(64),
  qty: z.number().int().positive().max(MAX_ITEM_QTY),
  unitPriceFen: z.number().int().nonnegative().max(MAX_ORDER_FEN),
});
export type OrderItem = z.infer<typeof OrderItem>;

/** The body the seller's shop posts to the signed order webhook. Money is integer fen. */
export const OrderWebhookBody = z
  .object({
    orderId: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/, 'Letters, digits, _ and - only'),
    openid: z.string().min(1).max(128),
    paidFen: z.number().int().nonnegative().max(MAX_ORDER_FEN),
    items: z.array(OrderItem).min(1).max(MAX_ORDER_ITEMS),
    paidAt: z.iso.datetime({ offset: true }),
    region: z
      .string()
      .trim()
      .min(1)
      .max(32)
      .optional()
      .describe('The province (or region) the order is delivered to, e.g. 浙江省: customer insight segments by it'),
  })
  .meta({ id: 'OrderWebhookBody' });
export type OrderWebhookBody = z.infer<typeof OrderWebhookBody>;

export const ORDER_CREDIT_STATUSES = ['credited', 'pending_member', 'duplicate'] as const;

export const OrderWebhookResult = z
  .object({
    orderId: z.string(),
    status: z
      .enum(ORDER_CREDIT_STATUSES)
      .describe('credited: points given now; pending_member: kept until the buyer joins; duplicate: seen before, nothing changed'),
    points: z.number().int().nonnegative(),
  })
  .meta({ id: 'OrderWebhookResult' });
export type OrderWebhookResult = z.infer<typeof OrderWebhookResult>;

export const WEBHOOK_HEADERS = { timestamp: 'x-linli-timestamp', signature: 'x-linli-signature' } as const;
/** Signed requests older or newer than this are refused, so a captured request can't be replayed later. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** A full or partial refund of an order, posted by the shop (signed like orders). Idempotent by refundId. */
export const RefundWebhookBody = z
  .object({
    refundId: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/, 'Letters, digits, _ and - only'),
    orderId: z.string().min(1).max(64),
    refundFen: z.number().int().positive().max(MAX_ORDER_FEN),
    refundedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'RefundWebhookBody' });
export type RefundWebhookBody = z.infer<typeof RefundWebhookBody>;

export const RefundWebhookResult = z
  .object({
    refundId: z.string(),
    orderId: z.string(),
    status: z.enum(['applied', 'duplicate', 'pending_member']),
    pointsTakenBack: z.number().int().nonnegative(),
    shortfall: z.number().int().nonnegative().describe('Points already spent: netted from future earnings'),
  })
  .meta({ id: 'RefundWebhookResult' });
export type RefundWebhookResult = z.infer<typeof RefundWebhookResult>;

/** What a buyer's order looks like after refunds: not refunded, refunded in part, or in full. */
export const MY_ORDER_STATUSES = ['paid', 'partially_refunded', 'refunded'] as const;
export type MyOrderStatus = (typeof MY_ORDER_STATUSES)[number];

/**
 * Where an order's points stand: `pending` inside the return window (待生效 until `pointsAvailableAt`),
 * `available` after it, `awaiting_join` for an order kept until the buyer joins (credited then).
 */
export const ORDER_POINTS_STATES = ['pending', 'available', 'awaiting_join'] as const;
export type OrderPointsState = (typeof ORDER_POINTS_STATES)[number];

/** One of the buyer's own orders: 我的订单 lists them, 我要投诉 offers them to pick. */
export const MyOrderSummary = z
  .object({
    orderId: z.string().describe('For the API only (e.g. naming it on a complaint): never shown to the buyer'),
    paidAt: z.iso.datetime({ offset: true }),
    paidFen: z.number().int().nonnegative(),
    refundedFen: z.number().int().nonnegative(),
    status: z.enum(MY_ORDER_STATUSES),
    items: z.array(OrderItem.pick({ sku: true, name: true, qty: true, unitPriceFen: true })),
    points: z.object({
      earned: z.number().int().nonnegative().describe('Credited for the order (0 until credited)'),
      takenBack: z.number().int().nonnegative().describe('Taken back by its refunds'),
      state: z.enum(ORDER_POINTS_STATES),
      availableAt: z.iso
        .datetime()
        .nullable()
        .describe('When pending points become available; null once credited and past it, or not credited'),
    }),
  })
  .meta({ id: 'MyOrderSummary' });
export type MyOrderSummary = z.infer<typeof MyOrderSummary>;

export const MyOrderList = z
  .object({
    items: z.array(MyOrderSummary).describe('Newest first'),
    nextCursor: z.string().nullable().describe('Pass back as ?cursor= for the next (older) page; null at the end'),
  })
  .meta({ id: 'MyOrderList' });
export type MyOrderList = z.infer<typeof MyOrderList>;

export const MyOrderListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(512).optional(),
});

/** How an order's state reads from its paid and refunded money. */
export function myOrderStatus(order: { paidFen: number; refundedFen: number }): MyOrderStatus {
  if (order.refundedFen <= 0) return 'paid';
  return order.refundedFen >= order.paidFen ? 'refunded' : 'partially_refunded';
}
