import qrcode from 'qrcode-generator';

/**
 * A QR code as a GIF data URL. qrcode-generator encodes the GIF in plain JavaScript (no canvas),
 * so the same image works in WeChat's <image> and in the browser.
 */
export function qrDataUrl(text: string, cellSize = 8, margin = 16): string {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  return qr.createDataURL(cellSize, margin);
}
