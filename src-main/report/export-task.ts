// reports.export off the event loop (src-main/app/off-loop.ts): the worker opens the database
// read-only for the figures' arrays and writes the report; progress goes back as messages.
import type { ReportFormat } from '../../shared/contract';
import type { FigureId } from '../../shared/ids';
import type { ExperimentDetail } from '../../shared/results';
import type { CalibrationExampleSet } from './html';
import { Store, createBlobReader } from '../store';
import { exportReport, type ExportReportResult, type ReportProgress } from './export';

export interface ExportTaskInput {
  dbPath: string;
  detail: ExperimentDetail;
  outDir: string;
  formats: ReportFormat[];
  figures?: FigureId[];
  overwrite: boolean;
  examples?: CalibrationExampleSet[];
  theme?: 'light' | 'dark';
}

export async function run(input: ExportTaskInput, post: (p: ReportProgress) => void): Promise<ExportReportResult> {
  const store = new Store(input.dbPath, { migrate: false });
  try {
    return await exportReport({
      detail: input.detail, blobs: createBlobReader(store), outDir: input.outDir, formats: input.formats,
      ...(input.figures ? { figures: input.figures } : {}), overwrite: input.overwrite,
      ...(input.theme ? { theme: input.theme } : {}), ...(input.examples ? { examples: input.examples } : {}), onProgress: post,
    });
  } finally {
    store.close();
  }
}
