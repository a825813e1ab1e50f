import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SurveyInput, SurveyStatus } from '@linli/shared/surveys';
import { batchGetItems } from '../db/batch-get.ts';
import type { Database } from '../db/client.ts';
import { keys } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import type { SurveyResponseRecord } from './response-record.ts';
import type { PeriodRange } from './rollups.ts';

// What the survey figures, the answer list and the export read: rollup items by period, the survey's
// head and its published versions, and completed responses by completion time.

/**
 * The rollup items of the given period ranges (each one BETWEEN query of the SURVEYSTATS
 * partition). `attributes`: read only these counters (a trend needs one question's histogram, not
 * every breakdown), else every attribute.
 */
export async function listSurveyStats(
  db: Database,
  surveyId: string,
  ranges: readonly PeriodRange[],
  attributes?: readonly string[],
): Promise<Array<Record<string, unknown>>> {
  const projection =
    attributes === undefined
      ? {}
      : {
          ProjectionExpression: ['sk', ...attributes.map((_, i) => `#p${i}`)].join(', '),
          ExpressionAttributeNames: Object.fromEntries(attributes.map((name, i) => [`#p${i}`, name])),
        };
  const pages = await Promise.all(
    ranges.map((range) => {
      const bounds = keys.surveyStatsRange(range.kind, range.first, range.last);
      return queryAllPages(db, {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': keys.surveyStatsPartition(surveyId), ':from': bounds.from, ':to': bounds.to },
        ...projection,
      });
    }),
  );
  return pages.flat();
}

/** The survey as the figures need it: its name, status, current version and definition. */
export interface SurveyHeadForFigures {
  surveyId: string;
  status: SurveyStatus;
  version: number;
  definition: SurveyInput;
}

export async function getSurveyHeadForFigures(db: Database, surveyId: string): Promise<SurveyHeadForFigures | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.surveyHead(surveyId) }));
  if (!Item) return null;
  return {
    surveyId,
    status: Item.status as SurveyStatus,
    version: Item.version as number,
    definition: Item.definition as SurveyInput,
  };
}

/** The definitions of published versions (immutable: what each response answered), by version number. */
export async function getSurveyVersionDefinitions(
  db: Database,
  surveyId: string,
  versions: readonly number[],
): Promise<Map<number, SurveyInput>> {
  const wanted = [...new Set(versions)].filter((version) => version > 0);
  const items = await batchGetItems(
    db,
    wanted.map((version) => keys.surveyVersion(surveyId, version)),
  );
  const byVersion = new Map<number, SurveyInput>();
  for (const item of items) byVersion.set(Number((item.sk as string).slice('VERSION#'.length)), item.definition as SurveyInput);
  return byVersion;
}

/**
 * One page of a survey's responses completed in [fromIso, toIso), newest first or oldest first,
 * starting after the sort key `after` (a cursor's); `lastKey`: the sort key of the page's last item
 * when DynamoDB has more to read, else null.
 */
export async function listSurveyResponsesPage(
  db: Database,
  input: { surveyId: string; fromIso: string; toIso: string; after?: string; limit: number; newestFirst: boolean },
): Promise<{ responses: Array<SurveyResponseRecord & { sk: string }>; lastKey: string | null }> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      // completedAt#responseId: every key of the period sorts between the two instants.
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.surveyResponsesPartition(input.surveyId), ':from': input.fromIso, ':to': input.toIso },
      ScanIndexForward: !input.newestFirst,
      Limit: input.limit,
      ...(input.after ? { ExclusiveStartKey: { pk: keys.surveyResponsesPartition(input.surveyId), sk: input.after } } : {}),
    }),
  );
  return {
    responses: (result.Items ?? []).map((item) => item as SurveyResponseRecord & { sk: string }),
    lastKey: result.LastEvaluatedKey ? (result.LastEvaluatedKey.sk as string) : null,
  };
}
