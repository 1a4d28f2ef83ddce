// One analyse job (SPEC.md section 6) on one trained network and one transformation: choose
// tau (ablation search or fixed), capture the analysed layer, compute I_k for all / seen /
// unseen categories and the active-neuron statistics, then the layer-wise mean I_k.
import type * as tf from '@tensorflow/tfjs';
import type { NetworkAnalysis, TauPoint } from '../../../shared/results';
import type { AnalyseJobInput, AnalyseJobResult, JobHooks } from '../types';
import { seenMaskFromCategories } from './activations';
import { type CapturedLayer, captureLayer } from './capture';
import { AblationUnsupportedError, buildHead } from './head';
import type { AnalysisImages } from './image-batches';
import { checkTau, computeInvariance, type InvarianceResult } from './invariance';
import { finiteMean } from './summary';
import { ablationCounts, ablationCountsFromActivations, toTauSearchResult } from './tau-search';
import { readCheckpoint, writeCheckpoint } from './checkpoint';

/** What the analysis needs of a trained network. */
export interface AnalysableNetwork {
  model: tf.LayersModel;
  /** Post-ReLU layers, input to output. */
  analysableLayers: string[];
  penultimate: string;
}

/** Where the network and the test images come from (tests substitute their own). */
export interface AnalyseDeps {
  loadNetwork(input: AnalyseJobInput): Promise<AnalysableNetwork>;
  loadImages(input: AnalyseJobInput): Promise<AnalysisImages>;
}

export type AnalyseStopped = { stopped: 'pause' | 'cancel' };

class StopSignal {
  constructor(readonly stopped: 'pause' | 'cancel') {}
}

type Summaries = Pick<NetworkAnalysis, 'all' | 'seen' | 'unseen'>;

export async function runAnalyseJob(
  input: AnalyseJobInput, hooks: JobHooks, deps?: AnalyseDeps,
): Promise<AnalyseJobResult | AnalyseStopped> {
  try {
    return await analyse(input, hooks, deps ?? (await import('./default-deps')).defaultAnalyseDeps);
  } catch (e) {
    if (e instanceof StopSignal) return { stopped: e.stopped };
    throw e;
  }
}

