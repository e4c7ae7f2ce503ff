// `node dist/bench/encoding.js [--vault DIR] [--messages N]`: the candidates for storing a message
// (issue 10), on the messages of a vault (default: generated ones like bench/render.ts's): bytes per
// message, encode and decode µs, and whether the round trip is exact. Best of 7 rounds, so other
// load on a shared machine inflates the figures less. Prints one JSON line. (Opening a vault
// written by an older tobs migrates its state database, as any tobs command would.)
import { parseArgs } from 'node:util'
import v8 from 'node:v8'
import { Packr } from 'msgpackr'
import type { Message } from '../src/model/types.ts'
import { StateDb } from '../src/vault/state.ts'

const { values: args } = parseArgs({ options: { vault: { type: 'string' }, messages: { type: 'string', default: '20000' } } })
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

function stored(vault: string, n: number): Message[] {
  const state = StateDb.open(vault)
  const out: Message[] = []
  for (const { chat } of state.chats.all()) {
    for (let after = 0; out.length < n;) {
      const page = state.messages.page(chat.id, after, Math.min(1000, n - out.length))
      if (!page.length) break
      out.push(...page)
      after = page[page.length - 1]!.id
    }
  }
  state.close()
  return out
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

const msgs = args.vault ? stored(args.vault, N) : generated(N)
const usPer = (f: () => void) => {
  const t0 = process.hrtime.bigint()
  f()
  return Number(process.hrtime.bigint() - t0) / 1e3 / msgs.length
}
const best: Record<string, { bytes: number; encode_us: number; decode_us: number; lossless: boolean }> = {}
for (let round = 0; round < 7; round++) {
  for (const [name, c] of Object.entries(codecs)) {
    const b = (best[name] ??= { bytes: 0, encode_us: Infinity, decode_us: Infinity, lossless: true })
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
  }
}
const round2 = (n: number) => Math.round(n * 100) / 100
console.log(JSON.stringify({
  messages: msgs.length, source: args.vault ? 'vault' : 'generated',
  codecs: Object.fromEntries(Object.entries(best).map(([k, v]) => [k, { ...v, encode_us: round2(v.encode_us), decode_us: round2(v.decode_us) }])),
}))
