import type { Deps } from '../deps.ts';
import { clearAuthorizations, returnOneAuthorization } from '../subscriptions/repository.ts';
import { WECHAT_ERRCODE, WechatApiError, WechatUnreachableError } from '../wechat/client.ts';

export type CareSendOutcome = 'sent' | 'no-authorization' | 'already-sent' | 'refused-by-wechat' | 'failed';

/** Where one occasion's directly sent message (a birthday greeting, a complaint update) is claimed and recorded. */
export interface CareMessageRecord {
  /** Claims the occasion and spends one authorization in one transaction. */
  claim(at: string): Promise<'claimed' | 'already-sent' | 'no-authorization'>;
  mark(status: 'sent' | 'refused' | 'uncertain', at: string, detail: { msgid?: string; error?: string }): Promise<void>;
  /** Drops the claim after a send WeChat definitely did not deliver, so a later run may try again. */
  release(): Promise<void>;
}

/**
 * Sends one subscribe message for one occasion: only with an authorization held (one is spent
 * per send), at most once per occasion. WeChat's 43101 means our count was stale: it is zeroed.
 * A definite refusal gives the authorization back; an unknown outcome keeps the claim, erring on
 * the side of never sending twice.
 */
export async function sendWithAuthorization(
  deps: Pick<Deps, 'db' | 'wechat' | 'clock' | 'config' | 'logger'>,
  input: {
    record: CareMessageRecord;
    memberId: string;
    openid: string;
    templateId: string;
    page: string;
    data: Record<string, { value: string }>;
  },
): Promise<CareSendOutcome> {
  const claim = await input.record.claim(deps.clock().toISOString());
  if (claim !== 'claimed') return claim;
  try {
    const { msgid } = await deps.wechat.sendSubscribeMessage({
      touser: input.openid,
      templateId: input.templateId,
      page: input.page,
      data: input.data,
      miniprogramState: deps.config.wechat.miniprogramState,
    });
    await input.record.mark('sent', deps.clock().toISOString(), { msgid });
    return 'sent';
  } catch (error) {
    const at = deps.clock().toISOString();
    if (error instanceof WechatApiError && error.errcode === WECHAT_ERRCODE.subscriptionRefused) {
      await clearAuthorizations(deps.db, input.memberId, input.templateId, at);
      await input.record.mark('refused', at, { error: '43101' });
      return 'refused-by-wechat';
    }
    if (error instanceof WechatApiError) {
      await input.record.release();
      await returnOneAuthorization(deps.db, input.memberId, input.templateId);
      deps.logger.warn('subscribe message refused by WeChat', {
        memberId: input.memberId,
        templateId: input.templateId,
        errcode: error.errcode,
      });
      return 'failed';
    }
    if (error instanceof WechatUnreachableError) {
      await input.record.mark('uncertain', at, { error: error.message });
      deps.logger.warn('subscribe message outcome unknown', {
        memberId: input.memberId,
        templateId: input.templateId,
        error: error.message,
      });
      return 'failed';
    }
    throw error;
  }
}
