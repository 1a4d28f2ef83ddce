// The analyse job end to end on a tiny network: tau search, I_k all / seen / unseen,
// active-neuron statistics, layer-wise means, progress, cancel and resume; and the
// activation export read back by the analysis core.
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../shared/results';
import type { AnalyseJobInput, AnalyseJobResult, JobHooks } from '../../src-main/engine/types';
import {
  type ActivationIndex, type AnalyseDeps, captureLayer, computeInvariance, exportActivations,
  runAnalyseJob, seenMaskFromCategories, TAU_GRID,
} from '../../src-main/engine/analysis';
import { invarianceFromFiles, readActivationNpy } from '../../src-main/engine/analysis/npy-input';
import { TOY_SIZE, toyImages, toyNetwork } from './toy-network';

const dir = mkdtempSync(join(tmpdir(), 'invlab-analysis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const net = toyNetwork(6);
const images = toyImages(120, 21, net); // more than one batch
const deps: AnalyseDeps = { loadNetwork: async () => net, loadImages: async () => images };

function input(over: Partial<AnalyseJobInput> = {}): AnalyseJobInput {
  return {
    jobId: 'job-a', datasetDir: '/unused', network: 'labnet', imageSize: TOY_SIZE, workDir: dir,
    transform: { id: 'rot90', params: {} }, seenCategories: [1], tau: 'auto', maxUnits: 100,
    layerwise: true, seed: 5, ...over,
  };
}

function hooks(control: () => 'run' | 'pause' | 'cancel' = () => 'run') {
  const progress: JobProgress[] = [];
  const logs: string[] = [];
  const h: JobHooks = { progress: (p) => progress.push(p), epoch: () => {}, log: (_l, m) => logs.push(m), control };
  return { h, progress, logs };
}

function done(r: AnalyseJobResult | { stopped: string }): AnalyseJobResult {
  if ('stopped' in r) throw new Error(`job stopped: ${r.stopped}`);
  return r;
}

describe('runAnalyseJob', () => {
  let result: AnalyseJobResult;
  let progress: JobProgress[];
  let logs: string[];

  beforeAll(async () => {
    const hk = hooks();
    result = done(await runAnalyseJob(input(), hk.h, deps));
    progress = hk.progress;
    logs = hk.logs;
  });

  it('chooses tau by ablation from the grid and stores the curve', () => {
    const a = result.analysis;
    expect(a.layer).toBe('fc_relu');
    expect(a.tauSource).toBe('search');
    expect(a.tauSearch.map((p) => p.tau)).toEqual([...TAU_GRID]);
    expect(TAU_GRID).toContain(a.tau);
    // The chosen tau loses at most 1 point with inactive units zeroed; the next grid value
    // up, if any, loses more on clean or transformed images (or a later one qualifies).
    const base = a.tauSearch[0]!;
    const chosen = a.tauSearch.find((p) => p.tau === a.tau)!;
    expect(base.inactiveAblatedClean - chosen.inactiveAblatedClean).toBeLessThanOrEqual(0.01 + 1e-12);
    for (const p of a.tauSearch.filter((q) => q.tau > a.tau)) {
      const drop = Math.max(base.inactiveAblatedClean - p.inactiveAblatedClean, base.inactiveAblatedTransformed - p.inactiveAblatedTransformed);
      expect(drop).toBeGreaterThan(0.01);
    }
    expect(logs.some((l) => l.startsWith('tau search by ablation'))).toBe(true);
  });

  it('computes I_k for all, seen and unseen images, equal to the core on the captured activations', async () => {
    const a = result.analysis;
    const cap = await captureLayer(net.model, 'fc_relu', images, input().transform, TOY_SIZE, { maxUnits: 100, seed: 5 });
    const want = computeInvariance(cap.clean, cap.transformed, { tau: a.tau, seenMask: seenMaskFromCategories(images.labels, [1]) });
    expect(a.all).toEqual(want.all.summary);
    expect(a.seen).toEqual(want.seen!.summary);
    expect(a.unseen).toEqual(want.unseen!.summary);
    expect(a.all.count + a.all.dead + a.all.emptyActive).toBe(12);
    expect(Array.from(result.invariance.all)).toEqual(Array.from(Float32Array.from(want.all.values)));
    expect(Array.from(result.invariance.seen)).toEqual(Array.from(Float32Array.from(want.seen!.values)));
    expect(Array.from(result.activePerImage)).toEqual(Array.from(want.activePerImage));
    expect(result.activePerImage.length).toBe(images.count);
    expect(result.imagesPerNeuron.length).toBe(12);
  });

  it('gives the mean I_k of every analysable layer, input to output, the analysed one matching its summary', () => {
    const lw = result.analysis.layerwise;
    expect(lw.map((l) => l.layer)).toEqual(['c1_relu', 'fc_relu']);
    expect(lw[1]!.all).toBeCloseTo(result.analysis.all.mean!, 12);
    expect(lw[1]!.seen).toBeCloseTo(result.analysis.seen!.mean!, 12);
    for (const l of lw) for (const v of [l.all, l.seen, l.unseen]) {
      expect(v).not.toBeNull();
      expect(v!).toBeGreaterThanOrEqual(0);
      expect(v!).toBeLessThanOrEqual(1);
    }
  });

  it('reports progress through the stages (analysed layer, ablation, other layers)', () => {
    expect(progress.length).toBeGreaterThan(3);
    expect(new Set(progress.map((p) => p.epoch))).toEqual(new Set([1, 2, 3]));
    expect(progress.every((p) => p.epochs === 3 && p.steps === images.count && p.step <= p.steps)).toBe(true);
  });

  it('uses a fixed tau when given, still drawing the ablation curve', async () => {
    const r = done(await runAnalyseJob(input({ jobId: 'job-fixed', tau: 0.15, layerwise: false }), hooks().h, deps));
    expect(r.analysis.tau).toBe(0.15);
    expect(r.analysis.tauSource).toBe('fixed');
    expect(r.analysis.tauSearch).toHaveLength(21);
    expect(r.analysis.layerwise).toEqual([]);
  });

  it('analyses another layer on request, and refuses a non-analysable one', async () => {
    const r = done(await runAnalyseJob(input({ jobId: 'job-conv', layer: 'c1_relu', tau: 0.1, layerwise: false }), hooks().h, deps));
    expect(r.analysis.layer).toBe('c1_relu');
    expect(r.analysis.all.count + r.analysis.all.dead + r.analysis.all.emptyActive).toBe(100);
    await expect(runAnalyseJob(input({ jobId: 'job-bad', layer: 'fc' }), hooks().h, deps)).rejects.toThrow(/"fc" is not an analysable .* c1_relu, fc_relu/);
  });

  it('stops on cancel, and a paused job resumes after its finished stages with the same result', async () => {
    expect(await runAnalyseJob(input({ jobId: 'job-cancel' }), hooks(() => 'cancel').h, deps)).toEqual({ stopped: 'cancel' });
    // Pause in the layer-wise stage (3), after the tau search (stage 2) was saved.
    let pauseNow = false;
    const hk = hooks(() => (pauseNow ? 'pause' : 'run'));
    const orig = hk.h.progress;
    hk.h.progress = (p) => { orig(p); if (p.epoch === 3) pauseNow = true; };
    expect(await runAnalyseJob(input({ jobId: 'job-resume' }), hk.h, deps)).toEqual({ stopped: 'pause' });
    const again = hooks();
    const resumed = done(await runAnalyseJob(input({ jobId: 'job-resume' }), again.h, deps));
    expect(again.logs.some((l) => l.startsWith('tau search by ablation'))).toBe(false);
    expect(resumed.analysis).toEqual(result.analysis);
  });
});

describe('exportActivations', () => {
  it('writes .npy matrices and an index that reproduce the job\'s numbers through the core and the CLI function', async () => {
    const out = join(dir, 'export');
    const e = await exportActivations(input({ jobId: 'job-export' }), out, deps);
    expect([e.images, e.neurons]).toEqual([images.count, 12]);
    const index = JSON.parse(readFileSync(e.indexPath, 'utf8')) as ActivationIndex;
    expect(index.layer).toBe('fc_relu');
    expect(index.units).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(index.categories).toEqual(Array.from(images.labels));
    expect(index.seen).toEqual(Array.from(images.labels, (l) => l === 1));
    const clean = readActivationNpy(e.cleanPath);
    expect([clean.images, clean.neurons]).toEqual([images.count, 12]);

    const job = done(await runAnalyseJob(input({ jobId: 'job-export-check', tau: 0.2, layerwise: false }), hooks().h, deps));
    const report = invarianceFromFiles({ clean: e.cleanPath, transformed: e.transformedPath, tau: 0.2, seen: join(out, index.files.seen) });
    expect(report.summary.all).toEqual(job.analysis.all);
    expect(report.summary.seen).toEqual(job.analysis.seen);
    expect(report.summary.unseen).toEqual(job.analysis.unseen);
    const viaLabels = invarianceFromFiles({ clean: e.cleanPath, transformed: e.transformedPath, tau: 0.2, labels: join(out, index.files.labels), seenCategories: [1] });
    expect(viaLabels.summary).toEqual(report.summary);
  });
});
