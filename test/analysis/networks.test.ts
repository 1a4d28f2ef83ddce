// The analysis on the project's three networks (untrained, 16 px inputs): the
// penultimate layer of each supports the ablation, resnet18's residual layers do not and
// need a fixed tau, and conv layers are captured as sampled (position, channel) units.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NetworkId } from '../../shared/ids';
import { buildNetwork } from '../../src-main/engine/models';
import { AblationUnsupportedError, buildHead, runAnalyseJob, type AnalysisImages } from '../../src-main/engine/analysis';
import type { AnalyseJobInput, JobHooks } from '../../src-main/engine/types';
import { initBackend } from '../../src-main/engine/backend';

beforeAll(async () => {
  // wasm when it loads: these are real-sized networks, far slower on the pure-JS cpu backend.
  await initBackend('auto');
});

const SIZE = 16;

function images(count: number): AnalysisImages {
  const pixels = new Uint8Array(count * SIZE * SIZE * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 2654435761) >>> 24;
  return { pixels, labels: Int32Array.from({ length: count }, (_, i) => i % 3), count, size: SIZE, channels: 3 };
}

const hooks = (logs: string[] = []): JobHooks => ({ progress: () => {}, epoch: () => {}, log: (_l, m) => logs.push(m), control: () => 'run' });

describe.each(['labnet', 'alexnet', 'resnet18'] as NetworkId[])('%s', (id) => {
  const net = buildNetwork(id, { imageSize: SIZE, channels: 3, classes: 3, seed: 1 });

  it('has an ablation head at the penultimate layer that reproduces the network output', () => {
    const head = buildHead(net.model, net.penultimate);
    expect(head.layers[head.layers.length - 1]).toBe(net.model.outputs[0]!.sourceLayer.name);
    tf.tidy(() => {
      const x = tf.randomNormal([2, SIZE, SIZE, 3], 0, 1, 'float32', 3);
      const trunk = tf.model({ inputs: net.model.inputs, outputs: net.model.getLayer(net.penultimate).output as tf.SymbolicTensor });
      const viaHead = head.predict(trunk.predict(x) as tf.Tensor).dataSync();
      const whole = (net.model.predict(x) as tf.Tensor).dataSync();
      for (let i = 0; i < whole.length; i++) expect(viaHead[i]).toBeCloseTo(whole[i]!, 4);
    });
  });

  it('runs the analyse job at the penultimate layer with the tau search', async () => {
    const input: AnalyseJobInput = {
      jobId: `nets-${id}`, datasetDir: '/unused', network: id, imageSize: SIZE, workDir: '/nonexistent-dir-never-written',
      transform: { id: 'rot180', params: {} }, seenCategories: [0], tau: 'auto', maxUnits: 256, layerwise: false, seed: 1,
    };
    const deps = { loadNetwork: async () => net, loadImages: async () => images(4) };
    // The job saves its checkpoint in workDir; give it a real one.
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), `invlab-nets-${id}-`));
    try {
      const r = await runAnalyseJob({ ...input, workDir: dir }, hooks(), deps);
      if ('stopped' in r) throw new Error('stopped');
      expect(r.analysis.tauSearch).toHaveLength(21);
      const s = r.analysis.all;
      expect(s.count + s.dead + s.emptyActive).toBe(Math.min(256, (net.model.getLayer(net.penultimate).output as tf.SymbolicTensor).shape[1]!));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('resnet18 residual layers', () => {
  const net = buildNetwork('resnet18', { imageSize: SIZE, channels: 3, classes: 3, seed: 1 });
  const inner = net.analysableLayers.find((l) => l !== net.penultimate && l !== net.analysableLayers[0])!;

  it('refuses ablation inside a residual stage, explaining why', () => {
    expect(() => buildHead(net.model, inner)).toThrow(AblationUnsupportedError);
    expect(() => buildHead(net.model, inner)).toThrow(/skip connection/);
  });

  it('asks for a fixed tau there, and with one captures sampled conv units', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'invlab-resnet-inner-'));
    const deps = { loadNetwork: async () => net, loadImages: async () => images(6) };
    const input: AnalyseJobInput = {
      jobId: 'inner', datasetDir: '/unused', network: 'resnet18', imageSize: SIZE, workDir: dir,
      transform: { id: 'invert', params: {} }, seenCategories: [], tau: 'auto', maxUnits: 300, layerwise: false, seed: 2, layer: inner,
    };
    try {
      await expect(runAnalyseJob(input, hooks(), deps)).rejects.toThrow(/cannot choose tau at layer .*Give a fixed tau/);
      const logs: string[] = [];
      const r = await runAnalyseJob({ ...input, tau: 0.1 }, hooks(logs), deps);
      if ('stopped' in r) throw new Error('stopped');
      expect(r.analysis.tauSearch).toEqual([]);
      expect(logs.some((l) => /no ablation curve/.test(l))).toBe(true);
      expect(r.invariance.all.length).toBe(300);
      expect(r.analysis.seen).toBeNull(); // no seen categories
      expect(r.analysis.unseen).not.toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
