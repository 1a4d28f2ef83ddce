// Per-epoch training history. An epoch reported again after a resume replaces the old row.
import type Database from 'better-sqlite3';
import type { EpochRecord } from '../../../shared/results';
import { now } from './codec';

interface Row {
  job_id: string; epoch: number; train_loss: number; train_accuracy: number; val_accuracy: number;
  seconds: number; images_per_second: number;
}

export function epochsRepo(db: Database.Database) {
  const upsert = db.prepare(`INSERT INTO epochs (job_id, epoch, train_loss, train_accuracy, val_accuracy, seconds, images_per_second, recorded_at)
    VALUES (@jobId, @epoch, @trainLoss, @trainAccuracy, @valAccuracy, @seconds, @imagesPerSecond, @recordedAt)
    ON CONFLICT(job_id, epoch) DO UPDATE SET train_loss = excluded.train_loss, train_accuracy = excluded.train_accuracy,
      val_accuracy = excluded.val_accuracy, seconds = excluded.seconds, images_per_second = excluded.images_per_second,
      recorded_at = excluded.recorded_at`);
  const byJob = db.prepare('SELECT * FROM epochs WHERE job_id = ? ORDER BY epoch');
  // Recent training speed for time estimates (same network and image size is not tracked: a rough guide).
  const recentRate = db.prepare(`SELECT AVG(images_per_second) AS r FROM (
    SELECT images_per_second FROM epochs WHERE images_per_second > 0 ORDER BY recorded_at DESC LIMIT 50)`);

  return {
    record(e: EpochRecord): void {
      upsert.run({ ...e, recordedAt: now() });
    },
    byJob(jobId: string): EpochRecord[] {
      return (byJob.all(jobId) as Row[]).map((r) => ({
        jobId: r.job_id, epoch: r.epoch, trainLoss: r.train_loss, trainAccuracy: r.train_accuracy,
        valAccuracy: r.val_accuracy, seconds: r.seconds, imagesPerSecond: r.images_per_second,
      }));
    },
    recentImagesPerSecond(): number | null {
      return (recentRate.get() as { r: number | null }).r;
    },
  };
}
export type EpochsRepo = ReturnType<typeof epochsRepo>;
