import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/errors';
import { blockOfError, blockOfSurvey, rewardEarnedText, rewardOfferText, surveyLaunch } from './surveys';

describe('what the survey page was opened with', () => {
  it('reads a link’s id, its source and order', () => {
    expect(surveyLaunch({ id: 'sv_abc123', from: 'invitation', order: 'ord-9' })).toEqual({
      surveyId: 'sv_abc123',
      source: 'invitation',
      orderId: 'ord-9',
    });
  });

  it('reads a 小程序码’s URL-encoded scene as the survey id, counted as a link', () => {
    expect(surveyLaunch({ scene: encodeURIComponent('sv_Q-7x') })).toEqual({ surveyId: 'sv_Q-7x', source: 'link', orderId: null });
    expect(surveyLaunch({ scene: 'sv_Q-7x' }).surveyId).toBe('sv_Q-7x');
  });

  it('takes only card, link and invitation as sources; the complaint source is the desk’s own', () => {
    expect(surveyLaunch({ id: 'sv_1', from: 'card' }).source).toBe('card');
    expect(surveyLaunch({ id: 'sv_1', from: 'complaint' }).source).toBe('link');
    expect(surveyLaunch({ id: 'sv_1' }).source).toBe('link');
  });

  it('asks the server nothing for what cannot be a survey id', () => {
    expect(surveyLaunch({}).surveyId).toBeNull();
    expect(surveyLaunch({ id: 'not-a-survey' }).surveyId).toBeNull();
    expect(surveyLaunch({ scene: '%E0%A4%A' }).surveyId).toBeNull();
    expect(surveyLaunch({ id: 'sv_1', order: 'x'.repeat(65) }).orderId).toBeNull();
  });
});

describe('the screen instead of the questions', () => {
  it('follows the server’s reason when the survey cannot be answered', () => {
    expect(blockOfSurvey({ answerable: true, reason: null })).toBeNull();
    expect(blockOfSurvey({ answerable: false, reason: 'closed' })).toBe('closed');
    expect(blockOfSurvey({ answerable: false, reason: 'limit-reached' })).toBe('closed');
    expect(blockOfSurvey({ answerable: false, reason: 'answered' })).toBe('answered');
    expect(blockOfSurvey({ answerable: false, reason: 'not-published' })).toBe('not-found');
    expect(blockOfSurvey({ answerable: false, reason: 'not-member' })).toBe('not-member');
    expect(blockOfSurvey({ answerable: false, reason: 'recontact' })).toBe('not-eligible');
  });

  it('follows the survey errors of a call, and leaves the others to be shown where they happened', () => {
    const error = (code: ConstructorParameters<typeof ApiError>[0], status: number) => new ApiError(code, status, '');
    expect(blockOfError(error('SURVEY_NOT_FOUND', 404))).toBe('not-found');
    expect(blockOfError(error('SURVEY_CLOSED', 409))).toBe('closed');
    expect(blockOfError(error('SURVEY_ALREADY_ANSWERED', 409))).toBe('answered');
    expect(blockOfError(error('SURVEY_VERSION_OUTDATED', 409))).toBe('outdated');
    expect(blockOfError(error('SURVEY_ANSWERS_INVALID', 422))).toBeNull();
    expect(blockOfError(error('NETWORK', 0))).toBeNull();
  });
});

describe('rewards', () => {
  it('says the points earned or offered only when there are some', () => {
    expect(rewardEarnedText(30)).toBe('已获得 30 积分');
    expect(rewardEarnedText(0)).toBeNull();
    expect(rewardOfferText(30)).toBe('完成可得 30 积分');
    expect(rewardOfferText(0)).toBeNull();
  });
});
