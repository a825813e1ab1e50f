import type { GroupView } from '@linli/shared/groupbuy';

/** The group page's own path: the share card and the H5 link open it. */
export function groupPagePath(groupId: string): string {
  return `/groupbuy/pages/group/index?id=${encodeURIComponent(groupId)}`;
}

export interface ShareCard {
  title: string;
  path: string;
  imageUrl?: string;
}

/** The card a group is shared with: 「我在拼 <product>，还差N人」 while slots are open; the cover as its picture. */
export function groupShareCard(group: Pick<GroupView, 'groupId' | 'status' | 'slotsLeft' | 'product' | 'coverUrl'>): ShareCard {
  const name = group.product.name;
  const title = group.status === 'forming' && group.slotsLeft > 0 ? `我在拼 ${name}，还差${group.slotsLeft}人` : `一起来拼 ${name}`;
  return { title, path: groupPagePath(group.groupId), ...(group.coverUrl ? { imageUrl: group.coverUrl } : {}) };
}
