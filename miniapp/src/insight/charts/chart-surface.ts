/**
 * A canvas ready for F2, as each platform hands it over: its 2D context, its size in CSS pixels
 * (the device pixels are `pixelRatio` times as many), and what F2 cannot find on its own there.
 */
export interface ChartSurface {
  context: CanvasRenderingContext2D;
  width: number;
  height: number;
  pixelRatio: number;
  /**
   * CSS pixels per design pixel (the 750-wide design every style here is written in): F2 sizes
   * the charts' text, lines and padding by it, so they match the page's own text (0.5 on a
   * 375-wide phone; larger in a desktop browser, where Taro's H5 rem grows with the window).
   */
  designPx: number;
  /**
   * F2 Canvas options the platform supplies: WeChat's canvas node has its own animation frames,
   * images and an offscreen canvas for measuring text; a browser needs none of them.
   */
  extras: {
    requestAnimationFrame?: (callback: () => void) => number;
    cancelAnimationFrame?: (handle: number) => void;
    createImage?: () => unknown;
    offscreenCanvas?: unknown;
  };
}

export interface ChartCanvasProps {
  /** Unique on the page: WeChat finds the canvas node by it. */
  id: string;
  /** Called with a fresh surface when the canvas is ready or its size changed; null when it is gone. */
  onSurface: (surface: ChartSurface | null) => void;
}

let counter = 0;
/** A page-unique canvas id (React's useId has colons, which a selector cannot take). */
export const nextCanvasId = () => `insight-canvas-${++counter}`;

/**
 * The pixel ratio to draw at, rounded up to a whole number: AntV G sizes its drawing by the
 * rounded-up ratio but a browser canvas by the exact one, so a 2.75 screen (common on Android)
 * would have its charts cut off at the right and bottom. Drawing at 3 is a little sharper still.
 */
export const wholePixelRatio = (ratio: number | undefined) => Math.max(1, Math.ceil(ratio || 1));
