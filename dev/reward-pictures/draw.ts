/**
 * Draws the demo rewards' pictures (small flat PNGs, kept in this folder) with nothing but
 * node:zlib: `npx tsx dev/reward-pictures/draw.ts` writes them again. The seed uploads them to
 * the local photo storage the way 礼品管理 does.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];
const WIDTH = 240;
const HEIGHT = 160;

class Picture {
  readonly pixels = new Uint8Array(WIDTH * HEIGHT * 3);
  constructor(background: Rgb) {
    this.rect(0, 0, WIDTH, HEIGHT, background);
  }
  private set(x: number, y: number, color: Rgb) {
    if (x < 0 || y < 0 || x >= WIDTH || y >= HEIGHT) return;
    this.pixels.set(color, (y * WIDTH + x) * 3);
  }
  rect(x0: number, y0: number, w: number, h: number, color: Rgb) {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) this.set(x, y, color);
    return this;
  }
  ellipse(cx: number, cy: number, rx: number, ry: number, color: Rgb) {
    for (let y = Math.floor(cy - ry); y <= cy + ry; y++)
      for (let x = Math.floor(cx - rx); x <= cx + rx; x++) if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1) this.set(x, y, color);
    return this;
  }
  png(): Buffer {
    const raw = Buffer.alloc((WIDTH * 3 + 1) * HEIGHT);
    for (let y = 0; y < HEIGHT; y++)
      Buffer.from(this.pixels.subarray(y * WIDTH * 3, (y + 1) * WIDTH * 3)).copy(raw, y * (WIDTH * 3 + 1) + 1);
    const header = Buffer.alloc(13);
    header.writeUInt32BE(WIDTH, 0);
    header.writeUInt32BE(HEIGHT, 4);
    header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(raw, { level: 9 })),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const CREAM: Rgb = [250, 244, 230];
const BASKET: Rgb = [176, 124, 72];
const SHADOW: Rgb = [226, 214, 190];

/** 散养土鸡蛋: brown eggs in a basket. */
function eggs(): Picture {
  const p = new Picture(CREAM).ellipse(120, 132, 100, 18, SHADOW).rect(30, 96, 180, 40, BASKET);
  for (const [x, y] of [
    [62, 84],
    [100, 78],
    [140, 78],
    [178, 84],
    [82, 60],
    [122, 56],
    [160, 62],
  ] as const)
    p.ellipse(x, y, 20, 26, [214, 170, 120]).ellipse(x - 6, y - 9, 5, 7, [236, 206, 168]);
  return p.rect(30, 100, 180, 4, [150, 100, 56]).rect(30, 116, 180, 4, [150, 100, 56]);
}

/** 五常大米: a rice sack with a green band and a bowl of rice. */
function rice(): Picture {
  const p = new Picture([238, 246, 236]).ellipse(120, 140, 96, 14, [214, 226, 210]);
  p.rect(52, 30, 96, 110, [246, 238, 214]).rect(52, 70, 96, 26, [47, 148, 103]).rect(66, 22, 68, 12, [222, 210, 180]);
  p.ellipse(184, 118, 34, 14, [255, 255, 255]).rect(150, 118, 68, 16, [31, 111, 74]).ellipse(184, 134, 34, 8, [31, 111, 74]);
  return p.ellipse(184, 114, 28, 8, [252, 252, 246]);
}

/** 赣南脐橙: oranges with leaves. */
function oranges(): Picture {
  const p = new Picture([255, 246, 232]).ellipse(120, 140, 104, 14, [240, 222, 196]);
  for (const [x, y, r] of [
    [78, 100, 36],
    [150, 104, 40],
    [116, 70, 32],
  ] as const) {
    p.ellipse(x, y, r, r, [242, 140, 40]).ellipse(x - r / 3, y - r / 3, r / 4, r / 5, [250, 186, 110]);
    p.ellipse(x + 8, y - r + 2, 12, 6, [60, 140, 70]);
  }
  return p;
}

/** 环保购物袋: a green tote with the shop's leaf. */
function tote(): Picture {
  const p = new Picture([240, 244, 238]).ellipse(120, 144, 80, 10, [220, 226, 216]);
  p.ellipse(120, 44, 30, 26, [31, 111, 74]).ellipse(120, 44, 22, 18, [240, 244, 238]).rect(84, 44, 72, 14, [240, 244, 238]);
  p.rect(74, 52, 92, 90, [47, 148, 103]);
  return p.ellipse(120, 96, 16, 24, [250, 250, 240]).rect(119, 84, 2, 30, [47, 148, 103]);
}

export const REWARD_PICTURES = { eggs, rice, oranges, tote } as const;

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, draw] of Object.entries(REWARD_PICTURES)) {
    const file = join(import.meta.dirname, `${name}.png`);
    writeFileSync(file, draw().png());
    console.log(`${file}`);
  }
}
