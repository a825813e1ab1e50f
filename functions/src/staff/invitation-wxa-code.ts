import { STAFF_INVITATION_PAGE, type InvitationWxaCode } from '@linli/shared/staff';
import type { Deps } from '../deps.ts';
import { drawWxaCode } from '../wechat/wxa-code.ts';

/**
 * How long creating an invitation waits for WeChat to draw its 小程序码. The API function has 10 s
 * and the code exists only in that one answer, so a slow WeChat must cost the image, never the
 * answer (two WeChat calls at the adapter's 5 s timeout each would not fit).
 */
export const INVITATION_WXA_CODE_BUDGET_MS = 4000;

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
  // The 26 Crockford base32 characters fit WeChat's scene (≤ 32 of [0-9A-Za-z] and a few marks) as they are.
  return drawWxaCode(deps, { scene: code, page: STAFF_INVITATION_PAGE, what: 'invitation' }, budgetMs);
}
