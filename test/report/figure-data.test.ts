// Figure data assembled from a hand-made ExperimentDetail (test/report/fixture.ts) with known numbers.
import { describe as group, expect, it } from 'vitest';
import { buildFigureData, supportedFigures } from '../../shared/figure-defs/index';
import type {
  AblationData, AccMatrixData, ActiveNeuronsData, ConfusionData, InvarianceBaselineData, InvarianceBySeenData,
  InvarianceTrendData, InvarianceVsAccuracyData, LayerwiseData, QuadrantsData, WithinAcrossData,
} from '../../shared/figures';
import { FIGURE_IDS } from '../../shared/figure-defs/index';
import { pearson } from '../../shared/correlation';
import { CLASSES, IMAGES, NEURONS, across, makeBlobs, makeDetail, meanInvariance, within } from './fixture';

const detail = makeDetail();
const blobs = makeBlobs();
const mean2 = (a: number, b: number) => (a + b) / 2;

group('accuracy figures', () => {
  it('acc-matrix: rows are the all-categories networks (mean over seeds), the clean network as the none row', () => {
    const d = buildFigureData(detail, blobs, 'acc-matrix') as AccMatrixData;
    expect(d.trainedWith).toEqual(['blur', 'rot90']);
    expect(d.testedOn).toEqual(['clean', 'blur', 'rot90']);
    // cleanAccuracy 0.90 / 0.88; trained transformation 0.60 / 0.65; others 0.25 / 0.26.
    expect(d.accuracy[0]![0]).toBeCloseTo(89, 10);
    expect(d.accuracy[0]![1]).toBeCloseTo(62.5, 10);
    expect(d.accuracy[0]![2]).toBeCloseTo(25.5, 10);
    expect(d.accuracy[1]![2]).toBeCloseTo(62.5, 10);
    expect(d.cleanRow!.map((v) => Math.round(v! * 10) / 10)).toEqual([89, 25.5, 25.5]);
    expect(d.missing).toEqual([]);
  });

  it('within-across: means over seeds in percent, x = number of classes for all, within null at 0, across null at all', () => {
    const d = buildFigureData(detail, blobs, 'within-across') as WithinAcrossData;
    const blur = d.series.find((s) => s.transform === 'blur')!;
    expect(blur.family).toBe('convolutional');
    expect(blur.within.map((p) => p.x)).toEqual([0, 1, 2, CLASSES.length]);
    expect(blur.within[0]!.value).toBeNull();
    expect(blur.within[1]!.value).toBeCloseTo(100 * mean2(within('blur', 1, 0)!, within('blur', 1, 1)!), 10);
    expect(blur.within[3]!.value).toBeCloseTo(71, 10);
    expect(blur.across[3]!.value).toBeNull();
    expect(blur.across[2]!.value).toBeCloseTo(100 * mean2(across('blur', 2, 0)!, across('blur', 2, 1)!), 10);
    // Count 0 is the clean network: seed 0 from its stored baseline row, seed 1 read from its own row.
    expect(blur.across[0]!.value).toBeCloseTo(25.5, 10);
    expect(blur.within[1]!.jobId).toBe('train-blur-1-s0');
  });

  it('confusion: by default an intermediate seen count of the first transformation, on its transformed images', () => {
    const d = buildFigureData(detail, blobs, 'confusion') as ConfusionData;
    expect(d.jobId).toBe('train-blur-1-s0');
    expect(d.condition).toBe('blur');
    expect(d.classes).toEqual(CLASSES);
    expect(d.seenCategories).toEqual([2]);
    expect(d.counts[1]).toEqual([2, 8, 2, 2]);
    const clean = buildFigureData(detail, blobs, 'confusion', { transform: 'rot90', seenCount: 'all', seed: 1, condition: 'clean' }) as ConfusionData;
    expect(clean.jobId).toBe('train-rot90-all-s1');
    expect(clean.counts[1]).toEqual([1, 7, 1, 1]);
    const bad = buildFigureData(detail, blobs, 'confusion', { jobId: 'nope' }) as ConfusionData;
    expect(bad.counts).toEqual([]);
    expect(bad.missing[0]).toContain('nope');
  });

  it('quadrants: intermediate seen counts only, averaged over seeds', () => {
    const d = buildFigureData(detail, blobs, 'confusion-quadrants') as QuadrantsData;
    expect(d.rows.map((r) => `${r.transform}:${r.seenCount}`)).toEqual(['blur:1', 'blur:2', 'rot90:1', 'rot90:2']);
    expect(d.rows[0]).toMatchObject({ seenAsSeen: 90.5, seenAsUnseen: 9.5, unseenAsSeen: 41, unseenAsUnseen: 59 });
  });
});

