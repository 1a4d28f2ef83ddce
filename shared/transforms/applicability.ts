// Which transformations make sense for a dataset's channel count (SPEC.md section 2: a
// transformation that is the identity on a dataset is refused, not silently run).
import { transformDef, type TransformId } from './index';

export type Applicability = { ok: true } | { ok: false; reason: string };

export function checkApplicable(id: TransformId, channels: number): Applicability {
  const def = transformDef(id);
  if (channels !== 1 && channels !== 3) {
    return { ok: false, reason: `images must have 1 or 3 channels (got ${channels})` };
  }
  if (channels === 1 && def.colourOnly) {
    return {
      ok: false,
      reason: `${id} is the identity on a grayscale (1-channel) dataset, so it is refused: it would measure nothing`,
    };
  }
  return { ok: true };
}
