// Evaluations of trained networks: one row per (network, transformation).
import type Database from 'better-sqlite3';
import type { TransformId } from '../../../shared/ids';
import type { NetworkEvaluation } from '../../../shared/results';
import { encodeSeen, encodeTransform } from './codec';

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
