import { CampaignViewRequest, ShareId } from '@linli/shared/groupbuy';

/*
 * How the buyer came to a campaign's page or a group's page, read from the page's link, as the view
 * the seller's funnel records: a care invitation (`from=invitation&rule=…&arm=a|b`, as care delivery
 * writes it), a friend's shared card (`share=<shareId>`, as groupShareCard writes it), or on their own.
 */

type LinkParams = Partial<Record<string, string | undefined>>;

/** A link parameter as text; WeChat may hand it over still URL-encoded. */
function decoded(value: string | undefined): string {
  if (!value) return '';
  try {
    return decodeURIComponent(value).trim();
  } catch {
    return value.trim();
  }
}

/**
 * The view to record for a page opened with `params`. A share id or an invitation's rule and arm
 * the API would refuse is left out: a mangled link counts as coming on one's own (the view still
 * counts) rather than losing the view to a 400.
 */
export function campaignViewOf(params: LinkParams): CampaignViewRequest {
  const shareId = decoded(params.share);
  if (shareId && ShareId.safeParse(shareId).success) return { from: 'share', shareId };
  if (decoded(params.from) === 'invitation') {
    const ruleId = decoded(params.rule);
    const arm = decoded(params.arm);
    return {
      from: 'invitation',
      ...(ruleId && CampaignViewRequest.shape.ruleId.safeParse(ruleId).success ? { ruleId } : {}),
      ...(arm === 'a' || arm === 'b' ? { arm } : {}),
    };
  }
  return { from: 'direct' };
}
