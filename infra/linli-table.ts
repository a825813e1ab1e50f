import { type RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { TABLE_DEFINITION } from '../functions/src/db/table.ts';

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

  constructor(scope: Construct, id: string, props: LinliTableProps) {
    const indexes = deployedIndexes(props.withheldIndexes ?? []);
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
      // The AWS managed key (aws/dynamodb) rather than a CMK: every use of the key is in the
      // account's CloudTrail, there is no key policy to get wrong and no monthly key fee, and no
      // way to lock the table's data away by deleting a key. Phone numbers are additionally
      // encrypted by the application (AES-256-GCM) before they reach the table.
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });
    this.indexArns = indexes.map((index) => `${this.tableArn}/index/${index.name}`);
  }

  /** Grants exactly the item actions `access` needs on the table and Query on each named index. */
  grantAccess(grantee: iam.IGrantable, access: TableAccess): void {
    const tableActions = access === 'readWrite' ? [...READ_ACTIONS, ...WRITE_ACTIONS] : READ_ACTIONS;
    iam.Grant.addToPrincipal({ grantee, actions: tableActions, resourceArns: [this.tableArn] });
    iam.Grant.addToPrincipal({ grantee, actions: INDEX_ACTIONS, resourceArns: [...this.indexArns] });
  }
}

/** TABLE_DEFINITION's indexes less the withheld ones; a withheld name the definition lacks is a typo, so it stops the synth. */
function deployedIndexes(withheld: readonly string[]): typeof TABLE_DEFINITION.indexes {
  const known = new Set(TABLE_DEFINITION.indexes.map((index) => index.name));
  const unknown = withheld.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`Withheld indexes not in TABLE_DEFINITION: ${unknown.join(', ')}`);
  return TABLE_DEFINITION.indexes.filter((index) => !withheld.includes(index.name));
}
