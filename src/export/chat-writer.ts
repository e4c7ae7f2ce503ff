// Turns an ascending stream of message pages of one chat into the vault: store each page (with the
// notes it makes stale) in one transaction, rewrite a note once its period is complete, and write the
// index notes at the end. Every step is idempotent, so a rerun after a crash repairs what was cut off.
import { join } from 'node:path'
import { rm } from 'node:fs/promises'
import type { Chat, Message, Topic } from '../model/types.ts'
import { renderBlocks, renderIndexNote, renderPeriodHeader } from '../render/index.ts'
import { writeChunksAtomic, writeFileAtomic } from '../vault/files.ts'
import {
  chatFolder, indexNoteName, joinVault, periodNotePath, periodOf, periodRange, topicFolder,
} from '../vault/paths.ts'
import { mergeRange, NO_TOPIC, type Range, type StateDb } from '../vault/state.ts'
import type { VaultContext, VaultLayout } from './vault-context.ts'

export interface ChatWriterDeps {
  state: StateDb
  ctx: VaultContext
  layout: VaultLayout
  vaultDir: string
  /** resolves when the files of these messages are placed (or skipped); notes wait for it */
  mediaSettled?: (chatFolder: string, messages: Message[]) => Promise<void>
  now?: () => Date
  /** record which id ranges are complete (false when reading a subset such as one topic) */
  recordRanges?: boolean
}

export interface WriteStats {
  notesWritten: number
  renderMs: number
  writeMs: number
}

export class ChatWriter {
  readonly stats: WriteStats = { notesWritten: 0, renderMs: 0, writeMs: 0 }
  private folder = ''
  /** first id this run reads */
  private anchor = 1
  /** ranges stored this run, merged; the first one is the contiguous prefix */
  private covered: Range[] = []
  private flushing: Promise<void> = Promise.resolve()
  private readonly knownTopics = new Set<number>()
  private flushQueued = false
  private failed?: Error
  /** the last period looked up and its date range: consecutive messages mostly share it */
  private period = { key: '', from: 0, to: 0 }

  constructor(private chat: Chat, private readonly deps: ChatWriterDeps) {}

  /** Saves the chat and its topics, fixing their folders for good; reading resumes after `afterId`. */
  begin(afterId = 0): void {
    this.anchor = afterId + 1
    this.covered = [{ lo: afterId + 1, hi: afterId }]
    const { state } = this.deps
    state.transaction(() => {
      this.folder = state.chats.put(this.chat, chatFolder(this.chat))
      for (const t of this.chat.topics ?? []) state.chats.putTopic(this.chat.id, t, topicFolder(t))
    })
    this.deps.ctx.invalidate()
  }

  /** Stores one page (ascending ids) known to hold every message with id in [lo, hi]. */
  addPage(messages: Message[], lo: number, hi: number): void {
    const { state, ctx } = this.deps
    const forum = this.chat.kind === 'forum'
    const dirty = new Set<string>()
    state.transaction(() => {
      for (const m of messages) {
        const topicId = forum ? (m.topicId ?? 1) : NO_TOPIC
        if (forum && !this.knownTopics.has(topicId)) this.ensureTopic(topicId)
        state.messages.put(m)
        const period = this.periodOf(m.date)
        const key = `${topicId}\u0000${period}`
        if (!dirty.has(key)) {
          dirty.add(key)
          state.notes.markDirty(this.chat.id, topicId, period)
        }
        if (m.sender?.kind === 'user') ctx.rememberName(m.sender.id, m.sender.name)
      }
      if (hi >= lo && this.deps.recordRanges !== false) state.ranges.add(this.chat.id, lo, hi)
    })
    if (this.deps.mediaSettled && messages.some((m) => m.media)) {
      // start the downloads now; a note waits only for its own files (settlePeriodMedia)
      // a failure here is a stopped run, and the period's flush meets it again
      void this.deps.mediaSettled(this.folder, messages).catch(() => {})
    }
    this.covered = mergeRange(this.covered, { lo, hi })
  }

  /** periodOf, without building a Date for each message of a run that mostly stays in one period */
  private periodOf(date: number): string {
    const p = this.period
    if (date >= p.from && date < p.to) return p.key
    const key = periodOf(date, this.deps.layout.split)
    const [from, to] = periodRange(key, this.deps.layout.split)
    this.period = { key, from, to }
    return key
  }

