// Evaluations of trained networks: one row per (network, transformation).
import type Database from 'better-sqlite3';
import type { TransformId } from '../../../shared/ids';
import type { NetworkEvaluation } from '../../../shared/results';
import { decodeTransform, encodeSeen, encodeTransform } from './codec';

export interface EvaluationMetricSums {
  experimentId: string;
  transform: TransformId | null;
  cleanNetwork: boolean;
  clean: [sum: number, n: number];
  within: [sum: number, n: number];
  across: [sum: number, n: number];
}

export function evaluationsRepo(db: Database.Database) {
  const upsert = db.prepare(`INSERT INTO evaluations (job_id, transform_key, experiment_id, seen_count, seed,
      clean_accuracy, within_accuracy, across_accuracy, evaluation_json)
    VALUES (@jobId, @transformKey, @experimentId, @seenCount, @seed, @clean, @within, @across, @json)
    ON CONFLICT(job_id, transform_key) DO UPDATE SET clean_accuracy = excluded.clean_accuracy,
      within_accuracy = excluded.within_accuracy, across_accuracy = excluded.across_accuracy,
      evaluation_json = excluded.evaluation_json`);
  const byExperiment = db.prepare('SELECT evaluation_json FROM evaluations WHERE experiment_id = ? ORDER BY seed, job_id, transform_key');
  const byJob = db.prepare('SELECT evaluation_json FROM evaluations WHERE job_id = ? ORDER BY transform_key');
  const one = db.prepare('SELECT evaluation_json FROM evaluations WHERE job_id = ? AND transform_key = ?');

  // The Runs index's means, from the accuracy columns (no JSON parsed): sums and counts per
  // experiment, test transformation and whether the network is the clean one (seen count 0).
  const metricSums = db.prepare(`SELECT experiment_id, transform_key, seen_count = '0' AS clean_network,
      SUM(clean_accuracy) AS clean_sum, COUNT(clean_accuracy) AS clean_n, SUM(within_accuracy) AS within_sum,
      COUNT(within_accuracy) AS within_n, SUM(across_accuracy) AS across_sum, COUNT(across_accuracy) AS across_n
    FROM evaluations GROUP BY experiment_id, transform_key, clean_network`);

  const parse = (r: { evaluation_json: string }) => JSON.parse(r.evaluation_json) as NetworkEvaluation;

  return {
    save(experimentId: string, e: NetworkEvaluation): void {
      upsert.run({
        jobId: e.jobId, transformKey: encodeTransform(e.transform), experimentId, seenCount: encodeSeen(e.seenCount),
        seed: e.seed, clean: e.cleanAccuracy, within: e.within, across: e.across, json: JSON.stringify(e),
      });
    },
    byExperiment(experimentId: string): NetworkEvaluation[] {
      return (byExperiment.all(experimentId) as { evaluation_json: string }[]).map(parse);
    },
    /** Per experiment, test transformation (null: none) and clean network or not: [sum, n] of each accuracy (NULLs left out). */
    metricSums(): EvaluationMetricSums[] {
      return (metricSums.all() as Record<string, string | number | null>[]).map((r) => ({
        experimentId: r.experiment_id as string, transform: decodeTransform(r.transform_key as string), cleanNetwork: r.clean_network === 1,
        clean: [Number(r.clean_sum ?? 0), Number(r.clean_n)], within: [Number(r.within_sum ?? 0), Number(r.within_n)], across: [Number(r.across_sum ?? 0), Number(r.across_n)],
      }));
    },
    byJob(jobId: string): NetworkEvaluation[] {
      return (byJob.all(jobId) as { evaluation_json: string }[]).map(parse);
    },
    get(jobId: string, transform: TransformId | null): NetworkEvaluation | null {
      const r = one.get(jobId, encodeTransform(transform)) as { evaluation_json: string } | undefined;
      return r ? parse(r) : null;
    },
  };
}
export type EvaluationsRepo = ReturnType<typeof evaluationsRepo>;
