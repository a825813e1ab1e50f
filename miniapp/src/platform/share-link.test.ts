import { describe, expect, it } from 'vitest';
import { h5ShareLink } from './share-link';

describe('the link the H5 build shares', () => {
  it('is the app’s address with the shared page in its hash, whatever page is open now', () => {
    expect(h5ShareLink('http://127.0.0.1:10086/#/groupbuy/pages/campaign/index?id=c1', '/groupbuy/pages/group/index?id=g1')).toBe(
      'http://127.0.0.1:10086/#/groupbuy/pages/group/index?id=g1',
    );
    expect(h5ShareLink('https://shop.example/app/index.html', 'groupbuy/pages/group/index?id=g1')).toBe(
      'https://shop.example/app/index.html#/groupbuy/pages/group/index?id=g1',
    );
  });
});
