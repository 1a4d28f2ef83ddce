// Invariance per layer (paper Fig. 10): one figure of SPEC.md section 7.
import type { FigureOptions } from '../contract';
import type { LayerwiseData } from '../figures';
import { TRANSFORM_LABEL } from '../ids';
import { layerwiseOption } from '../charts/lines';
import { sc } from '../charts/table';
import { defineFigure } from './define';
import { meanOf, seenLabel, base, analysisReason, type Results } from './results';

export default defineFigure<LayerwiseData>({
  id: 'layerwise',
  paperFigure: 'Fig. 10',
  title: 'Invariance per layer',
  tab: 'Layer-wise',
  transformFilter: true,
  needs: 'layer-wise invariance of the analyses',
  supported(r) {
    if (!r.d.spec.analysis.layerwise) return "layer-wise invariance is disabled in the experiment's spec";
    return r.d.analyses.some((a) => a.layerwise.length) ? null : r.d.analyses.length ? 'no analysis stored layer-wise invariance' : analysisReason(r.d);
  },
  assemble: (r, _blobs, options) => layerwise(r, options),
  table(d) {
    return {
      columns: ['transform', 'seen_count', 'layer', 'mean_invariance_all', 'mean_invariance_seen', 'mean_invariance_unseen'],
      rows: d.series.flatMap((s) => s.layers.map((l) => [s.transform, sc(s.seenCount), l.layer, l.all, l.seen, l.unseen])),
    };
  },
  build: layerwiseOption,
  size: (d) => ({ width: 1000, height: 200 + 260 * Math.max(1, new Set(d.series.map((s) => s.transform)).size) }),
});

function layerwise(r: Results, o: FigureOptions): LayerwiseData {
  const out: LayerwiseData = { ...base('layerwise', r.d), series: [] };
  if (!r.d.spec.analysis.layerwise) { out.missing.push("layer-wise invariance is disabled in the experiment's spec"); return out; }
  for (const t of o.transform ? [o.transform] : r.transforms) for (const c of r.seenCounts) {
    const as = r.analyses(t, c);
    if (!as.length) { out.missing.push(r.why('analyse', t, c)); continue; }
    const names = [...new Set(as.flatMap((a) => a.layerwise.map((l) => l.layer)))];
    if (!names.length) { out.missing.push(`layer-wise invariance of ${TRANSFORM_LABEL[t]}, ${seenLabel(c)}: not stored`); continue; }
    const at = (layer: string, k: 'all' | 'seen' | 'unseen') => meanOf(as.map((a) => a.layerwise.find((l) => l.layer === layer)?.[k]));
    out.series.push({
      transform: t, seenCount: c,
      layers: names.map((layer) => ({ layer, all: at(layer, 'all'), seen: at(layer, 'seen'), unseen: at(layer, 'unseen') })),
    });
  }
  return out;
}
