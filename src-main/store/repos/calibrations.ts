// Calibrated strengths of blur and noise, per (experiment, seed, transformation).
import type Database from 'better-sqlite3';
import type { TransformId } from '../../../shared/ids';
import type { Calibration } from '../../../shared/results';

export interface CalibrationRecord extends Calibration { experimentId: string; seed: number; jobId: string }

interface Row {
  experiment_id: string; seed: number; transform: TransformId; job_id: string; param: string;
  value: number; target: number; curve_json: string; detail_json: string | null;
}

type Detail = Pick<Calibration, 'reachedTarget' | 'bound' | 'rule' | 'message' | 'probes'>;

const toRecord = (r: Row): CalibrationRecord => ({
  experimentId: r.experiment_id, seed: r.seed, jobId: r.job_id, transform: r.transform, param: r.param,
  value: r.value, target: r.target, curve: JSON.parse(r.curve_json) as Calibration['curve'],
  ...(r.detail_json ? JSON.parse(r.detail_json) as Detail : {}),
});

const detailOf = (r: Calibration): string | null => {
  const d: Detail = {};
  if (r.reachedTarget !== undefined) d.reachedTarget = r.reachedTarget;
  if (r.bound !== undefined) d.bound = r.bound;
  if (r.rule !== undefined) d.rule = r.rule;
  if (r.message !== undefined) d.message = r.message;
  if (r.probes !== undefined) d.probes = r.probes;
  return Object.keys(d).length ? JSON.stringify(d) : null;
};

export function calibrationsRepo(db: Database.Database) {
  const upsert = db.prepare(`INSERT INTO calibrations (experiment_id, seed, transform, job_id, param, value, target, curve_json, detail_json)
    VALUES (@experimentId, @seed, @transform, @jobId, @param, @value, @target, @curve, @detail)
    ON CONFLICT(experiment_id, seed, transform) DO UPDATE SET job_id = excluded.job_id, param = excluded.param,
      value = excluded.value, target = excluded.target, curve_json = excluded.curve_json, detail_json = excluded.detail_json`);
  const one = db.prepare('SELECT * FROM calibrations WHERE experiment_id = ? AND seed = ? AND transform = ?');
  const byExperiment = db.prepare('SELECT * FROM calibrations WHERE experiment_id = ? ORDER BY seed, transform');

  return {
    save(r: CalibrationRecord): void {
      upsert.run({ ...r, curve: JSON.stringify(r.curve), detail: detailOf(r) });
    },
    get(experimentId: string, seed: number, transform: TransformId): CalibrationRecord | null {
      const r = one.get(experimentId, seed, transform) as Row | undefined;
      return r ? toRecord(r) : null;
    },
    byExperiment(experimentId: string): CalibrationRecord[] {
      return (byExperiment.all(experimentId) as Row[]).map(toRecord);
    },
  };
}
export type CalibrationsRepo = ReturnType<typeof calibrationsRepo>;
