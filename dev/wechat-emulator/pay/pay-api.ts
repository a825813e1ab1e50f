import { Hono, type Context } from 'hono';
import { parseAuthorization, signAnswer, verifyLines } from './pay-crypto.ts';
import { certificateList, closeOrder, createJsapiOrder, createRefund, queryOrder, queryRefund, type PayContext } from './pay-engine.ts';
import { PAY_ERRORS, paramError, signError, type PayError } from './pay-errors.ts';
import type { PayForcedFailure } from './pay-state.ts';

/** WeChat Pay refuses requests signed further than this from its clock. */
const REQUEST_MAX_AGE_SECONDS = 300;
/** A timed-out call is held open until the caller gives up, but never longer than this. */
const TIMEOUT_HOLD_MS = 60_000;

type Variables = { mchid: string };

/**
 * WeChat Pay API v3 (api.mch.weixin.qq.com) paths Linli calls. Every request must carry a valid
 * merchant signature (401 SIGN_ERROR otherwise); every answer, errors included, is signed by
 * WeChat Pay in the configured mode (Wechatpay-Timestamp/-Nonce/-Signature/-Serial).
 */
export function payApiRoutes(ctx: PayContext) {
  return (
    new Hono<{ Variables: Variables }>()
      // Outermost: sign whatever the answer is.
      .use('/v3/*', async (c, next) => {
        await next();
        const body = c.res.status === 204 ? '' : await c.res.clone().text();
        const headers = new Headers(c.res.headers);
        for (const [name, value] of Object.entries(signAnswer(ctx.settings.signer, body, ctx.now()))) headers.set(name, value);
        c.res = new Response(c.res.status === 204 ? null : body, { status: c.res.status, headers });
      })
      // A failure a test queued (POST /__emulator/pay/failures) answers after the signature check.
      .use('/v3/*', async (c, next) => {
        const signed = await checkSignature(ctx, c);
        if ('error' in signed) return payError(c, signed.error);
        c.set('mchid', signed.mchid);
        const forced = takeForcedFailure(ctx, c.req.path);
        if (!forced) return next();
        if (forced.kind === 'frequency-limited') return payError(c, PAY_ERRORS.frequencyLimited);
        if (forced.kind === 'not-enough') return payError(c, PAY_ERRORS.notEnough);
        // The call takes effect, then its answer is lost (outcome unknown); or it is lost before.
        if (forced.applied) await next();
        if (forced.kind === 'timeout') await heldUntilCallerGivesUp(c.req.raw.signal);
        // Assigned, not only returned: after next() Hono keeps the handler's answer otherwise.
        c.res = forced.kind === 'system-error' ? payError(c, PAY_ERRORS.systemError) : new Response(null, { status: 504 });
        return c.res;
      })
      .post('/v3/pay/transactions/jsapi', async (c) => answer(c, createJsapiOrder(ctx, await readJson(c), c.get('mchid')), 200))
      .get('/v3/pay/transactions/out-trade-no/:outTradeNo', (c) =>
        answer(c, queryOrder(ctx, c.req.param('outTradeNo'), c.req.query('mchid')), 200),
      )
      .post('/v3/pay/transactions/out-trade-no/:outTradeNo/close', async (c) => {
        const result = closeOrder(ctx, c.req.param('outTradeNo'), await readJson(c));
        return 'error' in result ? payError(c, result.error) : c.body(null, 204);
      })
      .post('/v3/refund/domestic/refunds', async (c) => answer(c, createRefund(ctx, await readJson(c)), 200))
      .get('/v3/refund/domestic/refunds/:outRefundNo', (c) => answer(c, queryRefund(ctx, c.req.param('outRefundNo')), 200))
      .get('/v3/certificates', (c) =>
        // Merchants registered since late 2024 have no platform certificate: they use the public key.
        ctx.settings.mode === 'public-key' ? payError(c, PAY_ERRORS.noCertificates) : c.json(certificateList(ctx)),
      )
      .all('/v3/*', (c) => payError(c, PAY_ERRORS.notFound))
  );
}

function answer(c: Context, result: { ok: unknown } | { error: PayError }, status: 200) {
  return 'error' in result ? payError(c, result.error) : c.json(result.ok as object, status);
}

function payError(c: Context, error: PayError) {
  return c.json({ code: error.code, message: error.message }, error.status as 400);
}

async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Checks the Authorization header as WeChat Pay does: the merchant it names, or the error to answer. */
async function checkSignature(ctx: PayContext, c: Context): Promise<{ mchid: string } | { error: PayError }> {
  const parsed = parseAuthorization(c.req.header('authorization'));
  if ('refused' in parsed) return { error: signError(parsed.refused) };
  if (parsed.mchid !== ctx.settings.mchId) return { error: signError('商户号不存在或与证书不匹配') };
  if (parsed.serialNo.toUpperCase() !== ctx.settings.merchantSerialNo.toUpperCase()) return { error: signError('商户证书序列号有误') };
  if (!/^\d+$/.test(parsed.timestamp) || Math.abs(ctx.now().getTime() / 1000 - Number(parsed.timestamp)) > REQUEST_MAX_AGE_SECONDS)
    return { error: signError('请求时间戳已过期，请检查服务器时间') };
  const url = new URL(c.req.url);
  const body = c.req.method === 'GET' ? '' : await c.req.text();
  const lines = [c.req.method, url.pathname + url.search, parsed.timestamp, parsed.nonce, body];
  if (!verifyLines(ctx.settings.merchantPublicKey, lines, parsed.signature)) return { error: signError('签名验证失败') };
  if (body !== '' && !isJson(body)) return { error: paramError('/body', '不是合法的JSON') };
  return { mchid: parsed.mchid };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function takeForcedFailure(ctx: PayContext, path: string): PayForcedFailure | undefined {
  const failures = ctx.state.forcedFailures;
  const index = failures.findIndex((failure) =>
    failure.path.endsWith('*') ? path.startsWith(failure.path.slice(0, -1)) : failure.path === path,
  );
  if (index < 0) return undefined;
  const failure = failures[index]!;
  failure.times -= 1;
  if (failure.times <= 0) failures.splice(index, 1);
  return failure;
}

/** Resolves when the caller gives up (its signal aborts), or after TIMEOUT_HOLD_MS at the latest. */
function heldUntilCallerGivesUp(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, TIMEOUT_HOLD_MS);
    timer.unref();
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
