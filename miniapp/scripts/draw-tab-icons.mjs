// Draws the tab bar icons (81×81 RGBA PNGs, WeChat's recommended size; tab icons must be local
// files in the main package): 首页 a house, 积分商城 a gift, 我的 a person, each in grey and in
// the brand green. Run `node scripts/draw-tab-icons.mjs` from miniapp/ after changing a shape.
import { writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

const SIZE = 81;
const SAMPLES = 4; // supersampling per axis, for smooth edges
const COLORS = { normal: [0x8a, 0x8f, 0x88], active: [0x1f, 0x6f, 0x4a] };

// Each shape says whether a point (in a 0..1 square) is inked.
const inRect = (x, y, x0, y0, x1, y1) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const inCircle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const inRing = (x, y, cx, cy, r, w) => inCircle(x, y, cx, cy, r) && !inCircle(x, y, cx, cy, r - w);
const STROKE = 0.075;

const shapes = {
  home(x, y) {
    // A roof (outline of a triangle) over a house body with a door.
    const roofY = 0.12 + Math.abs(x - 0.5) * 0.8;
    const onRoof = y >= roofY && y <= roofY + STROKE && x >= 0.1 && x <= 0.9;
    const body = inRect(x, y, 0.22, 0.46, 0.78, 0.86) && !inRect(x, y, 0.22 + STROKE, 0.46, 0.78 - STROKE, 0.86 - STROKE);
    const door = inRect(x, y, 0.43, 0.62, 0.57, 0.86);
    return onRoof || body || door;
  },
  mall(x, y) {
    // A gift: a lid, a box outline, a ribbon down the middle and a bow.
    const lid = inRect(x, y, 0.14, 0.32, 0.86, 0.45);
    const box = inRect(x, y, 0.2, 0.45, 0.8, 0.86) && !inRect(x, y, 0.2 + STROKE, 0.45, 0.8 - STROKE, 0.86 - STROKE);
    const ribbon = inRect(x, y, 0.46, 0.32, 0.54, 0.86);
    const bow = inRing(x, y, 0.38, 0.22, 0.1, STROKE) || inRing(x, y, 0.62, 0.22, 0.1, STROKE);
    return lid || box || ribbon || (bow && y < 0.32);
  },
  me(x, y) {
    // A head and shoulders.
    const head = inCircle(x, y, 0.5, 0.32, 0.17);
    const shoulders = inCircle(x, y, 0.5, 0.98, 0.38) && y <= 0.86;
    return head || shoulders;
  },
};

function png(shape, [r, g, b]) {
  const row = SIZE * 4 + 1;
  const raw = Buffer.alloc(row * SIZE);
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++)
        for (let sx = 0; sx < SAMPLES; sx++) if (shape((px + (sx + 0.5) / SAMPLES) / SIZE, (py + (sy + 0.5) / SAMPLES) / SIZE)) hits++;
      const at = py * row + 1 + px * 4;
      raw[at] = r;
      raw[at + 1] = g;
      raw[at + 2] = b;
      raw[at + 3] = Math.round((255 * hits) / SAMPLES ** 2);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(6, 9); // RGBA
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const framed = Buffer.alloc(data.length + 12);
    framed.writeUInt32BE(data.length, 0);
    body.copy(framed, 4);
    framed.writeUInt32BE(crc32(body), data.length + 8);
    return framed;
  };
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

for (const [name, shape] of Object.entries(shapes)) {
  for (const [state, color] of Object.entries(COLORS)) {
    const file = new URL(`../src/assets/tabbar/${name}${state === 'active' ? '-active' : ''}.png`, import.meta.url);
    writeFileSync(file, png(shape, color));
  }
}
