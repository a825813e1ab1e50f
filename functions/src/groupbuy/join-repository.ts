import { batchGetItems } from '../db/batch-get.ts';
import type { Database } from '../db/client.ts';
import { keys } from '../db/keys.ts';
import { headFromItem, stockFromItem } from './campaigns-repository.ts';
import type { CampaignHeadRecord, StockRecord } from './records.ts';
import { touchFromItem, type TouchRecord } from './stats-repository.ts';

/** What deciding an open or a join reads of the campaign and the member, besides the group. */
export interface JoinState {
  /** The order an earlier attempt of this request made, if any. */
  earlierOrderNo: string | null;
  head: CampaignHeadRecord | null;
  stock: StockRecord | null;
  /** Units the member holds in the campaign. */
  held: number;
  /** The member holds a place in the group (joins only). */
  seated: boolean;
  /** How the member first came to the campaign (the funnel their place counts under), if recorded. */
  touch: TouchRecord | null;
}

/**
 * One consistent batch read of what an open or join decides on: the request's marker, the campaign's
 * head (opens only) and STOCK item, the member's holding, (joins only) their seat in the group, and how
 * they first came to the campaign. One round trip where separate reads would take five or six.
 */
export async function readJoinState(
  db: Database,
  input: { memberId: string; requestId: string; campaignId: string; groupId?: string; withHead: boolean },
): Promise<JoinState> {
  const wanted = [
    keys.groupRequest(input.memberId, input.requestId),
    keys.groupBuyStock(input.campaignId),
    keys.groupHolding(input.memberId, input.campaignId),
    keys.groupBuyTouch(input.memberId, input.campaignId),
    ...(input.withHead ? [keys.groupBuyHead(input.campaignId)] : []),
    ...(input.groupId ? [keys.groupSeat(input.memberId, input.groupId)] : []),
  ];
  const items = await batchGetItems(db, wanted, { consistent: true });
  const find = (key: { pk: string; sk: string }) => items.find((item) => item.pk === key.pk && item.sk === key.sk);
  const marker = find(keys.groupRequest(input.memberId, input.requestId));
  const stock = find(keys.groupBuyStock(input.campaignId));
  const head = input.withHead ? find(keys.groupBuyHead(input.campaignId)) : undefined;
  const touch = find(keys.groupBuyTouch(input.memberId, input.campaignId));
  return {
    earlierOrderNo: (marker?.orderNo as string | undefined) ?? null,
    head: head ? headFromItem(head) : null,
    stock: stock ? stockFromItem(stock) : null,
    held: (find(keys.groupHolding(input.memberId, input.campaignId))?.units as number | undefined) ?? 0,
    seated: input.groupId ? find(keys.groupSeat(input.memberId, input.groupId)) !== undefined : false,
    touch: touch ? touchFromItem(touch) : null,
  };
}
