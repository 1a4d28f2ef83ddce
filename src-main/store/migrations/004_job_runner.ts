// Which process runs a job, so that a second process on the same database (a CLI run while
// the app is open) never takes over jobs that are still running elsewhere.
import type { Migration } from './types';

export const jobRunner: Migration = {
  version: 4,
  name: 'jobs.runner: host and pid of the process running a job',
  sql: `ALTER TABLE jobs ADD COLUMN runner TEXT;`,
};
