import type { SessionResponse } from '@linli/shared/auth';
import type { Deps } from '../deps.ts';
import type { LoggedIn } from '../members/member-record.ts';
import { memberCard } from '../member-card/member-card.ts';
import { issueSessionToken } from './session.ts';

/** Issues the session token for someone who just logged in (or changed roles) and shows their card. */
export async function sessionResponse(deps: Deps, loggedIn: LoggedIn): Promise<SessionResponse> {
  const session = await issueSessionToken(
    { memberId: loggedIn.member.memberId, openid: loggedIn.openid, roles: loggedIn.roles },
    { key: deps.secrets.tokenSigningKey, now: deps.clock(), ttlSeconds: deps.config.sessionTtlSeconds },
  );
  return { ...session, roles: loggedIn.roles, member: await memberCard(deps, loggedIn.member) };
}
