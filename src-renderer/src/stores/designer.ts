// The experiment designer: the form, live validation by the service, and creation.
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { SpecError } from '../../../shared/spec';
import type { ExperimentSummary } from '../../../shared/results';
import { errorText, LabCallError, useLab } from '../api';
import { changedFields, defaultForm, formToSpec, friendlyMessage, topField } from '../lib/spec-form';
import { useExperiments } from './experiments';
import { probeSpecFrom } from '../../../shared/probe';

export const useDesigner = defineStore('designer', () => {
  const lab = useLab();
  const form = ref(defaultForm());
  /** Every problem the service reports (create stays disabled while there are any). */
  const allErrors = ref<SpecError[]>([]);
  /** Not problems: notes on a valid spec (e.g. a seen count above the categories trains as all). */
  const warnings = ref<SpecError[]>([]);
  /** Errors are shown for the fields the user has touched, or all of them after a create attempt,
   *  so the designer does not open covered in messages about fields not filled in yet. */
  const attempted = ref(false);
  const pristine = formToSpec(defaultForm());
  const touched = computed(() => new Set(changedFields(spec.value, pristine)));
  const errors = computed<SpecError[]>(() => allErrors.value
    .filter((e) => attempted.value || e.field === '(spec)' || touched.value.has(topField(e.field)))
    .map((e) => ({ field: e.field, message: friendlyMessage(e.field, e.message) })));
  /** What is still to fill in before the spec can be created (untouched required fields). */
  const todo = computed(() => allErrors.value.filter((e) => !errors.value.some((x) => x.field === e.field)).map((e) => topField(e.field)));
  const jobs = ref(0);
  const estimateSeconds = ref<number | null>(null);
  const validating = ref(false);
  const valid = ref(false);
  const createError = ref<string | null>(null);
  const creating = ref(false);
  const spec = computed(() => formToSpec(form.value));

  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  async function validate() {
    const mine = ++seq;
    validating.value = true;
    try {
      const r = await lab.call('experiments.validate', { spec: spec.value });
      if (mine !== seq) return;
      allErrors.value = r.ok ? [] : r.errors;
      warnings.value = r.ok ? r.errors : [];
      valid.value = r.ok;
      jobs.value = r.jobs;
      estimateSeconds.value = r.estimateSeconds;
    } catch (e) {
      if (mine !== seq) return;
      valid.value = false;
      allErrors.value = [{ field: '(spec)', message: errorText(e) }];
    } finally {
      if (mine === seq) validating.value = false;
    }
  }
  watch(spec, () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void validate(), 250);
  }, { deep: true });

  async function create(start: boolean): Promise<ExperimentSummary | null> {
    attempted.value = true;
    if (!valid.value) return null;
    creating.value = true;
    createError.value = null;
    try {
      const created = await lab.call('experiments.create', { spec: spec.value as never, start });
      useExperiments().upsert(created);
      return created;
    } catch (e) {
      if (e instanceof LabCallError && e.fields) allErrors.value = e.fields;
      createError.value = errorText(e);
      return null;
    } finally {
      creating.value = false;
    }
  }

  /** The quick calibration-and-learnability probe of the designed spec (shared/probe.ts), started at once. */
  async function probe(): Promise<ExperimentSummary | null> {
    creating.value = true;
    createError.value = null;
    try {
      const created = await lab.call('experiments.create', { spec: probeSpecFrom(spec.value) as never, start: true });
      useExperiments().upsert(created);
      return created;
    } catch (e) {
      createError.value = errorText(e);
      return null;
    } finally {
      creating.value = false;
    }
  }

  function reset() {
    form.value = defaultForm();
    attempted.value = false;
  }

  return { form, spec, errors, allErrors, warnings, todo, attempted, jobs, estimateSeconds, validating, valid, createError, creating, validate, create, probe, reset };
});
