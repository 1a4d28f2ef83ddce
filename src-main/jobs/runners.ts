// The engine entry points a worker runs, loaded lazily so that a worker imports tfjs models
// only for the job kinds it actually gets.
import type { Calibration } from '../../shared/results';
import type {
  AnalyseJobInput, AnalyseJobResult, CalibrateJobInput, JobHooks, TrainJobInput, TrainJobResult,
} from '../engine/types';

export type Stopped = { stopped: 'pause' | 'cancel' };

export interface Runners {
  train(input: TrainJobInput, hooks: JobHooks): Promise<TrainJobResult | Stopped>;
  calibrate(input: CalibrateJobInput, hooks: JobHooks): Promise<Calibration | Stopped>;
  analyse(input: AnalyseJobInput, hooks: JobHooks): Promise<AnalyseJobResult | Stopped>;
}

export const runners: Runners = {
  async train(input, hooks) {
    const { runTrainJob } = await import('../engine/train');
    return runTrainJob(input, hooks);
  },
  async calibrate(input, hooks) {
    const { runCalibrateJob } = await import('../engine/train');
    return runCalibrateJob(input, hooks);
  },
  async analyse(input, hooks) {
    const { runAnalyseJob } = await import('../engine/analysis');
    return runAnalyseJob(input, hooks);
  },
};
