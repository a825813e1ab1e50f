import * as z from 'zod';
import { BuyerSurvey, SurveyCardResult, SurveySubmitResult, type Answers, type SurveySubmitRequest } from '@linli/shared/surveys';
import { callApi } from './contract';

/** The buyer's survey calls: the survey page and the home page's card. */

/** The survey's current version as the buyer answers it, with the draft saved earlier and whether it may be answered. */
export function getBuyerSurvey(surveyId: string) {
  return callApi(BuyerSurvey, 'GET', '/v1/surveys/:surveyId', { param: { surveyId } });
}

/** Saves the answers so far (not submitted). */
export function saveSurveyDraft(surveyId: string, version: number, answers: Answers) {
  return callApi(BuyerSurvey, 'PUT', '/v1/surveys/:surveyId/draft', { param: { surveyId }, body: { version, answers } });
}

/**
 * Submits the response. `request.requestId` is made once per submission and reused on every retry
 * of it: the server answers a repeated id with the first response instead of recording two.
 */
export function submitSurvey(surveyId: string, request: SurveySubmitRequest) {
  return callApi(SurveySubmitResult, 'POST', '/v1/surveys/:surveyId/responses', { param: { surveyId }, body: request });
}

/** ✕ on the home card: recorded apart from answering, so the survey is not offered again. */
export function dismissSurvey(surveyId: string) {
  return callApi(z.null(), 'POST', '/v1/surveys/:surveyId/dismiss', { param: { surveyId } });
}

/** The survey the home page offers this member now, if any; the server records that it was shown. */
export function getSurveyCard() {
  return callApi(SurveyCardResult, 'POST', '/v1/me/survey-card');
}
