import Taro from '@tarojs/taro';

/* The ways between the 问卷调查 pages. */

const SURVEY_PAGE = '/staff/pages/survey/index';
const SETTINGS_PAGE = '/staff/pages/survey-settings/index';
/** 满意度看板, in the insight subpackage beside 客户洞察 (its charts' library is there). */
const INSIGHT_PAGE = '/insight/pages/survey-insight/index';

const withId = (page: string, id: string) => `${page}?id=${encodeURIComponent(id)}`;

/** The builder: a new survey, or the saved one `surveyId`. */
export function openSurvey(surveyId?: string): void {
  void Taro.navigateTo({ url: surveyId ? withId(SURVEY_PAGE, surveyId) : SURVEY_PAGE });
}

/** The same, in place of the page shown (the builder once a new survey is saved, so 返回 goes to the list). */
export function replaceWithSurvey(surveyId: string): void {
  void Taro.redirectTo({ url: withId(SURVEY_PAGE, surveyId) });
}

export function openSurveySettings(): void {
  void Taro.navigateTo({ url: SETTINGS_PAGE });
}

/** 满意度看板 of the survey `surveyId`: its figures, answers and export. */
export function openSurveyInsight(surveyId: string): void {
  void Taro.navigateTo({ url: withId(INSIGHT_PAGE, surveyId) });
}
