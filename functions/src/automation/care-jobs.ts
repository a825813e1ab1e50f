import type { Deps } from '../deps.ts';
import { dispatchDueCare } from './care-delivery.ts';
import { planCare } from './care-planner.ts';

/** The daily care job: plans today's messages, then queues at once what is already due. */
export async function planAndDispatchCare(deps: Deps) {
  return { plan: await planCare(deps), dispatch: await dispatchDueCare(deps) };
}