group('invariance figures', () => {
  it('active neurons: per image as % of the layer, per neuron as % of images, pooled over seeds', () => {
    const d = buildFigureData(detail, blobs, 'active-neurons') as ActiveNeuronsData;
    expect(d.perImage.map((x) => x.group)).toEqual(['blur', 'rot90']);
    expect(d.perImage[0]!.values).toHaveLength(2 * IMAGES);
    const raw = blobs.activePerImage('analyse-blur-all-s0')!;
    expect(d.perImage[0]!.values[0]).toBeCloseTo((100 * raw[0]!) / NEURONS, 5);
    expect(d.perNeuron[0]!.values).toHaveLength(2 * NEURONS);
    expect(Math.max(...d.perNeuron[0]!.values)).toBeLessThanOrEqual(22 + 1e-4);
  });

  it('baseline: the all network vs the clean network, NaN neurons excluded', () => {
    const d = buildFigureData(detail, blobs, 'invariance-baseline') as InvarianceBaselineData;
    expect(d.groups.map((g) => g.transform)).toEqual(['blur', 'rot90']);
    const finite = NEURONS - NEURONS / 10; // every tenth neuron is NaN in the fixture
    expect(d.groups[0]!.all.values).toHaveLength(2 * finite);
    expect(d.groups[0]!.all.jobId).toBe('analyse-blur-all-s0');
    expect(d.groups[0]!.none.jobId).toBe('analyse-blur-0-s0');
  });

  it('by seen count: seen vs unseen, none seen at 0 and none unseen at all', () => {
    const d = buildFigureData(detail, blobs, 'invariance-by-seen') as InvarianceBySeenData;
    expect(d.groups).toHaveLength(8);
    const at = (c: number | 'all') => d.groups.find((g) => g.transform === 'rot90' && g.seenCount === c)!;
    expect(at(0).seen).toBeNull();
    expect(at('all').unseen).toBeNull();
    expect(at(1).seen!.values.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(Math.max(...at(1).unseen!.values)).toBeLessThanOrEqual(0.8 + 1e-6);
  });

  it('trend: mean I_k over seeds per seen count', () => {
    const d = buildFigureData(detail, blobs, 'invariance-trend') as InvarianceTrendData;
    const blur = d.series.find((s) => s.transform === 'blur')!;
    expect(blur.points.map((p) => p.x)).toEqual([0, 1, 2, 4]);
    expect(blur.points[1]!.value).toBeCloseTo(mean2(meanInvariance('blur', 1, 0), meanInvariance('blur', 1, 1)), 10);
  });

  it('invariance vs accuracy: one dot per analysed network, Pearson r with its Fisher interval', () => {
    const d = buildFigureData(detail, blobs, 'invariance-vs-accuracy') as InvarianceVsAccuracyData;
    const [w, a] = d.panels;
    expect(w!.against).toBe('within');
    expect(w!.points).toHaveLength(12); // 2 transformations x {1, 2, all} x 2 seeds
    expect(a!.points).toHaveLength(12); // 2 transformations x {0, 1, 2} x 2 seeds
    const p = a!.points.find((x) => x.transform === 'rot90' && x.seenCount === 2 && x.jobId === 'train-rot90-2-s1')!;
    expect(p.invariance).toBeCloseTo(meanInvariance('rot90', 2, 1), 10);
    expect(p.accuracy).toBeCloseTo(100 * across('rot90', 2, 1)!, 10);
    const ref = pearson(a!.points.map((x) => x.invariance), a!.points.map((x) => x.accuracy));
    expect(a!.r).toBeCloseTo(ref.r!, 12);
    expect(a!.r!).toBeGreaterThan(0.9); // across accuracy rises with seen count, as invariance does
    expect(a!.low!).toBeLessThan(a!.r!);
    expect(a!.high!).toBeGreaterThan(a!.r!);
    expect(a!.n).toBe(12);
  });

  it('intervals and chance: within/across points carry the t interval over the seeds; networks at chance leave invariance figures, counted', () => {
    const wa = buildFigureData(detail, blobs, 'within-across') as WithinAcrossData;
    const p = wa.series.find((s) => s.transform === 'blur')!.across.find((x) => x.seenCount === 1)!;
    const v = [0, 1].map((s) => 100 * across('blur', 1, s)!);
    const m = (v[0]! + v[1]!) / 2, h = 12.706 * Math.abs(v[0]! - v[1]!) / Math.sqrt(2) / Math.sqrt(2);
    expect(p.n).toBe(2);
    expect(p.low!).toBeCloseTo(Math.max(0, m - h), 8);
    expect(p.high!).toBeCloseTo(Math.min(100, m + h), 8);
    expect(wa.chance).toBeCloseTo(100 / CLASSES.length, 10);
    // One network at chance (clean accuracy 26 % of 4 categories): out of the trend and the scatter, counted.
    const d2 = makeDetail();
    d2.evaluations.find((e) => e.transform === 'rot90' && e.seenCount === 2 && e.seed === 1)!.cleanAccuracy = 0.26;
    const trend = buildFigureData(d2, blobs, 'invariance-trend') as InvarianceTrendData;
    expect(trend.excludedAtChance).toBe(1);
    expect(trend.series.find((s) => s.transform === 'rot90')!.points.find((x) => x.seenCount === 2)!.value).toBeCloseTo(meanInvariance('rot90', 2, 0), 10);
    const sc = buildFigureData(d2, blobs, 'invariance-vs-accuracy') as InvarianceVsAccuracyData;
    expect(sc.excludedAtChance).toBe(1);
    expect(sc.panels[1]!.n).toBe(11);
  });

  it('ablation: the tau search of one network in percent, with its chosen tau', () => {
    const d = buildFigureData(detail, blobs, 'ablation') as AblationData;
    expect(d.jobId).toBe('analyse-blur-all-s0');
    expect(d.tau).toBe(0.35);
    expect(d.points).toHaveLength(5);
    expect(d.points[0]!.inactiveClean).toBeCloseTo(90, 10);
    expect(d.points[4]!.activeTransformed).toBeCloseTo(45, 10);
  });

  it('layerwise: mean over seeds per layer, per seen count', () => {
    const d = buildFigureData(detail, blobs, 'layerwise') as LayerwiseData;
    expect(d.series).toHaveLength(8);
    const s = d.series.find((x) => x.transform === 'blur' && x.seenCount === 'all')!;
    expect(s.layers.map((l) => l.layer)).toEqual(['conv1', 'conv2', 'dense1']);
    expect(s.layers[2]!.all).toBeCloseTo(mean2(meanInvariance('blur', 'all', 0), meanInvariance('blur', 'all', 1)), 10);
    expect(s.layers[2]!.unseen).toBeNull();
  });
});

group('missing data', () => {
  it('a running experiment: finished parts are drawn, the rest named with the job state, nothing throws', () => {
    const running = makeDetail({ unfinished: true });
    const wa = buildFigureData(running, blobs, 'within-across') as WithinAcrossData;
    expect(wa.series[0]!.within.map((p) => p.seenCount)).toEqual([0, 1, 'all']);
    expect(wa.missing).toContain('network for Blur with 2 categories seen-transformed: not finished (running)');
    const tr = buildFigureData(running, blobs, 'invariance-trend');
    expect(tr.missing).toContain('analysis for Rotation 90° with 2 categories seen-transformed: not finished (queued)');
    for (const f of FIGURE_IDS) expect(() => buildFigureData(running, blobs, f)).not.toThrow();
    expect(supportedFigures(running).every((s) => s.supported)).toBe(true);
  });

  it('nothing finished: every figure unsupported with a reason, and building one lists why', () => {
    const empty = { ...makeDetail(), evaluations: [], analyses: [], jobList: [] };
    const support = supportedFigures(empty);
    expect(support.map((s) => s.figure)).toEqual([...FIGURE_IDS]);
    expect(support.filter((s) => s.supported)).toEqual([]);
    expect(support.find((s) => s.figure === 'within-across')!.reason).toBe('no network has finished training');
    expect(support.find((s) => s.figure === 'layerwise')!.reason).toBe('no analysis has finished yet');
    for (const f of FIGURE_IDS) expect(buildFigureData(empty, blobs, f).missing.length, f).toBeGreaterThan(0);
  });

  it('spec choices that rule a figure out are named', () => {
    const d = makeDetail();
    const fixedTau = { ...d, spec: { ...d.spec, analysis: { ...d.spec.analysis, tau: 0.2, layerwise: false } }, analyses: d.analyses.map((a) => ({ ...a, tauSearch: [], layerwise: [] })) };
    const s = new Map(supportedFigures(fixedTau).map((x) => [x.figure, x]));
    expect(s.get('ablation')!.reason).toBe('tau is fixed at 0.2 in the spec, so no ablation search was run');
    expect(s.get('layerwise')!.reason).toBe("layer-wise invariance is disabled in the experiment's spec");
    const noAll = { ...d, spec: { ...d.spec, seenCounts: [0, 1, 2] } };
    expect(new Map(supportedFigures(noAll).map((x) => [x.figure, x])).get('acc-matrix')!.reason).toBe("the experiment has no seen count 'all'");
  });
});
