// Violins for ECharts, which has none: a Gaussian kernel density estimate computed here and
// drawn by a `custom` series as a mirrored polygon, with the quartile box and the median.
// Each violin is one data item carrying its jobId, so a click in the app leads to the run.
import type { CustomSeriesOption } from 'echarts';

export interface DistributionStats {
  n: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  mean: number;
}

export interface Density {
  /** Positions along the value axis, ascending, from min to max of the data. */
  at: number[];
  /** Density at each position (integrates to 1 over the sample range, up to truncation). */
  density: number[];
}

function quantileSorted(s: readonly number[], p: number): number {
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/** Summary of the finite values; null when there are none. */
export function describe(values: readonly number[]): DistributionStats | null {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!s.length) return null;
  let sum = 0;
  for (const v of s) sum += v;
  return {
    n: s.length, min: s[0]!, max: s[s.length - 1]!, mean: sum / s.length,
    q1: quantileSorted(s, 0.25), median: quantileSorted(s, 0.5), q3: quantileSorted(s, 0.75),
  };
}

/** Silverman's rule of thumb, with a floor so identical values still give a drawable shape. */
export function silvermanBandwidth(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n < 2) return 1e-3;
  let sum = 0, sq = 0;
  for (const v of sorted) { sum += v; sq += v * v; }
  const m = sum / n;
  const sd = Math.sqrt(Math.max(0, sq / n - m * m) * n / (n - 1));
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  const spread = Math.min(sd, iqr > 0 ? iqr / 1.34 : sd);
  const h = 0.9 * spread * Math.pow(n, -0.2);
  const range = sorted[n - 1]! - sorted[0]!;
  return h > 0 ? h : Math.max(range / 20, Math.abs(m) * 1e-3, 1e-3);
}

const MAX_EXACT = 2000;
const BINS = 256;

/**
 * Gaussian KDE evaluated at `points` positions between the sample's min and max (invariance
 * and percentages are bounded, so the shape is not extended past the data). Large samples are
 * first binned (256 bins), which changes the estimate by far less than a pixel.
 */
export function kde(values: readonly number[], points = 48): Density {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!s.length) return { at: [], density: [] };
  const lo = s[0]!, hi = s[s.length - 1]!;
  const h = silvermanBandwidth(s);
  let centres: number[], weights: number[];
  if (s.length > MAX_EXACT && hi > lo) {
    const counts = new Array<number>(BINS).fill(0);
    const width = (hi - lo) / BINS;
    for (const v of s) counts[Math.min(BINS - 1, Math.floor((v - lo) / width))]!++;
    centres = counts.map((_, i) => lo + (i + 0.5) * width);
    weights = counts;
  } else {
    centres = s;
    weights = s.map(() => 1);
  }
  const at: number[] = [];
  const density: number[] = [];
  const norm = 1 / (s.length * h * Math.sqrt(2 * Math.PI));
  const n = hi > lo ? points : 1;
  for (let i = 0; i < n; i++) {
    const x = n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1);
    let d = 0;
    for (let j = 0; j < centres.length; j++) {
      const w = weights[j]!;
      if (!w) continue;
      const z = (x - centres[j]!) / h;
      if (z > 6 || z < -6) continue;
      d += w * Math.exp(-0.5 * z * z);
    }
    at.push(x);
    density.push(d * norm);
  }
  return { at, density };
}

export interface ViolinInput {
  /** Index on the category axis. */
  category: number;
  values: readonly number[];
  name: string;
  jobId?: string;
  /** Extra fields kept on the data item (seen count, group...), for tooltips and clicks. */
  meta?: Record<string, string | number | null>;
  /** Tooltip lines above the distribution's statistics (trained with, seen count...). */
  tip?: string[];
}

export interface ViolinSeriesArgs {
  name: string;
  color: string;
  ink: string;
  xAxisIndex?: number;
  yAxisIndex?: number;
  /** Violins of several series share a category: this one's slot and the number of slots. */
  slot?: number;
  slots?: number;
  /** Multiplies the value before plotting (e.g. fractions to percent). */
  scale?: number;
  interactive?: boolean;
  /** How values read in the tooltip: coefficients (3 decimals) or percentages; what n counts. */
  unit?: 'coef' | 'pct';
  countLabel?: string;
}

/** Data item of a violin: [category, median, q1, q3, min, max, n, mean]. */
export interface ViolinDatum {
  value: [number, number, number, number, number, number, number, number];
  name: string;
  jobId?: string;
  [k: string]: unknown;
}

