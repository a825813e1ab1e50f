import { crc32, deflateSync } from 'node:zlib';

/**
 * A minimal PNG encoder: 8-bit greyscale, no interlace, every row filtered with "None". Written by
 * hand because the project has no image library and the emulator needs only black-and-white
 * squares; node:zlib supplies the two hard parts (deflate and CRC-32). Spec:
 * https://www.w3.org/TR/png-3/ (signature, IHDR, IDAT, IEND).
 */

export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

const GREYSCALE = 0;
const BIT_DEPTH = 8;

/** Encodes a width × height greyscale image; `shade(x, y)` gives each pixel, 0 black to 255 white. */
export function encodeGreyscalePng(width: number, height: number, shade: (x: number, y: number) => number): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`a PNG needs a positive whole size, got ${width}×${height}`);
  }
  const rowBytes = width + 1;
  const raw = Buffer.alloc(rowBytes * height);
  for (let y = 0; y < height; y++) {
    // raw[y * rowBytes] stays 0: filter type None.
    for (let x = 0; x < width; x++) raw[y * rowBytes + 1 + x] = shade(x, y);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(BIT_DEPTH, 8);
  header.writeUInt8(GREYSCALE, 9);
  // Bytes 10–12 stay 0: deflate compression, adaptive filtering, no interlace.
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** length, type, data, CRC-32 of type + data. */
function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const framed = Buffer.alloc(8 + data.length + 4);
  framed.writeUInt32BE(data.length, 0);
  typeAndData.copy(framed, 4);
  framed.writeUInt32BE(crc32(typeAndData), 8 + data.length);
  return framed;
}
