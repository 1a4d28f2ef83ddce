// The README.md of a sweep folder: what is in it and the commands that use it.
import type { SweepManifest } from './format';
import { levels } from './plan';

export function sweepReadme(dir: string, m: SweepManifest): string {
  const kinds = (k: string) => m.jobs.filter((j) => j.kind === k).length;
  return `# Invariance Lab sweep ${m.sweepId}

Experiment \`${m.experiment.id}\` "${m.experiment.name}", written by invlab ${m.invlabVersion} on ${m.createdAt}
(sweep format ${m.version}). ${m.jobs.length} jobs: ${kinds('train')} trainings, ${kinds('calibrate')} calibrations,
${kinds('analyse')} analyses, as ${levels(m.jobs).length} Slurm job arrays (one per dependency level; each waits
with \`afterok\` for exactly the array tasks its jobs need).

| path | what |
|---|---|
| \`sweep.json\` | the manifest: spec, seen sets, every array index and its job, a checksum (do not edit: a changed manifest is refused) |
| \`submission.json\` | the Slurm job id of each array and its dependency |
| \`${m.dataset.copied ? 'dataset/' : m.dataset.dir}\` | the dataset (${m.dataset.summary.name}, ${m.dataset.summary.classes.length} categories${m.dataset.copied ? ', a copy' : ', referenced in place'}) |
| \`slurm/level-<k>.sbatch\` | the array script of each level; \`slurm/submit.sh\` submits them by hand |
| \`tasks/<job-id>/\` | one folder per job: \`state.json\`, \`result.json\`, \`epochs.json\`, \`task.log\`, checkpoints, weights |
| \`logs/\` | Slurm's output of each array task (\`%x-%A_%a.out\`) |

Commands (on the login node, with the same invlab):

    invlab sweep status ${dir}         # per job: pending / running / done / failed, with reason and log
    invlab sweep collect ${dir}        # import finished jobs into the run history (again at any time)
    invlab sweep task ${dir} <index>   # what each array task runs (index: SLURM_ARRAY_TASK_ID)

A task stopped by SIGTERM (scancel, preemption) or by the time limit (SIGUSR1 120 s before it,
then it requeues itself) saves a checkpoint; \`scontrol requeue <job>_<index>\` runs it again
from there. A finished task is never run again.
`;
}
