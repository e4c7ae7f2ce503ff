// `tobs plan` / `tobs export --dry-run` (issue 15): what an export with these options would fetch
// and write, sized from search counters and samples, never from history; a time from the rate model.
import { guessSplit, type SplitChoice } from './layout.ts'
import type { Client } from '../telegram/client.ts'
import type { FileKind } from '../model/types.ts'
import { ChatDirectory } from '../telegram/resolve.ts'
import { InputPeers } from '../telegram/input-peers.ts'
import { directRpc } from '../telegram/takeout.ts'
import type { HistoryTarget } from '../telegram/history.ts'
import type { Rpc } from '../telegram/rpc.ts'
import { getTopics } from '../telegram/topics.ts'
import { getKindCounts, KIND_FILTERS, searchSample, type SearchBounds } from '../telegram/search-counts.ts'
import { chatFolder, joinVault, periodNotePath, periodOf, topicFolder, type Split } from '../vault/paths.ts'
import { selectChats, type ExportOptions } from './run-export.ts'

/** Files sized per kind and chat: one search page (Telegram's maximum), enough for ~10 % error on sizes as skewed as real chats'. */
const SAMPLE = 100
/** Assumed when nothing better is known: Telegram's history rate limit and an account's download rate. */
export const ASSUMED = { requestsPerSecond: 30, mediaBytesPerSecond: 4 * 2 ** 20 }

export type PlanOptions = Pick<ExportOptions, 'targets' | 'kinds' | 'out' | 'split' | 'fromId' | 'toId' | 'since' | 'until'
  | 'last' | 'topicId' | 'media' | 'concurrency'>

export interface KindPlan { files: number; bytes: number }

export interface PlanRow {
  chat_id: number
  title: string
  kind: string
  topic_id?: number
  topic?: string
  messages: number
  first_date?: string
  last_date?: string
  /** the notes it would write, vault-relative, first and last */
  notes: number
  first_note?: string
  last_note?: string
  folder: string
  media: Partial<Record<FileKind, KindPlan>>
  media_files: number
  media_bytes: number
  seconds: number
}

export interface Plan {
  out: string
  rows: PlanRow[]
  messages: number
  media_files: number
  media_bytes: number
  seconds: number
  assumptions: { rtt_ms: number; requests_per_s: number; requests_in_flight: number; media_mb_per_s: number }
  requests: number
  plan_seconds: number
}

export async function runPlan(opts: PlanOptions, client: Client, selfId: number): Promise<Plan> {
  const started = performance.now()
  const timed = timedRpc(directRpc(client))
  const peers = new InputPeers()
  peers.selfId = selfId
  const directory = new ChatDirectory(timed.rpc, peers)
  const rows: PlanRow[] = []
  for (const d of await selectChats(directory, opts)) {
    const peer = directory.inputPeer(d)
    const forum = d.chat.kind === 'forum'
    const folder = chatFolder(d.chat)
    const only = d.topicId ?? opts.topicId
    const topics = forum ? (await getTopics(timed.rpc, peers, peer)).filter((t) => !only || t.id === only) : [undefined]
    for (const topic of topics) {
      const target: HistoryTarget = { peer, chatId: d.chat.id, forum, topicId: topic?.id }
      const row = await planTarget(timed.rpc, target, opts)
      rows.push({
        chat_id: d.chat.id, title: d.chat.title, kind: d.chat.kind, topic_id: topic?.id, topic: topic?.title,
        folder: topic ? joinVault(folder, topicFolder(topic)) : folder, ...row,
      })
    }
  }
  const rtt = timed.meanMs() / 1000
  const k = Math.max(1, opts.concurrency ?? 8)
  const historyRate = 100 * Math.min(rtt > 0 ? k / rtt : Infinity, ASSUMED.requestsPerSecond)
  for (const r of rows) r.seconds = round(r.messages / historyRate + r.media_bytes / ASSUMED.mediaBytesPerSecond, 1)
  const sum = (f: (r: PlanRow) => number) => rows.reduce((n, r) => n + f(r), 0)
  return {
    out: opts.out, rows, messages: sum((r) => r.messages), media_files: sum((r) => r.media_files),
    media_bytes: sum((r) => r.media_bytes), seconds: round(sum((r) => r.seconds), 1),
    assumptions: {
      rtt_ms: round(rtt * 1000, 1), requests_per_s: ASSUMED.requestsPerSecond, requests_in_flight: k,
      media_mb_per_s: ASSUMED.mediaBytesPerSecond / 2 ** 20,
    },
    requests: timed.count(), plan_seconds: round((performance.now() - started) / 1000, 2),
  }
}