  /**
   * Periods whose notes can no longer grow in this run, as [first, last] period keys: inside one
   * gap-free id range that reaches past the period on both sides (ids rise with dates). Parallel
   * shards each make such ranges, so notes are written as every shard goes, not all at the end.
   */
  private completePeriods(): [string, string][] {
    const { state, layout } = this.deps
    const out: [string, string][] = []
    for (const r of this.covered) {
      if (r.hi < r.lo) continue
      const hiDate = state.messages.dateAtOrBefore(this.chat.id, r.hi)
      const loDate = state.messages.dateAtOrAfter(this.chat.id, r.lo)
      if (hiDate === undefined || loDate === undefined) continue
      const last = periodOf(hiDate, layout.split)
      // the range that starts where reading started holds its first period whole
      const first = r.lo <= this.anchor ? '' : periodOf(loDate, layout.split)
      out.push([first, last])
    }
    return out
  }

  /**
   * Brings stored messages up to date (--refresh): a changed message is replaced, a deleted one
   * (null) removed; their notes are rewritten. Returns how many were edited and deleted.
   */
  applyRefresh(current: Map<number, Message | null>): { edited: number; deleted: number } {
    const { state, layout } = this.deps
    const changed = { edited: 0, deleted: 0 }
    state.transaction(() => {
      for (const [id, fresh] of current) {
        const old = state.messages.get(this.chat.id, id)
        if (!old) continue
        const json = fresh && JSON.stringify(fresh)
        if (json === JSON.stringify(old)) continue
        changed[fresh ? 'edited' : 'deleted']++
        state.notes.markDirty(this.chat.id, old.topicId ?? NO_TOPIC, periodOf(old.date, layout.split))
        if (fresh) {
          state.messages.put(fresh, json!)
          state.notes.markDirty(this.chat.id, fresh.topicId ?? NO_TOPIC, periodOf(fresh.date, layout.split))
        } else state.messages.delete(this.chat.id, id)
      }
    })
    return changed
  }

  /** A message names a topic the topic list lacked (deleted, or created since): give it a folder. */
  private ensureTopic(topicId: number): void {
    if (!this.deps.state.chats.topic(this.chat.id, topicId)) this.addTopic({ id: topicId, title: `Topic ${topicId}` })
    this.knownTopics.add(topicId)
  }

  private addTopic(t: Topic): void {
    this.deps.state.chats.putTopic(this.chat.id, t, topicFolder(t))
    this.chat = { ...this.chat, topics: [...(this.chat.topics ?? []), t] }
    this.deps.ctx.invalidate()
  }

  /** Rewrites the stale notes of periods before the newest one seen (those can no longer grow). */
  async flushCompleted(): Promise<void> {
    const spans = this.completePeriods()
    await this.flush((period) => spans.some(([first, last]) => period > first && period < last))
  }

  /**
   * Starts flushCompleted in the background, so fetching goes on while notes are written (pages are
   * already safe in the database). A failure surfaces at the next call or at finish().
   */
  flushSoon(): void {
    if (this.failed) throw this.failed
    if (this.flushQueued) return
    this.flushQueued = true
    void this.flushing.then(() => {
      this.flushQueued = false
      return this.flushCompleted()
    }).catch((e: Error) => {
      this.failed ??= e
    })
  }

  /** Rewrites every stale note (and those whose missing links can now be made) and the index notes. */
  async finish(): Promise<void> {
    await this.flushing
    if (this.failed) throw this.failed
    const { state, ctx } = this.deps
    const relink = ctx.relinkable(this.chat.id)
    state.transaction(() => {
      for (const n of relink) state.notes.markDirty(n.chatId, n.topicId, n.period)
    })
    await this.flush(() => true)
    await this.writeIndexNotes()
    this.deps.state.checkpoint()
  }

  /** One flush at a time: pages of parallel shards ask concurrently, and a note is written once. */
  private flush(due: (period: string) => boolean): Promise<void> {
    const run = this.flushing.then(() => this.flushNow(due))
    this.flushing = run.catch(() => {})
    return run
  }

  private async flushNow(due: (period: string) => boolean): Promise<void> {
    const { state } = this.deps
    const work = state.notes.dirty(this.chat.id).filter((d) => due(d.period))
    if (!work.length) return
    for (const { topicId, period } of work) {
      // a run killed before its downloads finished left messages stored without their files
      if (this.deps.mediaSettled) await this.settlePeriodMedia(topicId, period)
      await this.writePeriod(topicId, period)
      state.notes.markClean(this.chat.id, topicId, period)
    }
  }

