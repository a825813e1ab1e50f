import { describe, expect, it } from 'vitest';
import { encodeGreyscalePng } from './png.ts';
import { readGreyscalePng } from './test-support.ts';

describe('encodeGreyscalePng', () => {
  it('writes a PNG whose chunks check out and whose pixels read back as given', () => {
    const shades = [
      [0, 255, 128],
      [7, 64, 200],
    ];

    const image = readGreyscalePng(encodeGreyscalePng(3, 2, (x, y) => shades[y]![x]!));

    expect([image.width, image.height]).toEqual([3, 2]);
    expect([0, 1].map((y) => [0, 1, 2].map((x) => image.shade(x, y)))).toEqual(shades);
  });

  it('refuses an empty or fractional size', () => {
    expect(() => encodeGreyscalePng(0, 1, () => 0)).toThrow(/positive whole size/);
    expect(() => encodeGreyscalePng(1.5, 1, () => 0)).toThrow(/positive whole size/);
  });
});
