import { type RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { TABLE_DEFINITION } from '../functions/src/db/table.ts';
import { LinliKey } from './linli-key.ts';

export type TableAccess = 'read' | 'readWrite';

// DynamoDB has no Transact* IAM actions: a transaction is authorised per item by the actions
// below (TransactGetItems by GetItem; TransactWriteItems by Put/Update/Delete/ConditionCheckItem).
// Scan is left out on purpose: every access pattern has a key or an index.
const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];
const INDEX_ACTIONS = ['dynamodb:Query'];
// What DynamoDB asks of the caller's own rights on a customer-managed table key (the same actions
// CDK's own table grants give, without their wildcards: no ReEncrypt*, no GenerateDataKey*).
const KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];
const KEY_WRITE_ACTIONS = ['kms:Encrypt', 'kms:GenerateDataKey'];

/**
 * The operations Linli calls (functions/src/db), whose ThrottledRequests the throttle alarm adds up.
 * A throttled index write shows up here too: it throttles the table write that caused it. At most
 * ten, the metrics one CloudWatch alarm may use.
 */
export const THROTTLE_WATCHED_OPERATIONS: readonly dynamodb.Operation[] = [
  dynamodb.Operation.GET_ITEM,
  dynamodb.Operation.BATCH_GET_ITEM,
  dynamodb.Operation.QUERY,
  dynamodb.Operation.PUT_ITEM,
  dynamodb.Operation.UPDATE_ITEM,
  dynamodb.Operation.DELETE_ITEM,
  dynamodb.Operation.BATCH_WRITE_ITEM,
  dynamodb.Operation.TRANSACT_GET_ITEMS,
  dynamodb.Operation.TRANSACT_WRITE_ITEMS,
];

export interface LinliTableProps {
  removalPolicy: RemovalPolicy;
  deletionProtection: boolean;
  /**
   * Indexes of TABLE_DEFINITION left out of this deploy. DynamoDB creates one global secondary
   * index per table update, so a table that lacks several is brought up to date by deploys that
   * each withhold one fewer (infra/README.md, "Adding indexes to a deployed table").
   */
  withheldIndexes?: readonly string[];
}

/** Linli's single table, built from TABLE_DEFINITION so the cloud and DynamoDB Local agree. */
export class LinliTable extends dynamodb.TableV2 {
  /** ARNs of the indexes by name, so grants can name each index instead of `index/*`. */
  readonly indexArns: readonly string[];
  /** The customer-managed key the table (its items, indexes and backups) is encrypted with. */
  readonly key: LinliKey;

  constructor(scope: Construct, id: string, props: LinliTableProps) {
    const indexes = deployedIndexes(props.withheldIndexes ?? []);
    // Created beside the table because super() needs it.
    const key = new LinliKey(scope, `${id}Key`, {
      protects: 'the DynamoDB table, its indexes and backups',
      aliasName: 'table',
      removalPolicy: props.removalPolicy,
    });
    super(scope, id, {
      partitionKey: { name: TABLE_DEFINITION.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_DEFINITION.sortKey, type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: TABLE_DEFINITION.ttlAttribute,
      globalSecondaryIndexes: indexes.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      })),
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // KMS encryption; the key itself is set on the replica below.
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });
    // A key of our own rather than aws/dynamodb: its policy decides who may use it, it can be
    // disabled to lock the data away at once, and its use (per caller) is in CloudTrail. The price
    // is a key kept as long as the table and its backups (the key is retained with them). Phone
    // numbers are additionally encrypted by the application (AES-256-GCM) before they reach the table.
    // TableEncryptionV2.customerManagedKey() renders only in a stack with a known region (to tell
    // the deployment region's replica from others'); Linli's stacks are region-agnostic and the
    // table has one replica, so the key goes on it here. The table-level SSESpecification
    // (SSEEnabled, KMS) is the same for both kinds of key.
    (this.node.defaultChild as dynamodb.CfnGlobalTable).addPropertyOverride('Replicas.0.SSESpecification', {
      KMSMasterKeyId: key.keyArn,
    });
    this.key = key;
    this.indexArns = indexes.map((index) => `${this.tableArn}/index/${index.name}`);
  }

  /**
   * Grants exactly the item actions `access` needs on the table and Query on each named index,
   * and the use of the table's key that those need (DynamoDB calls KMS with the caller's rights).
   */
  grantAccess(grantee: iam.IGrantable, access: TableAccess): void {
    const tableActions = access === 'readWrite' ? [...READ_ACTIONS, ...WRITE_ACTIONS] : READ_ACTIONS;
    iam.Grant.addToPrincipal({ grantee, actions: tableActions, resourceArns: [this.tableArn] });
    iam.Grant.addToPrincipal({ grantee, actions: INDEX_ACTIONS, resourceArns: [...this.indexArns] });
    this.key.grant(grantee, ...(access === 'readWrite' ? [...KEY_READ_ACTIONS, ...KEY_WRITE_ACTIONS] : KEY_READ_ACTIONS));
  }
}

/** TABLE_DEFINITION's indexes less the withheld ones; a withheld name the definition lacks is a typo, so it stops the synth. */
function deployedIndexes(withheld: readonly string[]): typeof TABLE_DEFINITION.indexes {
  const known = new Set(TABLE_DEFINITION.indexes.map((index) => index.name));
  const unknown = withheld.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`Withheld indexes not in TABLE_DEFINITION: ${unknown.join(', ')}`);
  return TABLE_DEFINITION.indexes.filter((index) => !withheld.includes(index.name));
}
