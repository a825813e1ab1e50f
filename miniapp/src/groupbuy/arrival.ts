import { CampaignViewRequest, ShareId } from '@linli/shared/groupbuy';
import { linkParam } from '@/format/link-param';

/*
 * How the buyer came to a campaign's page or a group's page, read from the page's link, as the view
 * the seller's funnel records: a care invitation (`from=invitation&rule=…&arm=a|b`, as care delivery
 * writes it), a friend's shared card (`share=<shareId>`, as groupShareCard writes it), or on their own.
 */

type LinkParams = Partial<Record<string, string | undefined>>;

/**
 * The view to record for a page opened with `params`. A share id or an invitation's rule and arm
 * the API would refuse is left out: a mangled link counts as coming on one's own (the view still
 * counts) rather than losing the view to a 400.
 */
export function campaignViewOf(params: LinkParams): CampaignViewRequest {
  const shareId = linkParam(params.share);
  if (shareId && ShareId.safeParse(shareId).success) return { from: 'share', shareId };
  if (linkParam(params.from) === 'invitation') {
    const ruleId = linkParam(params.rule);
    const arm = linkParam(params.arm);
    return {
      from: 'invitation',
      ...(ruleId && CampaignViewRequest.shape.ruleId.safeParse(ruleId).success ? { ruleId } : {}),
      ...(arm === 'a' || arm === 'b' ? { arm } : {}),
    };
  }
  return { from: 'direct' };
}
