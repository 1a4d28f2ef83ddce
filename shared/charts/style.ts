// One look for every figure, in the app and in exported reports: the Okabe-Ito palette
// (safe for the common colour-vision deficiencies), fixed colours for seen / unseen, the
// paper's transformation names, and fonts large enough to read at print size.
import { OKABE_ITO } from '../palette';
import { TRANSFORM_FAMILY, TRANSFORM_LABEL, type SeenCount, type TransformFamily, type TransformId } from '../ids';

export type Theme = 'light' | 'dark';

export { OKABE_ITO } from '../palette';

/** Palette in the order series take colours when nothing more specific applies. */
export const PALETTE: readonly string[] = [
  OKABE_ITO.blue, OKABE_ITO.vermillion, OKABE_ITO.green, OKABE_ITO.orange,
  OKABE_ITO.skyBlue, OKABE_ITO.purple, OKABE_ITO.yellow, OKABE_ITO.grey,
];

/** Seen / unseen / all are the same colours in every figure. */
export const GROUP_COLOR = {
  seen: OKABE_ITO.blue,
  unseen: OKABE_ITO.vermillion,
  all: OKABE_ITO.green,
  /** The network trained on x only (the paper's "x"). */
  none: OKABE_ITO.grey,
} as const;

// Transformations' order and colours: the registry's (shared/transforms/<id>.ts), through
// one module that keeps them apart from GROUP_COLOR (transform-style.ts).
export { TRANSFORM_COLOR, TRANSFORM_ORDER, byPaperOrder, sortTransforms } from './transform-style';

export const FAMILY_SYMBOL: Record<TransformFamily, string> = {
  color: 'circle', convolutional: 'rect', noise: 'triangle', geometric: 'diamond',
};

export const FAMILY_LABEL: Record<TransformFamily, string> = {
  color: 'Color', convolutional: 'Convolutional', noise: 'Noise', geometric: 'Geometric',
};

export const FAMILY_ORDER: readonly TransformFamily[] = ['color', 'convolutional', 'noise', 'geometric'];

export function transformLabel(t: TransformId | 'clean' | 'none'): string {
  if (t === 'clean') return 'Clean';
  if (t === 'none') return 'None (x only)';
  return TRANSFORM_LABEL[t];
}

export function transformSymbol(t: TransformId): string {
  return FAMILY_SYMBOL[TRANSFORM_FAMILY[t]];
}

export function seenCountLabel(c: SeenCount, classes?: number): string {
  if (c === 'all') return classes ? `All (${classes})` : 'All';
  return String(c);
}

/** Sequential colours for ordered things (seen counts): light to dark, colour-blind safe (viridis). */
export const SEQUENTIAL: readonly string[] = ['#fde725', '#7ad151', '#22a884', '#2a788e', '#414487', '#440154'];

function hexToRgb(h: string): number[] {
  return [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
}

/**
 * The i-th of n ordered colours, interpolated along viridis so that every one of n seen
 * counts gets its own colour (rounding to the six stops gave 1 and 5, or 20 and 30, the same).
 * The palest yellow is skipped: unreadable on white.
 */
export function sequentialColor(i: number, n: number): string {
  if (n <= 1) return SEQUENTIAL[3]!;
  const pos = 1 + (i / (n - 1)) * (SEQUENTIAL.length - 2);
  const lo = Math.min(SEQUENTIAL.length - 2, Math.floor(pos));
  const f = pos - lo;
  const a = hexToRgb(SEQUENTIAL[lo]!), b = hexToRgb(SEQUENTIAL[lo + 1]!);
  return '#' + a.map((v, k) => Math.round(v + (b[k]! - v) * f).toString(16).padStart(2, '0')).join('');
}

export interface ThemeColors {
  text: string;
  subtleText: string;
  axis: string;
  grid: string;
  background: string;
  /** Okabe-Ito black is invisible on a dark background. */
  ink: string;
}

export function themeColors(theme: Theme): ThemeColors {
  return theme === 'dark'
    ? { text: '#e6e6e6', subtleText: '#b0b0b0', axis: '#8c8c8c', grid: '#3a3a3a', background: 'transparent', ink: '#e6e6e6' }
    : { text: '#1a1a1a', subtleText: '#555555', axis: '#333333', grid: '#e3e3e3', background: '#ffffff', ink: '#000000' };
}

// No quotes: ECharts' SVG renderer writes the family into a style attribute unescaped.
export const FONT_FAMILY = 'Helvetica, Arial, Liberation Sans, DejaVu Sans, sans-serif';
export const FONT = { title: 16, axisName: 13, axisLabel: 12, legend: 12, label: 11 } as const;

export const AXIS_NAME = {
  accuracy: 'Top-1 accuracy (%)',
  seenCount: 'Number of seen-transformed categories',
  invariance: 'Invariance coefficient I_k',
  meanInvariance: 'Mean invariance coefficient',
  tau: 'Threshold τ',
  layer: 'Layer',
  predicted: 'Predicted category',
  trueClass: 'True category',
  trainedWith: 'Trained with',
  testedOn: 'Tested on',
  activePerImage: 'Active neurons per image (% of neurons)',
  imagesPerNeuron: 'Images activating a neuron (% of images)',
} as const;

export function fmtPct(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : `${v.toFixed(digits)}%`;
}

export function fmtNum(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);
}
