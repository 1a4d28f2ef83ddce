// results.neuron on a tiny experiment trained and analysed for real (engine in workers): the
// view recomputes the analysis' activations, so its h_k must average to the stored I_k.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NeuronView } from '../../shared/contract';
import { LabFailure, createLabService, type LabService } from '../../src-main/app';
import { ensureBuiltinDataset } from '../../src-main/engine/data';
import { tempDir } from '../store/helpers';

let dir: string;
let service: LabService;
let analyseId: string;
let trainId: string;

beforeAll(async () => {
  dir = tempDir('invlab-neuron-');
  const { dir: dsDir, summary } = await ensureBuiltinDataset(path.join(dir, 'datasets'), { perClass: 12, size: 16 });
  service = createLabService({ dbPath: path.join(dir, 'lab.db'), backend: 'wasm', workers: 1 });
  service.store.datasets.save(summary, dsDir);
  const exp = await service.call('experiments.create', {
    spec: {
      dataset: summary.id, network: 'labnet', transformations: ['rot90'], seenCounts: [0], epochs: 1, batchSize: 32,
      analysis: { enabled: true, tau: 0.2, maxUnits: 64, layerwise: false },
    },
  });
  await service.whenIdle();
  const jobs = service.store.jobs.byExperiment(exp.id);
  expect(jobs.map((j) => `${j.kind}:${j.status}`).sort()).toEqual(['analyse:done', 'train:done']);
  analyseId = jobs.find((j) => j.kind === 'analyse')!.id;
  trainId = jobs.find((j) => j.kind === 'train')!.id;
}, 240_000);
afterAll(async () => { await service?.close(); fs.rmSync(dir, { recursive: true, force: true }); });

async function failure(p: Promise<unknown>): Promise<LabFailure> {
  try { await p; } catch (e) { expect(e).toBeInstanceOf(LabFailure); return e as LabFailure; }
  throw new Error('expected the call to fail');
}

/** The first neuron whose stored I_k exists (not dead, non-empty active set). */
function liveNeuron(): number {
  const all = service.store.analyses.arrays(analyseId)!.invariance.all;
  const k = all.findIndex((v) => !Number.isNaN(v));
  expect(k).toBeGreaterThanOrEqual(0);
  return k;
}

describe('results.neuron', () => {
  let view: NeuronView;
  let k: number;

  beforeAll(async () => {
    k = liveNeuron();
    view = await service.call('results.neuron', { jobId: analyseId, neuron: k, top: 5 });
  }, 60_000);

  it('returns the top images with normalised activity, most active first', () => {
    const analysis = service.store.analyses.get(analyseId)!;
    expect(view).toMatchObject({ jobId: analyseId, layer: analysis.layer, neuron: k });
    expect(view.images).toHaveLength(5);
    const peak = view.images.map((im) => Math.max(im.fClean, im.fTransformed));
    // Normalised by M_k: the most active image reaches exactly 1.
    expect(peak[0]).toBeCloseTo(1, 6);
    for (let i = 1; i < peak.length; i++) expect(peak[i]).toBeLessThanOrEqual(peak[i - 1]!);
    for (const im of view.images) {
      expect(im.clean).toMatch(/^data:image\/png;base64,/);
      expect(im.transformed).toMatch(/^data:image\/png;base64,/);
      expect(im.transformed).not.toBe(im.clean);
      expect(im.category).toMatch(/\S/);
      const active = im.fClean > analysis.tau || im.fTransformed > analysis.tau;
      if (active) expect(im.h).toBeCloseTo(1 - Math.abs(im.fTransformed - im.fClean) / (im.fTransformed + im.fClean), 5);
      else expect(im.h).toBeNull();
    }
  });

  it("reports the stored I_k, and its recomputation from the view's activations agrees", async () => {
    const stored = service.store.analyses.arrays(analyseId)!.invariance.all[k]!;
    expect(view.invariance).toBeCloseTo(stored, 6);
    // Every test image, so the mean of h over the active set is I_k itself.
    const images = service.store.datasets.list()[0]!.summary.counts.test;
    const whole = await service.call('results.neuron', { jobId: analyseId, neuron: k, top: 100 });
    expect(whole.images).toHaveLength(Math.min(100, images));
    if (images <= 100) {
      const hs = whole.images.map((im) => im.h).filter((h): h is number => h !== null);
      expect(hs.reduce((a, b) => a + b, 0) / hs.length).toBeCloseTo(stored, 4);
    }
  }, 60_000);

  it("accepts the analysed network's train job", async () => {
    const v = await service.call('results.neuron', { jobId: trainId, neuron: k, top: 2 });
    expect(v.jobId).toBe(analyseId);
    expect(v.images.map((im) => im.fClean)).toEqual(view.images.slice(0, 2).map((im) => im.fClean));
  }, 60_000);

  it('refuses a neuron beyond the analysed units and an unknown layer, naming the field', async () => {
    const units = service.store.analyses.arrays(analyseId)!.invariance.all.length;
    const e = await failure(service.call('results.neuron', { jobId: analyseId, neuron: units }));
    expect(e).toMatchObject({ code: 'bad-request', fields: [{ field: 'neuron' }] });
    expect(e.message).toMatch(new RegExp(`outside 0\\.\\.${units - 1}`));
    const l = await failure(service.call('results.neuron', { jobId: analyseId, neuron: 0, layer: 'nope' }));
    expect(l).toMatchObject({ code: 'bad-request', fields: [{ field: 'layer' }] });
    expect((await failure(service.call('results.neuron', { jobId: 'nope', neuron: 0 }))).code).toBe('not-found');
  }, 60_000);
});
