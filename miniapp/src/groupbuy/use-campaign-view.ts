import { useEffect, useRef } from 'react';
import type { CampaignViewRequest } from '@linli/shared/groupbuy';
import { recordCampaignView } from '@/api/groupbuy';

/**
 * Records the page's view of `campaignId` once per page open, as soon as the id is known (a group's
 * page knows it once the group has loaded); refreshes and returns to the page record nothing more.
 * Not awaited, and a failure is dropped: the seller's count must never disturb the buyer's page.
 */
export function useCampaignView(campaignId: string | null, view: CampaignViewRequest): void {
  const recorded = useRef(false);
  useEffect(() => {
    if (!campaignId || recorded.current) return;
    recorded.current = true;
    recordCampaignView(campaignId, view).catch(() => undefined);
  }, [campaignId, view]);
}
