// Which transformations make sense for a dataset's channel count (SPEC.md section 2: a
// transformation that is the identity on a dataset is refused, not silently run).
import type { TransformId } from '../../../shared/ids';
import { assertTransformId } from './params';

export type Applicability = { ok: true } | { ok: false; reason: string };

const COLOUR_ONLY: ReadonlySet<TransformId> = new Set(['grayscale', 'hue180']);

export function checkApplicable(id: TransformId, channels: number): Applicability {
  assertTransformId(id);
  if (channels !== 1 && channels !== 3) {
    return { ok: false, reason: `images must have 1 or 3 channels (got ${channels})` };
  }
  if (channels === 1 && COLOUR_ONLY.has(id)) {
    return {
      ok: false,
      reason: `${id} is the identity on a grayscale (1-channel) dataset, so it is refused: it would measure nothing`,
    };
  }
  return { ok: true };
}