type TargetPlan = Omit<PlanRow, 'chat_id' | 'title' | 'kind' | 'topic_id' | 'topic' | 'folder'>

async function planTarget(rpc: Rpc, target: HistoryTarget, opts: PlanOptions): Promise<TargetPlan> {
  const bounds: SearchBounds = { since: opts.since, until: opts.until, fromId: opts.fromId, toId: opts.toId }
  const newest = await searchSample(rpc, target, undefined, bounds, 1)
  const inRange = newest.count
  const messages = opts.last !== undefined ? Math.min(opts.last, inRange) : inRange
  const share = inRange ? messages / inRange : 0
  const oldest = messages > 1 ? await searchSample(rpc, target, undefined, bounds, 1, messages - 1) : newest
  const last = newest.dates[0]
  const first = oldest.dates[0] ?? last
  const media: Partial<Record<FileKind, KindPlan>> = {}
  if (opts.media && messages) {
    const kinds = [...opts.media.kinds].filter((k) => KIND_FILTERS[k])
    const counts = await getKindCounts(rpc, target, kinds)
    for (const [kind, total] of counts) {
      if (!total) continue
      const sample = await searchSample(rpc, target, kind, bounds, SAMPLE)
      const files = sample.count * share
      const sizes = sample.files.map((f) => f.size ?? 0)
      const kept = sizes.filter((s) => s <= (opts.media as { maxSize: number }).maxSize)
      if (!sizes.length || !files) continue
      media[kind] = {
        files: Math.round(files * kept.length / sizes.length),
        bytes: Math.round(files * kept.reduce((a, b) => a + b, 0) / sizes.length),
      }
    }
  }
  const notes = noteSpan(first, last, plannedSplit(opts.split, messages, first, last))
  return {
    messages, first_date: iso(first), last_date: iso(last), ...notes, media,
    media_files: Object.values(media).reduce((n, m) => n + m.files, 0),
    media_bytes: Object.values(media).reduce((n, m) => n + m.bytes, 0), seconds: 0,
  }
}

/** The split an export would choose: for `auto`, an estimate from the count and the span of the dates. */
function plannedSplit(split: SplitChoice, messages: number, first: number | undefined, last: number | undefined): Split {
  return split === 'auto' ? guessSplit(messages, first, last) : split
}

/** How many period notes a date span fills, and the first and last one's path in its folder. */
function noteSpan(first: number | undefined, last: number | undefined, split: Split): { notes: number; first_note?: string; last_note?: string } {
  if (first === undefined || last === undefined) return { notes: 0 }
  const a = periodOf(first, split)
  const b = periodOf(last, split)
  let notes = 1
  if (split === 'year') notes = Number(b) - Number(a) + 1
  else if (split === 'month') notes = (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5)) - Number(a.slice(5)) + 1
  else if (split === 'day') notes = Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000) + 1
  return { notes, first_note: `${periodNotePath(a, split)}.md`, last_note: `${periodNotePath(b, split)}.md` }
}

/** Counts requests and their round trips: the plan's own calls measure R for the rate model. */
function timedRpc(inner: Rpc): { rpc: Rpc; count: () => number; meanMs: () => number } {
  let n = 0
  let total = 0
  const rpc = (async (req) => {
    const t = performance.now()
    try {
      return await inner(req)
    } finally {
      n++
      total += performance.now() - t
    }
  }) as Rpc
  return { rpc, count: () => n, meanMs: () => (n ? total / n : 0) }
}

const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t * 1000).toISOString())
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits
