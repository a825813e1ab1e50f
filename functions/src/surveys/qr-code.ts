import { SURVEY_PAGE, type SurveyQrCode } from '@linli/shared/surveys';
import type { Deps } from '../deps.ts';
import { DomainError } from '../platform/domain-error.ts';
import { drawWxaCode } from '../wechat/wxa-code.ts';
import { requireSurveyHead } from './definitions.ts';

/**
 * How long the 小程序码 route waits for WeChat. The route exists for the image alone, so it may wait
 * longer than an invitation's answer, within the API function's 10 s.
 */
export const SURVEY_WXA_CODE_BUDGET_MS = 8000;

/**
 * The survey's link and 小程序码 (e.g. for a card in the parcel): the buyer page with the survey id
 * as its scene (`sv_` and 26 characters fit WeChat's 32). The image is `unavailable` when WeChat
 * could not draw it just then; the link works either way.
 */
export async function surveyQrCode(
  deps: Pick<Deps, 'db' | 'clock' | 'wechat' | 'config' | 'logger'>,
  surveyId: string,
): Promise<SurveyQrCode> {
  const head = await requireSurveyHead(deps, surveyId);
  if (head.builtIn) throw new DomainError('SURVEY_READ_ONLY', "The complaint-resolution survey is answered through a complaint's rating");
  const wxaCode = await drawWxaCode(deps, { scene: surveyId, page: SURVEY_PAGE, what: 'survey' }, SURVEY_WXA_CODE_BUDGET_MS);
  return { surveyId, path: `${SURVEY_PAGE}?id=${surveyId}`, wxaCode };
}
