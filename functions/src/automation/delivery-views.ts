import type { CareDelivery } from '@linli/shared/care-rules';
import type { StoredDelivery } from './care-repository.ts';

/** A delivery as the staff pages show it (the stored one less what only the worker needs). */
export function deliveryView(delivery: StoredDelivery): CareDelivery {
  return {
    deliveryId: `${delivery.memberId}:${delivery.ruleId}:${delivery.occasion}`,
    ruleId: delivery.ruleId,
    ruleName: delivery.ruleName,
    memberId: delivery.memberId,
    occasion: delivery.occasion,
    occasionName: delivery.occasionName,
    arm: delivery.arm,
    status: delivery.status,
    reason: delivery.reason,
    sendAt: delivery.sendAt,
    plannedAt: delivery.plannedAt,
    finishedAt: delivery.finishedAt,
    detail: delivery.detail,
  };
}
