import { useEffect, useRef } from 'react';
import Taro from '@tarojs/taro';
import { Canvas } from '@tarojs/components';
import { wholePixelRatio, type ChartCanvasProps, type ChartSurface } from './chart-surface';

/** What WeChat's selector query answers for a `type="2d"` canvas with fields({ node, size }). */
interface CanvasNodeFields {
  node?: {
    width: number;
    height: number;
    getContext(type: '2d'): CanvasRenderingContext2D;
    requestAnimationFrame(callback: () => void): number;
    cancelAnimationFrame(handle: number): void;
    createImage(): unknown;
  };
  width: number;
  height: number;
}

/** The screen's pixel ratio, and CSS pixels per design pixel (an rpx: the window's width / 750). */
function screen(): { pixelRatio: number; designPx: number } {
  // getWindowInfo is the current API (base library 2.20.1); getSystemInfoSync before it.
  const info = typeof Taro.getWindowInfo === 'function' ? Taro.getWindowInfo() : Taro.getSystemInfoSync();
  return { pixelRatio: wholePixelRatio(info.pixelRatio), designPx: (info.windowWidth || 375) / 750 };
}

/**
 * WeChat's 2D canvas (the node API, base library 2.9.0+): the node is looked up once Taro has
 * rendered it, sized in device pixels, and handed over with its own animation frames; looked up
 * again when the window changes size.
 */
export function ChartCanvas({ id, onSurface }: ChartCanvasProps) {
  const report = useRef(onSurface);
  report.current = onSurface;

  useEffect(() => {
    let live = true;
    const measure = () =>
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((results: Array<CanvasNodeFields | null>) => {
          const found = results?.[0];
          const node = found?.node;
          if (!live || !node || !found.width || !found.height) return;
          const { pixelRatio: ratio, designPx } = screen();
          node.width = Math.round(found.width * ratio);
          node.height = Math.round(found.height * ratio);
          const surface: ChartSurface = {
            context: node.getContext('2d'),
            width: found.width,
            height: found.height,
            pixelRatio: ratio,
            designPx,
            extras: {
              requestAnimationFrame: (callback) => node.requestAnimationFrame(callback),
              cancelAnimationFrame: (handle) => node.cancelAnimationFrame(handle),
              // node.createImage must be called on the node (F2's own WeChat component notes the same).
              createImage: () => node.createImage(),
              offscreenCanvas: typeof Taro.createOffscreenCanvas === 'function' ? Taro.createOffscreenCanvas({ type: '2d' }) : undefined,
            },
          };
          report.current(surface);
        });
    measure();
    Taro.onWindowResize?.(measure);
    return () => {
      live = false;
      Taro.offWindowResize?.(measure);
      report.current(null);
    };
  }, [id]);

  return <Canvas type="2d" id={id} className="insight-chart__canvas" />;
}
