// tfjs's convolution and pooling geometry (Conv2DInfo) as the numbers the addon takes, or null
// where oneDNN cannot express it the same way (then the wasm kernel runs).
import { backend_util, type NamedAttrMap } from '@tensorflow/tfjs';

export function convInfo(xShape: number[], filterShape: number[], attrs: NamedAttrMap, dilations: number | [number, number] = 1): backend_util.Conv2DInfo | null {
  const format = (attrs.dataFormat as string | undefined) ?? 'NHWC';
  if (format !== 'NHWC') return null;
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as [number, number],
    dilations,
    attrs.pad as 'same' | 'valid',
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    false,
    'channelsLast',
  );
}

/** oneDNN derives the output size from the padding; it must agree with tfjs's. */
function consistent(inSize: number, outSize: number, k: number, stride: number, dilation: number, p0: number, p1: number): boolean {
  const effective = (k - 1) * dilation + 1;
  return p0 >= 0 && p1 >= 0 && Math.floor((inSize + p0 + p1 - effective) / stride) + 1 === outSize;
}

/** n, ih, iw, ci, oh, ow, co, kh, kw, sh, sw, dh, dw, pt, pl, pb, pr (conv2d.cc's order). */
export function convGeometry(c: backend_util.Conv2DInfo): number[] | null {
  const p = c.padInfo;
  if (!consistent(c.inHeight, c.outHeight, c.filterHeight, c.strideHeight, c.dilationHeight, p.top, p.bottom)) return null;
  if (!consistent(c.inWidth, c.outWidth, c.filterWidth, c.strideWidth, c.dilationWidth, p.left, p.right)) return null;
  return [c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.outHeight, c.outWidth, c.outChannels,
    c.filterHeight, c.filterWidth, c.strideHeight, c.strideWidth, c.dilationHeight, c.dilationWidth,
    p.top, p.left, p.bottom, p.right];
}

export function poolInfo(xShape: number[], attrs: NamedAttrMap): backend_util.Conv2DInfo {
  return backend_util.computePool2DInfo(
    xShape as [number, number, number, number],
    attrs.filterSize as [number, number] | number,
    attrs.strides as [number, number] | number,
    1,
    attrs.pad as 'same' | 'valid' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
}

/** n, ih, iw, c, oh, ow, kh, kw, sh, sw, pt, pl, pb, pr (pool.cc's order). */
export function poolGeometry(c: backend_util.Conv2DInfo): number[] | null {
  const p = c.padInfo;
  if (c.dilationHeight !== 1 || c.dilationWidth !== 1) return null;
  if (!consistent(c.inHeight, c.outHeight, c.filterHeight, c.strideHeight, 1, p.top, p.bottom)) return null;
  if (!consistent(c.inWidth, c.outWidth, c.filterWidth, c.strideWidth, 1, p.left, p.right)) return null;
  return [c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.outHeight, c.outWidth,
    c.filterHeight, c.filterWidth, c.strideHeight, c.strideWidth, p.top, p.left, p.bottom, p.right];
}
