// What a calibration search found besides its value (issue 14): whether the target was
// reached, the bound from the image size, the rule used and the sentence shown with results.
import type { Migration } from './types';

export const calibrationDetail: Migration = {
  version: 5,
  name: 'calibrations.detail_json: reachedTarget, bound, rule, message',
  sql: `ALTER TABLE calibrations ADD COLUMN detail_json TEXT;`,
};
