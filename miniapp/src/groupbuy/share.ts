import type { GroupView } from '@linli/shared/groupbuy';

/**
 * The group page's own path: the share card and the H5 link open it. A shared one carries the
 * share's id (`&share=…`), so that the friend's view of the campaign is counted under that share.
 */
export function groupPagePath(groupId: string, shareId?: string): string {
  const share = shareId ? `&share=${encodeURIComponent(shareId)}` : '';
  return `/groupbuy/pages/group/index?id=${encodeURIComponent(groupId)}${share}`;
}

export interface ShareCard {
  title: string;
  path: string;
  imageUrl?: string;
}

/**
 * The card a group is shared with: 「我在拼 <product>，还差N人」 while slots are open; the cover as its
 * picture; its path opens the group and carries `shareId` (one per share, see newShareId).
 */
export function groupShareCard(
  group: Pick<GroupView, 'groupId' | 'status' | 'slotsLeft' | 'product' | 'coverUrl'>,
  shareId: string,
): ShareCard {
  const name = group.product.name;
  const title = group.status === 'forming' && group.slotsLeft > 0 ? `我在拼 ${name}，还差${group.slotsLeft}人` : `一起来拼 ${name}`;
  return { title, path: groupPagePath(group.groupId, shareId), ...(group.coverUrl ? { imageUrl: group.coverUrl } : {}) };
}
