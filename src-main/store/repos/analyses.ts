// Neuron-level invariance: summaries as JSON rows, per-neuron and per-image arrays as Float32 blobs.
import type Database from 'better-sqlite3';
import type { TransformId } from '../../../shared/ids';
import type { NetworkAnalysis } from '../../../shared/results';
import { blobToFloat32, float32ToBlob } from '../blobs';
import { encodeSeen } from './codec';

export interface AnalysisArrays {
  invariance: { all: Float32Array; seen: Float32Array; unseen: Float32Array };
  activePerImage: Float32Array;
  imagesPerNeuron: Float32Array;
}

export interface AnalysisIndexRow {
  experimentId: string;
  transform: TransformId;
  invariance: number | null;
  across: number | null;
  tau: number;
  dead: number;
  emptyActive: number;
}

export function analysesRepo(db: Database.Database) {
  const upsert = db.prepare(`INSERT INTO analyses (job_id, experiment_id, network_job_id, transform, seen_count, seed,
      layer, tau, summary_json, invariance_all, invariance_seen, invariance_unseen, active_per_image, images_per_neuron)
    VALUES (@jobId, @experimentId, @networkJobId, @transform, @seenCount, @seed, @layer, @tau, @summary,
      @invAll, @invSeen, @invUnseen, @perImage, @perNeuron)
    ON CONFLICT(job_id) DO UPDATE SET layer = excluded.layer, tau = excluded.tau, summary_json = excluded.summary_json,
      invariance_all = excluded.invariance_all, invariance_seen = excluded.invariance_seen,
      invariance_unseen = excluded.invariance_unseen, active_per_image = excluded.active_per_image,
      images_per_neuron = excluded.images_per_neuron`);
  const byExperiment = db.prepare('SELECT summary_json, network_job_id FROM analyses WHERE experiment_id = ? ORDER BY seed, transform, job_id');
  const one = db.prepare('SELECT summary_json FROM analyses WHERE job_id = ?');
  const blobs = db.prepare(`SELECT invariance_all, invariance_seen, invariance_unseen, active_per_image, images_per_neuron
    FROM analyses WHERE job_id = ?`);
  const remove = db.prepare('DELETE FROM analyses WHERE job_id = ?');
  // The Runs index: each analysis's mean I_k (read inside SQLite, no summary parsed in JS) with
  // its network's across-category accuracy on the same transformation.
  const indexRows = db.prepare(`SELECT a.experiment_id, a.transform, json_extract(a.summary_json, '$.all.mean') AS invariance,
      e.across_accuracy AS across, a.tau, json_extract(a.summary_json, '$.all.dead') AS dead,
      json_extract(a.summary_json, '$.all.emptyActive') AS empty_active
    FROM analyses a LEFT JOIN evaluations e ON e.job_id = a.network_job_id AND e.transform_key = a.transform`);

  return {
    save(experimentId: string, networkJobId: string, a: NetworkAnalysis, arrays: AnalysisArrays): void {
      upsert.run({
        jobId: a.jobId, experimentId, networkJobId, transform: a.transform, seenCount: encodeSeen(a.seenCount),
        seed: a.seed, layer: a.layer, tau: a.tau, summary: JSON.stringify(a),
        invAll: float32ToBlob(arrays.invariance.all), invSeen: float32ToBlob(arrays.invariance.seen),
        invUnseen: float32ToBlob(arrays.invariance.unseen), perImage: float32ToBlob(arrays.activePerImage),
        perNeuron: float32ToBlob(arrays.imagesPerNeuron),
      });
    },
    byExperiment(experimentId: string): NetworkAnalysis[] {
      // The analysed network's job id is a column; older summaries lack the field.
      return (byExperiment.all(experimentId) as { summary_json: string; network_job_id: string | null }[]).map((r) => {
        const a = JSON.parse(r.summary_json) as NetworkAnalysis;
        return a.networkJobId || !r.network_job_id ? a : { ...a, networkJobId: r.network_job_id };
      });
    },
    /** Every analysis's mean I_k over all neurons, its network's across accuracy (null where missing),
     *  tau and how many neurons were excluded as dead or never active above tau. */
    indexRows(): AnalysisIndexRow[] {
      return (indexRows.all() as { experiment_id: string; transform: TransformId; invariance: number | null; across: number | null; tau: number; dead: number | null; empty_active: number | null }[])
        .map((r) => ({ experimentId: r.experiment_id, transform: r.transform, invariance: r.invariance, across: r.across, tau: r.tau, dead: r.dead ?? 0, emptyActive: r.empty_active ?? 0 }));
    },
    get(jobId: string): NetworkAnalysis | null {
      const r = one.get(jobId) as { summary_json: string } | undefined;
      return r ? (JSON.parse(r.summary_json) as NetworkAnalysis) : null;
    },
    arrays(jobId: string): AnalysisArrays | null {
      const r = blobs.get(jobId) as Record<string, Buffer> | undefined;
      if (!r) return null;
      return {
        invariance: {
          all: blobToFloat32(r.invariance_all!), seen: blobToFloat32(r.invariance_seen!), unseen: blobToFloat32(r.invariance_unseen!),
        },
        activePerImage: blobToFloat32(r.active_per_image!),
        imagesPerNeuron: blobToFloat32(r.images_per_neuron!),
      };
    },
    remove(jobId: string): void {
      remove.run(jobId);
    },
  };
}
export type AnalysesRepo = ReturnType<typeof analysesRepo>;
