// `tobs convert` indexes each page's new messages for `tobs search` from memory as it goes (issue 10),
// not by reading the vault back afterwards: what it finds must be what the vault holds, and a
// convert killed with SIGKILL between two batches of the index loses nothing from it.
import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { StateDb } from '../../src/vault/state.ts'
import { searchableText } from '../../src/vault/state/search.ts'
import { writeBigExport } from '../desktop-export.ts'
import { tempVault } from '../helpers.ts'
import { runTobs } from '../cli.ts'

const BIN = join(import.meta.dirname, '../../bin/tobs.js')
const fixture = (name: string) => fileURLToPath(new URL(`../../../shared/fixtures/desktop-export/${name}`, import.meta.url))

/** The oracle: every stored message whose searchable text holds `needle` (any case), without the index. */
function holding(vault: string, needle: string): string[] {
  const state = StateDb.open(vault)
  try {
    const out: string[] = []
    for (const { chat } of state.chats.all()) {
      for (let m = state.messages.page(chat.id, 0, 500); m.length; m = state.messages.page(chat.id, m.at(-1)!.id, 500)) {
        for (const x of m) if (searchableText(x).toLowerCase().includes(needle.toLowerCase())) out.push(`${chat.id}:${x.id}`)
      }
    }
    return out.sort()
  } finally {
    state.close()
  }
}

/** Rows of the index and of its queue, and messages stored. */
function counts(vault: string): { docs: number; queued: number; stored: number } {
  const db = new Database(join(vault, '.tobs', 'state.db'), { readonly: true })
  try {
    return db.prepare(`SELECT (SELECT count(*) FROM search_docs) AS docs, (SELECT count(*) FROM messages) AS stored,
      (SELECT count(*) FROM search_pending) + (SELECT count(*) FROM search_pending_runs) AS queued`).get() as never
  } finally {
    db.close()
  }
}

async function search(vault: string, text: string): Promise<string[]> {
  const r = await runTobs(['search', text, '--out', vault, '--json', '--limit', '100000'])
  expect(r.code, r.stderr).toBe(0)
  return r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { chat_id: number; id: number })
    .map((h) => `${h.chat_id}:${h.id}`).sort()
}

describe('tobs convert and the search index', () => {
  it('indexes the real exports as it converts them: nothing left queued, and search finds what the vault holds', async () => {
    const out = tempVault()
    for (const name of ['supergroup-2022.json', 'tg2md-channel-2021.json']) {
      const r = await runTobs(['convert', fixture(name), '--out', out, '--no-media', '--json'])
      expect(r.code, r.stderr).toBe(0)
    }
    const c = counts(out)
    expect(c.queued).toBe(0)
    expect(c.docs).toBeGreaterThan(100)
    for (const needle of ['banget', 'Jason', 'https', 'ini']) {
      const want = holding(out, needle)
      expect(want.length, needle).toBeGreaterThan(0)
      expect(await search(out, needle), needle).toEqual(want)
    }
  }, 60_000)

  it('killed with SIGKILL mid-way: what the index held unwritten stays queued, and the next search finds every message', async () => {
    // 12 chats of 2,000: the index writes a batch every 20,000 new messages
    const input = writeBigExport(12, 2000)
    const out = tempVault()
    const child = spawn(process.execPath, [BIN, 'convert', input, '--out', out, '--no-media', '--json'],
      { env: { ...process.env, TOBS_HOME: tempVault() } })
    let stdout = ''
    child.stdout.on('data', (d) => {
      stdout += d
      // past the first batch (chat 11 ends at 22,000), before the end
      if ((stdout.match(/"event":"chat_finished"/g) ?? []).length >= 11) child.kill('SIGKILL')
    })
    const [, signal] = await new Promise<[number | null, string | null]>((r) => child.on('close', (code, sig) => r([code, sig])))
    expect(signal).toBe('SIGKILL')
    const killed = counts(out)
    // it landed mid-way: part of the export stored, the first batch indexed, the messages after it not yet
    expect(killed.stored).toBeGreaterThanOrEqual(22_000)
    expect(killed.stored).toBeLessThan(24_000)
    expect(killed.docs).toBe(20_000)
    expect(killed.queued).toBeGreaterThan(0)

    const all = await search(out, 'some words')
    expect(all).toHaveLength(killed.stored)
    expect(all).toEqual(holding(out, 'some words'))
    expect(counts(out)).toEqual({ docs: killed.stored, queued: 0, stored: killed.stored })
  }, 60_000)
})
