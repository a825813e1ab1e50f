import * as z from 'zod';
import { Survey, SurveySettings, type SurveyInput } from '@linli/shared/surveys';
import { apiRequest } from './http';

/*
 * The calls of the 问卷调查 pages (supervisors read, admins build and change). Apart from the buyer's
 * calls (surveys.ts) so that only the staff pages import them.
 *
 * Written before the survey routes joined the API: these go through apiRequest with the route's
 * path spelled out. Once functions/src has the routes, switch them to callApi (contract.ts), which
 * checks paths, parameters and bodies against the server's own types.
 */

const STAFF_SURVEYS = '/v1/staff/surveys';
const surveyPath = (surveyId: string, tail = '') => `${STAFF_SURVEYS}/${encodeURIComponent(surveyId)}${tail}`;

const SurveyList = z.object({ items: z.array(Survey) });
export type SurveyList = z.infer<typeof SurveyList>;

/** 问卷调查: every survey, the built-in complaint-resolution CSAT among them. */
export function listSurveys() {
  return apiRequest(SurveyList, 'GET', STAFF_SURVEYS);
}

export function getSurvey(surveyId: string) {
  return apiRequest(Survey, 'GET', surveyPath(surveyId));
}

/** A new survey, saved as a draft (status draft, version 0). */
export function createSurvey(survey: SurveyInput) {
  return apiRequest(Survey, 'POST', STAFF_SURVEYS, { body: survey });
}

/**
 * Replaces a survey's definition; `revision` is the one read (a stale one is 409 CONFLICT). A draft
 * stays a draft; a published survey publishes version + 1 at once.
 */
export function updateSurvey(surveyId: string, survey: SurveyInput, revision: number) {
  return apiRequest(Survey, 'PUT', surveyPath(surveyId), { body: { survey, revision } });
}

/** Publishes a draft as version 1. */
export function publishSurvey(surveyId: string, revision: number) {
  return apiRequest(Survey, 'POST', surveyPath(surveyId, '/publish'), { body: { revision } });
}

/** Stops taking answers now (结束). */
export function closeSurvey(surveyId: string, revision: number) {
  return apiRequest(Survey, 'POST', surveyPath(surveyId, '/close'), { body: { revision } });
}

/** Takes answers again (重新开放). */
export function reopenSurvey(surveyId: string, revision: number) {
  return apiRequest(Survey, 'POST', surveyPath(surveyId, '/reopen'), { body: { revision } });
}

/**
 * The survey's 小程序码 as an image data URL, and the page it opens. Read loosely (`dataUrl`, or the
 * invitation's `{ status, dataUrl }`): without an image the page draws a plain QR of the path.
 */
const SurveyQrCode = z.object({
  dataUrl: z.string().optional(),
  status: z.enum(['ready', 'unavailable']).optional(),
  path: z.string().optional(),
});
export type SurveyQrCode = z.infer<typeof SurveyQrCode>;

export function getSurveyQrCode(surveyId: string) {
  return apiRequest(SurveyQrCode, 'GET', surveyPath(surveyId, '/qr-code'));
}

/**
 * 问卷设置 as stored. Read loosely: a field the page does not edit (a version for optimistic locking,
 * say) goes back on save as it came.
 */
const StoredSurveySettings = SurveySettings.loose();
export type StoredSurveySettings = z.infer<typeof StoredSurveySettings> & { version?: number };

export function getSurveySettings() {
  return apiRequest(StoredSurveySettings, 'GET', '/v1/staff/survey-settings');
}

export function saveSurveySettings(settings: StoredSurveySettings) {
  return apiRequest(StoredSurveySettings, 'PUT', '/v1/staff/survey-settings', { body: settings });
}
