import { UpdateCommand, DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from '../db/client.ts';
import { CARE_MESSAGE_SK_PREFIX, keys } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import { claimSendSpendingAuthorization } from '../subscriptions/repository.ts';
import { SERVICE_NOTICE_KINDS, serviceNoticeRuleId, type ServiceNoticeKind } from '@linli/shared/care-rules';
import type { CareMessageRecord } from './send-with-authorization.ts';

/**
 * The record of one directly sent message for a member (`birthday#2026`, a complaint update; reminders of
 * points expiring before the care engine sent them are kept as `points-expiry#<day>`):
 * claiming it spends one authorization in the same transaction, so a second run (or a concurrent
 * one) can neither send twice nor send without an authorization.
 */
export function careMessageRecord(db: Database, input: { memberId: string; occasion: string; templateId: string }): CareMessageRecord {
  const key = keys.careMessage(input.memberId, input.occasion);
  return {
    async claim(at) {
      const claimed = await claimSendSpendingAuthorization(db, {
        claim: {
          Put: {
            TableName: db.tableName,
            Item: { ...key, status: 'sending', templateId: input.templateId, claimedAt: at },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        memberId: input.memberId,
        templateId: input.templateId,
      });
      return claimed === 'already-claimed' ? 'already-sent' : claimed;
    },
    async mark(status, at, detail) {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: key,
          UpdateExpression: 'SET #status = :status, finishedAt = :at, msgid = :msgid, detail = :detail',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ':at': at, ':msgid': detail.msgid ?? null, ':detail': detail.error ?? null },
        }),
      );
    },
    async release() {
      await db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: key }));
    },
  };
}

/** A care message recorded for a member: its occasion, when it was claimed for sending, and how it went. */
export interface RecordedCareMessage {
  occasion: string;
  status: 'sending' | 'sent' | 'refused' | 'uncertain';
  claimedAt: string;
}

/**
 * Up to `limit` of a member's recorded care messages (any order: occasions sort by name, not time);
 * `more` when the member has others. One bounded query, for the staff profile.
 */
export async function listCareMessages(
  db: Database,
  memberId: string,
  limit: number,
): Promise<{ items: RecordedCareMessage[]; more: boolean }> {
  const { Items = [], LastEvaluatedKey } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.careMessagePartition(memberId), ':prefix': CARE_MESSAGE_SK_PREFIX },
      Limit: limit,
    }),
  );
  return {
    items: Items.map((item) => ({
      occasion: (item.sk as string).slice(CARE_MESSAGE_SK_PREFIX.length),
      status: item.status as RecordedCareMessage['status'],
      claimedAt: item.claimedAt as string,
    })),
    more: LastEvaluatedKey !== undefined,
  };
}

/** Every recorded care message of a member, with its template and when WeChat answered (the member's data export). */
export async function listAllCareMessages(
  db: Database,
  memberId: string,
): Promise<Array<RecordedCareMessage & { templateId: string; finishedAt: string | null }>> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.careMessagePartition(memberId), ':prefix': CARE_MESSAGE_SK_PREFIX },
  });
  return items.map((item) => ({
    occasion: (item.sk as string).slice(CARE_MESSAGE_SK_PREFIX.length),
    status: item.status as RecordedCareMessage['status'],
    claimedAt: item.claimedAt as string,
    templateId: item.templateId as string,
    finishedAt: (item.finishedAt as string | null | undefined) ?? null,
  }));
}

/** A service notice (tier change, points expiry) that went to the member, or was claimed for sending. */
export interface SentServiceNotice {
  kind: ServiceNoticeKind;
  at: string;
  status: RecordedCareMessage['status'];
}

/**
 * Up to `limit` of each kind of a member's service notices that reached WeChat (or may have): the care
 * engine's deliveries of the built-in notices (automation/service-notices.ts writes them; their keys
 * are db/keys.ts's), read here so the staff profile can list them beside the other messages. A notice
 * skipped before sending was never received and is left out; WeChat's 43101 counts as refused.
 */
export async function listSentServiceNotices(
  db: Database,
  memberId: string,
  limit: number,
): Promise<{ items: SentServiceNotice[]; more: boolean }> {
  const pages = await Promise.all(
    SERVICE_NOTICE_KINDS.map(async (kind) => {
      const { Items = [], LastEvaluatedKey } = await db.doc.send(
        new QueryCommand({
          TableName: db.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': keys.careDeliveryPartition(memberId),
            ':prefix': keys.careDeliveryRulePrefix(serviceNoticeRuleId(kind)),
          },
          ProjectionExpression: '#status, reason, detail, claimedAt, sendAt',
          ExpressionAttributeNames: { '#status': 'status' },
          Limit: limit,
        }),
      );
      const items = Items.flatMap((item): SentServiceNotice[] => {
        const at = (item.claimedAt as string | undefined) ?? (item.sendAt as string);
        const detail = (item.detail as string | null | undefined) ?? '';
        if (item.status === 'sent') return [{ kind, at, status: 'sent' }];
        if (item.status === 'sending') return [{ kind, at, status: 'sending' }];
        if (item.status === 'failed') return [{ kind, at, status: detail.startsWith('uncertain') ? 'uncertain' : 'refused' }];
        if (item.status === 'skipped' && detail === '43101') return [{ kind, at, status: 'refused' }];
        return [];
      });
      return { items, more: LastEvaluatedKey !== undefined };
    }),
  );
  return { items: pages.flatMap((page) => page.items), more: pages.some((page) => page.more) };
}
