// Active neurons (paper Fig. 3a): one figure of SPEC.md section 7.
import type { ActiveNeuronsData } from '../figures';
import { TRANSFORM_LABEL } from '../ids';
import { activeNeuronsOption } from '../charts/violins';
import { distTable } from '../charts/table';
import { defineFigure } from './define';
import { pooled, distribution, base, analysisReason, type Results, type FigureBlobs } from './results';

export default defineFigure<ActiveNeuronsData>({
  id: 'active-neurons',
  paperFigure: 'Fig. 3a',
  title: 'Active neurons',
  tab: 'Active neurons',
  transformFilter: true,
  needs: 'analyses at seen count all: active neurons per image and images per neuron (blobs)',
  supported(r) {
    return r.transforms.some((t) => r.analyses(t, 'all').length) ? null
      : r.d.analyses.length ? "no analysis of a network trained on all categories (seen count 'all') has finished" : analysisReason(r.d);
  },
  assemble: (r, blobs) => activeNeurons(r, blobs),
  table(d, mode) {
    return distTable(['measure', 'transform'], [
      ...d.perImage.map((x) => ({ keys: ['active_neurons_per_image_pct', x.group ?? x.label], dist: x })),
      ...d.perNeuron.map((x) => ({ keys: ['images_per_neuron_pct', x.group ?? x.label], dist: x })),
    ], mode);
  },
  build: activeNeuronsOption,
  size: () => ({ width: 1000, height: 520 }),
});

function activeNeurons(r: Results, blobs: FigureBlobs): ActiveNeuronsData {
  const out: ActiveNeuronsData = { ...base('active-neurons', r.d), perImage: [], perNeuron: [] };
  for (const t of r.transforms) {
    const as = r.analyses(t, 'all');
    if (!as.length) { out.missing.push(r.why('analyse', t, 'all')); continue; }
    const perNeuron = as.map((a) => blobs.imagesPerNeuron(a.jobId));
    // Per image as a share of the layer's analysed neurons, as the paper reports it.
    const perImage = as.flatMap((a, i) => {
      const counts = blobs.activePerImage(a.jobId);
      const neurons = perNeuron[i]?.length ?? blobs.invariance(a.jobId)?.all.length ?? 0;
      return counts && neurons ? [counts.map((v) => (100 * v) / neurons)] : [];
    });
    const img = distribution(TRANSFORM_LABEL[t], pooled(perImage), as[0]!.jobId, t);
    const neu = distribution(TRANSFORM_LABEL[t], pooled(perNeuron, 100), as[0]!.jobId, t);
    if (img) out.perImage.push(img); else out.missing.push(`active neurons per image for ${TRANSFORM_LABEL[t]}: not stored`);
    if (neu) out.perNeuron.push(neu); else out.missing.push(`images per neuron for ${TRANSFORM_LABEL[t]}: not stored`);
  }
  return out;
}
