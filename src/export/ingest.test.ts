import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Chat, Message } from '../model/types.ts'
import { StateDb } from '../vault/state.ts'
import { useVaultTmp } from '../vault/files.ts'
import { scanNote } from '../vault/verify.ts'
import { ChatIngest } from './ingest.ts'
import { VaultContext } from './vault-context.ts'
import { HeldPeriods } from './held-periods.ts'
import type { HeldPeriod } from './note-writer.ts'
import { rebuildVault } from './rebuild.ts'

const JAN = Date.UTC(2024, 0, 1) / 1000
const chat: Chat = { id: 42, kind: 'supergroup', title: 'Big' }

function msg(id: number, date: number): Message {
  return { id, chatId: chat.id, date, text: `message number ${id} with some words to make the note long`, entities: [] }
}

describe('ChatIngest', () => {
  it('takes pages out of order while big notes stream, and writes each id once, ascending', async () => {
    const vault = mkdtempSync(join(tmpdir(), 'tobs-writer-'))
    useVaultTmp(vault)
    const state = StateDb.open(vault)
    const layout = { split: 'month' as const, timeZone: 'UTC' }
    const writer = new ChatIngest(chat, { state, ctx: new VaultContext(state, layout), layout, vaultDir: vault })
    writer.begin()
    // 30 pages of 100: January (large note), then February; shards deliver them interleaved
    const pages = Array.from({ length: 30 }, (_, p) => {
      const ids = Array.from({ length: 100 }, (_, i) => p * 100 + i + 1)
      return { lo: p * 100 + 1, hi: p * 100 + 100, messages: ids.map((id) => msg(id, JAN + (id < 2500 ? id * 60 : 40 * 86400 + id))) }
    })
    const order = [...pages.keys()].sort((a, b) => ((a * 7) % 30) - ((b * 7) % 30))
    for (const i of order) {
      writer.addPage(pages[i]!.messages, pages[i]!.lo, pages[i]!.hi)
      writer.flushSoon()
      await new Promise((r) => setImmediate(r))
    }
    await writer.finish()
    const jan = readFileSync(join(vault, 'Big (42)', '2024', '2024-01.md'), 'utf8')
    const feb = readFileSync(join(vault, 'Big (42)', '2024', '2024-02.md'), 'utf8')
    const ids = [...scanNote(jan).ids, ...scanNote(feb).ids].map((x) => Number(x.id.slice(1)))
    expect(ids).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1))
    expect(jan.length).toBeGreaterThan(65536)
    expect(state.notes.dirty(chat.id)).toEqual([])
    state.close()
  })
})

describe('ChatIngest finds the spans whose notes are complete', () => {
  it('from the pages in memory, as the database would, asking it only about a range that holds no message', async () => {
    const vault = mkdtempSync(join(tmpdir(), 'tobs-spans-'))
    useVaultTmp(vault)
    const state = StateDb.open(vault)
    const layout = { split: 'day' as const, timeZone: 'UTC' }
    const ingest = new ChatIngest(chat, { state, ctx: new VaultContext(state, layout), layout, vaultDir: vault })
    ingest.begin()
    let queries = 0
    const atOrBefore = state.messages.atOrBefore.bind(state.messages)
    state.messages.atOrBefore = (chatId, id) => {
      queries++
      return atOrBefore(chatId, id)
    }
    // eight shards of five pages, delivered in turn; shard 5's first page is empty (deleted ids), so
    // its range finds its dates beside it until its next page comes
    const page = (s: number, k: number) => {
      const lo = s * 500 + k * 100 + 1
      const ids = s === 5 && k === 0 ? [] : Array.from({ length: 100 }, (_, i) => lo + i)
      return { lo, hi: lo + 99, messages: ids.map((id) => msg(id, JAN + id * 600)) }
    }
    const inner = ingest as unknown as { completeSpans(): [number, number][]; covered: { lo: number; hi: number }[] }
    let asked = 0
    for (let k = 0; k < 5; k++) {
      for (let s = 0; s < 8; s++) {
        const p = page(s, k)
        ingest.addPage(p.messages, p.lo, p.hi)
        const before = queries
        const found = inner.completeSpans()
        asked += queries - before
        expect(found.length).toBeGreaterThan(0)
        // the same ranges without what the pages brought: every date from the database
        const covered = inner.covered
        inner.covered = covered.map(({ lo, hi }) => ({ lo, hi }))
        expect(inner.completeSpans()).toEqual(found)
        inner.covered = covered
      }
    }
    // only shard 5's empty range, at the 8 flushes from its empty page to its next one
    expect(asked).toBe(8)
    await ingest.finish()
    state.close()
  })
})

describe('ChatIngest renders from memory', () => {
  it('writes periods it saw whole from the pages it holds, reads back only periods stored before, and both give the same note', async () => {
    const vault = mkdtempSync(join(tmpdir(), 'tobs-held-'))
    useVaultTmp(vault)
    const state = StateDb.open(vault)
    const layout = { split: 'month' as const, timeZone: 'UTC' }
    const ctx = new VaultContext(state, layout)
    const reads: number[] = []
    const ofPeriod = state.messages.ofPeriod.bind(state.messages)
    state.messages.ofPeriod = (chatId, topicId, from, to) => {
      reads.push(from)
      return ofPeriod(chatId, topicId, from, to)
    }
    const page = (lo: number, hi: number, date: (id: number) => number) =>
      ({ lo, hi, messages: Array.from({ length: hi - lo + 1 }, (_, i) => msg(lo + i, date(lo + i))) })
    const first = new ChatIngest(chat, { state, ctx, layout, vaultDir: vault })
    first.begin()
    await first.add(page(1, 100, (id) => JAN + id * 60))
    await first.finish()
    expect(first.stats.notesWritten).toBe(1)
    expect(reads).toEqual([])

    // a rerun: January gains messages (its first 100 are only in the database), February is new
    const second = new ChatIngest(chat, { state, ctx, layout, vaultDir: vault })
    second.begin(100)
    await second.add(page(101, 150, (id) => JAN + id * 60))
    await second.add(page(151, 200, (id) => JAN + 40 * 86400 + id))
    await second.finish()
    expect(second.stats.notesWritten).toBe(2)
    expect(reads).toEqual([JAN])
    const notes = () => ['2024-01', '2024-02'].map((p) => readFileSync(join(vault, 'Big (42)', '2024', `${p}.md`), 'utf8'))
    const written = notes()
    expect(scanNote(written[0]!).ids.map((x) => x.id)).toEqual(Array.from({ length: 150 }, (_, i) => `m${i + 1}`))
    state.close()

    // tobs render reads every note back from the database: the same bytes
    await rebuildVault(vault, layout)
    expect(notes()).toEqual(written)
  })
})

