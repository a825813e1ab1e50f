/**
 * 数据请求: what a buyer asks of the shop about their personal data that needs a person (PIPL Arts.
 * 44–47, 50): a correction they cannot make themselves, an explanation of how their data is used, the
 * withdrawal or erasure of some data, anything else. Each is answered within a deadline; a refusal
 * carries a reason the buyer reads.
 */
import * as z from 'zod';
import { addDays, shanghaiDay } from './time.ts';

/**
 * Days from filing to the answer's deadline. PIPL's implementing guidance asks for an answer within
 * 15 working days; Linli reads it as 15 calendar days (stricter, and the same for every shop's holidays):
 * a request filed on a Shanghai day D is due by the end of the Shanghai day D + 15.
 */
export const DATA_REQUEST_DEADLINE_DAYS = 15;
/** Requests a member may have open (submitted or in progress) at once: more waits for an answer. */
export const OPEN_DATA_REQUESTS_PER_MEMBER = 5;
export const DATA_REQUEST_TEXT_MAX = 500;
export const DATA_REQUEST_REFERENCE_MAX = 64;
export const DATA_REQUEST_ANSWER_MAX = 1000;
export const DATA_REQUEST_REASON_MAX = 500;

export const DATA_REQUEST_KINDS = ['correction', 'explanation', 'withdrawal', 'other'] as const;
export type DataRequestKind = (typeof DATA_REQUEST_KINDS)[number];
export const DATA_REQUEST_KIND_ZH: Record<DataRequestKind, string> = {
  correction: '更正信息',
  explanation: '查阅或说明',
  withdrawal: '撤回或删除',
  other: '其他',
};
/** What the form says under each kind, so the buyer picks the right one. */
export const DATA_REQUEST_KIND_HINT_ZH: Record<DataRequestKind, string> = {
  correction: '例如订单、积分记录或手机号有误，自己无法修改',
  explanation: '了解店铺保存了我的哪些信息、如何使用',
  withdrawal: '撤回某项授权，或删除某些信息',
  other: '其他与个人信息有关的问题',
};

/** What the request is about (optional): the data it concerns. */
export const DATA_REQUEST_SUBJECTS = ['profile', 'phone', 'orders', 'points', 'complaints', 'messages', 'other'] as const;
export type DataRequestSubject = (typeof DATA_REQUEST_SUBJECTS)[number];
export const DATA_REQUEST_SUBJECT_ZH: Record<DataRequestSubject, string> = {
  profile: '个人资料',
  phone: '手机号',
  orders: '订单',
  points: '积分',
  complaints: '投诉',
  messages: '消息通知',
  other: '其他',
};

export const DATA_REQUEST_STATUSES = ['submitted', 'in_progress', 'done', 'refused'] as const;
export type DataRequestStatus = (typeof DATA_REQUEST_STATUSES)[number];
export const OPEN_DATA_REQUEST_STATUSES: readonly DataRequestStatus[] = ['submitted', 'in_progress'];
export const DATA_REQUEST_STATUS_ZH: Record<DataRequestStatus, string> = {
  submitted: '已提交',
  in_progress: '处理中',
  done: '已答复',
  refused: '已拒绝',
};

/** The Shanghai day a request filed at `filedAt` must be answered by (inclusive). */
export function dataRequestDueDate(filedAt: Date): string {
  return addDays(shanghaiDay(filedAt).date, DATA_REQUEST_DEADLINE_DAYS);
}

/** Text a person typed: trimmed, not empty, at most `max` characters (an emoji counts once), no control characters but line breaks. */
const typedText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'Empty text')
    .refine((value) => [...value].length <= max, `At most ${max} characters`)
    .refine((value) => !/[\p{Cc}]/u.test(value.replace(/\r?\n/g, '')), 'No control characters');

export const FileDataRequest = z
  .object({
    requestId: z.uuid().describe('Client-generated; a retried filing files one request'),
    kind: z.enum(DATA_REQUEST_KINDS),
    subject: z.enum(DATA_REQUEST_SUBJECTS).nullable().optional().describe('The data the request concerns, if the buyer says'),
    reference: typedText(DATA_REQUEST_REFERENCE_MAX)
      .nullable()
      .optional()
      .describe('What exactly, in the buyer’s words: e.g. an order number or the day of a points record'),
    text: typedText(DATA_REQUEST_TEXT_MAX).describe('What the buyer asks'),
  })
  .meta({ id: 'FileDataRequest' });
