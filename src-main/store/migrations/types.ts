export interface Migration {
  /** 1, 2, 3, ...: applied in order, each once, each in its own transaction. */
  version: number;
  name: string;
  sql: string;
}
