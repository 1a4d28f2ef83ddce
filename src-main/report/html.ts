// The HTML report: one <section class="page"> for the experiment (spec, dataset, calibrated
// strengths, tau, backend, software versions, what is missing) and one per figure (inline SVG
// and the numbers behind it). Each section prints as one page (see pdf.ts).
import type { FigureData } from '../../shared/figures';
import { TRANSFORM_LABEL, type FigureId, type TransformId } from '../../shared/ids';
import { FIGURE_TITLE } from '../../shared/figure-defs/index';
import type { ExperimentDetail } from '../../shared/results';
import { displayCell, figureTable } from '../../shared/charts/table';
import type { PrintPage } from './pages';
import { escapeHtml } from '../../shared/charts/escape';
import { trustSection } from './trust-section';

export interface ReportFigure {
  figure: FigureId;
  data: FigureData;
  svg: string;
  /** The figure drawn for print, one or more pages (pages.ts); without it the svg is shrunk to fit. */
  pages?: PrintPage[];
  /** Exported files of this figure, relative to the report folder. */
  files: string[];
}

/** Example images of a calibrated transformation (computed by the caller, which has the dataset): clean and at the calibrated strength, PNG data URLs. */
export interface CalibrationExampleSet {
  transform: TransformId;
  param: string;
  value: number;
  pairs: { clean: string; transformed: string }[];
  /** Why there are no pairs (e.g. the dataset is gone). */
  error?: string;
}

export interface ReportHtmlInput {
  detail: ExperimentDetail;
  /** Shown beside the calibrated strengths (SPEC.md section 4: "shown wherever results are shown"). */
  examples?: CalibrationExampleSet[];
  figures: ReportFigure[];
  /** Figures or parts not in the report, with the reason for each. */
  missing: string[];
  versions: Record<string, string>;
  generatedAt: string;
}

/** Rows shown per table; the CSV file always has all of them. */
export const TABLE_ROW_LIMIT = 40;

// The one escape helper (shared with the chart tooltips).
export { escapeHtml };

