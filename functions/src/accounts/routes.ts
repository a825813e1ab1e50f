import { createRoute } from '@hono/zod-openapi';
import { SessionResponse, WechatLoginRequest } from '@linli/shared/auth';
import { ConsentRequest, MemberView, PhoneRequest, UpdateProfileRequest } from '@linli/shared/members';
import { PrivacyPolicy } from '@linli/shared/privacy';
import { MyConsents } from '@linli/shared/privacy-centre';
import { ErrorBody } from '@linli/shared/errors';
import type { Deps } from '../deps.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import { publicRoute, signedIn } from '../http/access.ts';
import { sessionResponse } from '../http/session-response.ts';
import { memberCard } from '../member-card/member-card.ts';
import { PRIVACY_POLICY } from '../members/privacy-policy.ts';
import { requireMember } from '../members/require-member.ts';
import { acceptPrivacyPolicy, bindPhoneNumber, loginWithWechat, unbindPhoneNumber, updateProfile } from './membership.ts';
import { myConsents } from './my-consents.ts';

const errors = {
  400: jsonContent(ErrorBody, 'Invalid request'),
  401: jsonContent(ErrorBody, 'Not logged in, or the session expired'),
};

export function accountRoutes(deps: Deps) {
  const router = newRouter();

  return router
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/auth/wechat',
        ...publicRoute(),
        tags: ['auth'],
        summary: 'Log in with a wx.login code',
        request: { body: { content: { 'application/json': { schema: WechatLoginRequest } }, required: true } },
        responses: {
          200: jsonContent(SessionResponse, 'A session token and the member'),
          ...errors,
          503: jsonContent(ErrorBody, 'WeChat unreachable'),
        },
      }),
      async (c) => c.json(await sessionResponse(deps, await loginWithWechat(deps, c.req.valid('json').code)), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/privacy-policy',
        ...publicRoute(),
        tags: ['members'],
        summary: 'The current privacy policy',
        responses: { 200: jsonContent(PrivacyPolicy, 'The policy members accept when joining') },
      }),
      (c) => c.json(PRIVACY_POLICY, 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/me',
        ...signedIn(deps),
        tags: ['members'],
        summary: 'The logged-in member: profile, tier and points balance',
        responses: { 200: jsonContent(MemberView, 'The member'), ...errors },
      }),
      async (c) => c.json(await memberCard(deps, await requireMember(deps, c.var.session.memberId)), 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/v1/me',
        ...signedIn(deps),
        tags: ['members'],
        summary:
          'Update nickname, birthday (Gregorian or lunar), avatar (an avatar upload of my own) or the personalised-marketing opt-out',
        request: { body: { content: { 'application/json': { schema: UpdateProfileRequest } }, required: true } },
        responses: {
          200: jsonContent(MemberView, 'The updated member'),
          ...errors,
          409: jsonContent(ErrorBody, 'Not joined yet'),
          422: jsonContent(
            ErrorBody,
            'The avatar is not an upload of mine (PHOTO_NOT_YOURS), not uploaded (PHOTO_NOT_UPLOADED), too large or of another type, or already attached; or GUARDIAN_CONSENT_REQUIRED: a birthday showing a child under 14 without guardianConsent (nothing written)',
          ),
        },
      }),
      async (c) => c.json(await memberCard(deps, await updateProfile(deps, c.var.session.memberId, c.req.valid('json'))), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/me/consent',
        ...signedIn(deps),
        tags: ['members'],
        summary: 'Accept the privacy policy (join, or re-consent after a policy change)',
        request: { body: { content: { 'application/json': { schema: ConsentRequest } }, required: true } },
        responses: {
          200: jsonContent(MemberView, 'The joined member'),
          ...errors,
          409: jsonContent(ErrorBody, 'The policy version is not the current one'),
          422: jsonContent(ErrorBody, 'TOTAL_LIMIT_REACHED: crediting the orders kept for this buyer would pass a running total'),
        },
      }),
      async (c) => {
        const source = c.req.header('user-agent')?.slice(0, 200) ?? 'unknown';
        return c.json(await memberCard(deps, await acceptPrivacyPolicy(deps, c.var.session.memberId, c.req.valid('json'), source)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/me/phone',
        ...signedIn(deps),
        tags: ['members'],
        summary: "Bind the phone number through WeChat's phone-number code",
        request: { body: { content: { 'application/json': { schema: PhoneRequest } }, required: true } },
        responses: {
          200: jsonContent(MemberView, 'The member with a masked phone'),
          ...errors,
          409: jsonContent(ErrorBody, 'Not joined yet'),
          422: jsonContent(ErrorBody, 'WeChat refused the code'),
        },
      }),
      async (c) => c.json(await memberCard(deps, await bindPhoneNumber(deps, c.var.session.memberId, c.req.valid('json').code)), 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/v1/me/phone',
        ...signedIn(deps),
        tags: ['members'],
        summary:
          'Unbind my phone (withdraw the consent to keep it): the phone is erased from the member, staff search and the lookup imported orders use; the consent ledger records it. Without a phone it changes nothing',
        responses: { 200: jsonContent(MemberView, 'The member, with no phone'), ...errors },
      }),
      async (c) => c.json(await memberCard(deps, await unbindPhoneNumber(deps, c.var.session.memberId)), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/me/consents',
        ...signedIn(deps),
        tags: ['members'],
        summary:
          '隐私中心: the consents I gave (policy version and time, phone, personalised marketing, subscribe messages) and my consent ledger',
        responses: { 200: jsonContent(MyConsents, 'What I consented to now, and every ledger entry, newest first'), ...errors },
      }),
      async (c) => c.json(await myConsents(deps, c.var.session.memberId), 200),
    );
}
