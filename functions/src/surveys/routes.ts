import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { ErrorBody } from '@linli/shared/errors';
import {
  BuyerSurvey,
  Survey,
  SurveyCardResult,
  SurveyDraftRequest,
  SurveyInput,
  SurveyList,
  SurveyQrCode,
  SurveyRevisionRequest,
  SurveySettingsUpdate,
  SurveySettingsView,
  SurveySubmitRequest,
  SurveySubmitResult,
  SurveyUpdate,
  SurveyVersionView,
} from '@linli/shared/surveys';
import type { Deps } from '../deps.ts';
import { signedIn, staffOnly, staffChangingSettings } from '../http/access.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import { buyerSurvey, dismissSurvey, saveSurveyDraft, submitSurveyResponse } from './answering.ts';
import { homeSurveyCard } from './asking.ts';
import {
  closeSurvey,
  createSurvey,
  getSurvey,
  getSurveyVersionView,
  listSurveys,
  publishSurvey,
  reopenSurvey,
  updateSurvey,
} from './definitions.ts';
import { surveyQrCode } from './qr-code.ts';
import { getSurveySettings, updateSurveySettings } from './settings.ts';

const Params = z.object({ surveyId: z.string().min(1).max(64) });
const VersionParams = Params.extend({ version: z.coerce.number().int().min(1).max(1_000_000) });
const body = <T>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const staffErrors = {
  404: jsonContent(ErrorBody, 'SURVEY_NOT_FOUND'),
  409: jsonContent(ErrorBody, 'CONFLICT (changed since read, or not in a state for this), SURVEY_READ_ONLY (the built-in survey)'),
};
const buyerErrors = {
  404: jsonContent(ErrorBody, 'SURVEY_NOT_FOUND (also a draft, and the built-in complaint survey)'),
  409: jsonContent(
    ErrorBody,
    'SURVEY_CLOSED, SURVEY_ALREADY_ANSWERED, SURVEY_VERSION_OUTDATED (reload the survey), SURVEY_NOT_ELIGIBLE (e.g. not a member)',
  ),
  422: jsonContent(ErrorBody, 'SURVEY_ANSWERS_INVALID: issues name each question (answers.<questionId>) and the problem'),
};

