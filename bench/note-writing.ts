// `node dist/bench/note-writing.js VAULT [ROUNDS]`: the note side of the live export alone (issue 10),
// on a vault an export left (e.g. the fast bench's): every period of every chat is held as the
// export holds it (its stored bytes, held-periods.ts), then written by the NoteWriter, ROUNDS times in
// one process; the notes are deleted before each round, so each is written as the export writes it,
// from nothing. Prints per round the CPU a message of decoding alone, of decoding and rendering, and
// of the whole write (decode, render, hash, write), as one JSON line.
import { rm, writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import { join } from 'node:path'
import { HeldPeriods } from '../src/export/held-periods.ts'
import { NoteWriter } from '../src/export/note-writer.ts'
import { RecentMessages } from '../src/export/recent-messages.ts'
import { VaultContext } from '../src/export/vault-context.ts'
import { withVault } from '../src/export/open-vault.ts'
import { renderBlocks } from '../src/render/index.ts'
import type { StateDb } from '../src/vault/state.ts'

const [vault, roundsArg] = process.argv.slice(2)
if (!vault) throw new Error('usage: note-writing VAULT [ROUNDS]')
const rounds = Number(roundsArg ?? 5)
const cpuUs = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since)
  return c.user + c.system
}

interface Period { chatId: number; topicId: number; period: string }

/** Holds every period of the vault as the export does; returns them and the messages held. */
function holdAll(state: StateDb, ctx: VaultContext): { held: Map<number, HeldPeriods>; periods: Period[]; messages: number } {
  const { codec } = state.messages
  const held = new Map<number, HeldPeriods>()
  const periods: Period[] = []
  let messages = 0
  for (const { chat } of state.chats.all()) {
    const h = new HeldPeriods(() => false, (bytes, start, end) => codec.decodeAt(bytes, start, end), Infinity)
    held.set(chat.id, h)
    for (const topicId of state.messages.topicStats(chat.id).keys()) {
      for (const { period, from, to } of ctx.periods.present(chat.id, topicId)) {
        periods.push({ chatId: chat.id, topicId, period })
        for (const m of state.messages.ofPeriod(chat.id, topicId, from, to)) {
          h.hold(topicId, period, m.id, codec.encode(m), !!m.media)
          messages++
        }
      }
    }
  }
  return { held, periods, messages }
}

async function round(vaultDir: string, state: StateDb): Promise<Record<string, number>> {
  const ctx = new VaultContext(state, { split: 'month', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone })
  // decoding alone, then decoding and rendering (the notes' text thrown away)
  let { held, periods, messages } = holdAll(state, ctx)
  let t = process.cpuUsage()
  for (const p of periods) {
    const period = held.get(p.chatId)!.take(p.topicId, p.period)!
    for (const m of period.messages()) void m
    period.release()
  }
  const decode = cpuUs(t)
  ;({ held, periods, messages } = holdAll(state, ctx))
  t = process.cpuUsage()
  let chars = 0
  for (const p of periods) {
    const period = held.get(p.chatId)!.take(p.topicId, p.period)!
    const recent = new RecentMessages()
    const rel = ctx.notePath(p.chatId, p.topicId, p.period)!
    for (const block of renderBlocks(recent.track(period.messages()), recent.context(ctx.forNote(new Set()), p.chatId, rel))) chars += block.length
    period.release()
  }
  const render = cpuUs(t)
  // the whole write, from nothing on disk
  ;({ held, periods, messages } = holdAll(state, ctx))
  for (const p of periods) await rm(join(vaultDir, `${ctx.notePath(p.chatId, p.topicId, p.period)}.md`), { force: true })
  const heap = process.env.HEAP_PROFILE ? new Session() : undefined
  if (heap) {
    heap.connect()
    await heap.post('HeapProfiler.enable')
    await heap.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true })
  }
  t = process.cpuUsage()
  for (const { chat, folder } of state.chats.all()) {
    const writer = new NoteWriter(chat, folder, { state, ctx, vaultDir })
    state.transaction(() => {
      for (const p of periods) if (p.chatId === chat.id) state.notes.markDirty(p.chatId, p.topicId, p.period)
    })
    await writer.flush(() => true, held.get(chat.id))
  }
  const write = cpuUs(t)
  if (heap) {
    const { profile } = await heap.post('HeapProfiler.stopSampling')
    await writeFile(process.env.HEAP_PROFILE!, JSON.stringify(profile))
    heap.disconnect()
  }
  const per = (us: number) => Math.round((100 * us) / messages) / 100
  return { messages, chars, decode_us: per(decode), decode_render_us: per(render), write_us: per(write) }
}

await withVault(vault, { existing: true }, async (state) => {
  const out: Record<string, number>[] = []
  for (let i = 0; i < rounds; i++) {
    out.push(await round(vault, state))
    process.stderr.write(`round ${i + 1}: ${JSON.stringify(out[i])}\n`)
  }
  console.log(JSON.stringify({ rounds: out }))
})
