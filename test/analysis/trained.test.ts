// The analyse job on networks actually trained by runTrainJob, loaded from their work folders
// by the job's real loaders (weights file, dataset folder): the paper's Fig. 3 finding in
// miniature, a network trained with x + T(x) is more invariant to T than one trained on x.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTrainJob } from '../../src-main/engine/train';
import { runAnalyseJob } from '../../src-main/engine/analysis';
import type { AnalyseJobInput, AnalyseJobResult, JobHooks, TrainJobInput } from '../../src-main/engine/types';
import { TOY_CLASSES, TOY_SIZE, useToyWorkspace } from '../train/toy-dataset';

const ws = useToyWorkspace('invlab-analysis-trained-');
const hooks: JobHooks = { progress: () => {}, epoch: () => {}, log: () => {}, control: () => 'run' };
const invert = { id: 'invert' as const, params: {} };
const all = TOY_CLASSES.map((_, i) => i);

async function train(name: string, withTransform: boolean): Promise<string> {
  const workDir = join(ws.root, name);
  const input: TrainJobInput = {
    jobId: name, datasetDir: ws.datasetDir, network: 'labnet', imageSize: TOY_SIZE, transform: withTransform ? invert : null,
    seenCategories: withTransform ? all : [], seed: 3, epochs: 6, learningRate: 0.01, batchSize: 16, momentum: 0.9,
    weightDecay: 5e-4, workDir, evalTransforms: [],
  };
  const r = await runTrainJob(input, hooks);
  if ('stopped' in r) throw new Error('training stopped');
  return workDir;
}

async function analyse(workDir: string, seenCategories: number[]): Promise<AnalyseJobResult> {
  const input: AnalyseJobInput = {
    jobId: `analyse-${seenCategories.length}`, datasetDir: ws.datasetDir, network: 'labnet', imageSize: TOY_SIZE, workDir,
    transform: invert, seenCategories, tau: 'auto', maxUnits: 4096, layerwise: true, seed: 1,
  };
  const r = await runAnalyseJob(input, hooks);
  if ('stopped' in r) throw new Error('analysis stopped');
  return r;
}

describe('runAnalyseJob on trained networks', () => {
  it('finds more invariance to inversion in the network trained with it', async () => {
    const clean = await analyse(await train('clean', false), []);
    const both = await analyse(await train('invert-all', true), all);
    for (const r of [clean, both]) {
      expect(r.analysis.layer).toBe('fc1_relu');
      expect(r.analysis.tauSearch).toHaveLength(21);
      expect(r.analysis.layerwise.map((l) => l.layer)).toEqual(['conv1_relu', 'conv2_relu', 'conv3_relu', 'fc1_relu']);
      const s = r.analysis.all;
      expect(s.count + s.dead + s.emptyActive).toBe(256);
      expect(s.count).toBeGreaterThan(0);
    }
    // Trained networks: the unablated accuracy on clean images is far above chance (25%).
    expect(clean.analysis.tauSearch[0]!.inactiveAblatedClean).toBeGreaterThan(0.6);
    // The clean network is fooled by inversion; the network trained with it is not.
    expect(both.analysis.tauSearch[0]!.inactiveAblatedTransformed).toBeGreaterThan(clean.analysis.tauSearch[0]!.inactiveAblatedTransformed);
    expect(both.analysis.all.mean!).toBeGreaterThan(clean.analysis.all.mean! + 0.05);
    // Seen: every category with x + T(x); unseen: none.
    expect(both.analysis.seen).toEqual(both.analysis.all);
    expect(both.analysis.unseen).toBeNull();
    expect(clean.analysis.seen).toBeNull();
  });
});
