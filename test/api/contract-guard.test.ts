import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '@linli/shared/auth';
import { ERROR_CODES, ErrorBody, type ErrorCode } from '@linli/shared/errors';
import { LOCAL_SECRETS } from '../../functions/src/config/config.ts';
import { issueSessionToken } from '../../functions/src/http/session.ts';
import { signWebhookBody } from '../../functions/src/platform/webhook-signature.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import {
  EMULATOR_PLATFORM_PRIVATE_KEY,
  EMULATOR_WECHAT_PAY_PRIVATE_KEY,
  EMULATOR_WECHAT_PAY_PUBLIC_KEY_ID,
} from '../../dev/wechat-emulator/pay/local-keys.ts';
import { encryptResource, signAnswer } from '../../dev/wechat-emulator/pay/pay-crypto.ts';
import { apiClient } from '../support/api-client.ts';
import { openApiOf, operationsOf, resolveSchema, type OpenApi, type Operation, type Parameter, type Schema } from '../support/openapi.ts';

/*
 * The contract guard: walks every operation in the app's own openapi.json, so a route added later
 * is covered without anyone writing a line here. For each it sends what a careless or hostile
 * client sends (no token, bad tokens, each role the operation does not admit; wrong types, missing,
 * extra and oversized fields, other content types, malformed JSON; bad path and query values) and
 * holds the API to its contract: never a 5xx, always the documented error body with a known code,
 * the refusal where the contract says (401, 403, 415, 400), and only statuses the operation documents.
 *
 * Extra fields: request objects are not strict. Unknown fields are dropped before the handler
 * sees them (zod's default), so they must never change a refusal into a 5xx; the test checks that.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Case {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: BodyInit;
  /** The refusal the contract promises; undefined: any documented status but never a 5xx. */
  expect?: { status: number; code?: ErrorCode; issuePath?: string };
  /** Codes the answer must not carry (an admitted caller is never refused as unauthenticated or forbidden). */
  never?: ErrorCode[];
}

const SESSIONS = ['member', 'admin', 'supervisor', 'agent'] as const;
type SessionName = (typeof SESSIONS)[number];
/** Every role a session holds: staff log in as members too. */
const ROLES_OF: Record<SessionName, Role[]> = {
  member: ['member'],
  admin: ['member', 'admin'],
  supervisor: ['member', 'supervisor'],
  agent: ['member', 'agent'],
};

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let doc: OpenApi;
const tokens = {} as Record<SessionName, string>;
const badTokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await createTestStack();
  api = apiClient(stack);
  for (const role of ['admin', 'supervisor', 'agent'] as const) {
    await putStaff(stack.deps.db, { openid: `o-contract-${role}`, role, name: role, at: stack.clock().toISOString() });
    tokens[role] = (await api.login(`contract-${role}`)).token;
  }
  tokens.member = (await api.login('contract-member')).token;
  expect((await api.join(tokens.member)).status).toBe(200);
  const session = { memberId: 'm-contract', openid: 'o-contract-admin', roles: ['member', 'admin'] as Role[] };
  badTokens.garbage = 'not.a.token';
  badTokens.forged = (await issueSessionToken(session, { key: 'another-key', now: stack.clock(), ttlSeconds: 3600 })).token;
  badTokens.expired = (
    await issueSessionToken(session, {
      key: LOCAL_SECRETS.tokenSigningKey,
      now: new Date(stack.clock().getTime() - 7200_000),
      ttlSeconds: 60,
    })
  ).token;
  doc = await openApiOf(stack);
});
afterAll(async () => stack.close());

