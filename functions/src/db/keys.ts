/**
 * Every partition key, sort key and index key in Linli's table is built here and nowhere else.
 *
 * Partitions:
 *   MEMBER#<memberId>   PROFILE | CONSENT#<at>#<version> | CONSENT#<at>#personalised-marketing (个性化推荐 on/off)
 *                       | CONSENT#<at>#guardian (a guardian's consent to a child's birthday, PIPL Art. 31)
 *                       | CONSENT#<at>#phone#<bind|unbind> (a phone bound or unbound: the consent to keep it given or withdrawn)
 *                       | LEDGER#<at>#<entryId> | LOT#<earnedAt>#<lotId>
 *                       | CHECKIN#<YYYY-MM-DD> | SUBSCRIPTION#<templateId> | GREETING#<kind>#<year>
 *                       | BIRTHDAYGIFT#<year> (the year's birthday points, given once)
 *                       | TIERCHANGE#<at>#<changeId> | COUPONREF#<issuedAt>#<code> | REDEMPTION#<requestId>
 *                       | REWARDCOUNT#<rewardId> | COMPLAINTREF#<filedAt>#<complaintId> (我的投诉)
 *                       | COMPLAINTREQ#<requestId> (a filing's idempotency) | PHOTOGRANTS#<YYYY-MM-DD>
 *   OPENID#<openid>     OPENID (-> memberId, joined flag) | PENDING#<orderId> (orders waiting for the buyer to join)
 *   PHONE#<hmac>        PHONE (-> memberId: the member who verified the phone last) | PENDING#<orderId> (imported
 *                       orders waiting for a member to verify the phone); <hmac> is members/phone-crypto.ts's
 *                       phoneLookupHash, never the phone itself
 *   MEMBERCODE#<code>   MEMBERCODE (-> memberId: the 会员码 is unique)
 *   ORDER#<orderId>     ORDER | REFUND#<refundId> (REFUND#import:<orderId>: the refund an imported order came with)
 *   PRODUCT#<sku>       PRODUCT (the name the newest order gave the SKU)
 *   STAFF#<openid>      STAFF (role, active, version; the truth every staff-role request checks)
 *   STAFFDIR            STAFF#<openid> (a copy of each staff item, written in the same transaction)
 *   INVITATIONS         INVITATION#<sha256 of the code> (staff invitations; TTL removes old ones)
 *   REWARDS             REWARD#<rewardId>
 *   COUPON#<code>       COUPON (the coupon itself; a goods coupon also carries its way to the buyer)
 *   REDEMPTIONNO#<no>   REDEMPTIONNO (a goods redemption's short number -> its coupon code; keeps numbers unique)
 *   GOODSSEARCH#<term>  <redeemedAt>#<code> (goods redemptions by a search term: PHONE4#<last four>, NICK#<nickname>)
 *   COMPLAINT#<id>      COMPLAINT | ENTRY#<at>#<entryId> (timeline, notes) | REQ#<requestId> (a reply's or
 *                       resolution's idempotency)
 *   COMPLAINTREPORT     DAY#<Shanghai filing date>#<shard> | WEEK#<its Monday>#<shard> (the report's rollups,
 *                       see complaints/report-rollup.ts)
 *   PHOTO#<object key>  PHOTO (an upload grant: who may attach the object, and what it is attached to)
 *   PHOTOUPLOADS#<Shanghai day>  <object key> (an upload granted that day, written with its grant: what the retention
 *                       job reads once the day is past the unattached-photo period, deleting the item as it goes)
 *   PHOTOUPLOADDAYS     <Shanghai day> (the days holding PHOTOUPLOADS items: what the retention job walks)
 *   IDEMPOTENCY#<scope>#<key>  IDEMPOTENCY (points adjustments, subscription reports)
 *   RATELIMIT#<limit>#<subject>  WINDOW#<window start, ISO> (requests counted against a rate limit in one fixed
 *                       window; <subject> is the caller's address or member id, see http/request-limits.ts; TTL
 *                       removes a window once it is over)
 *   AUDIT#<Shanghai day>  <at>#<entryId> (the audit log: one entry, append-only, see audit/audit-log.ts)
 *   AUDITMEMBER#<memberId>  <at>#<entryId> (a copy of each entry about a member: the member's history in the log)
 *   AUDITACTOR#<actorId>  <at>#<entryId> (a copy of each entry by an actor)
 *   AUDITDAYS           <Shanghai day> (the days the log holds entries of: what the retention purge walks)
 * Inactive members (the retention job; members/activity-repository.ts):
 *   MEMBER#<memberId>   LASTACTIVE (the Shanghai day the member last logged in, or bought on as the job found it)
 *   ACTIVEDAY#<Shanghai day>  <memberId> (the members whose LASTACTIVE is that day: moved with it, in one transaction)
 *   ACTIVEDAYS          <Shanghai day> (the days holding ACTIVEDAY items: what the retention job walks, oldest first)
 * Data requests (数据请求, privacy/data-request-repository.ts):
 *   DATAREQUEST#<id>    DATAREQUEST (the request: what the buyer asked, status, deadline, answer or refusal; versioned)
 *   DATAREQUESTS#OPEN   <due Shanghai date>#<id> (a submitted or in-progress request, for the admins' queue: soonest
 *                       due first, so overdue ones lead; removed when answered or refused)
 *   DATAREQUESTS#CLOSED  <closedAt>#<id> (an answered or refused request, newest last)
 *   MEMBER#<memberId>   DATAREQUEST#<filedAt>#<id> (我的数据请求) | DATAREQUESTREQ#<requestId> (a filing's idempotency)
 *                       | DATAREQUESTOPEN (how many of the member's requests are open: the cap on filing)
 *   CONFIG#retention    CONFIG (retention periods: the audit log, inactive members, unattached photos; versioned)
 *   CONFIG#tiers        CONFIG (the tier ladder, versioned) | REVIEWED (the ladder version the last full review walked)
 *   CONFIG#complaint-desk  CONFIG (the desk settings, versioned)
 *   CONFIG#insight      CONFIG (customer insight's settings: RFM window, stage rules, CLV discount, sales target; versioned)
 *   FIGURES             DAY#<Shanghai date>#<shard> (the shop overview's day figures) | TOTAL#<shard> (its running
 *                       totals), see figures/daily-figures.ts
 *   (customer insight)  MEMBER#<memberId> ORDERAGG (the member's orders folded by day, orders/order-aggregates.ts)
 *                       | STAGE#<at> (a lifecycle stage change)
 *   INSIGHT#<shard>     <memberId> (the member's scores and the fields segments filter on, written by the nightly job)
 *   FACET#<dim>#<value> <memberId> | <last day>#<memberId> for categories (the members with one value of a segment
 *                       field, as of the last nightly run: what a segment condition reads instead of every member)
 *   LIFECYCLE#<day>     <at>#<memberId> (the stage changes of a Shanghai day, for the care rules)
 *   MEMBER#<memberId>   REPLENISH#<category> (the day the member is expected to buy the category again, written by
 *                       the nightly job; in byCareDay under REPLENISH#<day>#<category>)
 *   SEGMENTS            SEGMENT#<segmentId> (saved segments: name and rule, versioned)
 *   INSIGHTRUN          LATEST | RUN#<Shanghai day> (the shop's fitted models and dashboard figures of a run; TTL
 *                       removes a day's run 400 days on, LATEST stays)
 * Care automation (关怀计划):
 *   CARERULES           RULE#<ruleId> (a care rule, versioned)
 *   CONFIG#care         CONFIG (the care policy: caps, quiet hours; the seller's own dates)
 *   CONFIG#care-seasonal  CONFIG (the seasonal calendar, 时令日历: tips by category on days the seller sets; versioned)
 *   MEMBER#<memberId>   CARE#<ruleId>#<occasion> (one delivery: rule × member × occasion, its status and log; TTL)
 *                       | CARECAP#DAY#<day> | CARECAP#WEEK#<Monday> (marketing messages planned for the member; TTL)
 *   CAREDEADLETTERS     <at>#<messageId> (a queue message that failed every attempt, kept for staff to retry)
 *   CARESTATS#<ruleId>  DAY#<Shanghai day>#<member shard> (a rule's deliveries counted on the day they first were to go: planned,
 *                       sent, skipped, failed; added to in each status change's own write; TTL)
 * Surveys (满意度):
 *   SURVEYS             SURVEY#<surveyId> (the survey's head: status, draft or current definition, version, revision)
 *   SURVEY#<surveyId>   VERSION#<000001> (a published version's questions, immutable)
 *   CONFIG#surveys      CONFIG (recontact limit, follow-up assignment and SLA; versioned)
 *   MEMBER#<memberId>   SURVEYASK#<surveyId> (asked, shown, dismissed, answered; draft answers) | SURVEYCONTACT (last
 *                       asked any survey) | SURVEYDONE#<surveyId>#<round> (one response per round) | SURVEYREQ#<requestId>
 *                       (a submission's idempotency) | SURVEYRESP#<completedAt>#<responseId> (the member's responses)
 *   SURVEYRESPONSES#<surveyId>  <completedAt>#<responseId> (completed responses, answers and the member's segments then)
 * Follow-ups (回访, the desk's task for every unhappy answer):
 *   FOLLOWUP#<taskId>   FOLLOWUP (the task: who answered what, assignee, SLA due, outcome; its id comes from the response's)
 *   MEMBER#<memberId>   FOLLOWUPREF#<createdAt>#<taskId> (the member's follow-ups, for Customer 360)
 *   SURVEYSTATS#<surveyId>  DAY#<Shanghai day>#<shard> | WEEK#<Monday>#<shard> | MONTH#<YYYY-MM>#<shard> (the figures'
 *                       rollups: counters added in each completion's transaction, see surveys/rollups.ts; a response
 *                       with very many counters continues in <…>#<shard>#x<part>)
 * Group-buy (拼团; functions/src/groupbuy/):
 *   GROUPBUYS           CAMPAIGN#<campaignId> (the campaign's head: status, draft or current terms, version, revision)
 *   CAMPAIGN#<campaignId>  VERSION#<000001> (a published version's terms, immutable: a group keeps the version it opened
 *                       with) | STOCK (units: total, left, reserved, sold; groups forming, succeeded, failed; places taken by RFM class) | FORMING#<deadline>#<groupId>
 *                       (a forming group, for the campaign page's list: removed when the group succeeds or fails)
 *                       | ORDER#<createdAt>#<orderNo> (every order of the campaign, for staff)
 *   GROUP#<groupId>     GROUP (the group: terms version, size, deadline, status, members with their places and payment)
 *   GROUPORDER#<orderNo>  GROUPORDER (one buyer's place = one WeChat Pay order, out_trade_no = orderNo: status, payment,
 *                       refund)
 *   MEMBER#<memberId>   GROUPHOLD#<campaignId> (units the member holds in the campaign: the per-buyer limit)
 *                       | GROUPSEAT#<groupId> (the member holds a place in the group: one place per group)
 *                       | GROUPREQ#<requestId> (an open or join request's idempotency -> orderNo)
 *                       | GROUPORDERREF#<createdAt>#<orderNo> (我的拼团, newest last)
 *                       | GROUPBUYTOUCH#<campaignId> (how the member first came to the campaign: an invitation's rule
 *                       and arm, a share, or on their own, and their RFM class then; when invited and first viewed)
 *                       | GROUPBUYREFERRAL (the share through which a not-yet-member first came to any campaign; counted
 *                       once as a new member brought by a share when they join)
 *   GROUPBUYSTATS#<campaignId>  SHARD#<n> (the campaign's figures: counters added in each event's own write, see
 *                       groupbuy/funnel-counters.ts)
 *   GROUPSHARE#<shareId>  GROUPSHARE (a shared group card: who shared which group, whether as its leader)
 *   FULFILMENTS         <succeededAt>#<orderNo> (a successful order's delivery to the shop: the body, its progress; the
 *                       fulfilment list and CSV)
 *   Timers share byCareDue: GROUPBUYDUE#<shard>, <dueAt>#<kind>#<id> (kind reservation|refund on the order, fulfilment
 *                       on the FULFILMENTS item, deadline|effects on the group): work the group-buy timer job does at a time (sparse: an item
 *                       leaves once its work is done)
 * Risk watch (风险控制; functions/src/risk/):
 *   RISKFLAGS           FLAG#<raisedAt>#<flagId> (a flag for review: kind, facts, members, status, review; one small
 *                       partition read newest first: flags are a few a day, not thousands)
 *   RISKFLAGID#<flagId> RISKFLAGID (-> the flag's raisedAt; <flagId> hashes kind, subject and period, so the item's
 *                       existence makes one flag per subject × kind × period)
 *   CONFIG#risk         SHOPNORM (the shop's order sizes of the last 30 days, written by the risk-watch job; the order
 *                       path compares each order with it)
 *   MEMBER#<memberId>   HOLDLOG#<at>#<entryId> (each hold on the member's redemptions and each release: who, when, why; the
 *                       hold in force is the member's own `redemptionHold` field, which the points mall checks)
 * Data exports (导出我的数据; functions/src/privacy/):
 *   MEMBER#<memberId>   DATAEXPORT#<exportId> (one export: status, its files, when they are removed; the id is a ULID,
 *                       so sort keys run oldest to newest; TTL removes the record a while after its files)
 *                       | DATAEXPORTDAY#<Shanghai day> (the day's one request -> exportId; TTL) | DATAEXPORTREQ#<requestId>
 *                       (a request's idempotency -> exportId; TTL)
 *   DATAEXPORTPURGE     <purgeAt>#<memberId>#<exportId> (an export whose files are removed at purgeAt: what the purge
 *                       reads; written with the request, moved when the export is ready, deleted once purged)
 * Customer 360 (search and tags; keys built in the block at the end of `keys`):
 *   MEMBER#<memberId>   TAG#<tag> (a tag the member carries: kind manual|rule, ruleId) | TAGCOUNT (manual tags held)
 *   TAGGED#<tag>        <memberId> (the members carrying a tag: written in the member tag's transaction)
 *   TAGS                TAG#<tag> (the tag catalog: kind, ruleId, memberCount) | COUNT (tags in the catalog)
 *   MEMBERSEARCH#NICK#<first character>  <nickname suffix>#<memberId> (every suffix of a joined member's
 *                       normalised nickname: a prefix query on them finds substrings)
 *   MEMBERSEARCH#PHONE4#<last four digits>  <memberId>
 * Account deletion (注销账户; functions/src/privacy/account-deletion.ts):
 *   MEMBER#<memberId>   ERASURE (a deletion under way: the anonymous id its kept records get; once done only
 *                       {state: done, erasedAt}, so the member id no longer leads to them; every other item of the
 *                       partition is gone)
 *   ERASED#<anonymousId>  LEDGER#<at>#<entryId> (an erased member's points ledger figures, kept for the accounts
 *                       without identity; the anonymous id is also on their kept orders, coupons and complaints)
 * Indexes (TABLE_DEFINITION in table.ts names them and their key attributes):
 *   byBirthday   BIRTHDAY#<MM-DD>, memberId (a Gregorian birthday) | LUNARBIRTHDAY#<MM-DD>[#leap], memberId (a lunar one)
 *   byCareDue    CAREDUE#<shard>, <sendAt>#<memberId>#<ruleId>: planned care deliveries by when they go (sparse:
 *                a delivery leaves it once queued)
 *   byCareRule   CARERULE#<ruleId>, <sendAt>#<memberId>: every delivery of a rule by when it goes (the rule's log)
 *   byCareDay    FIRSTORDER#<MM-DD>, memberId: members by the day of their first order (anniversaries);
 *                ORDERDAY#<Shanghai paid day>, <memberId>#<orderId>: credited orders by the day they were paid
 *                (post-purchase follow-ups); REPLENISH#<expected day>#<category>, memberId: members by the day they
 *                are expected to buy a category again (replenishment reminders; by category, so a rule naming
 *                some reads only theirs)
 *   byBuyer      BUYER#<openid>, <paidAt>#<orderId>
 *   byJoinDate   MEMBERS, <joinedAt>#<memberId>
 *   byExpiry     EXPIRY#<shard>, <expiresAt>#<memberId>#<lotId>: open lots only (lots stored before the shards
 *                sit under EXPIRY#<Shanghai date of expiresAt> until they are spent or expire);
 *                and REMIND#<shard>, <next Shanghai expiry day>#<memberId>: members with points to be reminded of
 *   byReviewDay  REVIEW#<shard>, <Shanghai day>#<memberId>: members the tier review must look at on that day
 *   byQueue      COMPLAINTS#OPEN, <SLA due>#<complaintId>: open complaints only; with the same queueSk:
 *                byQueueStatus (QUEUE#STATUS#<status>), byQueueCategory (QUEUE#CATEGORY#<code>),
 *                byQueueOwner (QUEUE#OWNER#<memberId> | QUEUE#UNCLAIMED), byQueueBreached (QUEUE#BREACHED:
 *                only complaints whose breach is settled on a clock no longer running)
 *                Follow-ups share byQueue (FOLLOWUPS#OPEN, <due>#<taskId>: open tasks only) and byQueueOwner
 *                (FOLLOWUP#OWNER#<memberId> | FOLLOWUP#UNCLAIMED, same sort key); done tasks leave both
 *   byFiledDate  COMPLAINTS, <submittedAt>#<complaintId>: every complaint, for the report's CSV;
 *                FOLLOWUPS, <createdAt>#<taskId>: every follow-up task by creation (the done list, newest first)
 *   byGoodsRedemption  GOODS, <redeemedAt>#<code>: every goods redemption (兑换订单); with the same goodsSk,
 *                byGoodsStatus (GOODS#<status>): those of one status
 * A member's shard is a hash of the member id (memberShard), so all of one member's entries share a shard.
 */
