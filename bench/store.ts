// `node dist/bench/store.js --vault DIR [--rounds N] [--search]`: what storing costs per message on
// the export path (issue 10), piece by piece, on the messages of a vault's largest chat: encoding
// (message-codec.ts), decoding held bytes back, MessagesRepo.put in page transactions, and the
// whole of ChatIngest.addPage (period lookup, held bytes, dirty notes, ranges), each into a fresh
// state database. Pages of 100 arrive as eight parallel shards deliver them (round robin over eight
// id ranges). Best of N rounds of CPU time, warm (the first round is not counted), so the load of a
// shared machine inflates the figures less. `--search`: with the full-text index in place (a vault
// searched or exported before), and then its catchUp over what was stored. Prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Chat, Message } from '../src/model/types.ts'
import { StateDb } from '../src/vault/state.ts'
import { useVaultTmp } from '../src/vault/files.ts'
import { ChatIngest } from '../src/export/ingest.ts'
import { VaultContext } from '../src/export/vault-context.ts'

const { values: args } = parseArgs({
  options: { vault: { type: 'string' }, rounds: { type: 'string', default: '6' }, search: { type: 'boolean', default: false } },
})
if (!args.vault) throw new Error('usage: store --vault DIR [--rounds N] [--search]')

/** The largest chat of the vault, with its messages ascending by id. */
function source(vault: string): { chat: Chat; messages: Message[] } {
  const state = StateDb.open(vault)
  try {
    const chats = state.chats.all().map((c) => ({ chat: c.chat, n: state.messages.stats(c.chat.id).count }))
    const { chat } = chats.sort((a, b) => b.n - a.n)[0]!
    const messages: Message[] = []
    for (let after = 0; ;) {
      const page = state.messages.page(chat.id, after, 1000)
      if (!page.length) break
      messages.push(...page)
      after = page[page.length - 1]!.id
    }
    return { chat, messages }
  } finally {
    state.close()
  }
}

interface Page { messages: Message[]; lo: number; hi: number }

/** Pages of 100 as eight shards deliver them: one page of each id range in turn. */
function shardPages(messages: Message[]): Page[] {
  const pages: Page[] = []
  for (let i = 0; i < messages.length; i += 100) {
    const ms = messages.slice(i, i + 100)
    pages.push({ messages: ms, lo: i === 0 ? 1 : messages[i - 1]!.id + 1, hi: ms[ms.length - 1]!.id })
  }
  const per = Math.ceil(pages.length / 8)
  const out: Page[] = []
  for (let k = 0; k < per; k++) for (let s = 0; s < 8; s++) if (pages[s * per + k]) out.push(pages[s * per + k]!)
  return out
}

function fresh(search: boolean): { dir: string; state: StateDb } {
  const dir = mkdtempSync(join(tmpdir(), 'tobs-bench-store-'))
  useVaultTmp(dir)
  const state = StateDb.open(dir)
  if (search) void state.search
  return { dir, state }
}

const { chat, messages } = source(args.vault)
const pages = shardPages(messages)
const n = messages.length
/** CPU time (not wall time: the machine is shared) per message */
const usPer = (f: () => void) => {
  const c0 = process.cpuUsage()
  f()
  const c = process.cpuUsage(c0)
  return (c.user + c.system) / n
}

const best: Record<string, number> = { encode_us: Infinity, decode_us: Infinity, put_us: Infinity, add_page_us: Infinity }
let bytes = 0
const rounds = Number(args.rounds)
for (let round = 0; round <= rounds; round++) {
  const keep = (k: string, us: number) => { if (round > 0) best[k] = Math.min(best[k] ?? Infinity, us) }
  // encoding and decoding alone (the codec's shapes learnt in the round's first pass)
  let s = fresh(args.search)
  const { codec } = s.state.messages
  const bodies: Uint8Array[] = []
  s.state.transaction(() => { for (const m of messages) codec.encode(m) })
  keep('encode_us', usPer(() => { for (const m of messages) codec.encode(m) }))
  for (const m of messages) {
    const b = codec.encode(m)
    bodies.push(typeof b === 'string' ? Buffer.from(b) : Buffer.from(b))
  }
  bytes = bodies.reduce((a, b) => a + b.length, 0) / n
  keep('decode_us', usPer(() => { for (const b of bodies) codec.decodeAt(b, 0, b.length) }))
  // MessagesRepo.put with the bodies encoded already, one transaction a page
  const byId = new Map(messages.map((m, i) => [m.id, bodies[i]!]))
  keep('put_us', usPer(() => {
    for (const p of pages) s.state.transaction(() => { for (const m of p.messages) s.state.messages.put(m, byId.get(m.id)) })
  }))
  s.state.close()
  rmSync(s.dir, { recursive: true, force: true })
  // the whole of storing a page, as the export does it
  s = fresh(args.search)
  const layout = { split: 'month' as const, timeZone: 'UTC' }
  const ingest = new ChatIngest(chat, { state: s.state, ctx: new VaultContext(s.state, layout), layout, vaultDir: s.dir })
  ingest.begin()
  keep('add_page_us', usPer(() => { for (const p of pages) ingest.addPage(p.messages, p.lo, p.hi) }))
  // what the index then reads of it: its queue, the messages and their text into FTS5
  if (args.search) keep('catch_up_us', usPer(() => s.state.search.catchUp()))
  s.state.close()
  rmSync(s.dir, { recursive: true, force: true })
}
const r2 = (x: number) => Math.round(x * 100) / 100
console.log(JSON.stringify({
  messages: n, chat_kind: chat.kind, pages: pages.length, search_queue: args.search, rounds, bytes_per_msg: Math.round(bytes),
  ...Object.fromEntries(Object.entries(best).map(([k, v]) => [k, r2(v)])),
}))
