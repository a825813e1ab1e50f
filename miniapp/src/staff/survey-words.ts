import { SURVEY_STATUS_NAMES, type Survey } from '@linli/shared/surveys';

/* How the 问卷调查 pages name a survey's state to people. */

/** 草稿 / 进行中 / 已结束. */
export function surveyStatusText(survey: Pick<Survey, 'status'>): string {
  return SURVEY_STATUS_NAMES[survey.status];
}

/** 第 N 版, or 未发布 for a draft (version 0). */
export function surveyVersionText(survey: Pick<Survey, 'version'>): string {
  return survey.version > 0 ? `第 ${survey.version} 版` : '未发布';
}

/** When it stops taking answers: a last day, a response count, both, or neither. */
export function surveyClosesText(survey: Pick<Survey, 'definition'>): string {
  const { closesOn, responseLimit } = survey.definition;
  const parts = [closesOn ? `${closesOn} 截止` : null, responseLimit !== null ? `收满 ${responseLimit} 份` : null].filter(Boolean);
  return parts.length ? parts.join('，或') : '不限';
}