describe('HeldPeriods', () => {
  // the bytes of a message: JSON here (the codec's MessagePack in ChatIngest)
  const bytes = (m: Message) => Buffer.from(JSON.stringify(m))
  const decode = (b: Uint8Array, start: number, end: number) => JSON.parse(Buffer.from(b.subarray(start, end)).toString()) as Message
  const hold = (held: HeldPeriods, period: string, m: Message) => held.hold(0, period, m.id, bytes(m), !!m.media)
  const ids = (p: HeldPeriod | undefined) => [...p!.messages()].map((m) => m.id)

  it('hands a period over ascending with the last copy of an id, and drops the largest period past its limit', () => {
    const stored = new Set(['0\u00002024-03'])
    const long = (id: number) => ({ ...msg(id, JAN), text: 'x'.repeat(3000) })
    const held = new HeldPeriods((t, p) => stored.has(`${t}\u0000${p}`), decode, 2 * 8192 + 100)
    for (const id of [3, 1, 2]) hold(held, '2024-01', msg(id, JAN))
    hold(held, '2024-01', { ...msg(2, JAN), text: 'edited' })
    hold(held, '2024-03', msg(9, JAN))
    expect(held.take(0, '2024-03')).toBeUndefined()
    const jan = held.take(0, '2024-01')!
    expect(ids(jan)).toEqual([1, 2, 3])
    expect([...jan.messages()][1]!.text).toBe('edited')
    expect(held.take(0, '2024-01')).toBeUndefined()
    // over a limit of two chunks of 8 KiB and a bit: the larger period goes back to the database
    for (const id of [10, 11, 12, 13]) hold(held, '2024-04', long(id))
    for (const id of [20, 21]) hold(held, '2024-05', msg(id, JAN))
    expect(held.take(0, '2024-04')).toBeUndefined()
    expect(ids(held.take(0, '2024-05'))).toEqual([20, 21])
  })

  it('lists the messages with media apart, and sends a period with a JSON body back to the database', () => {
    const held = new HeldPeriods(() => false, decode)
    const photo = (id: number): Message => ({ ...msg(id, JAN), media: { type: 'file', file: { kind: 'photo', uniqueId: `p${id}`, name: 'p.jpg' } } })
    for (const m of [photo(5), msg(4, JAN), photo(2), msg(5, JAN), photo(1)]) hold(held, '2024-01', m)
    const jan = held.take(0, '2024-01')!
    // 5 lost its photo in its later copy
    expect([...jan.withMedia()].map((m) => m.id)).toEqual([1, 2])
    expect(ids(jan)).toEqual([1, 2, 4, 5])
    hold(held, '2024-02', msg(7, JAN))
    held.hold(0, '2024-02', 8, JSON.stringify(msg(8, JAN)), false)
    hold(held, '2024-02', msg(9, JAN))
    expect(held.take(0, '2024-02')).toBeUndefined()
  })

  it('hands over a period that came in order as it came, hundreds of messages across chunks, media apart', () => {
    const held = new HeldPeriods(() => false, decode)
    const photo = (id: number): Message => ({ ...msg(id, JAN), media: { type: 'file', file: { kind: 'photo', uniqueId: `p${id}`, name: 'p.jpg' } } })
    const sent = Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? photo(i + 1) : msg(i + 1, JAN)))
    for (const m of sent) hold(held, '2024-01', m)
    const jan = held.take(0, '2024-01')!
    expect([...jan.messages()]).toEqual(sent)
    expect([...jan.withMedia()].map((m) => m.id)).toEqual(sent.filter((m) => m.media).map((m) => m.id))
    jan.release()
    expect(() => [...jan.messages()]).toThrow(/after its release/)
  })

  it('uses the chunks of a released period again, and keeps a message larger than a chunk whole', () => {
    const held = new HeldPeriods(() => false, decode, 3 * 8192)
    const huge = { ...msg(1, JAN), text: 'é'.repeat(6000) }
    hold(held, '2024-01', huge)
    hold(held, '2024-01', msg(2, JAN))
    const jan = held.take(0, '2024-01')!
    expect([...jan.messages()]).toEqual([huge, msg(2, JAN)])
    // still counted until released: a new period does not fit under the limit beside it
    hold(held, '2024-02', msg(3, JAN))
    expect(held.take(0, '2024-02')).toBeUndefined()
    jan.release()
    expect(() => [...jan.messages()]).toThrow(/after its release/)
    for (const id of [4, 5, 6]) hold(held, '2024-03', msg(id, JAN))
    held.clear()
    hold(held, '2024-04', msg(7, JAN))
    expect(ids(held.take(0, '2024-04'))).toEqual([7])
    expect(held.take(0, '2024-03')).toBeUndefined()
  })
})