async function analyse(input: AnalyseJobInput, hooks: JobHooks, deps: AnalyseDeps): Promise<AnalyseJobResult> {
  if (input.tau !== 'auto') checkTau(input.tau, 'analysis tau');
  if (!Number.isInteger(input.maxUnits) || input.maxUnits < 1) throw new Error(`maxUnits must be a positive integer, got ${input.maxUnits}`);
  const net = await deps.loadNetwork(input);
  const images = await deps.loadImages(input);
  const layer = input.layer ?? net.penultimate;
  if (!net.analysableLayers.includes(layer)) {
    throw new Error(`layer "${layer}" is not an analysable (post-ReLU) layer of ${input.network}; choose one of: ${net.analysableLayers.join(', ')}`);
  }
  const seenMask = seenMaskFromCategories(images.labels, input.seenCategories);
  const { stages: checkpoint, warning } = readCheckpoint(input);
  if (warning) hooks.log('warn', warning);
  const otherLayers = input.layerwise ? net.analysableLayers.filter((l) => l !== layer) : [];
  // Stages (as progress "epochs"): capture, ablation, then one per other layer (layer-wise).
  const progress = new StageProgress(hooks, 2 + otherLayers.length);

  // Stage 1: capture the analysed layer (clean and transformed test images).
  // `let`, set to null once analysed, so it can be collected before the next layer is captured.
  let captured: CapturedLayer | null = await captureLayer(net.model, layer, images, input.transform, input.imageSize, {
    maxUnits: input.maxUnits, seed: input.seed, onBatch: (done, total) => progress.step(done, total),
  });
  progress.next();

  // Stage 2: the ablation curve, and tau from it unless a fixed tau was given.
  let tauSearch: TauPoint[] = checkpoint.tauSearch ?? [];
  let searchedTau = checkpoint.searchedTau ?? null;
  if (!checkpoint.tauSearch) {
    const supported = ablationSupported(net.model, layer);
    if (supported === true) {
      hooks.log('info', `tau search by ablation at layer ${layer} (${images.count} test images)`);
      // A layer captured whole is ablated from the captured activations; a sampled one
      // (more units than maxUnits) needs two more passes over the images for all its units.
      const whole = captured;
      const counts = whole.units.length === whole.totalUnits
        ? ablationCountsFromActivations(net.model, layer, whole.clean, whole.transformed, images.labels, {
          onBatch: (done, total) => progress.step(done, total),
        })
        : await ablationCounts(net.model, layer, images, input.transform, input.imageSize, {
          onBatch: (pass, done, total) => progress.step(pass === 1 ? done / 2 : total / 2 + done / 2, total),
        });
      const search = toTauSearchResult(counts);
      tauSearch = search.points;
      searchedTau = search.tau;
      hooks.log('info', `ablation: accuracy clean ${fmt(search.baseClean)}, transformed ${fmt(search.baseTransformed)}; tau by search ${search.tau}`);
    } else if (input.tau === 'auto') {
      throw new Error(`cannot choose tau at layer "${layer}": ${supported}. Give a fixed tau, or analyse the penultimate layer (${net.penultimate})`);
    } else {
      hooks.log('warn', `no ablation curve at layer ${layer}: ${supported}`);
    }
    writeCheckpoint(input, { ...checkpoint, tauSearch, searchedTau });
  }
  const tau = input.tau === 'auto' ? searchedTau! : input.tau;
  progress.next();

  // I_k of the analysed layer (no stage of its own: one pass over the captured matrices).
  const main = computeInvariance(captured.clean, captured.transformed, {
    tau, seenMask, names: { clean: `layer ${layer} (clean images)`, transformed: `layer ${layer} (transformed images)` },
  });
  captured = null;
  hooks.log('info', `layer ${layer}: ${main.all.summary.count} neurons with I_k (dead ${main.dead}, empty active set ${main.all.summary.emptyActive}), mean I_k ${fmt(main.all.summary.mean)}`);

  // Stages 3...: mean I_k of every other analysable layer, one layer in memory at a time.
  const layerwise = checkpoint.layerwise ? [...checkpoint.layerwise] : [];
  if (input.layerwise) {
    for (const name of net.analysableLayers) {
      if (layerwise.some((l) => l.layer === name)) continue;
      const r = name === layer ? main : await analyseLayer(net, name, images, seenMask, tau, input, progress);
      layerwise.push({
        layer: name,
        all: finiteMean(r.all.values),
        seen: r.seen ? finiteMean(r.seen.values) : null,
        unseen: r.unseen ? finiteMean(r.unseen.values) : null,
      });
      writeCheckpoint(input, { ...checkpoint, tauSearch, searchedTau, layerwise });
      if (name !== layer) progress.next();
    }
    // Checkpointed entries may be in any order; report input to output.
    layerwise.sort((a, b) => net.analysableLayers.indexOf(a.layer) - net.analysableLayers.indexOf(b.layer));
  }

  const summaries: Summaries = {
    all: main.all.summary,
    seen: main.seen?.summary ?? null,
    unseen: main.unseen?.summary ?? null,
  };
  const nan = () => new Float32Array(main.neurons).fill(NaN);
  return {
    analysis: { layer, tau, tauSource: input.tau === 'auto' ? 'search' : 'fixed', tauSearch, ...summaries, layerwise },
    invariance: {
      all: Float32Array.from(main.all.values),
      seen: main.seen ? Float32Array.from(main.seen.values) : nan(),
      unseen: main.unseen ? Float32Array.from(main.unseen.values) : nan(),
    },
    activePerImage: main.activePerImage,
    imagesPerNeuron: main.imagesPerNeuron,
  };
}

async function analyseLayer(
  net: AnalysableNetwork, layer: string, images: AnalysisImages, seenMask: Uint8Array, tau: number,
  input: AnalyseJobInput, progress: StageProgress,
): Promise<InvarianceResult> {
  const captured = await captureLayer(net.model, layer, images, input.transform, input.imageSize, {
    maxUnits: input.maxUnits, seed: input.seed, onBatch: (done, total) => progress.step(done, total),
  });
  return computeInvariance(captured.clean, captured.transformed, {
    tau, seenMask, names: { clean: `layer ${layer} (clean images)`, transformed: `layer ${layer} (transformed images)` },
  });
}

function ablationSupported(model: tf.LayersModel, layer: string): true | string {
  try {
    buildHead(model, layer);
    return true;
  } catch (e) {
    if (e instanceof AblationUnsupportedError) return e.message;
    throw e;
  }
}

function fmt(x: number | null): string {
  return x === null ? 'n/a' : x.toFixed(4);
}

/** Progress as JobProgress: stages as "epochs", images of the current stage as steps. */
class StageProgress {
  private stage = 1;
  private started = Date.now();

  constructor(private readonly hooks: JobHooks, private readonly stages: number) {}

  step(done: number, total: number): void {
    const c = this.hooks.control();
    if (c !== 'run') throw new StopSignal(c);
    const seconds = (Date.now() - this.started) / 1000;
    this.hooks.progress({
      epoch: this.stage, epochs: this.stages, step: Math.round(done), steps: total,
      loss: 0, accuracy: 0, imagesPerSecond: seconds > 0 ? done / seconds : 0,
    });
  }

  next(): void {
    this.stage = Math.min(this.stage + 1, this.stages);
    this.started = Date.now();
  }
}
