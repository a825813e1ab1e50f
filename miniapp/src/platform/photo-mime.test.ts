import { describe, expect, it } from 'vitest';
import { mimeTypeFromPath } from './photo-mime';

describe('mimeTypeFromPath', () => {
  it.each([
    ['wxfile://tmp_a1b2c3.jpg', 'image/jpeg'],
    ['http://tmp/WeChat_20261123.JPEG', 'image/jpeg'],
    ['http://tmp/shot.png', 'image/png'],
    ['http://tmp/shot.webp?x=1', 'image/webp'],
    ['http://tmp/live.heic', 'image/heic'],
    ['http://tmp/noextension', ''],
  ])('%s is %s', (path, mime) => {
    expect(mimeTypeFromPath(path)).toBe(mime);
  });
});