export interface ItemKey {
  pk: string;
  sk: string;
}

const memberPk = (memberId: string) => `MEMBER#${memberId}`;

/** How many partitions each per-member schedule (expiry, reminders, review) is spread over. */
export const MEMBER_SHARDS = 8;

/** The shard 0..shards-1 of an id: FNV-1a of it, stable across deploys. */
export function hashShard(id: string, shards: number): number {
  return memberHash(id) % shards;
}

/** The shard 0..MEMBER_SHARDS-1 of a group-buy order's or group's timer work (FNV-1a of the id). */
export function groupBuyShard(id: string): number {
  return hashShard(id, MEMBER_SHARDS);
}

/** The shard 0..MEMBER_SHARDS-1 of a member: FNV-1a of the id, stable across deploys. */
export function memberShard(memberId: string): number {
  return memberHash(memberId) % MEMBER_SHARDS;
}

function memberHash(memberId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < memberId.length; i++) {
    hash ^= memberId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const insightPartition = (shard: number) => `INSIGHT#${shard}`;
const facetPartition = (dimension: string, value: string) => `FACET#${dimension}#${value}`;

/** The insight shard 0..INSIGHT_SHARDS-1 of a member (the same hash as memberShard). */
export function insightShard(memberId: string): number {
  return memberHash(memberId) % INSIGHT_SHARDS;
}

/** Every shard number, for jobs that query them all. */
export const ALL_MEMBER_SHARDS: readonly number[] = Array.from({ length: MEMBER_SHARDS }, (_, shard) => shard);

/** Sorts after any id in a sort key `<prefix>#<id…>`: `sk <= prefix + UPTO` takes every id under the prefix. */
const UPTO = '#~';

export const LEDGER_SK_PREFIX = 'LEDGER#';
export const LOT_SK_PREFIX = 'LOT#';
export const CHECKIN_SK_PREFIX = 'CHECKIN#';
export const MEMBER_COUPON_SK_PREFIX = 'COUPONREF#';
export const COMPLAINT_ENTRY_SK_PREFIX = 'ENTRY#';
export const MEMBER_COMPLAINT_SK_PREFIX = 'COMPLAINTREF#';
export const STAGE_CHANGE_SK_PREFIX = 'STAGE#';
export const PENDING_ORDER_SK_PREFIX = 'PENDING#';
export const TIER_CHANGE_SK_PREFIX = 'TIERCHANGE#';
export const COMPLAINT_REPORT_DAY_SK_PREFIX = 'DAY#';
export const COMPLAINT_REPORT_WEEK_SK_PREFIX = 'WEEK#';
export const CARE_MESSAGE_SK_PREFIX = 'GREETING#';
export const MEMBER_TAG_SK_PREFIX = 'TAG#';
export const CARE_DELIVERY_SK_PREFIX = 'CARE#';
export const MEMBER_DATA_REQUEST_SK_PREFIX = 'DATAREQUEST#';
export const DATA_EXPORT_SK_PREFIX = 'DATAEXPORT#';
const DATA_EXPORT_PURGE_PK = 'DATAEXPORTPURGE';
export const CARE_RULE_SK_PREFIX = 'RULE#';
export const TAG_CATALOG_SK_PREFIX = 'TAG#';
export const MEMBER_FOLLOW_UP_SK_PREFIX = 'FOLLOWUPREF#';
export const RISK_FLAG_SK_PREFIX = 'FLAG#';

// The first character (a whole code point: an emoji is one) names the partition, so each query
// reads one partition and the suffixes of a shop's nicknames spread over many.
const memberSearchNicknamePartition = (text: string) => `MEMBERSEARCH#NICK#${String.fromCodePoint(text.codePointAt(0)!)}`;

/** How many partitions members' insight items are spread over: the nightly job and full segment reads query them in parallel. */
export const INSIGHT_SHARDS = 16;

export const keys = {
  // Customer insight.
  orderAggregates: (memberId: string): ItemKey => ({ pk: memberPk(memberId), sk: 'ORDERAGG' }),
  memberInsight: (memberId: string): ItemKey => ({ pk: insightPartition(insightShard(memberId)), sk: memberId }),
  insightPartition: (shard: number) => insightPartition(shard),
  /** A member under one value of a segment field; `order` (a day) sorts members inside it where ranges matter. */
  segmentFacet: (dimension: string, value: string, memberId: string, order?: string): ItemKey => ({
    pk: facetPartition(dimension, value),
    sk: order === undefined ? memberId : `${order}#${memberId}`,
  }),
  segmentFacetPartition: (dimension: string, value: string) => facetPartition(dimension, value),
  stageChange: (memberId: string, at: string): ItemKey => ({ pk: memberPk(memberId), sk: `${STAGE_CHANGE_SK_PREFIX}${at}` }),
  /** The member's expected next purchase of a category (one item per member × category, moved as they buy). */
  replenishment: (memberId: string, category: string): ItemKey => ({ pk: memberPk(memberId), sk: `REPLENISH#${category}` }),
  lifecycleDayChange: (day: string, at: string, memberId: string): ItemKey => ({ pk: `LIFECYCLE#${day}`, sk: `${at}#${memberId}` }),
  lifecycleDayPartition: (day: string) => `LIFECYCLE#${day}`,
  insightRunLatest: (): ItemKey => ({ pk: 'INSIGHTRUN', sk: 'LATEST' }),
  insightRun: (day: string): ItemKey => ({ pk: 'INSIGHTRUN', sk: `RUN#${day}` }),
  insightSettings: (): ItemKey => ({ pk: 'CONFIG#insight', sk: 'CONFIG' }),
  /** Saved segments: one small partition (a shop keeps tens, not thousands). */
  segment: (segmentId: string): ItemKey => ({ pk: 'SEGMENTS', sk: `SEGMENT#${segmentId}` }),
  segmentPartition: () => 'SEGMENTS',

  // Care automation.
  careRule: (ruleId: string): ItemKey => ({ pk: 'CARERULES', sk: `${CARE_RULE_SK_PREFIX}${ruleId}` }),
  careRulePartition: () => 'CARERULES',
  careSettings: (): ItemKey => ({ pk: 'CONFIG#care', sk: 'CONFIG' }),
  seasonalCalendar: (): ItemKey => ({ pk: 'CONFIG#care-seasonal', sk: 'CONFIG' }),
  /** One care delivery: a rule's message to a member for one occasion (its existence makes it once). */
  careDelivery: (memberId: string, ruleId: string, occasion: string): ItemKey => ({
    pk: memberPk(memberId),
    sk: `${CARE_DELIVERY_SK_PREFIX}${ruleId}#${occasion}`,
  }),
  careDeliveryPartition: (memberId: string) => memberPk(memberId),
  /** Where a member's deliveries of one rule (or built-in service notice) begin in their partition. */
  careDeliveryRulePrefix: (ruleId: string) => `${CARE_DELIVERY_SK_PREFIX}${ruleId}#`,
  /** The marketing messages planned for a member on a Shanghai day, and in the week starting on a Monday. */
  careCapDay: (memberId: string, day: string): ItemKey => ({ pk: memberPk(memberId), sk: `CARECAP#DAY#${day}` }),
  careCapWeek: (memberId: string, monday: string): ItemKey => ({ pk: memberPk(memberId), sk: `CARECAP#WEEK#${monday}` }),
  careDeadLetter: (at: string, messageId: string): ItemKey => ({ pk: 'CAREDEADLETTERS', sk: `${at}#${messageId}` }),
  careDeadLetterPartition: () => 'CAREDEADLETTERS',
  /** A rule's (or built-in service notice's) delivery counts of one Shanghai day: what the rule list shows. */
  careStatsDay: (ruleId: string, day: string, shard: number): ItemKey => ({ pk: `CARESTATS#${ruleId}`, sk: `DAY#${day}#${shard}` }),
  careStatsPartition: (ruleId: string) => `CARESTATS#${ruleId}`,
  /** The sort key of a rule's day counts from `day` on (a Query's lower bound). */
  careStatsFrom: (day: string) => `DAY#${day}`,

  member: (memberId: string): ItemKey => ({ pk: memberPk(memberId), sk: 'PROFILE' }),
  consent: (memberId: string, at: string, policyVersion: string): ItemKey => ({
    pk: memberPk(memberId),
    sk: `CONSENT#${at}#${policyVersion}`,
  }),
  /** A change of the personalised-marketing choice, in the same ledger as the policy consents. */
  marketingConsent: (memberId: string, at: string): ItemKey => ({
    pk: memberPk(memberId),
    sk: `CONSENT#${at}#personalised-marketing`,
  }),
  /** A guardian's consent to a child's birthday, in the same ledger as the policy consents. */
  guardianConsent: (memberId: string, at: string): ItemKey => ({ pk: memberPk(memberId), sk: `CONSENT#${at}#guardian` }),
  /** A phone bound or unbound (the consent to keep it given or withdrawn), in the same ledger; a bind and an unbind of one instant both stay. */
  phoneConsent: (memberId: string, at: string, action: 'bind' | 'unbind'): ItemKey => ({
    pk: memberPk(memberId),
    sk: `CONSENT#${at}#phone#${action}`,
  }),
  ledgerEntry: (memberId: string, createdAt: string, entryId: string): ItemKey => ({
    pk: memberPk(memberId),
    sk: `${LEDGER_SK_PREFIX}${createdAt}#${entryId}`,
  }),
  /** The partition a member's ledger lives in, for queries. */
  ledgerPartition: (memberId: string) => memberPk(memberId),
  lot: (memberId: string, earnedAt: string, lotId: string): ItemKey => ({
    pk: memberPk(memberId),
    sk: `${LOT_SK_PREFIX}${earnedAt}#${lotId}`,
  }),
  lotPartition: (memberId: string) => memberPk(memberId),
  checkin: (memberId: string, date: string): ItemKey => ({ pk: memberPk(memberId), sk: `${CHECKIN_SK_PREFIX}${date}` }),
  checkinPartition: (memberId: string) => memberPk(memberId),
  /** The receipt of a year's birthday gift: written with the credit, so a year's gift is given once. */
  birthdayGift: (memberId: string, year: number): ItemKey => ({ pk: memberPk(memberId), sk: `BIRTHDAYGIFT#${year}` }),
  refund: (orderId: string, refundId: string): ItemKey => ({ pk: `ORDER#${orderId}`, sk: `REFUND#${refundId}` }),
  subscriptionQuota: (memberId: string, templateId: string): ItemKey => ({
    pk: memberPk(memberId),
    sk: `SUBSCRIPTION#${templateId}`,
  }),
  subscriptionPartition: (memberId: string) => memberPk(memberId),
  /** One occasion's directly sent message, e.g. `birthday#2026` or `complaint#<id>#<event>` (care-engine deliveries are `careDelivery`). */
  careMessage: (memberId: string, occasion: string): ItemKey => ({ pk: memberPk(memberId), sk: `${CARE_MESSAGE_SK_PREFIX}${occasion}` }),
  careMessagePartition: (memberId: string) => memberPk(memberId),
  openid: (openid: string): ItemKey => ({ pk: `OPENID#${openid}`, sk: 'OPENID' }),
  /** A member code's owner: the item's existence makes the code unique. */
  memberCode: (code: string): ItemKey => ({ pk: `MEMBERCODE#${code}`, sk: 'MEMBERCODE' }),
  pendingOrder: (openid: string, orderId: string): ItemKey => ({
    pk: `OPENID#${openid}`,
    sk: `${PENDING_ORDER_SK_PREFIX}${orderId}`,
  }),
  pendingOrderPartition: (openid: string) => `OPENID#${openid}`,
  /** Who verified a phone (by its keyed hash): imported orders naming the phone attach to that member. */
  phone: (phoneHash: string): ItemKey => ({ pk: `PHONE#${phoneHash}`, sk: 'PHONE' }),
  /** An imported order waiting for a member to verify the phone it names. */
  pendingPhoneOrder: (phoneHash: string, orderId: string): ItemKey => ({
    pk: `PHONE#${phoneHash}`,
    sk: `${PENDING_ORDER_SK_PREFIX}${orderId}`,
  }),
  pendingPhoneOrderPartition: (phoneHash: string) => `PHONE#${phoneHash}`,
  order: (orderId: string): ItemKey => ({ pk: `ORDER#${orderId}`, sk: 'ORDER' }),
  /** A product's name as the shop's orders last gave it (reports show names, never SKUs). */
  product: (sku: string): ItemKey => ({ pk: `PRODUCT#${sku}`, sk: 'PRODUCT' }),
  staff: (openid: string): ItemKey => ({ pk: `STAFF#${openid}`, sk: 'STAFF' }),
  /** The staff directory: every staff member in one small partition (alerts go to roles). */
  staffDirectoryEntry: (openid: string): ItemKey => ({ pk: 'STAFFDIR', sk: `STAFF#${openid}` }),
  staffDirectoryPartition: () => 'STAFFDIR',
  /** Every invitation in one small partition: a shop invites a handful of people, not thousands. */
  invitation: (invitationId: string): ItemKey => ({ pk: 'INVITATIONS', sk: `INVITATION#${invitationId}` }),
  invitationPartition: () => 'INVITATIONS',
  idempotency: (scope: string, key: string): ItemKey => ({ pk: `IDEMPOTENCY#${scope}#${key}`, sk: 'IDEMPOTENCY' }),
  /** One window's count of a subject's requests against a rate limit (ratelimit/rate-limits.ts). */
  // The audit log (audit/).
  auditEntry: (day: string, sk: string): ItemKey => ({ pk: `AUDIT#${day}`, sk }),
  auditDayPartition: (day: string) => `AUDIT#${day}`,
  auditMemberCopy: (memberId: string, sk: string): ItemKey => ({ pk: `AUDITMEMBER#${memberId}`, sk }),
  auditMemberPartition: (memberId: string) => `AUDITMEMBER#${memberId}`,
  auditActorCopy: (actorId: string, sk: string): ItemKey => ({ pk: `AUDITACTOR#${actorId}`, sk }),
  auditActorPartition: (actorId: string) => `AUDITACTOR#${actorId}`,
  auditDay: (day: string): ItemKey => ({ pk: 'AUDITDAYS', sk: day }),
  auditDaysPartition: () => 'AUDITDAYS',
  retentionSettings: (): ItemKey => ({ pk: 'CONFIG#retention', sk: 'CONFIG' }),
  // Inactive members (members/activity-repository.ts).
  memberLastActive: (memberId: string): ItemKey => ({ pk: memberPk(memberId), sk: 'LASTACTIVE' }),
  activeDayMember: (day: string, memberId: string): ItemKey => ({ pk: `ACTIVEDAY#${day}`, sk: memberId }),
  activeDayPartition: (day: string) => `ACTIVEDAY#${day}`,
  activeDay: (day: string): ItemKey => ({ pk: 'ACTIVEDAYS', sk: day }),
  activeDaysPartition: () => 'ACTIVEDAYS',
  // Data requests (privacy/).
  dataRequest: (dataRequestId: string): ItemKey => ({ pk: `DATAREQUEST#${dataRequestId}`, sk: 'DATAREQUEST' }),
  /** A request's place in the admins' queue while open: by its due day, then its id (ids sort by filing time). */
  openDataRequest: (dueDate: string, dataRequestId: string): ItemKey => ({ pk: 'DATAREQUESTS#OPEN', sk: `${dueDate}#${dataRequestId}` }),
  openDataRequestsPartition: () => 'DATAREQUESTS#OPEN',
  closedDataRequest: (closedAt: string, dataRequestId: string): ItemKey => ({
    pk: 'DATAREQUESTS#CLOSED',
    sk: `${closedAt}#${dataRequestId}`,
  }),
  closedDataRequestsPartition: () => 'DATAREQUESTS#CLOSED',
  memberDataRequest: (memberId: string, filedAt: string, dataRequestId: string): ItemKey => ({
    pk: memberPk(memberId),
    sk: `${MEMBER_DATA_REQUEST_SK_PREFIX}${filedAt}#${dataRequestId}`,
  }),
  memberDataRequestPartition: (memberId: string) => memberPk(memberId),
  dataRequestFiling: (memberId: string, requestId: string): ItemKey => ({ pk: memberPk(memberId), sk: `DATAREQUESTREQ#${requestId}` }),
  openDataRequestCount: (memberId: string): ItemKey => ({ pk: memberPk(memberId), sk: 'DATAREQUESTOPEN' }),
  rateLimitWindow: (limit: string, subject: string, windowStart: string): ItemKey => ({
    pk: `RATELIMIT#${limit}#${subject}`,
    sk: `WINDOW#${windowStart}`,
  }),
  tierChange: (memberId: string, at: string, changeId: string): ItemKey => ({
    pk: memberPk(memberId),
    sk: `${TIER_CHANGE_SK_PREFIX}${at}#${changeId}`,
  }),
  tierChangePartition: (memberId: string) => memberPk(memberId),
  tierConfig: (): ItemKey => ({ pk: 'CONFIG#tiers', sk: 'CONFIG' }),
  /** Which ladder version the tier review last walked every member for (a new ladder may move anyone). */
  tierReviewMarker: (): ItemKey => ({ pk: 'CONFIG#tiers', sk: 'REVIEWED' }),
  // Points mall: every reward in one small partition (a shop has tens, not thousands).
  reward: (rewardId: string): ItemKey => ({ pk: 'REWARDS', sk: `REWARD#${rewardId}` }),
  rewardPartition: () => 'REWARDS',
  redemption: (memberId: string, requestId: string): ItemKey => ({ pk: memberPk(memberId), sk: `REDEMPTION#${requestId}` }),
  rewardCount: (memberId: string, rewardId: string): ItemKey => ({ pk: memberPk(memberId), sk: `REWARDCOUNT#${rewardId}` }),
  coupon: (code: string): ItemKey => ({ pk: `COUPON#${code}`, sk: 'COUPON' }),
  memberCoupon: (memberId: string, issuedAt: string, code: string): ItemKey => ({
    pk: memberPk(memberId),
    sk: `${MEMBER_COUPON_SK_PREFIX}${issuedAt}#${code}`,
  }),
  memberCouponPartition: (memberId: string) => memberPk(memberId),
  /** A goods redemption's short number, pointing at its coupon (and making the number unique). */
  redemptionNumber: (redemptionNo: string): ItemKey => ({ pk: `REDEMPTIONNO#${redemptionNo}`, sk: 'REDEMPTIONNO' }),
  /** A goods redemption under one search term (`PHONE4#1234`, `NICK#<nickname>`), newest last. */
  goodsSearch: (term: string, redeemedAt: string, code: string): ItemKey => ({ pk: `GOODSSEARCH#${term}`, sk: `${redeemedAt}#${code}` }),
  goodsSearchPartition: (term: string) => `GOODSSEARCH#${term}`,
  complaint: (complaintId: string): ItemKey => ({ pk: `COMPLAINT#${complaintId}`, sk: 'COMPLAINT' }),
  complaintEntry: (complaintId: string, at: string, entryId: string): ItemKey => ({
    pk: `COMPLAINT#${complaintId}`,
    sk: `${COMPLAINT_ENTRY_SK_PREFIX}${at}#${entryId}`,
  }),
  complaintPartition: (complaintId: string) => `COMPLAINT#${complaintId}`,
  /** A member's complaint, by filing time (for 我的投诉), and the request id that filed it (retries). */
  memberComplaint: (memberId: string, submittedAt: string, complaintId: string): ItemKey => ({
    pk: memberPk(memberId),
    sk: `${MEMBER_COMPLAINT_SK_PREFIX}${submittedAt}#${complaintId}`,
  }),
  memberComplaintPartition: (memberId: string) => memberPk(memberId),
  complaintRequest: (memberId: string, requestId: string): ItemKey => ({ pk: memberPk(memberId), sk: `COMPLAINTREQ#${requestId}` }),
  /** An upload grant for one object key in photo storage. */
  photo: (objectKey: string): ItemKey => ({ pk: `PHOTO#${objectKey}`, sk: 'PHOTO' }),
  /** How many upload grants a member had on one Asia/Shanghai day. */
  photoGrantCount: (memberId: string, shanghaiDate: string): ItemKey => ({ pk: memberPk(memberId), sk: `PHOTOGRANTS#${shanghaiDate}` }),
  /** An upload granted on a Shanghai day, for the retention job's purge of uploads never attached. */
  photoUpload: (shanghaiDate: string, objectKey: string): ItemKey => ({ pk: `PHOTOUPLOADS#${shanghaiDate}`, sk: objectKey }),
  photoUploadsPartition: (shanghaiDate: string) => `PHOTOUPLOADS#${shanghaiDate}`,
  photoUploadDay: (shanghaiDate: string): ItemKey => ({ pk: 'PHOTOUPLOADDAYS', sk: shanghaiDate }),
  photoUploadDaysPartition: () => 'PHOTOUPLOADDAYS',
  /** A write to a complaint (reply, resolution…) already made for this client request id: retries do nothing. */
  complaintWriteRequest: (complaintId: string, requestId: string): ItemKey => ({ pk: `COMPLAINT#${complaintId}`, sk: `REQ#${requestId}` }),
  /** One shard of the report's rollup of the complaints filed on a Shanghai day (YYYY-MM-DD). */
  complaintReportDay: (shanghaiDate: string, shard: number): ItemKey => ({
    pk: 'COMPLAINTREPORT',
    sk: `${COMPLAINT_REPORT_DAY_SK_PREFIX}${shanghaiDate}#${shard}`,
  }),
  complaintReportPartition: () => 'COMPLAINTREPORT',
  /** The first and last sort keys of the rollups of Shanghai days [from, to], for a BETWEEN. */
  complaintReportDayRange: (from: string, to: string) => ({
    from: `${COMPLAINT_REPORT_DAY_SK_PREFIX}${from}#`,
    to: `${COMPLAINT_REPORT_DAY_SK_PREFIX}${to}#~`,
  }),
  /** One shard of the rollup of the complaints filed in the Shanghai week (Monday–Sunday) starting `monday`. */
  complaintReportWeek: (monday: string, shard: number): ItemKey => ({
    pk: 'COMPLAINTREPORT',
    sk: `${COMPLAINT_REPORT_WEEK_SK_PREFIX}${monday}#${shard}`,
  }),
  /** The first and last sort keys of the week rollups starting on Mondays [from, to], for a BETWEEN. */
  complaintReportWeekRange: (fromMonday: string, toMonday: string) => ({
    from: `${COMPLAINT_REPORT_WEEK_SK_PREFIX}${fromMonday}#`,
    to: `${COMPLAINT_REPORT_WEEK_SK_PREFIX}${toMonday}#~`,
  }),
  /**
   * The compacted rollup of one day or week (all shards packed into one item); `period` is the
   * shards' common sort key prefix (`DAY#<date>#` or `WEEK#<monday>#`), so ranges read it with them.
   */
  complaintReportPacked: (period: string): ItemKey => ({ pk: 'COMPLAINTREPORT', sk: `${period}packed` }),
  /** One shard of the shop overview's figures of a Shanghai day (YYYY-MM-DD). */
  figuresDay: (shanghaiDate: string, shard: number): ItemKey => ({ pk: 'FIGURES', sk: `DAY#${shanghaiDate}#${shard}` }),
  /** One shard of the shop overview's running totals (members, outstanding points). */
  figuresTotal: (shard: number): ItemKey => ({ pk: 'FIGURES', sk: `TOTAL#${shard}` }),
  figuresPartition: () => 'FIGURES',
  /** The first and last sort keys of the day figures of Shanghai days [from, to], for a BETWEEN. */
  figuresDayRange: (from: string, to: string) => ({ from: `DAY#${from}#`, to: `DAY#${to}#~` }),
  figuresTotalPrefix: () => 'TOTAL#',
  /** The service desk's settings: categories with SLA targets, business and quiet hours, reply templates. */
  complaintDeskSettings: (): ItemKey => ({ pk: 'CONFIG#complaint-desk', sk: 'CONFIG' }),

  // ---- Customer 360: member search and tags ----
  /** A tag a member carries (manual or kept by a rule), under the member. */
  memberTag: (memberId: string, tag: string): ItemKey => ({ pk: memberPk(memberId), sk: `${MEMBER_TAG_SK_PREFIX}${tag}` }),
  memberTagPartition: (memberId: string) => memberPk(memberId),
  /** How many manual tags a member holds (the per-member cap is checked on it, in the tag's transaction). */
  memberTagCount: (memberId: string): ItemKey => ({ pk: memberPk(memberId), sk: 'TAGCOUNT' }),
  /** A member carrying `tag`: "members with tag X" reads only them. */
  taggedMember: (tag: string, memberId: string): ItemKey => ({ pk: `TAGGED#${tag}`, sk: memberId }),
  taggedPartition: (tag: string) => `TAGGED#${tag}`,
  /** The tag catalog: every tag in one small partition (a shop has tens, at most TAG_CATALOG_MAX). */
  tagCatalogEntry: (tag: string): ItemKey => ({ pk: 'TAGS', sk: `${TAG_CATALOG_SK_PREFIX}${tag}` }),
  tagCatalogPartition: () => 'TAGS',
  /** How many tags the catalog holds (its cap is checked on it). */
  tagCatalogCount: (): ItemKey => ({ pk: 'TAGS', sk: 'COUNT' }),
  /** One suffix of a member's normalised nickname, in the partition of its first character. */
  memberSearchNickname: (suffix: string, memberId: string): ItemKey => ({
    pk: memberSearchNicknamePartition(suffix),
    sk: `${suffix}#${memberId}`,
  }),
  /** Where the suffixes starting like `text` live (`text` non-empty). */
  memberSearchNicknamePartition: (text: string) => memberSearchNicknamePartition(text),
  memberSearchPhone: (lastFour: string, memberId: string): ItemKey => ({ pk: `MEMBERSEARCH#PHONE4#${lastFour}`, sk: memberId }),
  memberSearchPhonePartition: (lastFour: string) => `MEMBERSEARCH#PHONE4#${lastFour}`,

  // ---- Surveys (满意度): definitions, asks, responses ----
  /** A survey's head: status, the draft or current definition, version, revision, responses counted. */
  surveyHead: (surveyId: string): ItemKey => ({ pk: 'SURVEYS', sk: `SURVEY#${surveyId}` }),
  surveysPartition: () => 'SURVEYS',
  /** A published version's questions, never changed once written (old answers are read against it). */
  surveyVersion: (surveyId: string, version: number): ItemKey => ({
    pk: `SURVEY#${surveyId}`,
    sk: `VERSION#${String(version).padStart(6, '0')}`,
  }),
  surveySettings: (): ItemKey => ({ pk: 'CONFIG#surveys', sk: 'CONFIG' }),
  /** A member's standing with one survey: asked when, shown how often, dismissed, answered, the draft answers. */
  surveyAsk: (memberId: string, surveyId: string): ItemKey => ({ pk: memberPk(memberId), sk: `SURVEYASK#${surveyId}` }),
  /** When the member was last asked any survey (the recontact limit reads it). */
  surveyContact: (memberId: string): ItemKey => ({ pk: memberPk(memberId), sk: 'SURVEYCONTACT' }),
  /** Exists once the member completed the survey in `round` ('once', or the ask number of a repeatable survey). */
  surveyResponseSlot: (memberId: string, surveyId: string, round: string): ItemKey => ({
    pk: memberPk(memberId),
    sk: `SURVEYDONE#${surveyId}#${round}`,
  }),
  /** A submission's idempotency: the request id -> the response it made. */
  surveyRequest: (memberId: string, requestId: string): ItemKey => ({ pk: memberPk(memberId), sk: `SURVEYREQ#${requestId}` }),
  /** A completed response, in its survey's partition by completion time (the staff's answer list and CSV). */
  surveyResponse: (surveyId: string, completedAt: string, responseId: string): ItemKey => ({
    pk: `SURVEYRESPONSES#${surveyId}`,
    sk: `${completedAt}#${responseId}`,
  }),
  surveyResponsesPartition: (surveyId: string) => `SURVEYRESPONSES#${surveyId}`,
  /** The member's copy of a response's headline (Customer 360), newest last. */
  memberSurveyResponse: (memberId: string, completedAt: string, responseId: string): ItemKey => ({
    pk: memberPk(memberId),
    sk: `SURVEYRESP#${completedAt}#${responseId}`,
  }),
  memberSurveyResponsePrefix: () => 'SURVEYRESP#',

  // ---- Survey figures (rollups) ----
  /**
   * One shard of a survey's figures of one period: `period` is `DAY#<day>`, `WEEK#<Monday>` or
   * `MONTH#<YYYY-MM>`; `part` > 0 only when one response's counters overflow one update.
   */
  surveyStats: (surveyId: string, period: string, shard: number, part = 0): ItemKey => ({
    pk: `SURVEYSTATS#${surveyId}`,
    sk: `${period}#${shard}${part > 0 ? `#x${part}` : ''}`,
  }),
  surveyStatsPartition: (surveyId: string) => `SURVEYSTATS#${surveyId}`,
  /** The first and last sort keys of the rollups of periods [first, last] of one kind (`DAY`, `WEEK`, `MONTH`), for a BETWEEN. */
  surveyStatsRange: (kind: 'DAY' | 'WEEK' | 'MONTH', first: string, last: string) => ({
    from: `${kind}#${first}#`,
    to: `${kind}#${last}${UPTO}`,
  }),

  // ---- Follow-ups (回访) ----
  /** A follow-up task (its id is made from the response's, so one response opens at most one). */
  followUpTask: (taskId: string): ItemKey => ({ pk: `FOLLOWUP#${taskId}`, sk: 'FOLLOWUP' }),
  /** The member's reference to a follow-up task, by creation (Customer 360), newest last. */
  memberFollowUp: (memberId: string, createdAt: string, taskId: string): ItemKey => ({
    pk: memberPk(memberId),
    sk: `${MEMBER_FOLLOW_UP_SK_PREFIX}${createdAt}#${taskId}`,
  }),
  memberFollowUpPartition: (memberId: string) => memberPk(memberId),
  memberFollowUpPrefix: () => MEMBER_FOLLOW_UP_SK_PREFIX,

  // ---- Group-buy (拼团) ----
  groupBuyHead: (campaignId: string): ItemKey => ({ pk: 'GROUPBUYS', sk: `CAMPAIGN#${campaignId}` }),
  groupBuysPartition: () => 'GROUPBUYS',
  groupBuyVersion: (campaignId: string, version: number): ItemKey => ({
    pk: `CAMPAIGN#${campaignId}`,
    sk: `VERSION#${String(version).padStart(6, '0')}`,
  }),
  /** The campaign's stock and group counts: the item every join, payment and release conditions on. */
  groupBuyStock: (campaignId: string): ItemKey => ({ pk: `CAMPAIGN#${campaignId}`, sk: 'STOCK' }),
  /** A forming group in its campaign's list, soonest deadline first. */
  formingGroup: (campaignId: string, deadline: string, groupId: string): ItemKey => ({
    pk: `CAMPAIGN#${campaignId}`,
    sk: `FORMING#${deadline}#${groupId}`,
  }),
  formingGroupsPartition: (campaignId: string) => `CAMPAIGN#${campaignId}`,
  formingGroupsPrefix: () => 'FORMING#',
  campaignOrderRef: (campaignId: string, createdAt: string, orderNo: string): ItemKey => ({
    pk: `CAMPAIGN#${campaignId}`,
    sk: `ORDER#${createdAt}#${orderNo}`,
  }),
  campaignOrderRefPrefix: () => 'ORDER#',
  group: (groupId: string): ItemKey => ({ pk: `GROUP#${groupId}`, sk: 'GROUP' }),
  groupOrder: (orderNo: string): ItemKey => ({ pk: `GROUPORDER#${orderNo}`, sk: 'GROUPORDER' }),
  groupHolding: (memberId: string, campaignId: string): ItemKey => ({ pk: memberPk(memberId), sk: `GROUPHOLD#${campaignId}` }),
  groupSeat: (memberId: string, groupId: string): ItemKey => ({ pk: memberPk(memberId), sk: `GROUPSEAT#${groupId}` }),
  groupRequest: (memberId: string, requestId: string): ItemKey => ({ pk: memberPk(memberId), sk: `GROUPREQ#${requestId}` }),
  memberGroupOrderRef: (memberId: string, createdAt: string, orderNo: string): ItemKey => ({
    pk: memberPk(memberId),
    sk: `GROUPORDERREF#${createdAt}#${orderNo}`,
  }),
  memberGroupOrderRefPrefix: () => 'GROUPORDERREF#',
  groupBuyTouch: (memberId: string, campaignId: string): ItemKey => ({ pk: memberPk(memberId), sk: `GROUPBUYTOUCH#${campaignId}` }),
  groupBuyReferral: (memberId: string): ItemKey => ({ pk: memberPk(memberId), sk: 'GROUPBUYREFERRAL' }),
  groupBuyStats: (campaignId: string, shard: number): ItemKey => ({ pk: `GROUPBUYSTATS#${campaignId}`, sk: `SHARD#${shard}` }),
  groupShare: (shareId: string): ItemKey => ({ pk: `GROUPSHARE#${shareId}`, sk: 'GROUPSHARE' }),
  fulfilment: (succeededAt: string, orderNo: string): ItemKey => ({ pk: 'FULFILMENTS', sk: `${succeededAt}#${orderNo}` }),
  fulfilmentsPartition: () => 'FULFILMENTS',

  // ---- Account deletion (注销账户) ----
  /** A member's deletion: under way (with the anonymous id of their kept records), then only when it was done. */
  accountErasure: (memberId: string): ItemKey => ({ pk: memberPk(memberId), sk: 'ERASURE' }),
  /** One points ledger entry of an erased member, kept without identity under their anonymous id. */
  erasedLedgerEntry: (anonymousId: string, createdAt: string, entryId: string): ItemKey => ({
    pk: `ERASED#${anonymousId}`,
    sk: `${LEDGER_SK_PREFIX}${createdAt}#${entryId}`,
  }),
  memberPartition: (memberId: string) => memberPk(memberId),
  // ---- Risk watch (风险控制) ----
  riskFlag: (raisedAt: string, flagId: string): ItemKey => ({ pk: 'RISKFLAGS', sk: `${RISK_FLAG_SK_PREFIX}${raisedAt}#${flagId}` }),
  riskFlagsPartition: () => 'RISKFLAGS',
  /** The one-per-subject × kind × period marker of a flag, pointing at its place in RISKFLAGS. */
  riskFlagId: (flagId: string): ItemKey => ({ pk: `RISKFLAGID#${flagId}`, sk: 'RISKFLAGID' }),
  riskShopNorm: (): ItemKey => ({ pk: 'CONFIG#risk', sk: 'SHOPNORM' }),
  redemptionHoldLog: (memberId: string, at: string, entryId: string): ItemKey => ({
    pk: memberPk(memberId),
    sk: `HOLDLOG#${at}#${entryId}`,
  }),
  // ---- Data exports (导出我的数据) ----
  dataExport: (memberId: string, exportId: string): ItemKey => ({ pk: memberPk(memberId), sk: `${DATA_EXPORT_SK_PREFIX}${exportId}` }),
  dataExportPartition: (memberId: string) => memberPk(memberId),
  dataExportDay: (memberId: string, shanghaiDate: string): ItemKey => ({ pk: memberPk(memberId), sk: `DATAEXPORTDAY#${shanghaiDate}` }),
  dataExportRequest: (memberId: string, requestId: string): ItemKey => ({ pk: memberPk(memberId), sk: `DATAEXPORTREQ#${requestId}` }),
  dataExportPurge: (purgeAt: string, memberId: string, exportId: string): ItemKey => ({
    pk: DATA_EXPORT_PURGE_PK,
    sk: `${purgeAt}#${memberId}#${exportId}`,
  }),
  dataExportPurgePartition: () => DATA_EXPORT_PURGE_PK,
} as const;

// A complaint with no running deadline sorts after every instant.
const queueSortKey = (dueAt: string | null, complaintId: string) => `${dueAt ?? '9999'}#${complaintId}`;
const queueStatusPk = (status: string) => `QUEUE#STATUS#${status}`;
const queueCategoryPk = (category: string) => `QUEUE#CATEGORY#${category}`;
const queueOwnerPk = (ownerId: string | null) => (ownerId === null ? 'QUEUE#UNCLAIMED' : `QUEUE#OWNER#${ownerId}`);
const QUEUE_BREACHED_PK = 'QUEUE#BREACHED';
const FOLLOW_UPS_OPEN_PK = 'FOLLOWUPS#OPEN';
const FOLLOW_UPS_FILED_PK = 'FOLLOWUPS';
const followUpOwnerPk = (assigneeId: string | null) => (assigneeId === null ? 'FOLLOWUP#UNCLAIMED' : `FOLLOWUP#OWNER#${assigneeId}`);

const pad2 = (n: number) => String(n).padStart(2, '0');
const lunarBirthdayPartition = (lunar: { month: number; day: number; leap: boolean }) =>
  `LUNARBIRTHDAY#${pad2(lunar.month)}-${pad2(lunar.day)}${lunar.leap ? '#leap' : ''}`;

/** Attributes that place an item in an index; spread them into the item. */
export const indexKeys = {
  byBirthday: (monthDay: string, memberId: string) => ({ birthdayPk: `BIRTHDAY#${monthDay}`, birthdaySk: memberId }),
  byBirthdayPartition: (monthDay: string) => `BIRTHDAY#${monthDay}`,
  /** A member who keeps a lunar birthday: month-day of the lunar calendar, and whether in the leap month. */
  byLunarBirthday: (lunar: { month: number; day: number; leap: boolean }, memberId: string) => ({
    birthdayPk: lunarBirthdayPartition(lunar),
    birthdaySk: memberId,
  }),
  byLunarBirthdayPartition: (lunar: { month: number; day: number; leap: boolean }) => lunarBirthdayPartition(lunar),
  /** A planned care delivery, in its member's shard, by when it goes. */
  byCareDue: (sendAt: string, memberId: string, ruleId: string) => ({
    careDuePk: `CAREDUE#${memberShard(memberId)}`,
    careDueSk: `${sendAt}#${memberId}#${ruleId}`,
  }),
  byCareDueShard: (shard: number) => `CAREDUE#${shard}`,
  byCareDueUpTo: (at: string) => `${at}${UPTO}`,
  /**
   * Group-buy timer work (byCareDue, own partitions): `kind` is reservation | refund | fulfilment (an order's id) or
   * deadline | effects (a group's id); spread onto the item the work belongs to, removed once it is done.
   */
  byGroupBuyDue: (dueAt: string, kind: 'reservation' | 'refund' | 'fulfilment' | 'deadline' | 'effects', id: string) => ({
    careDuePk: `GROUPBUYDUE#${groupBuyShard(id)}`,
    careDueSk: `${dueAt}#${kind}#${id}`,
  }),
  byGroupBuyDueShard: (shard: number) => `GROUPBUYDUE#${shard}`,
  byGroupBuyDueUpTo: (at: string) => `${at}${UPTO}`,
  /** The work a group-buy timer's sort key names: `<dueAt>#<kind>#<id>` (neither the instant nor the ids hold a '#'). */
  groupBuyDueOfSortKey: (careDueSk: string) => {
    const [dueAt, kind, id] = careDueSk.split('#') as [string, 'reservation' | 'refund' | 'fulfilment' | 'deadline' | 'effects', string];
    return { dueAt, kind, id };
  },
  byCareRule: (ruleId: string, sendAt: string, memberId: string) => ({
    careRulePk: `CARERULE#${ruleId}`,
    careRuleSk: `${sendAt}#${memberId}`,
  }),
  byCareRulePartition: (ruleId: string) => `CARERULE#${ruleId}`,
  byCareRuleUpTo: (at: string) => `${at}${UPTO}`,
  /** A member by the month-day of their first order (a first-order anniversary). */
  byFirstOrderDay: (monthDay: string, memberId: string) => ({ careDayPk: `FIRSTORDER#${monthDay}`, careDaySk: memberId }),
  byFirstOrderDayPartition: (monthDay: string) => `FIRSTORDER#${monthDay}`,
  /** A credited order by the Shanghai day it was paid (a post-purchase follow-up N days later). */
  byOrderDay: (day: string, memberId: string, orderId: string) => ({ careDayPk: `ORDERDAY#${day}`, careDaySk: `${memberId}#${orderId}` }),
  byOrderDayPartition: (day: string) => `ORDERDAY#${day}`,
  /** A member expected to buy a category again on `day` (a replenishment reminder N days before). */
  byReplenishDay: (day: string, category: string, memberId: string) => ({ careDayPk: `REPLENISH#${day}#${category}`, careDaySk: memberId }),
  byReplenishDayPartition: (day: string, category: string) => `REPLENISH#${day}#${category}`,
  byBuyer: (openid: string, paidAt: string, orderId: string) => ({ buyerPk: `BUYER#${openid}`, buyerSk: `${paidAt}#${orderId}` }),
  byBuyerPartition: (openid: string) => `BUYER#${openid}`,
  byJoinDate: (joinedAt: string, memberId: string) => ({ joinedPk: 'MEMBERS', joinedSk: `${joinedAt}#${memberId}` }),
  byJoinDatePartition: () => 'MEMBERS',
  /** An open lot, in its member's shard, by the instant it expires. */
  byExpiry: (expiresAt: string, memberId: string, lotId: string) => ({
    expiryPk: `EXPIRY#${memberShard(memberId)}`,
    expirySk: `${expiresAt}#${memberId}#${lotId}`,
  }),
  byExpiryShard: (shard: number) => `EXPIRY#${shard}`,
  /** The largest sort key of a lot expiring at or before `at` (an ISO instant). */
  byExpiryUpTo: (at: string) => `${at}${UPTO}`,
  /** Lots stored before the shards: one partition per Shanghai expiry date (read until they are all gone). */
  byExpiryLegacyPartition: (expiryDate: string) => `EXPIRY#${expiryDate}`,
  /** A member whose points expire on `expiryDay` (Shanghai date) and who has not been reminded of it yet. */
  byExpiryReminder: (expiryDay: string, memberId: string) => ({
    expiryPk: `REMIND#${memberShard(memberId)}`,
    expirySk: `${expiryDay}#${memberId}`,
  }),
  byExpiryReminderShard: (shard: number) => `REMIND#${shard}`,
  byExpiryReminderUpTo: (day: string) => `${day}${UPTO}`,
  /** A member the tier review must look at on `day` (Shanghai date) or the first run after it. */
  byReviewDay: (day: string, memberId: string) => ({ reviewPk: `REVIEW#${memberShard(memberId)}`, reviewSk: `${day}#${memberId}` }),
  byReviewDayShard: (shard: number) => `REVIEW#${shard}`,
  byReviewDayUpTo: (day: string) => `${day}${UPTO}`,
  /** Open complaints ordered by when their SLA next falls due (closed ones leave the queue). */
  byQueue: (dueAt: string | null, complaintId: string) => ({ queuePk: 'COMPLAINTS#OPEN', queueSk: queueSortKey(dueAt, complaintId) }),
  byQueuePartition: () => 'COMPLAINTS#OPEN',
  /** The sort key shared by every queue index: the SLA due time, then the complaint id. */
  queueSortKey,
  /** The complaint id a queue sort key names. */
  complaintIdOfQueueSortKey: (queueSk: string) => queueSk.slice(queueSk.indexOf('#') + 1),
  /**
   * Every queue partition an open complaint sits in: all open, its status, category, owner (or
   * unclaimed) and, when its breach is settled, the breached ones.
   */
  queueFacets: (input: { status: string; category: string; ownerId: string | null; breachedSettled: boolean }) => ({
    queueStatusPk: queueStatusPk(input.status),
    queueCategoryPk: queueCategoryPk(input.category),
    queueOwnerPk: queueOwnerPk(input.ownerId),
    ...(input.breachedSettled ? { queueBreachedPk: QUEUE_BREACHED_PK } : {}),
  }),
  byQueueStatusPartition: queueStatusPk,
  byQueueCategoryPartition: queueCategoryPk,
  byQueueOwnerPartition: queueOwnerPk,
  byQueueBreachedPartition: () => QUEUE_BREACHED_PK,
  /** Every complaint by the time it was filed (the supervisors' report over a date range). */
  byFiledDate: (submittedAt: string, complaintId: string) => ({ filedPk: 'COMPLAINTS', filedSk: `${submittedAt}#${complaintId}` }),
  byFiledDatePartition: () => 'COMPLAINTS',
  /** A goods redemption in the 兑换订单 list (all, and its status), by when it was redeemed. */
  byGoodsRedemption: (status: string, redeemedAt: string, code: string) => ({
    goodsPk: 'GOODS',
    goodsStatusPk: `GOODS#${status}`,
    goodsSk: `${redeemedAt}#${code}`,
  }),
  byGoodsRedemptionPartition: () => 'GOODS',
  byGoodsStatusPartition: (status: string) => `GOODS#${status}`,
  /** The coupon code a goods sort key names. */
  couponCodeOfGoodsSortKey: (goodsSk: string) => goodsSk.slice(goodsSk.lastIndexOf('#') + 1),

  // ---- Follow-ups (回访): the queue indexes' own partitions, apart from the complaints' ----
  /** An open follow-up task, in the open list and its assignee's (or the unclaimed) list, by when it falls due. */
  followUpQueue: (input: { dueAt: string; taskId: string; assigneeId: string | null }) => ({
    queuePk: FOLLOW_UPS_OPEN_PK,
    queueOwnerPk: followUpOwnerPk(input.assigneeId),
    queueSk: `${input.dueAt}#${input.taskId}`,
  }),
  followUpOpenPartition: () => FOLLOW_UPS_OPEN_PK,
  followUpOwnerPartition: (assigneeId: string | null) => followUpOwnerPk(assigneeId),
  /** Every follow-up task by when it was opened. */
  followUpFiled: (createdAt: string, taskId: string) => ({ filedPk: FOLLOW_UPS_FILED_PK, filedSk: `${createdAt}#${taskId}` }),
  followUpFiledPartition: () => FOLLOW_UPS_FILED_PK,
} as const;