describe('the contract guard', () => {
  it('finds the documented operations, each saying who may call it', () => {
    const operations = allOperations();
    expect(operations.length).toBeGreaterThan(50);
    for (const { method, path, operation } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(['public', 'session', 'signed-webhook', 'wechatpay-notification'], where).toContain(operation['x-linli-access']);
      if (operation['x-linli-access'] === 'session') {
        expect(operation.security, where).toEqual([{ Bearer: [] }]);
        expect(operation['x-linli-roles']?.length, where).toBeGreaterThan(0);
      }
      if (operation['x-linli-access'] === 'public') expect(operation.security, where).toEqual([]);
      if (operation['x-linli-access'] === 'signed-webhook') expect(operation.security, where).toEqual([{ WebhookSignature: [] }]);
      if (operation['x-linli-access'] === 'wechatpay-notification') expect(operation.security, where).toEqual([{ WechatPaySignature: [] }]);
    }
  });

  it('holds every operation to its contract under hostile input', async () => {
    const failures: string[] = [];
    const operations = allOperations();
    let sent = 0;
    const walk = async ({ method, path, operation }: (typeof operations)[number]) => {
      for (const testCase of casesFor(method, path, operation)) {
        sent++;
        const failure = await check(testCase, operation);
        if (failure) failures.push(failure);
      }
    };
    // Deleting the account ends the member's session for every later request: walked once all else is done.
    const endsTheAccount = ({ method, path }: (typeof operations)[number]) => `${method.toUpperCase()} ${path}` === 'POST /v1/me/deletion';
    await inPool(
      operations.filter((o) => !endsTheAccount(o)),
      6,
      walk,
    );
    for (const operation of operations.filter(endsTheAccount)) await walk(operation);
    expect(sent).toBeGreaterThan(operations.length * 5);
    console.log(`contract guard: ${sent} requests over ${operations.length} operations`);
    expect(failures).toEqual([]);
  }, 120_000);
});

function allOperations() {
  return operationsOf(doc);
}

/** Sends one case and says what is wrong with the answer, or null. */
async function check(testCase: Case, operation: Operation): Promise<string | null> {
  const where = `${testCase.method} ${testCase.path.slice(0, 120)} [${testCase.label}]`;
  const response = await stack.app.request(testCase.path, { method: testCase.method, headers: testCase.headers, body: testCase.body });
  const text = await response.text();
  if (response.status >= 500) return `${where}: ${response.status} ${text.slice(0, 200)}`;
  if (!(String(response.status) in operation.responses)) return `${where}: ${response.status} is not documented (${text.slice(0, 120)})`;
  let code: string | undefined;
  if (response.status >= 400) {
    const parsed = ErrorBody.safeParse(safeJson(text));
    if (!parsed.success) return `${where}: ${response.status} without the error body: ${text.slice(0, 200)}`;
    code = parsed.data.error.code;
    if (!(ERROR_CODES as readonly string[]).includes(code)) return `${where}: unknown code ${code}`;
  }
  if (testCase.expect && response.status !== testCase.expect.status) {
    return `${where}: expected ${testCase.expect.status}, got ${response.status} ${text.slice(0, 200)}`;
  }
  if (testCase.expect?.code && code !== testCase.expect.code) return `${where}: expected ${testCase.expect.code}, got ${code}`;
  const issuePath = testCase.expect?.issuePath;
  if (issuePath && !(ErrorBody.parse(JSON.parse(text)).error.issues ?? []).some((issue) => issue.path === issuePath)) {
    return `${where}: no issue names ${issuePath}: ${text.slice(0, 200)}`;
  }
  if (code && testCase.never?.includes(code as ErrorCode)) return `${where}: refused with ${response.status} ${text.slice(0, 200)}`;
  return null;
}

