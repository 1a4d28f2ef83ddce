// High-pass filter (SPEC.md section 2, convolutional family).
import { TRANSFORM_PALETTE } from '../palette';
import { defineTransform } from './define';
import { correlateSeparable } from './ops';
import { correlate2d, outer } from './plain';

export const HIGHPASS_TAPS = [-1, 2, 4, 2, -1] as const;

export default defineTransform({
  id: 'highpass',
  family: 'convolutional',
  label: 'High-pass filter',
  color: TRANSFORM_PALETTE.teal,
  summary: '5x5 kernel outer([-1,2,4,2,-1], [-1,2,4,2,-1]), per channel, not normalised, border reflected',
  apply: (x, _p, { tf }) => correlateSeparable(tf, x, HIGHPASS_TAPS, HIGHPASS_TAPS),
  reference: (img) => correlate2d(img, outer(HIGHPASS_TAPS, HIGHPASS_TAPS)),
});
