import type { Config } from '../config/config.ts';
import type { Deps } from '../deps.ts';
import { WechatApiError, type WxaCodeEnvVersion } from './client.ts';

/** A drawn 小程序码 as a data URL, or `unavailable` when WeChat could not draw one just then. */
export type DrawnWxaCode = { status: 'ready'; dataUrl: string } | { status: 'unavailable' };

/** The build a 小程序码 opens follows the build subscribe messages open. */
const ENV_VERSION: Record<Config['wechat']['miniprogramState'], WxaCodeEnvVersion> = {
  developer: 'develop',
  trial: 'trial',
  formal: 'release',
};

/**
 * The 小程序码 that opens `page` with `scene`, as a data URL; `unavailable` when WeChat refuses,
 * cannot be reached or is slower than `budgetMs`. Never throws, and never logs the scene (it may be
 * a secret, such as a staff invitation's code). `what` names the code in the log.
 */
export async function drawWxaCode(
  deps: Pick<Deps, 'wechat' | 'config' | 'logger'>,
  input: { scene: string; page: string; what: string },
  budgetMs: number,
): Promise<DrawnWxaCode> {
  const envVersion = ENV_VERSION[deps.config.wechat.miniprogramState];
  // check_path only for the released build: WeChat checks the page against the released version,
  // which a develop or trial build may be ahead of.
  const request = { scene: input.scene, page: input.page, envVersion, checkPath: envVersion === 'release' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), budgetMs);
  });
  // Promise.race has subscribed to WeChat's answer, so a failure arriving after the budget is
  // handled, not an unhandled rejection.
  try {
    const drawn = await Promise.race([deps.wechat.getUnlimitedWxaCode(request), late]);
    if (drawn !== 'late')
      return { status: 'ready', dataUrl: `data:${drawn.contentType};base64,${Buffer.from(drawn.image).toString('base64')}` };
    deps.logger.warn(`${input.what} 小程序码 took too long; answered without it`, { budgetMs });
    return { status: 'unavailable' };
  } catch (error) {
    deps.logger.warn(`${input.what} 小程序码 unavailable; answered without it`, {
      errcode: error instanceof WechatApiError ? error.errcode : undefined,
      error: error instanceof Error ? error.message : String(error),
    });
    return { status: 'unavailable' };
  } finally {
    clearTimeout(timer);
  }
}
