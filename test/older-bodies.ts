// A vault as tobs left it before the tagged body format (schema 3): message bodies written by
// msgpackr with shared structures in message_shapes, as message-codec.ts wrote them then, with
// every `jsonEvery`-th row as JSON text (schema 1's rows, and what msgpackr could not keep).
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Packr } from 'msgpackr'
import { MessageCodec } from '../src/vault/state/message-codec.ts'

/** Rewrites every message row of the vault's state database in the schema-3 encoding, and marks it schema 3. */
export function makeOlder(vaultDir: string, jsonEvery = 7): number {
  const db = new Database(join(vaultDir, '.tobs', 'state.db'))
  // what tobs wrote: its rows, read back with the current format (tagged-body.ts)
  const codec = new MessageCodec(db)
  const rows = db.prepare('SELECT chat_id, id, body FROM messages').all() as { chat_id: number; id: number; body: Buffer | string }[]
  db.exec('DELETE FROM message_shapes')
  const addShape = db.prepare('INSERT INTO message_shapes (n, keys) VALUES (?, ?)')
  let saved = 0
  const packr = new Packr({
    maxSharedStructures: 4000,
    getStructures: () => [],
    saveStructures: (shapes) => {
      const s = shapes as unknown as string[][] & { sharedLength?: number }
      const upTo = s.sharedLength ?? s.length
      for (let n = saved; n < upTo; n++) addShape.run(n, JSON.stringify([...s[n]!]))
      saved = upTo
      return true
    },
  })
  const update = db.prepare('UPDATE messages SET body = ? WHERE chat_id = ? AND id = ?')
  db.transaction(() => {
    rows.forEach((r, i) => {
      const m = codec.decode(r.body)
      update.run(i % jsonEvery === 0 ? JSON.stringify(m) : Buffer.from(packr.pack(m)), r.chat_id, r.id)
    })
    db.prepare("UPDATE meta SET value = '3' WHERE key = 'schema'").run()
    db.prepare("DELETE FROM meta WHERE key = 'older bodies'").run()
  })()
  db.close()
  return rows.length
}
