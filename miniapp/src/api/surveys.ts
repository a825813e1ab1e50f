import * as z from 'zod';
import { BuyerSurvey, SurveyCard, SurveySubmitResult, type Answers, type SurveySubmitRequest } from '@linli/shared/surveys';
import { apiRequest } from './http';

/*
 * The buyer's survey calls: the survey page and the home page's card.
 *
 * Written before the survey routes joined the API: these go through apiRequest with the route's
 * path spelled out. Once functions/src has the routes, switch them to callApi (contract.ts), which
 * checks paths, parameters and bodies against the server's own types.
 */

const surveyPath = (surveyId: string, tail = '') => `/v1/surveys/${encodeURIComponent(surveyId)}${tail}`;

/** The survey's current version as the buyer answers it, with the draft saved earlier and whether it may be answered. */
export function getBuyerSurvey(surveyId: string) {
  return apiRequest(BuyerSurvey, 'GET', surveyPath(surveyId));
}

/** Saves the answers so far (not submitted); answered with nothing the page needs. */
export function saveSurveyDraft(surveyId: string, version: number, answers: Answers) {
  return apiRequest(z.unknown(), 'PUT', surveyPath(surveyId, '/draft'), { body: { version, answers } });
}

/**
 * Submits the response. `request.requestId` is made once per submission and reused on every retry
 * of it: the server answers a repeated id with the first response instead of recording two.
 */
export function submitSurvey(surveyId: string, request: SurveySubmitRequest) {
  return apiRequest(SurveySubmitResult, 'POST', surveyPath(surveyId, '/responses'), { body: request });
}

/** ✕ on the home card: recorded apart from answering, so the survey is not offered again. */
export function dismissSurvey(surveyId: string) {
  return apiRequest(z.unknown(), 'POST', surveyPath(surveyId, '/dismiss'));
}

const SurveyCardAnswer = z.object({ card: SurveyCard.nullable() });

/** The survey the home page offers this member now, if any; the server records that it was shown. */
export function getSurveyCard() {
  return apiRequest(SurveyCardAnswer, 'POST', '/v1/me/survey-card');
}
