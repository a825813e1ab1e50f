import { Survey, SurveyList, SurveyQrCode, SurveySettingsView, type SurveyInput, type SurveySettingsUpdate } from '@linli/shared/surveys';
import { callApi } from './contract';

/*
 * The calls of the 问卷调查 pages (supervisors read, admins build and change). Apart from the buyer's
 * calls (surveys.ts) so that only the staff pages import them.
 */

/** 问卷调查: every survey, the built-in complaint-resolution CSAT among them. */
export function listSurveys() {
  return callApi(SurveyList, 'GET', '/v1/staff/surveys');
}

export function getSurvey(surveyId: string) {
  return callApi(Survey, 'GET', '/v1/staff/surveys/:surveyId', { param: { surveyId } });
}

/** A new survey, saved as a draft (status draft, version 0). */
export function createSurvey(survey: SurveyInput) {
  return callApi(Survey, 'POST', '/v1/staff/surveys', { body: survey });
}

/**
 * Replaces a survey's definition; `revision` is the one read (a stale one is 409 CONFLICT). A draft
 * stays a draft; a published survey publishes version + 1 at once.
 */
export function updateSurvey(surveyId: string, survey: SurveyInput, revision: number) {
  return callApi(Survey, 'PUT', '/v1/staff/surveys/:surveyId', { param: { surveyId }, body: { survey, revision } });
}

/** Publishes a draft as version 1. */
export function publishSurvey(surveyId: string, revision: number) {
  return callApi(Survey, 'POST', '/v1/staff/surveys/:surveyId/publish', { param: { surveyId }, body: { revision } });
}

/** Stops taking answers now (结束). */
export function closeSurvey(surveyId: string, revision: number) {
  return callApi(Survey, 'POST', '/v1/staff/surveys/:surveyId/close', { param: { surveyId }, body: { revision } });
}

/** Takes answers again (重新开放). */
export function reopenSurvey(surveyId: string, revision: number) {
  return callApi(Survey, 'POST', '/v1/staff/surveys/:surveyId/reopen', { param: { surveyId }, body: { revision } });
}

/** The survey's link and 小程序码 (unavailable when WeChat could not draw one just then). */
export function getSurveyQrCode(surveyId: string) {
  return callApi(SurveyQrCode, 'GET', '/v1/staff/surveys/:surveyId/qr-code', { param: { surveyId } });
}

/** 问卷设置 as stored, with the version to send back. */
export function getSurveySettings() {
  return callApi(SurveySettingsView, 'GET', '/v1/staff/survey-settings');
}

export function saveSurveySettings(settings: SurveySettingsUpdate) {
  return callApi(SurveySettingsView, 'PUT', '/v1/staff/survey-settings', { body: settings });
}

/** 问卷设置 as read: the settings with the version to send back (a stale one is 409 CONFLICT). */
export type StoredSurveySettings = SurveySettingsView;
