// Ids used everywhere: CLI, database, UI and reports (SPEC.md sections 2, 5, 7).

export const TRANSFORM_IDS = [
  'grayscale', 'hue180',
  'blur', 'highpass', 'hfilter', 'vfilter', 'invert',
  'noise', 'saltpepper',
  'rot90', 'rot180', 'thin',
] as const;
export type TransformId = (typeof TRANSFORM_IDS)[number];

export type TransformFamily = 'color' | 'convolutional' | 'noise' | 'geometric';

export const TRANSFORM_FAMILY: Record<TransformId, TransformFamily> = {
  grayscale: 'color', hue180: 'color',
  blur: 'convolutional', highpass: 'convolutional', hfilter: 'convolutional',
  vfilter: 'convolutional', invert: 'convolutional',
  noise: 'noise', saltpepper: 'noise',
  rot90: 'geometric', rot180: 'geometric', thin: 'geometric',
};

/** Names as the paper prints them, for legends and reports. */
export const TRANSFORM_LABEL: Record<TransformId, string> = {
  grayscale: 'Grayscale', hue180: 'Hue rotation', blur: 'Blur', highpass: 'High-pass filter',
  hfilter: 'Horizontal filter', vfilter: 'Vertical filter', invert: 'Contrast inversion',
  noise: 'Gaussian noise', saltpepper: 'Salt & pepper', rot90: 'Rotation 90°',
  rot180: 'Rotation 180°', thin: 'Image thinning',
};

/** Transformations whose strength is calibrated (SPEC.md section 4). */
export const CALIBRATED_TRANSFORMS = ['blur', 'noise'] as const satisfies readonly TransformId[];

export function isTransformId(x: unknown): x is TransformId {
  return typeof x === 'string' && (TRANSFORM_IDS as readonly string[]).includes(x);
}

export const NETWORK_IDS = ['labnet', 'alexnet', 'resnet18'] as const;
export type NetworkId = (typeof NETWORK_IDS)[number];

export const FIGURE_IDS = [
  'acc-matrix', 'within-across', 'confusion', 'confusion-quadrants', 'active-neurons',
  'invariance-baseline', 'invariance-by-seen', 'invariance-trend', 'invariance-vs-accuracy',
  'ablation', 'layerwise',
] as const;
export type FigureId = (typeof FIGURE_IDS)[number];

export const FIGURE_TITLE: Record<FigureId, string> = {
  'acc-matrix': 'Accuracy: trained with vs tested on',
  'within-across': 'Within- and across-category accuracy',
  confusion: 'Confusion matrix',
  'confusion-quadrants': 'Seen / unseen confusion quadrants',
  'active-neurons': 'Active neurons',
  'invariance-baseline': 'Invariance: x + T(x) vs x only',
  'invariance-by-seen': 'Invariance by number of seen-transformed categories',
  'invariance-trend': 'Mean invariance vs seen count',
  'invariance-vs-accuracy': 'Invariance vs accuracy',
  ablation: 'Ablation: accuracy vs tau',
  layerwise: 'Invariance per layer',
};

export const BACKEND_IDS = ['tensorflow', 'native', 'wasm', 'cpu'] as const;
export type BackendId = (typeof BACKEND_IDS)[number];

/** A seen count is a number of categories or 'all'. */
export type SeenCount = number | 'all';
