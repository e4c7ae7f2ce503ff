// Settings of the vault kept in the meta table: the account's own id, the time zone and the
// layout the notes were written in (a rerun with other ones rewrites them).
import type { Db } from '../database.ts'

export class SettingsRepo {
  private readonly q

  constructor(db: Db) {
    this.q = {
      get: db.prepare('SELECT value FROM meta WHERE key = ?'),
      set: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    }
  }

  get(key: string): string | undefined {
    return (this.q.get.get('setting:' + key) as { value: string } | undefined)?.value
  }

  set(key: string, value: string): void {
    this.q.set.run('setting:' + key, value)
  }
}
