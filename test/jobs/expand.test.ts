import { describe, expect, it } from 'vitest';
import { parseExperimentSpec, type ExperimentSpecInput } from '../../shared/spec';
import { ExperimentSetupError } from '../../src-main/jobs/errors';
import { expandExperiment, normaliseSeenCounts } from '../../src-main/jobs/expand';
import { canonicalJson, newExperimentId } from '../../src-main/jobs/ids';
import { seededPermutation } from '../../src-main/jobs/random';
import { buildTaskFrom, type TaskSource } from '../../src-main/jobs/inputs';
import type { JobRecord } from '../../src-main/store';

function expand(input: Partial<ExperimentSpecInput>, classCount = 10) {
  const r = parseExperimentSpec({ dataset: 'd', transformations: ['blur', 'rot90'], seenCounts: [0, 1, 5, 'all'], seeds: [0], ...input });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const orders = new Map<number, number[]>();
  const seenOrder = (s: number) => { if (!orders.has(s)) orders.set(s, seededPermutation(classCount, 'exp', s)); return orders.get(s)!; };
  return { ...expandExperiment({ experimentId: 'exp', spec: r.spec, classCount, seenOrder, jobDir: (id) => `/d/${id}` }), orders };
}

describe('expandExperiment', () => {
  it('makes one clean network per seed, calibrations, train jobs per (transform, k > 0) and analyses', () => {
    const { jobs } = expand({ seeds: [0, 1] });
    const perSeed = (s: number) => jobs.filter((j) => j.seed === s);
    for (const s of [0, 1]) {
      const js = perSeed(s);
      expect(js.filter((j) => j.kind === 'train' && j.transform === null)).toHaveLength(1);
      expect(js.filter((j) => j.kind === 'calibrate').map((j) => j.transform)).toEqual(['blur']);
      // 2 transformations x 3 seen counts (1, 5, all)
      expect(js.filter((j) => j.kind === 'train' && j.transform !== null)).toHaveLength(6);
      // every trained network, the clean one once per transformation
      expect(js.filter((j) => j.kind === 'analyse')).toHaveLength(8);
    }
    expect(new Set(jobs.map((j) => j.id)).size).toBe(jobs.length);
    expect(jobs.map((j) => j.ordinal)).toEqual(jobs.map((_, i) => i));
  });

  it('nests the seen sets: the first k categories of one permutation per seed', () => {
    const { jobs, orders } = expand({ seenCounts: [1, 3, 5, 9, 'all'], transformations: ['rot90', 'invert'] });
    const order = orders.get(0)!;
    expect([...order].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const t of ['rot90', 'invert'] as const) {
      const train = jobs.filter((j) => j.kind === 'train' && j.transform === t);
      const sets = train.map((j) => j.seenCategories);
      expect(sets.map((s) => s.length)).toEqual([1, 3, 5, 9, 10]);
      for (let i = 1; i < sets.length; i++) expect(sets[i]).toEqual(expect.arrayContaining(sets[i - 1]!));
      expect(sets[2]).toEqual(order.slice(0, 5).sort((a, b) => a - b));
    }
    // The same seen set for the same count across transformations.
    const k5 = jobs.filter((j) => j.kind === 'train' && j.seenCount === 5).map((j) => j.seenCategories);
    expect(k5[0]).toEqual(k5[1]);
  });

  it('wires dependencies: calibration after the clean net, calibrated trainings after their calibration', () => {
    const { jobs } = expand({ transformations: ['blur', 'noise', 'rot90'] });
    const byId = new Map(jobs.map((j) => [j.id, j]));
    const clean = jobs.find((j) => j.transform === null)!;
    expect(clean.dependsOn).toEqual([]);
    const calBlur = jobs.find((j) => j.kind === 'calibrate' && j.transform === 'blur')!;
    const calNoise = jobs.find((j) => j.kind === 'calibrate' && j.transform === 'noise')!;
    expect(calBlur.dependsOn).toEqual([clean.id]);
    expect(jobs.find((j) => j.kind === 'train' && j.transform === 'blur' && j.seenCount === 1)!.dependsOn).toEqual([calBlur.id]);
    expect(jobs.find((j) => j.kind === 'train' && j.transform === 'rot90' && j.seenCount === 1)!.dependsOn).toEqual([]);
    // 'all' networks are tested on every transformation, so they wait for every calibration.
    expect(jobs.find((j) => j.kind === 'train' && j.transform === 'rot90' && j.seenCount === 'all')!.dependsOn.sort()).toEqual([calBlur.id, calNoise.id].sort());
    const analyseBlur0 = jobs.find((j) => j.kind === 'analyse' && j.transform === 'blur' && j.seenCount === 0)!;
    expect(analyseBlur0.config.networkJobId).toBe(clean.id);
    expect(analyseBlur0.dependsOn.sort()).toEqual([clean.id, calBlur.id].sort());
    // Every dependency exists and comes earlier in the list (no cycles).
    for (const j of jobs) for (const d of j.dependsOn) expect(byId.get(d)!.ordinal).toBeLessThan(j.ordinal);
  });

  it('does not calibrate a transformation with fixed parameters', () => {
    const { jobs } = expand({ transformations: [{ id: 'blur', params: { sigma: 2 } }] });
    expect(jobs.filter((j) => j.kind === 'calibrate')).toEqual([]);
  });

  it('skips analyses when analysis is disabled, and passes layer and tau on', () => {
    expect(expand({ analysis: { enabled: false } }).jobs.filter((j) => j.kind === 'analyse')).toEqual([]);
    const a = expand({ analysis: { layer: 'conv2', tau: 0.3 } }).jobs.find((j) => j.kind === 'analyse')!;
    expect(a.config).toMatchObject({ layer: 'conv2', tau: 0.3 });
  });

  it('clips counts above the number of categories to all, with a warning', () => {
    const { counts, warnings } = normaliseSeenCounts([0, 20, 3, 3, 1, 4], 4);
    expect(counts).toEqual([1, 3, 'all']);
    expect(warnings).toEqual([expect.stringMatching(/20 is more than the dataset's 4 categories/)]);
    expect(expand({ seenCounts: [0, 50] }, 10).warnings).toHaveLength(1);
  });

  it('refuses a transformation listed twice, naming the field', () => {
    expect(() => expand({ transformations: ['blur', { id: 'blur', params: { sigma: 1 } }] })).toThrow(ExperimentSetupError);
    expect(() => expand({ transformations: ['rot90', 'rot90'] })).toThrow(/transformations: rot90 is listed twice/);
  });
});

describe('ids', () => {
  it('experiment ids are 10 hex digits and depend on spec and time', () => {
    const a = newExperimentId('{"x":1}', 't1');
    expect(a).toMatch(/^[0-9a-f]{10}$/);
    expect(newExperimentId('{"x":1}', 't2')).not.toBe(a);
    expect(newExperimentId('{"x":1}', 't1')).toBe(a);
  });

  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined, e: 'x' }] })).toBe(canonicalJson({ a: [{ e: 'x', d: 2 }], b: 1 }));
  });

  it('permutations are reproducible per (key, seed) and differ between seeds', () => {
    expect(seededPermutation(40, 'e', 0)).toEqual(seededPermutation(40, 'e', 0));
    expect(seededPermutation(40, 'e', 1)).not.toEqual(seededPermutation(40, 'e', 0));
  });
});