export type FileDataRequest = z.infer<typeof FileDataRequest>;

const DataRequestFields = {
  dataRequestId: z.string(),
  kind: z.enum(DATA_REQUEST_KINDS),
  subject: z.enum(DATA_REQUEST_SUBJECTS).nullable(),
  status: z.enum(DATA_REQUEST_STATUSES),
  filedAt: z.iso.datetime(),
  dueDate: z.iso.date().describe(`The Shanghai day it is to be answered by: filed day + ${DATA_REQUEST_DEADLINE_DAYS} calendar days`),
  overdue: z.boolean().describe('Still open after its due day'),
  closedAt: z.iso.datetime().nullable(),
};

/** One of my requests, as the buyer reads it. */
export const DataRequestView = z
  .object({
    ...DataRequestFields,
    reference: z.string().nullable(),
    text: z.string(),
    answer: z.string().nullable().describe('The shop’s answer (status done)'),
    refusalReason: z.string().nullable().describe('Why the shop refused (status refused): shown to the buyer'),
  })
  .meta({ id: 'DataRequest' });
export type DataRequestView = z.infer<typeof DataRequestView>;

export const DataRequestListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(512).optional(),
});
export type DataRequestListQuery = z.infer<typeof DataRequestListQuery>;

export const DataRequestPage = z
  .object({ items: z.array(DataRequestView), nextCursor: z.string().nullable() })
  .meta({ id: 'DataRequestPage' });
export type DataRequestPage = z.infer<typeof DataRequestPage>;

/** The admins' queue: open requests (soonest due first, overdue leading), or one status. */
export const StaffDataRequestQuery = z.object({
  status: z
    .enum(['open', ...DATA_REQUEST_STATUSES])
    .default('open')
    .describe('open (default): submitted and in progress, soonest due first; done or refused: newest closed first'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(512).optional(),
});
export type StaffDataRequestQuery = z.infer<typeof StaffDataRequestQuery>;

const Handler = z.object({ memberId: z.string(), name: z.string() }).describe('The admin who took or closed it');

/** A row of the queue: no buyer's text or identity (the detail, whose reads are audited, has those). */
export const StaffDataRequestSummary = z
  .object({ ...DataRequestFields, handler: Handler.nullable() })
  .meta({ id: 'StaffDataRequestSummary' });
export type StaffDataRequestSummary = z.infer<typeof StaffDataRequestSummary>;

export const StaffDataRequestPage = z
  .object({ items: z.array(StaffDataRequestSummary), nextCursor: z.string().nullable() })
  .meta({ id: 'StaffDataRequestPage' });
export type StaffDataRequestPage = z.infer<typeof StaffDataRequestPage>;

export const DATA_REQUEST_EVENTS = ['filed', 'taken', 'answered', 'refused'] as const;

export const StaffDataRequestView = z
  .object({
    ...DataRequestView.shape,
    handler: Handler.nullable(),
    member: z.object({
      memberId: z.string(),
      nickname: z.string().nullable(),
      phoneMasked: z.string().nullable().describe('Only ever masked'),
    }),
    history: z.array(z.object({ event: z.enum(DATA_REQUEST_EVENTS), at: z.iso.datetime(), by: z.string().nullable() })),
  })
  .meta({ id: 'StaffDataRequest' });
export type StaffDataRequestView = z.infer<typeof StaffDataRequestView>;

export const AnswerDataRequest = z
  .object({ answer: typedText(DATA_REQUEST_ANSWER_MAX).describe('What was done, or the explanation asked for: the buyer reads it') })
  .meta({ id: 'AnswerDataRequest' });
export type AnswerDataRequest = z.infer<typeof AnswerDataRequest>;

export const RefuseDataRequest = z
  .object({ reason: typedText(DATA_REQUEST_REASON_MAX).describe('Why the request is refused: the buyer reads it') })
  .meta({ id: 'RefuseDataRequest' });
export type RefuseDataRequest = z.infer<typeof RefuseDataRequest>;
