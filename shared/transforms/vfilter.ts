// Vertical derivative filter (SPEC.md section 2, convolutional family).
import { TRANSFORM_PALETTE } from '../palette';
import { defineTransform } from './define';
import { correlateSeparable } from './ops';
import { correlate2d } from './plain';

export default defineTransform({
  id: 'vfilter',
  family: 'convolutional',
  label: 'Vertical filter',
  color: TRANSFORM_PALETTE.olive,
  summary: 'transpose of hfilter: every column [-1, 0, 1]^T, per channel, border reflected',
  apply: (x, _p, { tf }) => correlateSeparable(tf, x, [-1, 0, 1], [1, 1, 1]),
  reference: (img) => correlate2d(img, [[-1, -1, -1], [0, 0, 0], [1, 1, 1]]),
});
