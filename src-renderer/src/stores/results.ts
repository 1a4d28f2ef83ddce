// Results: figure data per (experiment, figure, options), confusion examples, neuron views.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { FigureOptions, NeuronView } from '../../../shared/contract';
import type { FigureData } from '../../../shared/figures';
import type { FigureId, TransformId } from '../../../shared/ids';
import { errorText, useLab } from '../api';

export interface FigureState { loading: boolean; error: string | null; data: FigureData | null }

export function figureKey(experimentId: string, figure: FigureId, options: FigureOptions): string {
  return `${experimentId}|${figure}|${JSON.stringify(options)}`;
}

export const useResults = defineStore('results', () => {
  const lab = useLab();
  const figures = ref<Record<string, FigureState>>({});

  async function loadFigure(experimentId: string, figure: FigureId, options: FigureOptions = {}, force = false) {
    const key = figureKey(experimentId, figure, options);
    const cur = figures.value[key];
    if (cur && !force && (cur.loading || cur.data)) return;
    figures.value[key] = { loading: true, error: null, data: cur?.data ?? null };
    try {
      const data = await lab.call('results.figure', { experimentId, figure, options });
      figures.value[key] = { loading: false, error: null, data };
    } catch (e) {
      figures.value[key] = { loading: false, error: errorText(e), data: null };
    }
  }

  function invalidate(experimentId: string) {
    for (const k of Object.keys(figures.value)) if (k.startsWith(experimentId + '|')) delete figures.value[k];
  }

  function confusionExamples(jobId: string, condition: 'clean' | TransformId, trueClass: number, predicted: number, limit = 12) {
    return lab.call('results.confusionExamples', { jobId, condition, trueClass, predicted, limit });
  }

  function neuron(jobId: string, neuronIndex: number, layer?: string, top = 8): Promise<NeuronView> {
    const req: { jobId: string; neuron: number; top: number; layer?: string } = { jobId, neuron: neuronIndex, top };
    if (layer) req.layer = layer;
    return lab.call('results.neuron', req);
  }

  return { figures, loadFigure, invalidate, confusionExamples, neuron, errorText };
});