describe('calibrationRule (SPEC.md section 4)', () => {
  // Optional enums: absent keeps the paper's behaviour (and older specs' keys unchanged).
  it.each([
    ['calibrationRule', 'learnable', 'strongest'],
    ['learningRateSchedule', 'cosine', 'step'],
  ] as const)("%s is optional (the paper's when absent), takes '%s', and a wrong value is an error naming the field", (field, good, wrong) => {
    const base = { dataset: 'd', transformations: ['blur'] };
    const plain = parseExperimentSpec(base);
    expect(plain.ok && plain.spec[field]).toBeUndefined();
    const set = parseExperimentSpec({ ...base, [field]: good });
    expect(set.ok && set.spec[field]).toBe(good);
    const bad = parseExperimentSpec({ ...base, [field]: wrong });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.field)).toEqual([field]);
  });

  it("hands the calibrate job the rule and the experiment's training settings for its probe networks", () => {
    const { jobs } = expand({ calibrationRule: 'learnable', epochs: 7, learningRate: 0.03, trainPerClass: 50 });
    const cal = jobs.find((j) => j.kind === 'calibrate')!;
    const r = parseExperimentSpec({ dataset: 'd', transformations: ['blur', 'rot90'], seenCounts: [0, 1, 5, 'all'], seeds: [0], calibrationRule: 'learnable', epochs: 7, learningRate: 0.03, trainPerClass: 50 });
    if (!r.ok) throw new Error('spec');
    const source: TaskSource = {
      context: () => ({ spec: r.spec, datasetDir: '/ds', imageSize: 16 }), calibration: () => null,
      workDirOf: (id) => `/d/${id}`,
    };
    const task = buildTaskFrom(source, { ...cal, status: 'queued' } as unknown as JobRecord);
    expect(task.kind).toBe('calibrate');
    expect(task.input).toMatchObject({
      rule: 'learnable',
      probe: { epochs: 7, learningRate: 0.03, batchSize: 32, momentum: 0.9, weightDecay: 5e-4, trainPerClass: 50, workDir: cal.workDir },
    });
    const paperTask = buildTaskFrom({ ...source, context: () => ({ spec: parseOk({ dataset: 'd', transformations: ['blur'] }), datasetDir: '/ds', imageSize: 16 }) }, { ...cal, status: 'queued' } as unknown as JobRecord);
    expect(paperTask.input).not.toHaveProperty('rule');
  });
});

function parseOk(v: unknown) {
  const r = parseExperimentSpec(v);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.spec;
}
