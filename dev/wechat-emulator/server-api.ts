import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { accessTokenError, grantClassicToken, grantStableToken } from './access-tokens.ts';
import type { EmulatorContext } from './context.ts';
import { errorBody, WECHAT_ERRORS, type WechatError } from './errors.ts';
import { phoneNumberFromCode, spendCode, userNameFromLoginCode } from './one-time-codes.ts';
import { parseSendRequest, sendSubscribeMessage } from './subscribe-message.ts';
import { issueWxaCode, parseWxaCodeRequest } from './wxa-code.ts';

/**
 * The WeChat server API (api.weixin.qq.com) paths Linli calls, with WeChat's own parameter
 * names and error conventions: every answer is HTTP 200, errors are `{ errcode, errmsg }`.
 */
export function serverApiRoutes(ctx: EmulatorContext) {
  return new Hono()
    .use('*', async (c, next) => {
      // A failure queued by a test (POST /__emulator/failures) answers before anything is checked.
      const forced = takeForcedFailure(ctx, c.req.path);
      if (forced) return c.json(errorBody(forced));
      await next();
    })
    .get('/sns/jscode2session', (c) => c.json(code2Session(ctx, c.req.query())))
    .get('/cgi-bin/token', (c) => {
      const query = c.req.query();
      const refused = grantTypeError(query.grant_type) ?? credentialsError(ctx, query.appid, query.secret);
      if (refused) return c.json(errorBody(refused));
      return c.json(grantClassicToken(ctx.state, ctx.now().getTime()));
    })
    .post('/cgi-bin/stable_token', async (c) => {
      const body = await readJsonObject(c);
      if ('error' in body) return c.json(errorBody(body.error));
      const { grant_type: grantType, appid, secret, force_refresh: forceRefresh } = body.value;
      const refused = grantTypeError(grantType) ?? credentialsError(ctx, appid, secret);
      if (refused) return c.json(errorBody(refused));
      return c.json(grantStableToken(ctx.state, ctx.now().getTime(), forceRefresh === true));
    })
    .post('/cgi-bin/message/subscribe/send', async (c) => {
      const tokenRefused = accessTokenError(ctx.state, c.req.query('access_token'), ctx.now().getTime());
      if (tokenRefused) return c.json(errorBody(tokenRefused));
      const body = await readJsonObject(c);
      if ('error' in body) return c.json(errorBody(body.error));
      const parsed = parseSendRequest(body.value);
      if ('error' in parsed) return c.json(errorBody(parsed.error));
      const sent = sendSubscribeMessage(ctx.state, parsed.request, ctx.now());
      if ('error' in sent) return c.json(errorBody(sent.error));
      ctx.persist();
      return c.json({ errcode: 0, errmsg: 'ok', msgid: sent.msgid });
    })
    .post('/wxa/business/getuserphonenumber', async (c) => {
      const nowMs = ctx.now().getTime();
      const tokenRefused = accessTokenError(ctx.state, c.req.query('access_token'), nowMs);
      if (tokenRefused) return c.json(errorBody(tokenRefused));
      const body = await readJsonObject(c);
      if ('error' in body) return c.json(errorBody(body.error));
      const { code } = body.value;
      if (typeof code !== 'string' || code === '') return c.json(errorBody(WECHAT_ERRORS.codeMissing));
      const phoneNumber = phoneNumberFromCode(code);
      // WeChat answers 40029 both for a made-up code and for one already exchanged.
      if (!phoneNumber || !spendCode(ctx.state.usedCodes, 'phone', code, nowMs)) {
        return c.json(errorBody(WECHAT_ERRORS.invalidCode));
      }
      return c.json({
        errcode: 0,
        errmsg: 'ok',
        phone_info: {
          phoneNumber,
          purePhoneNumber: phoneNumber,
          countryCode: '86',
          watermark: { timestamp: Math.floor(nowMs / 1000), appid: ctx.appId },
        },
      });
    })
    .post('/wxa/getwxacodeunlimit', async (c) => {
      const tokenRefused = accessTokenError(ctx.state, c.req.query('access_token'), ctx.now().getTime());
      if (tokenRefused) return c.json(errorBody(tokenRefused));
      const body = await readJsonObject(c);
      if ('error' in body) return c.json(errorBody(body.error));
      const parsed = parseWxaCodeRequest(body.value, ctx.appPages);
      if ('error' in parsed) return c.json(errorBody(parsed.error));
      const image = issueWxaCode(ctx.state, parsed.request, ctx.now());
      ctx.persist();
      // WeChat answers JPEG unless is_hyaline asks for transparency (PNG); the emulator always
      // answers PNG, so a client that trusts Content-Type rather than assuming JPEG is what works.
      return c.body(new Uint8Array(image), 200, { 'content-type': 'image/png' });
    })
    .on(
      ['GET', 'PUT', 'PATCH', 'DELETE'],
      ['/cgi-bin/stable_token', '/cgi-bin/message/subscribe/send', '/wxa/business/getuserphonenumber', '/wxa/getwxacodeunlimit'],
      (c) => c.json(errorBody(WECHAT_ERRORS.requirePost)),
    );
}

