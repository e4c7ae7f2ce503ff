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
