import { STAFF_INVITATION_PAGE, type InvitationWxaCode } from '@linli/shared/staff';
import type { Config } from '../config/config.ts';
import type { Deps } from '../deps.ts';
import { WechatApiError, type WxaCodeEnvVersion } from '../wechat/client.ts';

/**
 * How long creating an invitation waits for WeChat to draw its 小程序码. The API function has 10 s
 * and the code exists only in that one answer, so a slow WeChat must cost the image, never the
 * answer (two WeChat calls at the adapter's 5 s timeout each would not fit).
 */
export const INVITATION_WXA_CODE_BUDGET_MS = 4000;

/** The build a 小程序码 opens follows the build subscribe messages open. */
const ENV_VERSION: Record<Config['wechat']['miniprogramState'], WxaCodeEnvVersion> = {
  developer: 'develop',
  trial: 'trial',
  formal: 'release',
};

/**
 * The 小程序码 that opens the accept page with `code` as its scene, as a data URL; `unavailable`
 * when WeChat refuses, cannot be reached or is slower than the budget. Never throws: the
 * invitation stands without its image (its code and path still work).
 */
export async function drawInvitationWxaCode(
  deps: Pick<Deps, 'wechat' | 'config' | 'logger'>,
  code: string,
  budgetMs: number = INVITATION_WXA_CODE_BUDGET_MS,
): Promise<InvitationWxaCode> {
  const envVersion = ENV_VERSION[deps.config.wechat.miniprogramState];
  // The 26 Crockford base32 characters fit WeChat's scene (≤ 32 of [0-9A-Za-z] and a few marks)
  // as they are. check_path only for the released build: WeChat checks the page against the
  // released version, which a develop or trial build may be ahead of.
  const request = { scene: code, page: STAFF_INVITATION_PAGE, envVersion, checkPath: envVersion === 'release' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), budgetMs);
  });
  // Never log the scene: it is the invitation code itself. (Promise.race has subscribed to
  // WeChat's answer, so a failure arriving after the budget is handled, not an unhandled rejection.)
  try {
    const drawn = await Promise.race([deps.wechat.getUnlimitedWxaCode(request), late]);
    if (drawn !== 'late')
      return { status: 'ready', dataUrl: `data:${drawn.contentType};base64,${Buffer.from(drawn.image).toString('base64')}` };
    deps.logger.warn('invitation 小程序码 took too long; invitation answered without it', { budgetMs });
    return { status: 'unavailable' };
  } catch (error) {
    deps.logger.warn('invitation 小程序码 unavailable; invitation answered without it', {
      errcode: error instanceof WechatApiError ? error.errcode : undefined,
      error: error instanceof Error ? error.message : String(error),
    });
    return { status: 'unavailable' };
  } finally {
    clearTimeout(timer);
  }
}
