import { describe, expect, it } from 'vitest';
import { groupPagePath, groupShareCard } from './share';

const group = {
  groupId: 'g_7Qx',
  status: 'forming' as const,
  slotsLeft: 2,
  product: { name: '赣南脐橙 5 斤', originalPriceFen: 2990, groupPriceFen: 1990, description: '' },
  coverUrl: 'https://photos.example/cover.jpg',
};

describe('the card a group is shared with', () => {
  it('asks friends for the slots left and opens the group page, carrying the share’s id', () => {
    expect(groupShareCard(group, 'sh_Abc-123_xyz')).toEqual({
      title: '我在拼 赣南脐橙 5 斤，还差2人',
      path: '/groupbuy/pages/group/index?id=g_7Qx&share=sh_Abc-123_xyz',
      imageUrl: 'https://photos.example/cover.jpg',
    });
  });

  it('invites to the product once the group is full or settled, without a picture when there is none', () => {
    expect(groupShareCard({ ...group, slotsLeft: 0, coverUrl: null }, 'share0001')).toEqual({
      title: '一起来拼 赣南脐橙 5 斤',
      path: '/groupbuy/pages/group/index?id=g_7Qx&share=share0001',
    });
    expect(groupShareCard({ ...group, status: 'succeeded' }, 'share0001').title).toBe('一起来拼 赣南脐橙 5 斤');
  });

  it('keeps the id intact in the path, and leaves the share out of a path opened directly', () => {
    expect(groupPagePath('a/b c')).toBe('/groupbuy/pages/group/index?id=a%2Fb%20c');
    expect(groupPagePath('g1', 'x y')).toBe('/groupbuy/pages/group/index?id=g1&share=x%20y');
  });
});
