import * as z from 'zod';

/**
 * 导出我的数据 (PIPL's right to a copy): what a buyer's export holds, how it stands, and the links to
 * download it. The export is built by a queue worker, kept DATA_EXPORT_KEEP_HOURS, and downloaded
 * only through signed links made fresh on each read.
 */

/** What an export holds, one CSV each (and all of it in export.json). */
export const DATA_EXPORT_KINDS = [
  'profile',
  'orders',
  'points',
  'coupons',
  'complaints',
  'surveys',
  'messages',
  'groupBuys',
  'consents',
] as const;
export type DataExportKind = (typeof DATA_EXPORT_KINDS)[number];

export const DATA_EXPORT_KIND_ZH: Record<DataExportKind, string> = {
  profile: '个人资料',
  orders: '订单',
  points: '积分明细',
  coupons: '优惠券与兑换',
  complaints: '投诉',
  surveys: '问卷回答',
  messages: '收到的消息',
  groupBuys: '拼团订单',
  consents: '授权与同意记录',
};

/** What each kind covers, as the page explains it before a buyer asks. */
export const DATA_EXPORT_KIND_DETAIL_ZH: Record<DataExportKind, string> = {
  profile: '昵称、手机号、生日、会员码、等级与积分余额',
  orders: '每笔订单的商品、金额、退款与获得的积分',
  points: '每一笔积分的获得与使用',
  coupons: '兑换的优惠券和礼品及其使用、配送情况',
  complaints: '提交的投诉、往来回复和上传的照片',
  surveys: '填写过的问卷及每道题的回答',
  messages: '收到的订阅消息（生日祝福、到期提醒、进度通知等）',
  groupBuys: '参加的拼团、支付与退款',
  consents: '同意隐私政策、个性化推荐开关等记录',
};

export const DATA_EXPORT_STATUSES = ['queued', 'building', 'ready', 'failed', 'expired'] as const;
export type DataExportStatus = (typeof DATA_EXPORT_STATUSES)[number];

export const DATA_EXPORT_STATUS_ZH: Record<DataExportStatus, string> = {
  queued: '排队中',
  building: '生成中',
  ready: '可下载',
  failed: '生成失败',
  expired: '已过期',
};

/** How long a ready export is kept before its files are removed. */
export const DATA_EXPORT_KEEP_HOURS = 24;
/** How long a download link works after the list that carried it was read. */
export const DATA_EXPORT_LINK_MINUTES = 15;
/** How many of a member's exports the list shows (newest first; one a day at most). */
export const DATA_EXPORT_LIST_LIMIT = 10;

export const RequestDataExport = z
  .object({ requestId: z.uuid().describe('Client-generated; a retried request answers the same export') })
  .meta({ id: 'RequestDataExport' });
export type RequestDataExport = z.infer<typeof RequestDataExport>;

export const DataExportFile = z
  .object({
    name: z.string().describe('The file name inside the export: export.json, <kind>.csv, or photos/<photo> for a photo'),
    label: z.string().describe('What the file is, in Chinese'),
    format: z.enum(['json', 'csv', 'photo']),
    url: z.string().describe(`A signed GET link, valid about ${DATA_EXPORT_LINK_MINUTES} minutes from this answer`),
  })
  .meta({ id: 'DataExportFile' });
export type DataExportFile = z.infer<typeof DataExportFile>;

export const DataExport = z
  .object({
    exportId: z.string(),
    status: z.enum(DATA_EXPORT_STATUSES),
    requestedAt: z.iso.datetime(),
    readyAt: z.iso.datetime().nullable(),
    /** When the files are removed (ready exports); null until ready. */
    expiresAt: z.iso.datetime().nullable(),
    files: z.array(DataExportFile).describe('Only while ready: the JSON, one CSV per kind, and the photos the export names'),
    linksExpireAt: z.iso.datetime().nullable().describe('When the links in `files` stop working; null when there are none'),
  })
  .meta({ id: 'DataExport' });
export type DataExport = z.infer<typeof DataExport>;

export const DataExportList = z
  .object({
    items: z.array(DataExport).describe(`The member's latest ${DATA_EXPORT_LIST_LIMIT} exports, newest first`),
    /** One request a Shanghai day: when the next is allowed (the coming midnight), null when one may be made now. */
    nextRequestAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'DataExportList' });
export type DataExportList = z.infer<typeof DataExportList>;
