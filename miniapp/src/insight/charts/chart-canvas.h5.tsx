import { useEffect, useRef } from 'react';
import type { ChartCanvasProps } from './chart-surface';

/**
 * A browser canvas, filling its box: a plain <canvas> rather than Taro's <Canvas>, whose web
 * component resets the canvas's pixel size whenever it re-renders. Handed over again (re-sized)
 * whenever the box changes width, e.g. when the staff area switches to the desktop layout.
 */
export function ChartCanvas({ id, onSurface }: ChartCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const report = useRef(onSurface);
  report.current = onSurface;

  useEffect(() => {
    const canvas = canvasRef.current;
    const box = canvas?.parentElement;
    const context = canvas?.getContext('2d');
    if (!canvas || !box || !context) return;
    let last = '';
    const measure = () => {
      const { width, height } = box.getBoundingClientRect();
      const size = `${Math.round(width)}x${Math.round(height)}`;
      if (!width || !height || size === last) return;
      last = size;
      report.current({
        context,
        width: Math.round(width),
        height: Math.round(height),
        pixelRatio: window.devicePixelRatio || 1,
        extras: {},
      });
    };
    measure();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : undefined;
    observer?.observe(box);
    window.addEventListener('resize', measure);
    return () => {
      observer?.disconnect();
      window.removeEventListener('resize', measure);
      report.current(null);
    };
  }, []);

  return <canvas ref={canvasRef} id={id} className="insight-chart__canvas" />;
}
