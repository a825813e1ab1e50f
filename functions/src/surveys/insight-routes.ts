import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { ErrorBody } from '@linli/shared/errors';
import {
  SurveyInsight,
  SurveyInsightQuery,
  SurveyResponsePage,
  SurveyResponsesCsvQuery,
  SurveyResponsesQuery,
} from '@linli/shared/survey-stats';
import { SurveyId } from '@linli/shared/surveys';
import type { Deps } from '../deps.ts';
import { staffOnly, staffReadingPersonalData } from '../http/access.ts';
import { jsonContent, newRouter, CSV_NEXT_CURSOR_HEADER } from '../http/router.ts';
import { surveyResponsePage, surveyResponsesCsv } from './insight-responses.ts';
import { surveyInsight } from './survey-insight.ts';

const Params = z.object({ surveyId: SurveyId });
const errors = {
  401: jsonContent(ErrorBody, 'Not logged in'),
  403: jsonContent(ErrorBody, 'Not a supervisor or admin'),
  404: jsonContent(ErrorBody, 'SURVEY_NOT_FOUND'),
};

/** 满意度看板: a survey's figures, its answers with filters, and their export (supervisors and admins). */
export function surveyInsightRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/surveys/{surveyId}/insight',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['surveys', 'staff'],
        summary:
          "A survey's figures over a period: NPS or CSAT with its 95 % margin, distribution, weekly and monthly trend, breakdowns, choices, follow-ups, and the change from the previous period labelled significant or not",
        request: { params: Params, query: SurveyInsightQuery },
        responses: { 200: jsonContent(SurveyInsight, 'The figures'), ...errors },
      }),
      async (c) => c.json(await surveyInsight(deps, c.req.valid('param').surveyId, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/surveys/{surveyId}/responses',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['surveys', 'staff'],
        summary:
          "A page of a survey's responses, newest first, answers as the version answered asked them; filter by score, NPS class, text",
        request: { params: Params, query: SurveyResponsesQuery },
        responses: { 200: jsonContent(SurveyResponsePage, 'A page'), ...errors },
      }),
      async (c) => c.json(await surveyResponsePage(deps, c.req.valid('param').surveyId, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/surveys/{surveyId}/responses.csv',
        ...staffReadingPersonalData(deps, 'admin', 'supervisor'),
        tags: ['surveys', 'staff'],
        summary: `A survey's responses as CSV (UTF-8 with BOM), oldest first; at most 5,000 rows a request, the rest from the cursor in ${CSV_NEXT_CURSOR_HEADER}`,
        request: { params: Params, query: SurveyResponsesCsvQuery },
        responses: { 200: { content: { 'text/csv': { schema: z.string() } }, description: 'CSV' }, ...errors },
      }),
      async (c) => {
        const { surveyId } = c.req.valid('param');
        const result = await surveyResponsesCsv(deps, surveyId, c.req.valid('query'));
        return c.body(result.csv, 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="survey-${surveyId}-${result.from}-${result.to}.csv"`,
          ...(result.nextCursor ? { [CSV_NEXT_CURSOR_HEADER]: result.nextCursor } : {}),
        });
      },
    );
}
