import { describe, expect, it } from 'vitest';
import { subscribeResultsFrom } from './subscribe-result';

describe('subscribeResultsFrom', () => {
  it('reports each asked template with what the user chose', () => {
    const answer = { errMsg: 'requestSubscribeMessage:ok', tplA: 'accept', tplB: 'reject' };
    expect(subscribeResultsFrom(answer, ['tplA', 'tplB'])).toEqual([
      { templateId: 'tplA', result: 'accept' },
      { templateId: 'tplB', result: 'reject' },
    ]);
  });

  it('leaves out templates without a known answer', () => {
    const answer = { errMsg: 'requestSubscribeMessage:ok', tplA: 'ban', tplB: 'something-new' };
    expect(subscribeResultsFrom(answer, ['tplA', 'tplB', 'tplC'])).toEqual([{ templateId: 'tplA', result: 'ban' }]);
  });
});
