import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Config } from '../config/config.ts';
import type { Deps } from '../deps.ts';
import { WechatApiError, type WechatClient, type WxaCodeImage, type WxaCodeRequest } from '../wechat/client.ts';
import { drawInvitationWxaCode, INVITATION_WXA_CODE_BUDGET_MS } from './invitation-wxa-code.ts';

const CODE = '7K3M9QXT2VHC8RWD5YNB4FJG6P';
/** Taken before the fake timers replace it: a real turn of the event loop, after which Node reports unhandled rejections. */
const nextTurn = (
  (realSetImmediate) => () =>
    new Promise((resolve) => realSetImmediate(resolve))
)(setImmediate);
const PNG = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3);

function depsWith(
  getUnlimitedWxaCode: (request: WxaCodeRequest) => Promise<WxaCodeImage>,
  miniprogramState: Config['wechat']['miniprogramState'] = 'formal',
) {
  const warn = vi.fn();
  const deps = {
    wechat: { getUnlimitedWxaCode } as unknown as WechatClient,
    config: { wechat: { miniprogramState } } as unknown as Config,
    logger: { warn } as unknown as Deps['logger'],
  };
  return { deps, warn };
}

describe('drawInvitationWxaCode', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    ['formal', 'release', true],
    ['trial', 'trial', false],
    ['developer', 'develop', false],
  ] as const)(
    'asks a %s build for the accept page with the code as scene (env_version %s, check_path %s)',
    async (state, envVersion, checkPath) => {
      const draw = vi.fn(async () => ({ contentType: 'image/png' as const, image: PNG }));

      const drawn = await drawInvitationWxaCode(depsWith(draw, state).deps, CODE);

      expect(draw).toHaveBeenCalledWith({ scene: CODE, page: 'staff/pages/accept/index', envVersion, checkPath });
      expect(drawn).toEqual({ status: 'ready', dataUrl: `data:image/png;base64,${Buffer.from(PNG).toString('base64')}` });
    },
  );

  it('keeps the image type WeChat answered', async () => {
    const jpeg = Uint8Array.of(0xff, 0xd8, 0xff, 0xe0);

    const drawn = await drawInvitationWxaCode(depsWith(async () => ({ contentType: 'image/jpeg', image: jpeg })).deps, CODE);

    expect(drawn).toEqual({ status: 'ready', dataUrl: 'data:image/jpeg;base64,/9j/4A==' });
  });

  it('answers unavailable when WeChat refuses, logging the errcode but never the code', async () => {
    const { deps, warn } = depsWith(async () => {
      throw new WechatApiError(45009, 'reach max api daily quota limit', 'getwxacodeunlimit');
    });

    expect(await drawInvitationWxaCode(deps, CODE)).toEqual({ status: 'unavailable' });
    expect(warn).toHaveBeenCalledWith(expect.any(String), expect.objectContaining({ errcode: 45009 }));
    expect(JSON.stringify(warn.mock.calls)).not.toContain(CODE);
  });

  it('gives up after the budget when WeChat hangs, so the invitation is still answered in time', async () => {
    const { deps, warn } = depsWith(() => new Promise<WxaCodeImage>(() => {}));

    const drawing = drawInvitationWxaCode(deps, CODE);
    await vi.advanceTimersByTimeAsync(INVITATION_WXA_CODE_BUDGET_MS - 1);
    const settled = vi.fn();
    void drawing.then(settled);
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);

    expect(await drawing).toEqual({ status: 'unavailable' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('too long'), { budgetMs: INVITATION_WXA_CODE_BUDGET_MS });
  });

  it('swallows a failure that arrives after the budget (no unhandled rejection)', async () => {
    let fail: (error: Error) => void = () => {};
    const { deps } = depsWith(() => new Promise<WxaCodeImage>((_, reject) => (fail = reject)));
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const drawing = drawInvitationWxaCode(deps, CODE, 10);
      await vi.advanceTimersByTimeAsync(10);
      expect(await drawing).toEqual({ status: 'unavailable' });

      fail(new Error('socket hang up'));
      await nextTurn();

      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