function casesFor(method: string, path: string, operation: Operation): Case[] {
  const verb = method.toUpperCase();
  const access = operation['x-linli-access'];
  const admits = operation['x-linli-roles'] ?? [...ROLES];
  const admitted = SESSIONS.filter((name) => ROLES_OF[name].some((role) => admits.includes(role)));
  const refused = SESSIONS.filter((name) => !admitted.includes(name));
  const params = operation.parameters ?? [];
  const bodySchema = operation.requestBody?.content['application/json']?.schema;
  const validBody = bodySchema ? (sample(bodySchema) as Json) : undefined;
  const validPath = fillPath(path, params);
  const validQuery = queryString(
    Object.fromEntries(params.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, String(sample(p.schema))])),
  );
  const url = validPath + validQuery;
  // WeChat Pay's notifications: the body is WeChat Pay's, verified and decrypted by the guard, so
  // what is probed is who signed it and when, and that a genuine one about nothing Linli knows is no 5xx.
  if (access === 'wechatpay-notification') return payNotificationCases(verb, url);

  /** A request as the caller the operation admits would send it (session, signature, or nothing). */
  const as = (
    label: string,
    body: BodyInit | undefined,
    headers: Record<string, string>,
    rest: Partial<Case> = {},
    rawText?: string,
  ): Case => {
    const auth: Record<string, string> =
      access === 'session'
        ? { authorization: `Bearer ${tokens[admitted[0]!]}` }
        : access === 'signed-webhook'
          ? signatureHeaders(rawText ?? (typeof body === 'string' ? body : ''))
          : {};
    return { label, method: verb, path: url, headers: { ...auth, ...headers }, body, ...rest };
  };
  const json = (label: string, value: unknown, rest: Partial<Case> = {}) =>
    as(label, JSON.stringify(value), { 'content-type': 'application/json' }, rest);
  const invalid = { expect: { status: 400, code: 'VALIDATION_FAILED' as const } };

  const cases: Case[] = [];
  const plainBody = validBody === undefined ? undefined : JSON.stringify(validBody);
  const plainHeaders: Record<string, string> = plainBody === undefined ? {} : { 'content-type': 'application/json' };

  // Who may call it.
  if (access === 'session') {
    cases.push({
      label: 'no token',
      method: verb,
      path: url,
      headers: plainHeaders,
      body: plainBody,
      expect: { status: 401, code: 'UNAUTHENTICATED' },
    });
    for (const [kind, token] of Object.entries(badTokens)) {
      cases.push({
        label: `${kind} token`,
        method: verb,
        path: url,
        headers: { ...plainHeaders, authorization: `Bearer ${token}` },
        body: plainBody,
        expect: { status: 401, code: 'UNAUTHENTICATED' },
      });
    }
    for (const name of refused) {
      cases.push({
        label: `wrong role: ${name}`,
        method: verb,
        path: url,
        headers: { ...plainHeaders, authorization: `Bearer ${tokens[name]}` },
        body: plainBody,
        expect: { status: 403, code: 'FORBIDDEN' },
      });
    }
    for (const name of admitted) {
      cases.push({
        label: `admitted role: ${name}`,
        method: verb,
        path: url,
        headers: { ...plainHeaders, authorization: `Bearer ${tokens[name]}` },
        body: plainBody,
        never: ['UNAUTHENTICATED', 'FORBIDDEN', 'SIGNATURE_INVALID'],
      });
    }
  } else if (access === 'signed-webhook') {
    cases.push({
      label: 'unsigned',
      method: verb,
      path: url,
      headers: plainHeaders,
      body: plainBody,
      expect: { status: 401, code: 'SIGNATURE_INVALID' },
    });
    cases.push({
      label: 'signed with another secret',
      method: verb,
      path: url,
      headers: { ...plainHeaders, ...signatureHeaders(plainBody ?? '', 'another-secret') },
      body: plainBody,
      expect: { status: 401, code: 'SIGNATURE_INVALID' },
    });
  } else {
    cases.push({
      label: 'public, no token',
      method: verb,
      path: url,
      headers: plainHeaders,
      body: plainBody,
      never: ['UNAUTHENTICATED', 'FORBIDDEN', 'SIGNATURE_INVALID'],
    });
  }

  // The body.
  if (bodySchema) {
    cases.push(json('the sample body', validBody));
    cases.push(as('extra fields', withExtraFields(validBody), { 'content-type': 'application/json' }));
    cases.push(as('malformed JSON', '{"broken": ', { 'content-type': 'application/json' }, invalid));
    cases.push(as('empty body', '', { 'content-type': 'application/json' }, invalid));
    cases.push(json('a JSON array', [validBody], invalid));
    cases.push(json('JSON null', null, invalid));
    const unsupported = { expect: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' as const } };
    cases.push(as('text/plain', plainBody, { 'content-type': 'text/plain' }, unsupported));
    cases.push(as('a form', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' }, unsupported));
    cases.push(as('multipart', 'x', { 'content-type': 'multipart/form-data; boundary=x' }, unsupported));
    cases.push(as('no content type', new Blob([plainBody ?? '']), {}, unsupported, plainBody));
    if (hasRequired(bodySchema)) cases.push(json('no fields', {}, invalid));
    for (const { path: fieldPath, schema } of fields(bodySchema, validBody)) {
      const label = fieldPath.join('.');
      const refusedField = { expect: { ...invalid.expect, issuePath: label } };
      for (const wrong of wrongTypes(schema))
        cases.push(json(`${label}: ${JSON.stringify(wrong).slice(0, 20)}`, setAt(validBody, fieldPath, wrong), refusedField));
      for (const big of oversized(schema)) {
        cases.push(
          json(
            `${label}: oversized ${String(big.value).slice(0, 20)}`,
            setAt(validBody, fieldPath, big.value),
            big.refused ? refusedField : {},
          ),
        );
      }
      if (isRequired(bodySchema, fieldPath)) cases.push(json(`${label}: missing`, setAt(validBody, fieldPath, undefined), refusedField));
    }
  }

  // The method override tunnels only PUT, PATCH and DELETE.
  if (verb !== 'GET') {
    for (const override of ['TRACE', 'CONNECT', 'TRACK', 'PA TCH']) {
      cases.push(as(`override ${override}`, plainBody, { ...plainHeaders, 'x-http-method-override': override }, invalid));
    }
  }

  // Path and query values.
  for (const param of params.filter((p) => p.in === 'path')) {
    for (const bad of ['x'.repeat(5000), encodeURIComponent('中文 %00'), '..%2F..%2Fetc', encodeURIComponent('\'";--')]) {
      const badPath = fillPath(path, params, { [param.name]: bad });
      cases.push({ ...as(`path ${param.name}=${bad.slice(0, 12)}`, plainBody, plainHeaders), path: badPath + validQuery });
    }
  }
  for (const param of params.filter((p) => p.in === 'query')) {
    for (const bad of ['x'.repeat(5000), '-1', 'abc', '1e309', '', '9007199254740993']) {
      const query = Object.fromEntries(params.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, String(sample(p.schema))]));
      query[param.name] = bad;
      cases.push({ ...as(`query ${param.name}=${bad.slice(0, 12)}`, plainBody, plainHeaders), path: validPath + queryString(query) });
    }
  }
  return cases;
}