function table(head: string[], rows: (string | number | null)[][], cls = ''): string {
  const cell = (c: string | number | null) => escapeHtml(c === null ? '–' : String(c));
  return `<table class="${cls}"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`
    + `<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function keyValues(rows: [string, string][]): string {
  return `<table class="kv"><tbody>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</tbody></table>`;
}

/** Clean / transformed pairs per calibrated transformation, with the strength and, where the search stopped at the bound, its message. */
function examplesHtml(sets: CalibrationExampleSet[]): string {
  if (!sets.length) return '';
  const fig = (s: CalibrationExampleSet) => `<figure class="examples" data-transform="${escapeHtml(s.transform)}">
<figcaption><b>${escapeHtml(TRANSFORM_LABEL[s.transform])}</b> ${escapeHtml(s.param)} = ${escapeHtml(String(s.value))}: clean (top), transformed (bottom)</figcaption>
${s.error ? `<p class="note">${escapeHtml(s.error)}</p>` : `<div class="pairs">${s.pairs.map((p) => `<div class="pair"><img src="${escapeHtml(p.clean)}" alt="clean example"><img src="${escapeHtml(p.transformed)}" alt="${escapeHtml(`${TRANSFORM_LABEL[s.transform]} at ${s.param} = ${s.value}`)}"></div>`).join('')}</div>`}
</figure>`;
  return `<h3>Example images at the calibrated strength</h3><div class="example-sets" data-testid="calibration-examples">${sets.map(fig).join('')}</div>`;
}

function overview(i: ReportHtmlInput): string {
  const d = i.detail;
  const s = d.spec;
  const ds = d.dataset;
  const classes = ds.classes.length > 24 ? `${ds.classes.slice(0, 24).join(', ')}, … (${ds.classes.length} in all)` : ds.classes.join(', ');
  const backends = new Map<string, number>();
  for (const j of d.jobList) if (j.backend) backends.set(j.backend, (backends.get(j.backend) ?? 0) + 1);
  const taus = new Map<string, { values: number[]; source: string }>();
  for (const a of d.analyses) {
    const k = TRANSFORM_LABEL[a.transform];
    const cur = taus.get(k) ?? { values: [], source: a.tauSource };
    cur.values.push(a.tau);
    taus.set(k, cur);
  }
  const tauRows = [...taus.entries()].map(([t, v]) => {
    const lo = Math.min(...v.values), hi = Math.max(...v.values);
    return [t, lo === hi ? lo.toFixed(2) : `${lo.toFixed(2)}–${hi.toFixed(2)}`, v.values.length, v.source];
  });
  const seen = s.seenCounts.map((c) => String(c)).join(', ');
  const transforms = s.transformations.map((t) => (typeof t === 'string' ? TRANSFORM_LABEL[t]
    : `${TRANSFORM_LABEL[t.id]}${t.params ? ` (${Object.entries(t.params).map(([k, v]) => `${k} = ${v}`).join(', ')})` : ''}`)).join('; ');
  return `<section class="page" id="experiment">
<h1>${escapeHtml(d.name)}</h1>
<p class="meta">Experiment <code>${escapeHtml(d.id)}</code> · status <b>${escapeHtml(d.status)}</b> · jobs ${d.jobs.done}/${d.jobs.total} done${d.jobs.failed ? `, ${d.jobs.failed} failed` : ''} · created ${escapeHtml(d.createdAt)}${d.finishedAt ? ` · finished ${escapeHtml(d.finishedAt)}` : ''} · report generated ${escapeHtml(i.generatedAt)}</p>
<div class="cols">
<div>
<h2>Experiment spec</h2>
${keyValues([
    ['Network', s.network], ['Image size', s.imageSize ? `${s.imageSize} px` : `dataset's own (${ds.size} px)`],
    ['Transformations', transforms], ['Seen counts', seen], ['Seeds', s.seeds.join(', ')],
    ['Epochs', String(s.epochs)], ['Learning rate', String(s.learningRate)], ['Batch size', String(s.batchSize)],
    ['Momentum', String(s.momentum)], ['Weight decay', String(s.weightDecay)],
    ['Training images per category', s.trainPerClass ? String(s.trainPerClass) : 'all'],
    ['Calibration target', s.calibrationTarget !== undefined ? String(s.calibrationTarget) : 'chance rule (SPEC.md section 4)'],
    ['Calibration rule', s.calibrationRule === 'learnable' ? 'learnable: the strongest level a briefly trained all-transformed network learns' : 'paper: fall below the target'],
    ['Analysis', s.analysis.enabled ? `layer ${s.analysis.layer ?? 'penultimate'}, tau ${s.analysis.tau}, at most ${s.analysis.maxUnits} units, layer-wise ${s.analysis.layerwise ? 'on' : 'off'}` : 'disabled'],
  ])}
<h2>Dataset</h2>
${keyValues([
    ['Name', `${ds.name} (${ds.id})`], ['Source', ds.source], ['Categories', `${ds.classes.length}: ${classes}`],
    ['Images', `${ds.size}×${ds.size}, ${ds.channels === 1 ? 'grayscale' : 'RGB'}`],
    ['Split', `train ${ds.counts.train}, validation ${ds.counts.val}, test ${ds.counts.test}`],
  ])}
</div>
<div>
<h2>Calibrated transformation strengths</h2>
${d.calibrations.length
    ? table(['Transformation', 'Parameter', 'Value', 'Rule', 'Target accuracy', 'Seed', 'Bound', 'Target reached'], d.calibrations.map((c) => [
      TRANSFORM_LABEL[c.transform], c.param, c.value, c.rule ?? 'paper', c.target.toFixed(3), c.seed ?? null, c.bound ?? null,
      c.reachedTarget === undefined ? null : c.reachedTarget ? 'yes' : 'no: stopped at the bound']))
    + d.calibrations.filter((c) => c.rule === 'learnable' && c.message).map((c) => `<p class="note">${escapeHtml(c.message!)}</p>`).join('')
    : '<p class="note">No calibrated transformation in this experiment (or calibration not finished).</p>'}
${examplesHtml(i.examples ?? [])}
<h2>Threshold τ</h2>
${tauRows.length ? table(['Transformation', 'τ', 'Networks', 'Chosen by'], tauRows) : '<p class="note">No analysis has finished.</p>'}
<h2>Backend</h2>
<p>${backends.size ? [...backends.entries()].map(([b, n]) => `${escapeHtml(b)} (${n} job${n === 1 ? '' : 's'})`).join(', ') : 'no job has run yet'}</p>
<h2>Software</h2>
${table(['Component', 'Version'], Object.entries(i.versions))}
</div>
</div>
<h2>Figures</h2>
<ol class="toc">${i.figures.map((f) => `<li><a href="#fig-${f.figure}">${escapeHtml(FIGURE_TITLE[f.figure])}</a></li>`).join('')}</ol>
${i.missing.length ? `<h2>Missing</h2><ul class="missing">${i.missing.map((m) => `<li>${escapeHtml(m)}</li>`).join('')}</ul>` : ''}
</section>`;
}

function figureSection(f: ReportFigure): string {
  const t = figureTable(f.data, 'summary');
  const shown = t.rows.slice(0, TABLE_ROW_LIMIT).map((r) => r.map((c, j) => displayCell(t.columns[j]!, c)));
  const csv = f.files.find((x) => x.endsWith('.csv'));
  const more = t.rows.length > TABLE_ROW_LIMIT
    ? `<p class="note">${t.rows.length - TABLE_ROW_LIMIT} more rows${csv ? ` in <code>${escapeHtml(csv)}</code>` : ''}.</p>` : '';
  const distNote = /^(active-neurons|invariance-baseline|invariance-by-seen)$/.test(f.figure)
    ? `<p class="note">Summary per violin; every value is in ${csv ? `<code>${escapeHtml(csv)}</code>` : 'the CSV export'}.</p>` : '';
  const notShown = f.data.missing.length ? `<p class="note">Not shown: ${f.data.missing.map(escapeHtml).join('; ')}.</p>` : '';
  if (f.pages?.length) {
    // Drawn for the page (pages.ts): full size, never shrunk; the numbers follow on pages of their own.
    const drawn = f.pages.map((p) => `<section class="page figure print"${p.part === 1 ? ` id="fig-${f.figure}"` : ''} data-figure="${f.figure}">
<h2>${escapeHtml(f.data.title)}${p.parts > 1 ? ` <span class="part">(${p.part} of ${p.parts})</span>` : ''}</h2>
<div class="svg print" style="width:${p.width}px">${p.svg}</div>
</section>`).join('\n');
    return `${drawn}
<section class="page numbers flow" data-figure="${f.figure}">
<h2>${escapeHtml(f.data.title)}</h2>
<h3>Numbers behind the figure</h3>
${notShown}${distNote}${table(t.columns, shown, 'numbers')}${more}
${f.files.length ? `<p class="files">Files: ${f.files.map((x) => `<code>${escapeHtml(x)}</code>`).join(' ')}</p>` : ''}
</section>`;
  }
  return `<section class="page figure" id="fig-${f.figure}">
<h2>${escapeHtml(f.data.title)}</h2>
<div class="svg">${f.svg}</div>
${notShown}
<h3>Numbers behind the figure</h3>
${distNote}${table(t.columns, shown, 'numbers')}${more}
${f.files.length ? `<p class="files">Files: ${f.files.map((x) => `<code>${escapeHtml(x)}</code>`).join(' ')}</p>` : ''}
</section>`;
}

const CSS = `
@page { size: A4 landscape; margin: 10mm; }
* { box-sizing: border-box; }
body { font-family: "Liberation Sans", Helvetica, Arial, "DejaVu Sans", sans-serif; font-size: 11px; color: #1a1a1a; margin: 0; }
section.page { break-after: page; page-break-after: always; break-inside: avoid; padding: 0; }
section.page:last-of-type { break-after: auto; page-break-after: auto; }
@media screen { section.page { max-width: 1100px; margin: 0 auto 48px; padding: 16px; border-bottom: 1px solid #ddd; } }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 10px 0 4px; } h3 { font-size: 12px; margin: 8px 0 4px; }
.meta { color: #555; margin: 0 0 6px; }
.cols { display: flex; gap: 24px; } .cols > div { flex: 1; min-width: 0; }
table { border-collapse: collapse; margin: 2px 0 6px; }
th, td { border: 1px solid #ccc; padding: 1px 5px; text-align: left; vertical-align: top; }
table.numbers { font-size: 9px; } table.numbers td { font-variant-numeric: tabular-nums; }
table.kv th { width: 34%; background: #f5f5f5; font-weight: 600; }
.svg svg { width: 100%; height: auto; max-height: 125mm; display: block; margin: 0 auto; }
.svg.print { max-width: 100%; margin: 0 auto; } .svg.print svg { max-height: none; }
section.page.flow { break-inside: auto; }
h2 .part { color: #555; font-weight: normal; }
.note { color: #555; font-style: italic; margin: 2px 0; }
.files { color: #555; font-size: 9px; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 0.92em; }
.example-sets { display: flex; flex-wrap: wrap; gap: 12px; } figure.examples { margin: 0; }
figure.examples figcaption { font-size: 10px; } .pairs { display: flex; gap: 4px; } .pair { display: flex; flex-direction: column; gap: 2px; }
.pair img { width: 48px; height: 48px; image-rendering: pixelated; border: 1px solid #ccc; }
ul.missing { color: #8a3b00; margin: 0; padding-left: 18px; }
`;

export function reportHtml(i: ReportHtmlInput): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="generator" content="Invariance Lab ${escapeHtml(i.versions['invariance-lab'] ?? '')}">
<title>${escapeHtml(i.detail.name)}: Invariance Lab report</title>
<style>${CSS}</style></head>
<body>
${overview(i)}
${trustSection(i.detail, escapeHtml)}
${i.figures.map(figureSection).join('\n')}
</body></html>
`;
}
