import { useEffect, useRef } from 'react';
import { wholePixelRatio, type ChartCanvasProps } from './chart-surface';

/**
 * A browser canvas, filling its box: a plain <canvas> rather than Taro's <Canvas>, whose web
 * component resets the canvas's pixel size whenever it re-renders. Handed over again (re-sized)
 * whenever the box changes size, e.g. when the staff area switches to the desktop layout.
 */
export function ChartCanvas({ id, onSurface }: ChartCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const rulerRef = useRef<HTMLDivElement>(null);
  const report = useRef(onSurface);
  report.current = onSurface;

  useEffect(() => {
    const canvas = canvasRef.current;
    const ruler = rulerRef.current;
    const box = canvas?.parentElement;
    const context = canvas?.getContext('2d');
    if (!canvas || !ruler || !box || !context) return;
    let last = '';
    const measure = () => {
      // The box's own CSS pixels, which the canvas's style size is in: the desktop staff frame
      // zooms pages to 55 %, and getBoundingClientRect would give the zoomed (smaller) size.
      const width = box.clientWidth;
      const height = box.clientHeight;
      // The ruler is 100 design px wide (insight-chart.css): Taro's rem makes that 50 CSS px on a
      // phone and more in a wide window.
      const designPx = ruler.offsetWidth / 100;
      const size = `${width}x${height}@${designPx}`;
      if (!width || !height || size === last) return;
      last = size;
      report.current({
        context,
        width,
        height,
        pixelRatio: wholePixelRatio(window.devicePixelRatio),
        designPx: designPx || 0.5,
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

  return (
    <>
      <canvas ref={canvasRef} id={id} className="insight-chart__canvas" />
      <div ref={rulerRef} className="insight-chart__ruler" />
    </>
  );
}
