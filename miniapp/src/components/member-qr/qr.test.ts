import { describe, expect, it } from 'vitest';
import { qrDataUrl } from './qr';

describe('qrDataUrl', () => {
  it('renders the member code as a GIF data URL without any canvas', () => {
    expect(qrDataUrl('LM-8H3K2Q9T')).toMatch(/^data:image\/gif;base64,[A-Za-z0-9+/]+=*$/);
  });

  it('gives different images for different codes and the same image for the same code', () => {
    expect(qrDataUrl('LM-1')).toBe(qrDataUrl('LM-1'));
    expect(qrDataUrl('LM-1')).not.toBe(qrDataUrl('LM-2'));
  });
});