export function violinSeries(inputs: readonly ViolinInput[], a: ViolinSeriesArgs): CustomSeriesOption {
  const scale = a.scale ?? 1;
  const slots = a.slots ?? 1;
  const slot = a.slot ?? 0;
  const shapes: Density[] = [];
  const data: ViolinDatum[] = [];
  const fmt = (x: number) => (a.unit === 'pct' ? `${x.toFixed(1)}%` : x.toFixed(3));
  for (const v of inputs) {
    const scaled = v.values.filter((x) => Number.isFinite(x)).map((x) => x * scale);
    const st = describe(scaled);
    if (!st) continue;
    shapes.push(kde(scaled));
    data.push({
      value: [v.category, st.median, st.q1, st.q3, st.min, st.max, st.n, st.mean],
      name: v.name,
      ...(v.jobId ? { jobId: v.jobId } : {}),
      ...(v.meta ?? {}),
      tipTitle: v.name,
      tip: [
        ...(v.tip ?? []),
        `Median ${fmt(st.median)} (quartiles ${fmt(st.q1)} to ${fmt(st.q3)})`,
        `Mean ${fmt(st.mean)}, range ${fmt(st.min)} to ${fmt(st.max)}`,
        `n = ${st.n} ${a.countLabel ?? 'neurons'}`,
      ],
    });
  }
  return {
    type: 'custom',
    name: a.name,
    xAxisIndex: a.xAxisIndex ?? 0,
    yAxisIndex: a.yAxisIndex ?? 0,
    itemStyle: { color: a.color },
    // The box and median are drawn from these dimensions, so tooltips list them too.
    dimensions: ['category', 'median', 'q1', 'q3', 'min', 'max', 'n', 'mean'],
    encode: { x: 0, y: [1, 2, 3, 4, 5], tooltip: [1, 2, 3, 6, 7] },
    silent: !a.interactive,
    data,
    renderItem: (params, api) => {
      const shape = shapes[params.dataIndex];
      if (!shape || !shape.at.length) return null;
      const cat = api.value(0) as number;
      const band = (api.size!([1, 0]) as number[])[0]!;
      const slotWidth = (band * 0.84) / slots;
      const cx = api.coord([cat, 0])[0]! - (band * 0.84) / 2 + slotWidth * (slot + 0.5);
      const half = slotWidth * 0.46;
      const maxD = Math.max(...shape.density) || 1;
      const left: number[][] = [], right: number[][] = [];
      for (let i = 0; i < shape.at.length; i++) {
        const y = api.coord([cat, shape.at[i]!])[1]!;
        const w = Math.max(0.6, (shape.density[i]! / maxD) * half);
        left.push([cx - w, y]);
        right.push([cx + w, y]);
      }
      const yMed = api.coord([cat, api.value(1) as number])[1]!;
      const yQ1 = api.coord([cat, api.value(2) as number])[1]!;
      const yQ3 = api.coord([cat, api.value(3) as number])[1]!;
      const boxW = Math.min(7, Math.max(1.5, half * 0.18));
      const children: unknown[] = [];
      if (shape.at.length > 1) {
        children.push({
          type: 'polygon',
          shape: { points: [...left, ...right.reverse()] },
          style: { fill: a.color, stroke: a.color, lineWidth: 0.8, opacity: 0.85 },
        });
      } else {
        // All values equal: a horizontal tick instead of a zero-height violin.
        children.push({
          type: 'line',
          shape: { x1: cx - half, y1: yMed, x2: cx + half, y2: yMed },
          style: { stroke: a.color, lineWidth: 3 },
        });
      }
      children.push({
        type: 'rect',
        shape: { x: cx - boxW / 2, y: Math.min(yQ1, yQ3), width: boxW, height: Math.max(0.5, Math.abs(yQ1 - yQ3)) },
        style: { fill: a.ink, opacity: 0.75 },
        silent: true,
      });
      children.push({
        type: 'circle',
        shape: { cx, cy: yMed, r: Math.min(4, Math.max(1.5, boxW * 0.6)) },
        style: { fill: '#ffffff', stroke: a.ink, lineWidth: 0.6 },
        silent: true,
      });
      return { type: 'group', children } as ReturnType<NonNullable<CustomSeriesOption['renderItem']>>;
    },
  } as CustomSeriesOption;
}