  private async settlePeriodMedia(topicId: number, period: string): Promise<void> {
    const [from, to] = periodRange(period, this.deps.layout.split)
    // only the ids are kept, then 500 messages at a time read again: a month of a busy chat holds
    // 100k+ messages, too many to hold at once. The period's iterator is closed before the first
    // wait: settling while it stayed open lost files of a run resumed after kill -9
    // (test/e2e/processing.test.ts)
    const ids: number[] = []
    for (const m of this.deps.state.messages.ofPeriod(this.chat.id, topicId, from, to)) if (m.media) ids.push(m.id)
    for (let i = 0; i < ids.length; i += 500) {
      const batch: Message[] = []
      for (const id of ids.slice(i, i + 500)) {
        const m = this.deps.state.messages.get(this.chat.id, id)
        if (m) batch.push(m)
      }
      await this.deps.mediaSettled!(this.folder, batch)
    }
  }

  private async writePeriod(topicId: number, period: string): Promise<void> {
    const { state, ctx, layout, vaultDir } = this.deps
    const rel = ctx.notePath(this.chat.id, topicId, period)
    if (!rel) throw new Error(`no folder for chat ${this.chat.id} topic ${topicId}`)
    const path = join(vaultDir, `${rel}.md`)
    const [from, to] = periodRange(period, layout.split)
    const messages = state.messages.ofPeriod(this.chat.id, topicId, from, to)
    const first = messages.next()
    if (first.done) {
      // every message of the period was deleted (--refresh): so is its note
      await rm(path, { force: true })
      state.notes.removed(this.chat.id, topicId, period)
      return
    }
    const topic = topicId === NO_TOPIC ? undefined : state.chats.topic(this.chat.id, topicId)?.topic
    const header = renderPeriodHeader({ chat: this.chat, topic, period })
    const t0 = performance.now()
    const missed = new Set<string>()
    const blocks = renderBlocks(prepend(first.value, messages), ctx.forNote(missed))
    await writeChunksAtomic(path, prepend(header, blocks))
    state.transaction(() => {
      state.notes.written(this.chat.id, topicId, period)
      state.notes.setUnlinked(this.chat.id, topicId, period, missed)
    })
    this.stats.writeMs += performance.now() - t0
    this.stats.notesWritten++
  }

  private async writeIndexNotes(): Promise<void> {
    const { state, layout, vaultDir } = this.deps
    const stats = state.messages.stats(this.chat.id)
    const periods = new Map<number, string[]>()
    for (const { topicId, period } of state.notes.of(this.chat.id)) {
      let list = periods.get(topicId)
      if (!list) periods.set(topicId, (list = []))
      list.push(period)
    }
    const exportedAt = (this.deps.now?.() ?? new Date()).toISOString()
    const notesOf = (folder: string, topicId: number) =>
      (periods.get(topicId) ?? []).map((p) => ({
        label: p, path: joinVault(folder, periodNotePath(p, layout.split)),
      }))
    const counts = state.messages.topicCounts(this.chat.id)
    const topics = state.chats.topics(this.chat.id).filter((t) => counts.has(t.topic.id))
    const topicLinks = topics.map((t) => {
      const folder = joinVault(this.folder, t.folder)
      return { topic: t.topic, folder, path: joinVault(folder, indexNoteName(t.topic)), messageCount: counts.get(t.topic.id)! }
    })
    for (const t of topicLinks) {
      const note = renderIndexNote({
        chat: { ...this.chat, title: t.topic.title }, exportedAt, messageCount: t.messageCount,
        notes: notesOf(t.folder, t.topic.id),
      })
      await writeFileAtomic(join(vaultDir, `${t.path}.md`), note)
    }
    const index = renderIndexNote({
      chat: this.chat, exportedAt, messageCount: stats.count, firstId: stats.firstId, lastId: stats.lastId,
      notes: notesOf(this.folder, NO_TOPIC),
      topics: topicLinks.length ? topicLinks.map(({ topic, path, messageCount }) => ({ topic, path, messageCount })) : undefined,
    })
    await writeFileAtomic(join(vaultDir, this.folder, `${indexNoteName(this.chat)}.md`), index)
  }
}

function* prepend<T>(first: T, rest: Iterable<T>): Generator<T> {
  yield first
  yield* rest
}
