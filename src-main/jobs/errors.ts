/** A spec that is valid JSON-wise but cannot run on its dataset; `field` names the spec field. */
export class ExperimentSetupError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'ExperimentSetupError';
  }
}
