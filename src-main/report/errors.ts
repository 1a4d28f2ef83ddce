// Errors a user can fix (an unwritable folder, an unknown figure id): code 'bad-input', so the
// CLI prints the message without a stack and the service maps it to a LabError.
export class ReportError extends Error {
  override name = 'ReportError';
  readonly code = 'bad-input' as const;
}
