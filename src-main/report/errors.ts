// Errors a user can fix (an unwritable folder, an unknown figure id): code 'bad-input', so the
// CLI prints the message without a stack and the service maps it to a LabError; 'conflict'
// when the folder already holds the report's files and replacing them was not asked for.
export class ReportError extends Error {
  override name = 'ReportError';
  constructor(message: string, readonly code: 'bad-input' | 'conflict' = 'bad-input') {
    super(message);
  }
}
