// Confusion matrices as compact Int32 blobs (n x n, counts[true][predicted]).
import type Database from 'better-sqlite3';
import type { ConfusionMatrix } from '../../../shared/results';
import { blobToInt32, int32ToBlob } from '../blobs';

export function confusionsRepo(db: Database.Database) {
  const upsert = db.prepare(`INSERT INTO confusions (job_id, condition, n, counts) VALUES (?, ?, ?, ?)
    ON CONFLICT(job_id, condition) DO UPDATE SET n = excluded.n, counts = excluded.counts`);
  const one = db.prepare('SELECT n, counts FROM confusions WHERE job_id = ? AND condition = ?');
  const conditions = db.prepare('SELECT condition FROM confusions WHERE job_id = ? ORDER BY condition');

  return {
    save(c: ConfusionMatrix): void {
      const n = c.counts.length;
      if (c.counts.some((row) => row.length !== n)) throw new Error(`confusion matrix ${c.jobId}/${c.condition} is not square`);
      upsert.run(c.jobId, c.condition, n, int32ToBlob(Int32Array.from(c.counts.flat())));
    },
    get(jobId: string, condition: ConfusionMatrix['condition']): ConfusionMatrix | null {
      const r = one.get(jobId, condition) as { n: number; counts: Buffer } | undefined;
      if (!r) return null;
      const flat = blobToInt32(r.counts);
      const counts = Array.from({ length: r.n }, (_, i) => Array.from(flat.subarray(i * r.n, (i + 1) * r.n)));
      return { jobId, condition, counts };
    },
    conditions(jobId: string): ConfusionMatrix['condition'][] {
      return (conditions.all(jobId) as { condition: ConfusionMatrix['condition'] }[]).map((r) => r.condition);
    },
  };
}
export type ConfusionsRepo = ReturnType<typeof confusionsRepo>;
