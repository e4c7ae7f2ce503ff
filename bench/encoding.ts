// `node dist/bench/encoding.js [--state <vault>/.tobs/state.db] [--messages N]`: the candidates for
// storing a message (issue 10), on the messages of a real state database (default: generated ones
// like bench/render.ts's): bytes per message, encode and decode µs, and µs to insert the row with its
// period index (WAL, synchronous off, 100 per transaction, as the export stores pages). Best of 7
// rounds, so other load on a shared machine inflates the figures less. Prints one JSON line.
import { rmSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import v8 from 'node:v8'
import Database from 'better-sqlite3'
import { Packr } from 'msgpackr'
import type { Message } from '../src/model/types.ts'

const { values: args } = parseArgs({ options: { state: { type: 'string' }, messages: { type: 'string', default: '20000' } } })
const N = Number(args.messages)

function generated(n: number): Message[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1, chatId: 1, date: 1_704_067_200 + i * 37, text: `message ${i} with a few words привет 😀`,
    entities: i % 3 ? [] : [{ type: 'bold' as const, offset: 0, length: 7 }],
    sender: { id: 10 + (i % 5), kind: 'user' as const, name: `User ${i % 5}` },
    ...(i % 4 ? {} : { replyTo: { messageId: i } }),
    ...(i % 6 ? {} : { reactions: [{ emoji: '👍', count: 3 }] }),
    ...(i % 10 ? {} : { media: { type: 'file' as const, file: { kind: 'photo' as const, uniqueId: `p${i}`, name: 'photo.jpg' } } }),
  }))
}

function stored(path: string, n: number): Message[] {
  const db = new Database(path, { readonly: true })
  const cols = db.prepare("SELECT name FROM pragma_table_info('messages')").pluck().all() as string[]
  const col = cols.includes('body') ? 'body' : 'json'
  const rows = db.prepare(`SELECT ${col} FROM messages WHERE typeof(${col}) = 'text' ORDER BY chat_id, id LIMIT ?`).pluck().all(n) as string[]
  db.close()
  return rows.map((r) => JSON.parse(r) as Message)
}

interface Codec { enc: (m: Message) => string | Uint8Array; dec: (b: string | Uint8Array) => unknown }
const shared = new Packr({ structures: [], maxSharedStructures: 4000 })
const plain = new Packr({ useRecords: false })
const codecs: Record<string, Codec> = {
  json: { enc: (m) => JSON.stringify(m), dec: (b) => JSON.parse(b as string) },
  v8_serialize: { enc: (m) => v8.serialize(m), dec: (b) => v8.deserialize(b as Buffer) },
  msgpackr: { enc: (m) => plain.pack(m), dec: (b) => plain.unpack(b as Uint8Array) },
  // what tobs stores (src/vault/state/message-codec.ts): key lists shared across rows
  msgpackr_shared_shapes: { enc: (m) => shared.pack(m), dec: (b) => shared.unpack(b as Uint8Array) },
}

const msgs = args.state ? stored(args.state, N) : generated(N)
const dir = mkdtempSync(join(tmpdir(), 'tobs-bench-enc-'))
const usPer = (f: () => void) => {
  const t0 = process.hrtime.bigint()
  f()
  return Number(process.hrtime.bigint() - t0) / 1e3 / msgs.length
}
const best: Record<string, { bytes: number; encode_us: number; decode_us: number; insert_us: number; lossless: boolean }> = {}
for (let round = 0; round < 7; round++) {
  for (const [name, c] of Object.entries(codecs)) {
    const b = (best[name] ??= { bytes: 0, encode_us: Infinity, decode_us: Infinity, insert_us: Infinity, lossless: true })
    const rows: (string | Buffer)[] = new Array(msgs.length)
    b.encode_us = Math.min(b.encode_us, usPer(() => {
      for (let i = 0; i < msgs.length; i++) {
        const e = c.enc(msgs[i]!)
        rows[i] = typeof e === 'string' ? e : Buffer.from(e) // msgpackr reuses its buffer
      }
    }))
    b.decode_us = Math.min(b.decode_us, usPer(() => { for (const r of rows) c.dec(r) }))
    b.bytes = Math.round(rows.reduce((n, r) => n + (typeof r === 'string' ? Buffer.byteLength(r) : r.length), 0) / msgs.length)
    if (round === 0) b.lossless = rows.every((r, i) => JSON.stringify(c.dec(r)) === JSON.stringify(msgs[i]))
    if (round >= 3) continue
    const path = join(dir, `${name}.db`)
    for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true })
    const db = new Database(path)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = OFF')
    db.pragma('cache_size = -1024')
    db.exec(`CREATE TABLE messages (chat_id INTEGER NOT NULL, id INTEGER NOT NULL, topic_id INTEGER NOT NULL, date INTEGER NOT NULL,
      body NOT NULL, PRIMARY KEY (chat_id, id)) WITHOUT ROWID; CREATE INDEX messages_by_period ON messages (chat_id, topic_id, date)`)
    const put = db.prepare('INSERT INTO messages VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, id) DO UPDATE SET body = excluded.body')
    const page = db.transaction((lo: number) => {
      for (let i = lo; i < Math.min(lo + 100, msgs.length); i++) put.run(msgs[i]!.chatId, msgs[i]!.id, msgs[i]!.topicId ?? 0, msgs[i]!.date, rows[i])
    })
    b.insert_us = Math.min(b.insert_us, usPer(() => { for (let i = 0; i < msgs.length; i += 100) page(i) }))
    db.close()
  }
}
rmSync(dir, { recursive: true, force: true })
const round2 = (n: number) => Math.round(n * 100) / 100
console.log(JSON.stringify({
  messages: msgs.length, source: args.state ? 'state database' : 'generated',
  codecs: Object.fromEntries(Object.entries(best).map(([k, v]) => [k, { ...v, encode_us: round2(v.encode_us), decode_us: round2(v.decode_us), insert_us: round2(v.insert_us) }])),
}))
