// `node dist/bench/encoding.js [--vault DIR | --world SEED] [--messages N] [--rounds 7] [--only NAME]`:
// the candidates for storing a message (issue 10), on the messages of a vault, of a simulated world
// as the export's lean reader makes them (their objects' shapes are what the export encodes), or
// generated ones like bench/render.ts's: bytes per message, encode and decode µs, and whether the
// round trip is exact. CPU time, best of --rounds, the candidates taking turns, so other load on a
// shared machine inflates the figures less; first_encode_us / first_decode_us are the first round
// (with --only NAME, a fresh process's cold start: JIT warm-up included, as an export pays it,
// except the tagged codec's ~2 ms warm-up (tagged-warm-up.ts), run once before any round).
// Prints one JSON line. (Opening a vault written by an older tobs migrates its state database, as
// any tobs command would.)
import { parseArgs } from 'node:util'
import v8 from 'node:v8'
import { Packr } from 'msgpackr'
import type { Message } from '../src/model/types.ts'
import { StateDb } from '../src/vault/state.ts'
import { TaggedReader, TaggedWriter } from '../src/vault/state/tagged-body.ts'
import { warmUp } from '../src/vault/state/tagged-warm-up.ts'
import { createWorld } from '../src/sim/world/index.ts'
import { messagesAnswer } from '../src/sim/handlers/history.ts'
import { serializeTl } from '../src/sim/mtproto/tl-out.ts'
import { historyAnswer } from '../src/telegram/lean/history-answer.ts'
import { PeerIndex } from '../src/telegram/map/peers.ts'

const { values: args } = parseArgs({ options: {
  vault: { type: 'string' }, world: { type: 'string' }, messages: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '7' }, only: { type: 'string' },
} })
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
// as MessageCodec does before its first message
warmUp()
const writer = new TaggedWriter()
const reader = new TaggedReader()
const codecs: Record<string, Codec> = {
  json: { enc: (m) => JSON.stringify(m), dec: (b) => JSON.parse(b as string) },
  v8_serialize: { enc: (m) => v8.serialize(m), dec: (b) => v8.deserialize(b as Buffer) },
  msgpackr: { enc: (m) => plain.pack(m), dec: (b) => plain.unpack(b as Uint8Array) },
  // what tobs stored before the tagged format (schema 3): key lists shared across rows
  msgpackr_shared_shapes: { enc: (m) => shared.pack(m), dec: (b) => shared.unpack(b as Uint8Array) },
  // what tobs stores (src/vault/state/tagged-body.ts)
  tagged: { enc: (m) => writer.encode(m), dec: (b) => reader.decode(b as Uint8Array) },
}
if (args.only) for (const k of Object.keys(codecs)) if (k !== args.only) delete codecs[k]

/** Messages of a simulated world as the export gets them (the lean reader's objects, their shapes). */
function simulated(seed: number, n: number): Message[] {
  const world = createWorld({ seed, messages: n })
  const out: Message[] = []
  for (const chat of world.chats) {
    const ids = [...world.ids(chat.id)]
    for (let i = 0; i < ids.length && out.length < n; i += 100) {
      const answer = historyAnswer(serializeTl(messagesAnswer(world, chat, ids.slice(i, i + 100).reverse(), ids.length) as { _: string }))
      const index = PeerIndex.from(answer.users, answer.chats)
      if (!index.self) index.setSelf(world.self.id)
      for (let j = 0; j < answer.length; j++) {
        const m = answer.message(j, index, { chatId: chat.id, forum: chat.kind === 'forum' })
        if (m) out.push(m)
      }
      answer.done()
    }
  }
  return out
}

const msgs = args.vault ? stored(args.vault, N) : args.world ? simulated(Number(args.world), N) : generated(N)
// CPU time, not wall time: on a machine shared with other work, the wall clock counts their time too
const usPer = (f: () => void) => {
  const t0 = process.cpuUsage()
  f()
  const t = process.cpuUsage(t0)
  return (t.user + t.system) / msgs.length
}
interface Figures { bytes: number; encode_us: number; decode_us: number; first_encode_us: number; first_decode_us: number; lossless: boolean }
const best: Record<string, Figures> = {}
for (let round = 0; round < Number(args.rounds); round++) {
  for (const [name, c] of Object.entries(codecs)) {
    const b = (best[name] ??= { bytes: 0, encode_us: Infinity, decode_us: Infinity, first_encode_us: 0, first_decode_us: 0, lossless: true })
    const rows: (string | Buffer)[] = new Array(msgs.length)
    b.encode_us = Math.min(b.encode_us, usPer(() => {
      for (let i = 0; i < msgs.length; i++) {
        const e = c.enc(msgs[i]!)
        rows[i] = typeof e === 'string' ? e : Buffer.from(e) // msgpackr reuses its buffer
      }
    }))
    b.decode_us = Math.min(b.decode_us, usPer(() => { for (const r of rows) c.dec(r) }))
    b.bytes = Math.round(rows.reduce((n, r) => n + (typeof r === 'string' ? Buffer.byteLength(r) : r.length), 0) / msgs.length)
    if (round === 0) {
      // the first round of a fresh process: what an export of this many messages pays, JIT warm-up included
      b.first_encode_us = b.encode_us
      b.first_decode_us = b.decode_us
      b.lossless = rows.every((r, i) => JSON.stringify(c.dec(r)) === JSON.stringify(msgs[i]))
    }
  }
}
const round2 = (n: number) => Math.round(n * 100) / 100
console.log(JSON.stringify({
  messages: msgs.length, source: args.vault ? 'vault' : args.world ? `world ${args.world}` : 'generated',
  codecs: Object.fromEntries(Object.entries(best).map(([k, v]) => [k, {
    ...v, encode_us: round2(v.encode_us), decode_us: round2(v.decode_us), first_encode_us: round2(v.first_encode_us), first_decode_us: round2(v.first_decode_us),
  }])),
}))
