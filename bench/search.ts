// `node dist/bench/search.js [--messages 1000000] [--keep DIR]`: fills a vault's state database with
// generated messages in several scripts, builds the full-text index (timed), then times `tobs search`
// queries (runSearch: catch-up, query, note links) and prints one JSON line.
import { mkdtempSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Message } from '../src/model/types.ts'
import { StateDb } from '../src/vault/state.ts'
import { runSearch, type SearchOptions } from '../src/export/search.ts'

const { values: args } = parseArgs({
  options: { messages: { type: 'string', default: '1000000' }, keep: { type: 'string' }, runs: { type: 'string', default: '5' } },
})
const N = Number(args.messages)
const RUNS = Number(args.runs)
const CHATS = 8
const WORDS = [
  'archive', 'vault', 'note', 'message', 'telegram', 'export', 'obsidian', 'link', 'photo', 'today',
  'tomorrow', 'release', 'build', 'test', 'coffee', 'meeting', 'draft', 'review', 'ship', 'fix',
  'привет', 'мир', 'спасибо', 'встреча', 'завтра', '你好', '世界', '北京烤鸭', '图书馆', 'café', 'Zürich',
]
const log = (s: string) => process.stderr.write(`${s}\n`)

function message(i: number): Message {
  const chatId = 1000 + (i % CHATS)
  const n = 4 + (i * 7919) % 14
  const words: string[] = []
  for (let w = 0; w < n; w++) words.push(WORDS[(i * 31 + w * 17 + (i >> 3)) % WORDS.length]!)
  // one message in 100,000 holds a rare word
  if (i % 100_000 === 77) words.push('квазиуникальный')
  return {
    id: Math.floor(i / CHATS) + 1, chatId, date: 1_600_000_000 + i * 60, text: words.join(' '), entities: [],
    sender: { id: 10 + (i % 50), kind: 'user', name: `User ${i % 50}`, username: `user${i % 50}` },
  }
}

function fill(vault: string): { fill_s: number; index_s: number } {
  const state = StateDb.open(vault)
  let t = performance.now()
  for (let c = 0; c < CHATS; c++) state.chats.put({ id: 1000 + c, kind: 'supergroup', title: `Chat ${c}` }, `Chat ${c} (${1000 + c})`)
  const BATCH = 10_000
  for (let lo = 0; lo < N; lo += BATCH) {
    state.transaction(() => { for (let i = lo; i < Math.min(N, lo + BATCH); i++) state.messages.put(message(i)) })
    if (lo % 200_000 === 0) log(`stored ${lo}`)
  }
  for (let c = 0; c < CHATS; c++) state.notes.written(1000 + c, 0, '2020-09')
  const fill_s = (performance.now() - t) / 1000
  t = performance.now()
  state.search.catchUp((done) => { if (done % 200_000 === 0) log(`indexed ${done}`) })
  const index_s = (performance.now() - t) / 1000
  state.close()
  return { fill_s, index_s }
}

function time(vault: string, q: SearchOptions): { ms: number; hits: number } {
  let best = Infinity
  let hits = 0
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now()
    hits = runSearch(vault, q).length
    best = Math.min(best, performance.now() - t)
  }
  return { ms: Math.round(best * 10) / 10, hits }
}

const vault = args.keep ?? mkdtempSync(join(tmpdir(), 'tobs-search-bench-'))
try {
  const built = existsSync(join(vault, '.tobs', 'state.db')) ? { fill_s: 0, index_s: 0 } : fill(vault)
  const queries: Record<string, SearchOptions> = {
    common_word: { text: 'coffee', limit: 20 },
    russian_word: { text: 'СПАСИБО', limit: 20 },
    cjk_substring: { text: '北京烤', limit: 20 },
    cjk_two_chars: { text: '世界', limit: 20 },
    two_words: { text: 'встреча tomorrow', limit: 20 },
    rare_word: { text: 'квазиуникальный', limit: 20 },
    chat_and_sender: { text: 'archive', chat: '1003', from: '@user13', limit: 20 },
    date_range: { text: 'review', since: 1_600_000_000 + 300_000 * 60, until: 1_600_000_000 + 310_000 * 60, limit: 20 },
    rare_in_chat: { text: 'квазиуникальный', chat: '1005', limit: 20 },
  }
  const results: Record<string, { ms: number; hits: number }> = {}
  for (const [name, q] of Object.entries(queries)) {
    results[name] = time(vault, q)
    log(`${name}: ${results[name]!.ms} ms, ${results[name]!.hits} hits`)
  }
  const worst = Math.max(...Object.values(results).map((r) => r.ms))
  process.stdout.write(JSON.stringify({
    messages: N, ...built, index_msg_per_s: built.index_s ? Math.round(N / built.index_s) : undefined,
    queries: results, worst_ms: worst, goal_ms: 100, peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }) + '\n')
} finally {
  if (!args.keep) rmSync(vault, { recursive: true, force: true })
}
