import { SurveyInsight, SurveyResponsePage, type SurveyInsightQuery } from '@linli/shared/survey-stats';
import { API_BASE } from '@/env';
import { downloadCsv } from '@/staff/csv-download';
import { callApi } from './contract';

/*
 * The calls of 满意度看板 (supervisors and admins): a survey's figures over a period, a page of its
 * answers, and the CSV export. Apart from staff-surveys.ts so that only the dashboard imports them.
 */

/** The figures of `surveyId` over the period, about the rated question chosen (the first NPS or CSAT one by default). */
export function getSurveyInsight(surveyId: string, query: SurveyInsightQuery) {
  return callApi(SurveyInsight, 'GET', '/v1/staff/surveys/:surveyId/insight', { param: { surveyId }, query });
}

/** A page of answers, newest first; `query` as responsesQuery builds it (period, score filter, 有文字回答, cursor). */
export function listSurveyResponses(surveyId: string, query: Record<string, string>) {
  return callApi(SurveyResponsePage, 'GET', '/v1/staff/surveys/:surveyId/responses', { param: { surveyId }, query });
}

/** The period's answers as CSV (the first CSV_ROW_LIMIT of them): a file in the browser, a file to forward in WeChat. */
export function exportSurveyResponses(survey: { surveyId: string; name: string }, from: string, to: string): Promise<void> {
  const name = survey.name.replace(/[\\/:*?"<>|\s]+/g, '_');
  return downloadCsv(
    `${API_BASE}/v1/staff/surveys/${encodeURIComponent(survey.surveyId)}/responses.csv?from=${from}&to=${to}`,
    `问卷回答-${name}-${from}至${to}.csv`,
  );
}