/** A genuine WeChat Pay notification (signed with the emulator's WeChat Pay key, resource encrypted with the APIv3 key). */
function payNotification(eventType: string, resource: Record<string, unknown>, originalType: string, signedAt = stack.clock()) {
  const body = JSON.stringify({
    id: `EV-contract-${randomUUID()}`,
    create_time: '2026-11-23T10:00:00+08:00',
    resource_type: 'encrypt-resource',
    event_type: eventType,
    summary: '支付成功',
    resource: { original_type: originalType, ...encryptResource(JSON.stringify(resource), LOCAL_SECRETS.wechatPayApiV3Key, originalType) },
  });
  const signer = { serial: EMULATOR_WECHAT_PAY_PUBLIC_KEY_ID, privateKey: EMULATOR_WECHAT_PAY_PRIVATE_KEY };
  return { body, headers: { 'content-type': 'application/json', ...signAnswer(signer, body, signedAt) } };
}

function payNotificationCases(verb: string, url: string): Case[] {
  const { mchId } = stack.config.wechatPay;
  const appid = stack.config.wechat.appId;
  const unknownPayment = {
    appid,
    mchid: mchId,
    out_trade_no: 'GB-contract-unknown',
    transaction_id: '4200000001202611230000000001',
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    success_time: '2026-11-23T10:00:00+08:00',
    payer: { openid: 'o-contract-unknown' },
    amount: { total: 1990, payer_total: 1990, currency: 'CNY', payer_currency: 'CNY' },
  };
  const unknownRefund = {
    mchid: mchId,
    out_trade_no: 'GB-contract-unknown',
    out_refund_no: 'GB-contract-unknownR1',
    refund_id: '50300000001202611230000000001',
    refund_status: 'SUCCESS',
    amount: { total: 1990, refund: 1990, payer_total: 1990, payer_refund: 1990 },
  };
  const genuine = payNotification('TRANSACTION.SUCCESS', unknownPayment, 'transaction');
  const refused = { expect: { status: 401, code: 'SIGNATURE_INVALID' as const } };
  const forgedHeaders = {
    ...genuine.headers,
    ...signAnswer({ serial: EMULATOR_WECHAT_PAY_PUBLIC_KEY_ID, privateKey: EMULATOR_PLATFORM_PRIVATE_KEY }, genuine.body, stack.clock()),
  };
  const stale = payNotification('TRANSACTION.SUCCESS', unknownPayment, 'transaction', new Date(stack.clock().getTime() - 301_000));
  const refund = payNotification('REFUND.SUCCESS', unknownRefund, 'refund');
  const send = (label: string, notification: { body: string; headers: Record<string, string> }, rest: Partial<Case>): Case => ({
    label,
    method: verb,
    path: url,
    headers: notification.headers,
    body: notification.body,
    ...rest,
  });
  return [
    send('unsigned', { body: genuine.body, headers: { 'content-type': 'application/json' } }, refused),
    send('signed by another key under the WeChat Pay key id', { body: genuine.body, headers: forgedHeaders }, refused),
    send('signed over another body', { body: genuine.body.replace('EV-contract', 'EV-forged'), headers: genuine.headers }, refused),
    send('signed six minutes ago', stale, refused),
    send('a genuine payment of an order Linli does not know', genuine, { never: ['SIGNATURE_INVALID', 'UNAUTHENTICATED'] }),
    send('a genuine refund of an order Linli does not know', refund, { never: ['SIGNATURE_INVALID', 'UNAUTHENTICATED'] }),
  ];
}

