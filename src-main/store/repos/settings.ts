// Key/value settings (JSON values).
import type Database from 'better-sqlite3';

export function settingsRepo(db: Database.Database) {
  const get = db.prepare('SELECT value_json FROM settings WHERE key = ?');
  const put = db.prepare('INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json');
  return {
    get<T>(key: string): T | null {
      const r = get.get(key) as { value_json: string } | undefined;
      return r ? (JSON.parse(r.value_json) as T) : null;
    },
    set(key: string, value: unknown): void {
      put.run(key, JSON.stringify(value));
    },
  };
}
export type SettingsRepo = ReturnType<typeof settingsRepo>;
