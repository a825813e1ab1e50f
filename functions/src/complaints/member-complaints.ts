import { DomainError } from '../platform/domain-error.ts';
import type { ComplaintRecord } from './complaint-record.ts';
import { toBuyerView } from './complaint-views.ts';
import type { DeskDeps } from './desk-deps.ts';
import { loadDeskPolicy } from './desk-settings.ts';
import { listMemberComplaints } from './repository.ts';

/** 我的投诉: the member's complaints, newest first, optionally of one status; full pages while more remain. */
export async function memberComplaints(
  deps: DeskDeps,
  memberId: string,
  page: { limit: number; cursor?: string; status?: ComplaintRecord['status'] },
) {
  const [result, policy] = await Promise.all([listMemberComplaints(deps.db, memberId, page), loadDeskPolicy(deps.db)]);
  if (result === 'bad-cursor')
    throw new DomainError('VALIDATION_FAILED', 'Invalid cursor', [{ path: 'cursor', message: 'Not a cursor this API issued' }]);
  const now = deps.clock();
  return {
    items: result.items.map((c) => {
      const { timeline: _t, photos: _p, actions: _a, ...summary } = toBuyerView(c, [], now, policy.settings);
      return summary;
    }),
    nextCursor: result.nextCursor,
  };
}