function signatureHeaders(rawBody: string, secret = LOCAL_SECRETS.webhookSecret): Record<string, string> {
  const timestamp = Math.floor(stack.clock().getTime() / 1000);
  return { 'x-linli-timestamp': String(timestamp), 'x-linli-signature': signWebhookBody(secret, timestamp, rawBody) };
}

function fillPath(path: string, params: Parameter[], overrides: Record<string, string> = {}) {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (name in overrides) return overrides[name]!;
    const schema = params.find((p) => p.in === 'path' && p.name === name)?.schema ?? { type: 'string' };
    return encodeURIComponent(String(sample(schema)));
  });
}

function queryString(query: Record<string, string>) {
  const search = new URLSearchParams(query).toString();
  return search ? `?${search}` : '';
}

// ---- Inputs built from the JSON schema -------------------------------------------------------

function resolve(schema: Schema): Schema {
  return resolveSchema(doc, schema);
}

function typeOf(schema: Schema): string | undefined {
  const type = schema.type;
  if (Array.isArray(type)) return type.find((t) => t !== 'null') as string | undefined;
  return type as string | undefined;
}

function choice(schema: Schema): Schema | undefined {
  const options = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  return options?.map(resolve).find((option) => option.type !== 'null') ?? options?.[0];
}

let dateTimes = 0;
const PATTERN_CANDIDATES = [
  'abc',
  'ab_c',
  'AB12',
  'ab/c.d',
  '12:30',
  '24:00',
  '11-23',
  '2026-11',
  '2026-11-23',
  'data:image/png;base64,AAAA',
  // A survey's question and option ids.
  'q1',
  'o1',
];

/** A value the schema accepts, as far as a generic walk can tell (refinements are not visible). */
function sample(input: Schema, depth = 0): unknown {
  const schema = resolve(input);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const option = choice(schema);
  if (option) return sample(option, depth);
  if (Array.isArray(schema.allOf)) return Object.assign({}, ...(schema.allOf as Schema[]).map((part) => sample(part, depth)));
  switch (typeOf(schema)) {
    case 'object': {
      const required = new Set((schema.required as string[] | undefined) ?? []);
      const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
      return Object.fromEntries(
        Object.entries(properties)
          // Optional fields too near the top (a PATCH needs at least one), required ones below.
          .filter(([name]) => required.has(name) || depth < 2)
          .map(([name, p]) => [name, sample(p, depth + 1)]),
      );
    }
    case 'array': {
      const count = Math.min(
        Math.max((schema.minItems as number | undefined) ?? 0, depth < 4 ? 1 : 0),
        (schema.maxItems as number | undefined) ?? 1,
      );
      return Array.from({ length: count }, () => sample((schema.items as Schema | undefined) ?? {}, depth + 1));
    }
    case 'integer':
    case 'number': {
      const low =
        typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : 1;
      return typeof schema.maximum === 'number' ? Math.min(low, schema.maximum) : low;
    }
    case 'boolean':
      return true;
    case 'string':
      return sampleString(schema);
    default:
      return 'x';
  }
}

function sampleString(schema: Schema): string {
  const min = (schema.minLength as number | undefined) ?? 1;
  switch (schema.format) {
    case 'uuid':
      return randomUUID();
    case 'date-time':
      // Later each time, so a range (from, until) in generation order is a valid one.
      return new Date(Date.parse('2026-11-23T02:00:00.000Z') + ++dateTimes * 24 * 3600_000).toISOString();
    case 'date':
      return '2026-11-23';
    case 'uri':
      return 'https://example.com/x';
  }
  if (typeof schema.pattern === 'string') {
    const pattern = new RegExp(schema.pattern);
    const fit = PATTERN_CANDIDATES.find((candidate) => pattern.test(candidate) && candidate.length >= min);
    if (fit) return fit;
  }
  return 'x'.repeat(Math.max(min, 2));
}