/** 满意度: building surveys (admins; supervisors read), their settings and 小程序码, and answering them (buyers). */
export function surveyRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/surveys',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['surveys', 'staff'],
        summary: 'Every survey: the built-in complaint CSAT first, then newest first',
        responses: { 200: jsonContent(SurveyList, 'Surveys') },
      }),
      async (c) => c.json({ items: await listSurveys(deps) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/surveys',
        ...staffOnly(deps, 'admin'),
        tags: ['surveys', 'staff'],
        summary: 'Create a survey as a draft (version 0)',
        request: body(SurveyInput),
        responses: { 200: jsonContent(Survey, 'The draft'), 422: jsonContent(ErrorBody, 'SURVEY_LIMIT_REACHED'), ...staffErrors },
      }),
      async (c) => c.json(await createSurvey(deps, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/surveys/{surveyId}',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['surveys', 'staff'],
        summary: 'One survey: its draft, or its current published definition',
        request: { params: Params },
        responses: { 200: jsonContent(Survey, 'The survey'), ...staffErrors },
      }),
      async (c) => c.json(await getSurvey(deps, c.req.valid('param').surveyId), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/v1/staff/surveys/{surveyId}',
        ...staffOnly(deps, 'admin'),
        tags: ['surveys', 'staff'],
        summary:
          "Edit at the revision read: a draft in place; a published or closed survey publishes version + 1 at once (answers keep their version). The built-in survey's questions and rules are fixed",
        request: { params: Params, ...body(SurveyUpdate) },
        responses: { 200: jsonContent(Survey, 'The survey'), ...staffErrors },
      }),
      async (c) => c.json(await updateSurvey(deps, c.req.valid('param').surveyId, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/surveys/{surveyId}/publish',
        ...staffOnly(deps, 'admin'),
        tags: ['surveys', 'staff'],
        summary: 'Publish a draft as version 1',
        request: { params: Params, ...body(SurveyRevisionRequest) },
        responses: { 200: jsonContent(Survey, 'The survey'), ...staffErrors },
      }),
      async (c) => c.json(await publishSurvey(deps, c.req.valid('param').surveyId, c.req.valid('json').revision), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/surveys/{surveyId}/close',
        ...staffOnly(deps, 'admin'),
        tags: ['surveys', 'staff'],
        summary: 'Stop taking answers',
        request: { params: Params, ...body(SurveyRevisionRequest) },
        responses: { 200: jsonContent(Survey, 'The survey'), ...staffErrors },
      }),
      async (c) => c.json(await closeSurvey(deps, c.req.valid('param').surveyId, c.req.valid('json').revision), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/surveys/{surveyId}/reopen',
        ...staffOnly(deps, 'admin'),
        tags: ['surveys', 'staff'],
        summary: 'Take answers again after closing (a passed close day or a reached limit is changed by editing instead)',
        request: { params: Params, ...body(SurveyRevisionRequest) },
        responses: { 200: jsonContent(Survey, 'The survey'), ...staffErrors },
      }),
      async (c) => c.json(await reopenSurvey(deps, c.req.valid('param').surveyId, c.req.valid('json').revision), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/surveys/{surveyId}/versions/{version}',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['surveys', 'staff'],
        summary: 'One published version as it was published (old answers are read against it)',
        request: { params: VersionParams },
        responses: {
          200: jsonContent(SurveyVersionView, 'The version'),
          404: jsonContent(ErrorBody, 'SURVEY_NOT_FOUND (or no such version)'),
        },
      }),
      async (c) => {
        const { surveyId, version } = c.req.valid('param');
        return c.json(await getSurveyVersionView(deps, surveyId, version), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/surveys/{surveyId}/qr-code',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['surveys', 'staff'],
        summary: "The survey's link and 小程序码 (scene = the survey id); the image is unavailable when WeChat could not draw it",
        request: { params: Params },
        responses: { 200: jsonContent(SurveyQrCode, 'Link and code'), ...staffErrors },
      }),
      async (c) => c.json(await surveyQrCode(deps, c.req.valid('param').surveyId), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/survey-settings',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['surveys', 'staff'],
        summary: 'The recontact limit and follow-up (回访) rules',
        responses: { 200: jsonContent(SurveySettingsView, 'Settings') },
      }),
      async (c) => c.json(await getSurveySettings(deps.db), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/v1/staff/survey-settings',
        ...staffChangingSettings(deps, () => getSurveySettings(deps.db), 'admin'),
        tags: ['surveys', 'staff'],
        summary: 'Replace the settings at the version read',
        request: body(SurveySettingsUpdate),
        responses: { 200: jsonContent(SurveySettingsView, 'Saved'), 409: jsonContent(ErrorBody, 'CONFLICT') },
      }),
      async (c) => c.json(await updateSurveySettings(deps, { request: c.req.valid('json'), by: c.var.session.memberId }), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/surveys/{surveyId}',
        ...signedIn(deps),
        tags: ['surveys'],
        summary: 'A survey to answer: its current version, the answers saved so far, and whether I may answer (and why not)',
        request: { params: Params },
        responses: { 200: jsonContent(BuyerSurvey, 'The survey'), ...buyerErrors },
      }),
      async (c) => c.json(await buyerSurvey(deps, c.var.session.memberId, c.req.valid('param').surveyId), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/v1/surveys/{surveyId}/draft',
        ...signedIn(deps),
        tags: ['surveys'],
        summary: 'Save partial answers to resume later (required questions may be left blank)',
        request: { params: Params, ...body(SurveyDraftRequest) },
        responses: { 200: jsonContent(BuyerSurvey, 'The survey with the draft'), ...buyerErrors },
      }),
      async (c) => c.json(await saveSurveyDraft(deps, c.var.session.memberId, c.req.valid('param').surveyId, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/surveys/{surveyId}/responses',
        ...signedIn(deps),
        tags: ['surveys'],
        summary: 'Submit the answers (idempotent by requestId: a retry answers with the first result); the reward is given once per survey',
        request: { params: Params, ...body(SurveySubmitRequest) },
        responses: { 200: jsonContent(SurveySubmitResult, 'Recorded'), ...buyerErrors },
      }),
      async (c) =>
        c.json(await submitSurveyResponse(deps, c.var.session.memberId, c.req.valid('param').surveyId, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/surveys/{surveyId}/dismiss',
        ...signedIn(deps),
        tags: ['surveys'],
        summary: 'I closed the survey without answering (recorded apart from answering: it stops being offered)',
        request: { params: Params },
        responses: { 204: { description: 'Recorded' }, 404: buyerErrors[404] },
      }),
      async (c) => {
        await dismissSurvey(deps, c.var.session.memberId, c.req.valid('param').surveyId);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/me/survey-card',
        ...signedIn(deps),
        tags: ['surveys'],
        summary: 'The survey the home page offers me now (the show is recorded), or null',
        responses: { 200: jsonContent(SurveyCardResult, 'The card or null') },
      }),
      async (c) => c.json({ card: await homeSurveyCard(deps, c.var.session.memberId) }, 200),
    );
}