type Query = Record<string, string | undefined>;

function takeForcedFailure(ctx: EmulatorContext, path: string): WechatError | undefined {
  const index = ctx.state.forcedFailures.findIndex((failure) => failure.path === path);
  if (index < 0) return undefined;
  const failure = ctx.state.forcedFailures[index]!;
  failure.times -= 1;
  if (failure.times <= 0) ctx.state.forcedFailures.splice(index, 1);
  return failure.error;
}

/** auth.code2Session: exchanges a wx.login code for the user's openid, unionid and session key. */
function code2Session(ctx: EmulatorContext, query: Query) {
  const refused =
    credentialsError(ctx, query.appid, query.secret) ??
    (query.grant_type === 'authorization_code' ? undefined : WECHAT_ERRORS.invalidGrantType);
  if (refused) return errorBody(refused);
  const code = query.js_code;
  if (!code) return errorBody(WECHAT_ERRORS.codeMissing);
  const name = userNameFromLoginCode(code);
  if (!name) return errorBody(WECHAT_ERRORS.invalidCode);
  if (!spendCode(ctx.state.usedCodes, 'login', code, ctx.now().getTime())) return errorBody(WECHAT_ERRORS.codeBeenUsed);
  return {
    openid: `o-${name}`,
    // A fresh AES-128 key per login, base64 like WeChat's; it decrypts the user's encrypted open data.
    session_key: randomBytes(16).toString('base64'),
    unionid: `u-${name}`,
  };
}

function grantTypeError(grantType: unknown): WechatError | undefined {
  return grantType === 'client_credential' ? undefined : WECHAT_ERRORS.invalidGrantType;
}

function credentialsError(ctx: EmulatorContext, appid: unknown, secret: unknown): WechatError | undefined {
  if (typeof appid !== 'string' || appid === '') return WECHAT_ERRORS.appidMissing;
  if (typeof secret !== 'string' || secret === '') return WECHAT_ERRORS.appsecretMissing;
  if (appid !== ctx.appId) return WECHAT_ERRORS.invalidAppid;
  if (secret !== ctx.appSecret) return WECHAT_ERRORS.invalidAppsecret;
  return undefined;
}

/** Reads a JSON object body: 44002 when empty, 47001 when it is not a JSON object. */
async function readJsonObject(c: Context): Promise<{ value: Record<string, unknown> } | { error: WechatError }> {
  const text = await c.req.text();
  if (text.trim() === '') return { error: WECHAT_ERRORS.emptyPostData };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return { value: value as Record<string, unknown> };
    }
  } catch {
    // Falls through to WeChat's answer for unparseable JSON.
  }
  return { error: WECHAT_ERRORS.dataFormatError };
}
