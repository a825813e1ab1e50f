import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { EmulatorContext } from './context.ts';
import type { ForcedFailure } from './state.ts';
import { EMULATED_OPENID, grantAuthorization } from './subscribe-message.ts';

/**
 * Controls that stand in for the WeChat app on the user's phone (not part of WeChat's server
 * API): the H5 build and tests use them to answer the subscribe dialog and to read what the user
 * "received". The browser calls them cross-origin from the H5 dev server, hence CORS.
 */

/** At most this many template ids per wx.requestSubscribeMessage call (Linli's shared schema uses 3). */
const MAX_TEMPLATES_PER_REQUEST = 3;

type SubscribeAnswer = 'accept' | 'reject';

export function deviceRoutes(ctx: EmulatorContext) {
  return new Hono()
    .use('*', cors())
    .get('/health', (c) => c.json({ ok: true }))
    .post('/subscribe', async (c) => {
      const parsed = parseSubscribeRequest(await c.req.json().catch(() => undefined));
      if ('fail' in parsed) return c.json(parsed.fail, 400);
      const { openid, templateIds, result } = parsed;
      const answer: Record<string, string> = { errMsg: 'requestSubscribeMessage:ok' };
      for (const templateId of templateIds) {
        if (result === 'accept') grantAuthorization(ctx.state, openid, templateId);
        answer[templateId] = result;
      }
      ctx.persist();
      return c.json(answer);
    })
    .get('/authorizations', (c) => {
      const openid = c.req.query('openid') ?? '';
      return c.json({ openid, remaining: { ...ctx.state.authorizations[openid] } });
    })
    .get('/messages', (c) => {
      const openid = c.req.query('openid');
      const newestFirst = [...ctx.state.messages].reverse();
      return c.json(openid ? newestFirst.filter((message) => message.openid === openid) : newestFirst);
    })
    .delete('/messages', (c) => {
      const deleted = ctx.state.messages.length;
      ctx.state.messages.length = 0;
      ctx.persist();
      return c.json({ ok: true, deleted });
    })
    .get('/wxacodes', (c) => c.json([...ctx.state.wxaCodes].reverse()))
    .post('/failures', async (c) => {
      const parsed = parseForcedFailure(await c.req.json().catch(() => undefined));
      if ('fail' in parsed) return c.json({ error: parsed.fail }, 400);
      ctx.state.forcedFailures.push(parsed);
      return c.json({ ok: true, queued: ctx.state.forcedFailures });
    })
    .delete('/failures', (c) => {
      const deleted = ctx.state.forcedFailures.length;
      ctx.state.forcedFailures.length = 0;
      return c.json({ ok: true, deleted });
    });
}

/**
 * `{ path: '/wxa/getwxacodeunlimit', errcode: 45009, errmsg?, times? }`: the next `times` (default
 * 1) calls to that server API path answer that error, the way WeChat would on a bad day.
 */
function parseForcedFailure(body: unknown): ForcedFailure | { fail: string } {
  if (typeof body !== 'object' || body === null) return { fail: 'body must be a JSON object' };
  const { path, errcode, errmsg = 'forced by the emulator', times = 1 } = body as Record<string, unknown>;
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('/__emulator'))
    return { fail: 'path must be a server API path such as /wxa/getwxacodeunlimit' };
  if (typeof errcode !== 'number' || !Number.isInteger(errcode) || errcode === 0) return { fail: 'errcode must be a non-zero integer' };
  if (typeof errmsg !== 'string') return { fail: 'errmsg must be a string' };
  if (typeof times !== 'number' || !Number.isInteger(times) || times < 1) return { fail: 'times must be a positive integer' };
  return { path, error: { errcode, errmsg }, times };
}

type SubscribeRequest = { openid: string; templateIds: string[]; result: SubscribeAnswer };
type SubscribeFailure = { fail: { errMsg: string; errCode?: number } };

/** Validates like wx.requestSubscribeMessage, failing with its errCodes where it has one. */
function parseSubscribeRequest(body: unknown): SubscribeRequest | SubscribeFailure {
  const fail = (reason: string, errCode?: number): SubscribeFailure => ({
    fail: { errMsg: `requestSubscribeMessage:fail ${reason}`, ...(errCode === undefined ? {} : { errCode }) },
  });
  if (typeof body !== 'object' || body === null) return fail('body must be a JSON object');
  const { openid, templateIds, result = 'accept' } = body as Record<string, unknown>;
  if (typeof openid !== 'string' || !EMULATED_OPENID.test(openid)) return fail('openid must look like o-<name>');
  if (templateIds === undefined || (Array.isArray(templateIds) && templateIds.length === 0)) {
    return fail("TmplIds can't be empty", 10001);
  }
  if (!Array.isArray(templateIds) || !templateIds.every((id) => typeof id === 'string' && id !== '')) {
    return fail('Invalid template id', 10004);
  }
  if (templateIds.length > MAX_TEMPLATES_PER_REQUEST) return fail('Templates count out of max bounds', 20003);
  if (result !== 'accept' && result !== 'reject') return fail('result must be accept or reject');
  return { openid, templateIds: [...new Set(templateIds as string[])], result };
}
