// The quick calibration-and-learnability probe of a designed experiment (SPEC.md section 4),
// before its long sweep: the same dataset, network and transformations, but only the clean
// network (with its calibrations, within the image-size bounds) and the networks trained with
// every category transformed, one seed, a short budget, no analysis. Its summary says, per
// transformation, whether it hurts the clean network and whether it is learnable in the budget.

/** At most this many epochs and training images per category in a probe. */
export const PROBE_EPOCHS = 3;
export const PROBE_PER_CLASS = 100;

export function probeSpecFrom(spec: Record<string, unknown>): Record<string, unknown> {
  const epochs = typeof spec.epochs === 'number' ? Math.min(spec.epochs, PROBE_EPOCHS) : PROBE_EPOCHS;
  const per = typeof spec.trainPerClass === 'number' ? Math.min(spec.trainPerClass, PROBE_PER_CLASS) : PROBE_PER_CLASS;
  const seeds = Array.isArray(spec.seeds) && spec.seeds.length ? [spec.seeds[0]] : [0];
  const name = typeof spec.name === 'string' && spec.name ? spec.name : 'experiment';
  return {
    ...spec, name: `probe: ${name}`, seenCounts: [0, 'all'], seeds, epochs, trainPerClass: per, analysis: { enabled: false },
  };
}