/** Every field of a body (nested objects and the first item of arrays), with its schema. */
function fields(input: Schema, value: unknown, path: (string | number)[] = []): { path: (string | number)[]; schema: Schema }[] {
  const schema = resolve(input);
  const option = choice(schema);
  if (option) return fields(option, value, path);
  const out: { path: (string | number)[]; schema: Schema }[] = path.length > 0 ? [{ path, schema }] : [];
  if (typeOf(schema) === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [name, property] of Object.entries((schema.properties as Record<string, Schema> | undefined) ?? {})) {
      const child = (value as Record<string, unknown>)[name];
      out.push(...fields(property, child === undefined ? sample(property) : child, [...path, name]));
    }
  }
  if (typeOf(schema) === 'array' && Array.isArray(value) && value.length > 0)
    out.push(...fields(schema.items as Schema, value[0], [...path, 0]));
  return out;
}

function isRequired(input: Schema, path: (string | number)[]): boolean {
  let schema = resolve(input);
  for (const [index, key] of path.entries()) {
    schema = choice(schema) ?? schema;
    if (typeof key === 'number') {
      schema = resolve(schema.items as Schema);
      continue;
    }
    if (index === path.length - 1) return ((schema.required as string[] | undefined) ?? []).includes(key);
    schema = resolve((schema.properties as Record<string, Schema>)[key]!);
  }
  return false;
}

function hasRequired(schema: Schema) {
  const resolved = resolve(schema);
  return ((resolved.required as string[] | undefined) ?? []).length > 0;
}

/** Values of another JSON type than the field's (every one of which the schema must refuse). */
function wrongTypes(input: Schema): unknown[] {
  const schema = resolve(input);
  const options = ((schema.anyOf ?? schema.oneOf) as Schema[] | undefined)?.map(resolve) ?? [schema];
  const types = new Set(options.flatMap((option) => [option.type].flat()).map((type) => (type === 'integer' ? 'number' : type)));
  if (types.has(undefined)) return []; // a schema without a type takes anything
  const byType: Record<string, unknown> = { number: 12345, string: 'not-a-number', boolean: 'yes', object: 7, array: { not: 'an array' } };
  const wrong = [...types].map((type) => byType[type as string]).filter((value) => value !== undefined);
  return wrong.filter((value) => !types.has(Array.isArray(value) ? 'array' : typeof value));
}

/** Strings and numbers beyond anything the field should take; `refused` when the schema's bounds say so. */
function oversized(input: Schema): { value: unknown; refused: boolean }[] {
  const schema = resolve(choice(resolve(input)) ?? input);
  const type = typeOf(schema);
  if (type === 'string') {
    const max = schema.maxLength as number | undefined;
    const huge = 'x'.repeat(100_000);
    return [
      ...(max !== undefined ? [{ value: 'x'.repeat(max + 1), refused: true }] : []),
      // Refused when over the field's own limit (a CSV upload's limit is far above this), or not one of its values.
      { value: huge, refused: (max !== undefined && huge.length > max) || schema.enum !== undefined },
    ];
  }
  if (type === 'integer' || type === 'number') {
    const max = schema.maximum as number | undefined;
    const min = (schema.minimum as number | undefined) ?? (schema.exclusiveMinimum as number | undefined);
    const values = [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308, ...(type === 'integer' ? [1.5] : [])];
    return values.map((value) => ({
      value,
      refused:
        (max !== undefined && value > max) || (min !== undefined && value < min) || (type === 'integer' && !Number.isSafeInteger(value)),
    }));
  }
  if (type === 'array' && typeof schema.maxItems === 'number') {
    return [{ value: Array.from({ length: schema.maxItems + 1 }, () => sample(schema.items as Schema)), refused: true }];
  }
  return [];
}

/** The body as JSON text with fields the schema does not name, prototype-polluting keys among them. */
function withExtraFields(value: unknown): string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
  const text = JSON.stringify({ ...value, unexpected: 'x'.repeat(1000), constructor: { prototype: { polluted: true } } });
  return `{"__proto__":{"polluted":true},${text.slice(1)}`;
}

function setAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let target = copy;
  for (const [index, key] of path.slice(0, -1).entries()) {
    // A missing container is made for what indexes it next: an array for a position, an object for a name.
    if (target[key] === undefined || target[key] === null) target[key] = typeof path[index + 1] === 'number' ? [] : {};
    target = target[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (replacement === undefined) delete target[last];
  else target[last] = replacement;
  return copy;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function inPool<T>(items: T[], size: number, work: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: size }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}
