/**
 * The one definition of Linli's DynamoDB table: attribute names, key schema and indexes.
 * The CDK stack deploys it and the local stack and tests create tables from it, so keys and
 * indexes cannot drift between the cloud and a developer's machine.
 */
export interface IndexDefinition {
  /** Index name, after the access pattern it serves. */
  name: string;
  partitionKey: string;
  sortKey: string;
}

export const TABLE_DEFINITION = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Items with this numeric attribute (epoch seconds) are removed by DynamoDB TTL. */
  ttlAttribute: 'expiresAtEpoch',
  indexes: [
    // Members whose birthday falls on a given MM-DD (sparse: only members who gave a birthday).
    { name: 'byBirthday', partitionKey: 'birthdayPk', sortKey: 'birthdaySk' },
    // A buyer's orders by openid, newest last; works before the buyer has joined.
    { name: 'byBuyer', partitionKey: 'buyerPk', sortKey: 'buyerSk' },
    // Joined members in join order, for the staff member list.
    { name: 'byJoinDate', partitionKey: 'joinedPk', sortKey: 'joinedSk' },
    // Points lots with points left by the instant they expire, and joined members by the next Shanghai day their
    // points expire (the reminders), each in one of a few shards (sparse: spent lots and reminded members leave it).
    { name: 'byExpiry', partitionKey: 'expiryPk', sortKey: 'expirySk' },
    // Open complaints by SLA due time: the service desk's queue (sparse: closed ones leave it).
    { name: 'byQueue', partitionKey: 'queuePk', sortKey: 'queueSk' },
    // Every complaint by filing time, for the supervisors' report over a date range.
    { name: 'byFiledDate', partitionKey: 'filedPk', sortKey: 'filedSk' },
    // The same queue order (queueSk) within one status, one category or one owner (or unclaimed),
    // and within the complaints whose SLA breach is settled (a stopped or paused clock that ran
    // late): the desk's filters read only what they show (sparse: closed complaints leave them).
    { name: 'byQueueStatus', partitionKey: 'queueStatusPk', sortKey: 'queueSk' },
    { name: 'byQueueCategory', partitionKey: 'queueCategoryPk', sortKey: 'queueSk' },
    { name: 'byQueueOwner', partitionKey: 'queueOwnerPk', sortKey: 'queueSk' },
    { name: 'byQueueBreached', partitionKey: 'queueBreachedPk', sortKey: 'queueSk' },
    // Joined members by the Shanghai day the tier review must next look at them, in shards (sparse: members
    // nothing can move without an order or a new ladder are not in it).
    { name: 'byReviewDay', partitionKey: 'reviewPk', sortKey: 'reviewSk' },
    // Goods redemptions (兑换订单) by redemption time, all of them and within one status (sparse: coupons are not in them).
    { name: 'byGoodsRedemption', partitionKey: 'goodsPk', sortKey: 'goodsSk' },
    { name: 'byGoodsStatus', partitionKey: 'goodsStatusPk', sortKey: 'goodsSk' },
    // Planned care deliveries by when they go, in shards (sparse: a delivery leaves once it is queued).
    { name: 'byCareDue', partitionKey: 'careDuePk', sortKey: 'careDueSk' },
    // Every delivery of a care rule by when it goes: the rule's delivery log and figures.
    { name: 'byCareRule', partitionKey: 'careRulePk', sortKey: 'careRuleSk' },
    // Members by a day care rules look for (the month-day of their first order, an order's paid day, the day a
    // category is expected to be bought again), sparse.
    { name: 'byCareDay', partitionKey: 'careDayPk', sortKey: 'careDaySk' },
  ] satisfies IndexDefinition[],
} as const;

export type IndexName = (typeof TABLE_DEFINITION.indexes)[number]['name'];

/** An index of TABLE_DEFINITION by name: its key attribute names, for queries (no index name or key attribute spelled twice). */
export function tableIndex(name: IndexName): IndexDefinition {
  return TABLE_DEFINITION.indexes.find((index) => index.name === name)!;
}
