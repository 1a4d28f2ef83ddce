// Server-side rendering of a chart option: SVG from ECharts' SSR renderer, PNG rasterised
// from that SVG with sharp, so the PNG is the same drawing as the SVG and the app.
import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';
import sharp from 'sharp';

/** Target print resolution of exported PNGs. */
export const PNG_DPI = 300;
/** SVG user units are CSS pixels: 96 per inch. */
const CSS_PX_PER_INCH = 96;
/** librsvg (inside sharp) maps `density` dpi to (density / 72) output pixels per SVG unit. */
const RSVG_BASE_DPI = 72;

export function renderSvg(option: EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false });
    return chart.renderToSVGString();
  } finally {
    // Undisposed SSR charts keep a timer alive and the process from exiting.
    chart.dispose();
  }
}

/** Pixel size of a PNG of a `width` x `height` CSS-pixel figure at `dpi`. */
export function pngSize(width: number, height: number, dpi = PNG_DPI): { width: number; height: number } {
  const s = dpi / CSS_PX_PER_INCH;
  return { width: Math.round(width * s), height: Math.round(height * s) };
}

/** Rasterises the SVG at `dpi` (physical size = CSS size) and records the dpi in the PNG (pHYs). */
export async function svgToPng(svg: string, dpi = PNG_DPI): Promise<Buffer> {
  const density = (dpi * RSVG_BASE_DPI) / CSS_PX_PER_INCH;
  return sharp(Buffer.from(svg), { density })
    .flatten({ background: '#ffffff' })
    .withMetadata({ density: dpi })
    .png({ compressionLevel: 6 })
    .toBuffer();
}
