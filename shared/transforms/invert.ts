// Contrast inversion (SPEC.md section 2, convolutional family).
import { TRANSFORM_PALETTE } from '../palette';
import { defineTransform } from './define';
import { mapValues } from './plain';

export default defineTransform({
  id: 'invert',
  family: 'convolutional',
  label: 'Contrast inversion',
  color: TRANSFORM_PALETTE.purple,
  summary: '255 - x',
  apply: (x, _p, { tf }) => tf.tidy(() => tf.sub(255, x)),
  reference: (img) => mapValues(img, (v) => 255 - v),
});
