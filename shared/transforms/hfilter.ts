// Horizontal derivative filter (SPEC.md section 2, convolutional family).
import { TRANSFORM_PALETTE } from '../palette';
import { defineTransform } from './define';
import { correlateSeparable } from './ops';
import { correlate2d } from './plain';

export default defineTransform({
  id: 'hfilter',
  family: 'convolutional',
  label: 'Horizontal filter',
  color: TRANSFORM_PALETTE.rose,
  summary: '3x3 kernel, every row [-1, 0, 1], per channel, border reflected',
  apply: (x, _p, { tf }) => correlateSeparable(tf, x, [1, 1, 1], [-1, 0, 1]),
  reference: (img) => correlate2d(img, [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]]),
});
