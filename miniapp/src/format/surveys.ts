import { SurveyId, type BuyerSurvey, type IneligibleReason } from '@linli/shared/surveys';
import { ApiError } from '@/api/errors';
import { linkParam } from '@/format/link-param';

/** Where the buyer came from, as the page's `from` says it; anything else counts as a link. */
export type SurveySource = 'card' | 'link' | 'invitation';

export interface SurveyLaunch {
  /** null: the page was opened without a survey id that could be one (nothing to ask the server). */
  surveyId: string | null;
  source: SurveySource;
  orderId: string | null;
}

/**
 * What the survey page was opened with: `id` (a link, a care message) or `scene` (a 小程序码, whose
 * scene WeChat hands over URL-encoded) names the survey; `from` is card, link or invitation; `order`
 * the order a post-purchase invitation asks about.
 */
export function surveyLaunch(params: Partial<Record<string, string | undefined>>): SurveyLaunch {
  const candidate = linkParam(params.id) || linkParam(params.scene);
  const from = linkParam(params.from);
  const order = linkParam(params.order);
  return {
    surveyId: SurveyId.safeParse(candidate).success ? candidate : null,
    source: from === 'card' || from === 'invitation' ? from : 'link',
    orderId: order && order.length <= 64 ? order : null,
  };
}

/** The screens other than the questions: why the buyer cannot answer now. */
export type SurveyBlock = 'not-found' | 'closed' | 'answered' | 'outdated' | 'not-member' | 'not-eligible';

export const SURVEY_BLOCK_TEXT: Record<SurveyBlock, { title: string; text: string }> = {
  'not-found': { title: '问卷不存在', text: '这份问卷不存在或已被删除，请确认链接是否正确。' },
  closed: { title: '问卷已结束', text: '这份问卷已停止收集，感谢你的关注。' },
  answered: { title: '你已填写过', text: '你已经填写过这份问卷，感谢参与！' },
  outdated: { title: '问卷内容已更新', text: '问卷在你填写期间更新了，请重新加载后继续填写，已填的答案会尽量保留。' },
  'not-member': { title: '加入会员后即可填写', text: '这份问卷邀请会员参与，加入邻里会员后即可填写。' },
  'not-eligible': { title: '暂时无法参与', text: '当前无法参与这份问卷，感谢你的关注。' },
};

/** Why a loaded survey cannot be answered, from the server's reason; null when it can. */
export function blockOfSurvey(survey: Pick<BuyerSurvey, 'answerable' | 'reason'>): SurveyBlock | null {
  if (survey.answerable) return null;
  return blockOfReason(survey.reason);
}

function blockOfReason(reason: IneligibleReason | null): SurveyBlock {
  switch (reason) {
    case 'not-published':
      return 'not-found';
    case 'closed':
    case 'limit-reached':
      return 'closed';
    case 'answered':
      return 'answered';
    case 'not-member':
      return 'not-member';
    default:
      return 'not-eligible';
  }
}

/** The screen a failed call leads to (a survey error), or null for an error shown where it happened. */
export function blockOfError(error: unknown): SurveyBlock | null {
  if (!(error instanceof ApiError)) return null;
  switch (error.code) {
    case 'SURVEY_NOT_FOUND':
    case 'NOT_FOUND':
      return 'not-found';
    case 'SURVEY_CLOSED':
      return 'closed';
    case 'SURVEY_ALREADY_ANSWERED':
      return 'answered';
    case 'SURVEY_VERSION_OUTDATED':
      return 'outdated';
    case 'SURVEY_NOT_ELIGIBLE':
      return 'not-eligible';
    default:
      return null;
  }
}

/** 「已获得 N 积分」 on the thank-you screen; nothing when the response earned none. */
export function rewardEarnedText(points: number): string | null {
  return points > 0 ? `已获得 ${points} 积分` : null;
}

/** The reward a survey offers before it is answered (the home card, the page's head). */
export function rewardOfferText(points: number): string | null {
  return points > 0 ? `完成可得 ${points} 积分` : null;
}
