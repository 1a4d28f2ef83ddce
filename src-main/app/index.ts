export { LabService, createLabService, type LabServiceOptions, type ProgressDetailListener } from './service';
export { LabFailure, toLabError } from './errors';
export type { PreparedExperiment } from './experiments';
