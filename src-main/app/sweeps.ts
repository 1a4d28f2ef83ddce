// The service's sweeps.* methods (docs/cluster.md): the designer's "Run on a Slurm cluster" and
// the Queue view's sweep panel call the same code as `invlab sweep`.
import type { Res, ValidReq } from '../../shared/contract';
import type { SweepSlurmOptions, SweepSummary } from '../../shared/sweep';
import type { BackendPreference } from '../engine/backend';
import type { Store } from '../store';
import { SweepError, type SlurmOptions } from '../sweep/format';
import { resolveDataset } from './datasets';
import { checkSpecAgainstDataset, parseSpecOrThrow } from './experiments';

/** Checks the designer's / CLI's Slurm fields; a wrong one is named. */
export function normaliseSlurmOptions(o: SweepSlurmOptions): SlurmOptions {
  if (o.time !== undefined && !/^(\d+-)?\d+(:\d{1,2}){0,2}$/.test(o.time)) throw new SweepError(`time must be a Slurm time such as 30:00, 02:00:00 or 1-12:00:00 (got "${o.time}")`);
  if (o.mem !== undefined && !/^\d+[KMGT]?$/i.test(o.mem)) throw new SweepError(`memory must be a Slurm size such as 4G or 2000M (got "${o.mem}")`);
  for (const [name, v] of [['cpus', o.cpus], ['gpus', o.gpus], ['max parallel', o.maxParallel]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < (name === 'gpus' ? 0 : 1))) throw new SweepError(`${name} must be a positive integer (got ${v})`);
  }
  return {
    partition: o.partition || undefined, time: o.time || undefined, cpus: o.cpus ?? 2, mem: o.mem || undefined, gpus: o.gpus || undefined,
    maxParallel: o.maxParallel, account: o.account || undefined, sbatchArgs: o.sbatchArgs ?? [],
  };
}

export function sweepSummaries(store: Store, experimentId?: string): SweepSummary[] {
  return (experimentId ? store.sweeps.byExperiment(experimentId) : store.sweeps.list()).map((s) => {
    const jobs = store.sweeps.jobs(s.id);
    return {
      sweepId: s.id, experimentId: s.experimentId, experimentName: store.experiments.get(s.experimentId)?.name ?? s.experimentId,
      dir: s.dir, cluster: s.cluster, createdAt: s.createdAt, jobs: jobs.length, collected: jobs.filter((j) => j.collectedAt).length,
    };
  });
}

export function sweepHandlers(store: Store, opts: { backend: () => BackendPreference; collected(experimentId: string): void }) {
  return {
    'sweeps.submit': async (req: ValidReq<'sweeps.submit'>): Promise<Res<'sweeps.submit'>> => {
      const { submitSweep } = await import('../sweep/submit');
      const { submission: _s, ...r } = await submitSweep(store, {
        ...(req.experimentId !== undefined ? { experimentId: req.experimentId } : { spec: req.spec }), dir: req.dir,
        slurm: normaliseSlurmOptions(req.slurm), backend: opts.backend(), dryRun: req.dryRun,
        datasetInPlace: req.datasetInPlace, shared: req.shared,
      }, async (value) => {
        const spec = parseSpecOrThrow(value);
        const dataset = await resolveDataset(store, spec.dataset);
        checkSpecAgainstDataset(spec, dataset.summary);
        return { spec, dataset };
      });
      return r;
    },
    'sweeps.list': async (req: ValidReq<'sweeps.list'>): Promise<Res<'sweeps.list'>> => sweepSummaries(store, req?.experimentId),
    'sweeps.status': async ({ dir }: ValidReq<'sweeps.status'>): Promise<Res<'sweeps.status'>> => {
      const { sweepStatus } = await import('../sweep/status');
      const s = sweepStatus(dir);
      return { ...s, collected: store.sweeps.get(s.sweepId) ? store.sweeps.jobs(s.sweepId).filter((j) => j.collectedAt).length : 0 };
    },
    'sweeps.collect': async ({ dir }: ValidReq<'sweeps.collect'>): Promise<Res<'sweeps.collect'>> => {
      const { collectSweep } = await import('../sweep/collect');
      const r = collectSweep(store, dir);
      if (r.imported.length || r.failed.length) opts.collected(r.experimentId);
      return r;
    },
  };
}
