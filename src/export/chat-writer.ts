// Turns an ascending stream of message pages of one chat into the vault: store each page (with the
// notes it makes stale) in one transaction, rewrite a note once its period is complete, and write the
// index notes at the end. Every step is idempotent, so a rerun after a crash repairs what was cut off.
import { join } from 'node:path'
import { readdir, readFile, rm, rmdir } from 'node:fs/promises'
import type { Chat, Message, Topic } from '../model/types.ts'
import { renderBlocks, renderIndexNote, renderPeriodHeader } from '../render/index.ts'
import { writeChunksAtomic, writeFileAtomic } from '../vault/files.ts'
import { chatFolder, indexNoteName, joinVault, periodNotePath, topicFolder } from '../vault/paths.ts'
import { AUTO_NOTE_SIZE, autoSplit, splitOfPeriod } from './layout.ts'
import type { Split } from '../vault/paths.ts'
import { keepUserEdit, recordWrite } from '../vault/user-edits.ts'
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
  /** told when a note the user changed was moved aside before its rewrite */
  warn?: (message: string) => void
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
  private period = { topicId: -1, key: '', from: 0, to: 0 }

  constructor(private chat: Chat, private readonly deps: ChatWriterDeps) {}

  /** Saves the chat and its topics, fixing their folders for good; reading resumes after `afterId`. */
  begin(afterId = 0): void {
    this.anchor = afterId + 1
    this.covered = [{ lo: afterId + 1, hi: afterId }]
    const { state } = this.deps
    state.transaction(() => {
      this.folder = state.chats.put(this.chat, chatFolder(this.chat))
      for (const t of this.chat.topics ?? []) state.chats.putTopic(this.chat.id, t, topicFolder(t))
      if (this.chat.kind !== 'forum') this.planLayout(NO_TOPIC)
      else for (const t of this.chat.topics ?? []) this.planLayout(t.id)
    })
    this.deps.ctx.invalidate()
  }

  /**
   * Fixes the layout of a topic's notes for this run. Under `auto` a topic nobody laid out yet
   * starts as one note, or by month when the chat is large (so notes are written while reading);
   * finish() sizes it exactly. A split or zone other than the one its notes were written in lays
   * the topic out anew.
   */
  private planLayout(topicId: number): void {
    const { state, ctx } = this.deps
    const periods = ctx.periods
    const stored = periods.stored(this.chat.id, topicId)
    const auto = periods.requested === 'auto'
    let legacy: Split | undefined
    if (!stored) {
      // a vault written before layouts were recorded: its notes say their split, their zone was UTC
      const note = state.notes.of(this.chat.id).find((n) => n.topicId === topicId)
      if (note) legacy = splitOfPeriod(note.period)
    }
    const was = stored ?? (legacy ? { split: legacy, timeZone: 'UTC' } : undefined)
    const wanted = !auto ? (periods.requested as Split) : was ? was.split : this.provisionalSplit()
    if (!was) periods.set(this.chat.id, topicId, wanted)
    else if (was.split !== wanted || was.timeZone !== periods.timeZone) this.relayout(topicId, wanted)
    else if (!stored) periods.set(this.chat.id, topicId, wanted)
  }

  private provisionalSplit(): Split {
    const perTopic = (this.chat.messageCount ?? 0) / Math.max(1, this.chat.kind === 'forum' ? (this.chat.topics?.length ?? 1) : 1)
    return perTopic > AUTO_NOTE_SIZE ? 'month' : 'none'
  }

  /**
   * Rewrites a topic's notes in `split` (and the vault's zone): every period of its messages is
   * marked stale, and the notes of the old layout are listed for removal once the new ones are
   * written (finish). Only notes tobs recorded are ever removed, never files the user added.
   */
  private relayout(topicId: number, split: Split): void {
    const { state, ctx } = this.deps
    const chatId = this.chat.id
    const folder = ctx.folderOf(chatId, topicId)
    const old = state.notes.of(chatId).filter((n) => n.topicId === topicId)
    const obsolete = new Set<string>(JSON.parse(state.settings.get('obsolete:' + chatId) ?? '[]') as string[])
    for (const n of old) {
      if (folder) obsolete.add(joinVault(folder, periodNotePath(n.period, splitOfPeriod(n.period))))
      state.notes.removed(chatId, topicId, n.period)
      state.notes.setUnlinked(chatId, topicId, n.period, [])
    }
    state.settings.set('obsolete:' + chatId, JSON.stringify([...obsolete]))
    for (const d of state.notes.dirty(chatId)) if (d.topicId === topicId) state.notes.markClean(chatId, topicId, d.period)
    ctx.periods.set(chatId, topicId, split)
    ctx.relaidOut.add(chatId)
    ctx.invalidate()
    this.period.topicId = -1
    const seen = new Set<string>()
    for (const { topicId: t, date } of state.messages.dates(chatId)) {
      if (t !== topicId) continue
      const p = ctx.periods.of(chatId, topicId, date)
      if (!seen.has(p)) {
        seen.add(p)
        state.notes.markDirty(chatId, topicId, p)
      }
    }
  }

  /** Under `auto`: the split each topic's final size asks for; a topic that outgrew (or never reached) its layout is laid out anew. */
  private sizeLayouts(): void {
    const { state, ctx } = this.deps
    if (ctx.periods.requested !== 'auto') return
    const dates = new Map<number, number[]>()
    for (const { topicId, date } of state.messages.dates(this.chat.id)) {
      let list = dates.get(topicId)
      if (!list) dates.set(topicId, (list = []))
      list.push(date)
    }
    state.transaction(() => {
      for (const [topicId, list] of dates) {
        const split = autoSplit(list, ctx.periods.timeZone)
        if (split !== ctx.periods.split(this.chat.id, topicId) || !ctx.periods.stored(this.chat.id, topicId)) this.relayout(topicId, split)
      }
    })
  }

  /** Removes the notes of an old layout that no note of the new one replaced (written already). */
  private async removeObsolete(): Promise<void> {
    const { state, ctx, vaultDir } = this.deps
    const raw = state.settings.get('obsolete:' + this.chat.id)
    if (raw === undefined || raw === '[]') return
    const current = new Set(state.notes.of(this.chat.id).map((n) => ctx.notePath(this.chat.id, n.topicId, n.period)))
    for (const rel of JSON.parse(raw) as string[]) {
      if (!current.has(rel)) await rm(join(vaultDir, `${rel}.md`), { force: true })
    }
    state.settings.set('obsolete:' + this.chat.id, '[]')
    await removeEmptyDirs(join(vaultDir, this.folder))
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
        const period = this.periodOf(topicId, m.date)
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

  /** The period of a message, without a zone lookup for each message of a run that mostly stays in one period. */
  private periodOf(topicId: number, date: number): string {
    const p = this.period
    if (topicId === p.topicId && date >= p.from && date < p.to) return p.key
    const periods = this.deps.ctx.periods
    const key = periods.of(this.chat.id, topicId, date)
    const [from, to] = periods.range(this.chat.id, topicId, key)
    this.period = { topicId, key, from, to }
    return key
  }

  /**
   * Date spans whose notes can no longer grow in this run: inside one gap-free id range that reaches
   * past a period on both sides (ids rise with dates), as [from, to] dates (from -Infinity when the
   * range starts where reading started). Parallel shards each make such ranges, so notes are written
   * as every shard goes, not all at the end.
   */
  private completeSpans(): [number, number][] {
    const { state } = this.deps
    const out: [number, number][] = []
    for (const r of this.covered) {
      if (r.hi < r.lo) continue
      const hiDate = state.messages.dateAtOrBefore(this.chat.id, r.hi)
      const loDate = state.messages.dateAtOrAfter(this.chat.id, r.lo)
      if (hiDate === undefined || loDate === undefined) continue
      out.push([r.lo <= this.anchor ? -Infinity : loDate, hiDate])
    }
    return out
  }

  /**
   * Brings stored messages up to date (--refresh): a changed message is replaced, a deleted one
   * (null) removed; their notes are rewritten. Returns how many were edited and deleted.
   */
  applyRefresh(current: Map<number, Message | null>): { edited: number; deleted: number } {
    const { state } = this.deps
    const periods = this.deps.ctx.periods
    const changed = { edited: 0, deleted: 0 }
    state.transaction(() => {
      for (const [id, fresh] of current) {
        const old = state.messages.get(this.chat.id, id)
        if (!old) continue
        const json = fresh && JSON.stringify(fresh)
        if (json === JSON.stringify(old)) continue
        changed[fresh ? 'edited' : 'deleted']++
        const oldTopic = old.topicId ?? NO_TOPIC
        state.notes.markDirty(this.chat.id, oldTopic, periods.of(this.chat.id, oldTopic, old.date))
        if (fresh) {
          state.messages.put(fresh, json!)
          const topic = fresh.topicId ?? NO_TOPIC
          state.notes.markDirty(this.chat.id, topic, periods.of(this.chat.id, topic, fresh.date))
        } else state.messages.delete(this.chat.id, id)
      }
    })
    return changed
  }

  /** A message names a topic the topic list lacked (deleted, or created since): give it a folder. */
  private ensureTopic(topicId: number): void {
    if (!this.deps.state.chats.topic(this.chat.id, topicId)) this.addTopic({ id: topicId, title: `Topic ${topicId}` })
    if (!this.deps.ctx.periods.stored(this.chat.id, topicId)) this.planLayout(topicId)
    this.knownTopics.add(topicId)
  }

  private addTopic(t: Topic): void {
    this.deps.state.chats.putTopic(this.chat.id, t, topicFolder(t))
    this.chat = { ...this.chat, topics: [...(this.chat.topics ?? []), t] }
    this.deps.ctx.invalidate()
  }

  /** Rewrites the stale notes of periods before the newest one seen (those can no longer grow). */
  async flushCompleted(): Promise<void> {
    const spans = this.completeSpans()
    const periods = this.deps.ctx.periods
    await this.flush((topicId, period) => {
      const [from, to] = periods.range(this.chat.id, topicId, period)
      return spans.some(([lo, hi]) => from > lo && to <= hi)
    })
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

  /**
   * Rewrites only the stale notes `due` picks, and the index notes: `tobs process` has no Telegram to
   * settle the media of other stale notes with, and writing them would turn files a killed run had
   * not downloaded yet into placeholders marked clean, never fetched again (issue 12).
   */
  async finishOnly(due: (topicId: number, period: string) => boolean): Promise<void> {
    await this.flush(due)
    await this.writeIndexNotes()
    this.deps.state.checkpoint()
  }

  /** Rewrites every stale note (and those whose missing links can now be made) and the index notes. */
  async finish(): Promise<void> {
    await this.flushing
    if (this.failed) throw this.failed
    const { state, ctx } = this.deps
    this.sizeLayouts()
    const relink = ctx.relinkable(this.chat.id)
    state.transaction(() => {
      for (const n of relink) state.notes.markDirty(n.chatId, n.topicId, n.period)
    })
    await this.flush(() => true)
    await this.removeObsolete()
    await this.writeIndexNotes()
    this.deps.state.checkpoint()
  }

  /** One flush at a time: pages of parallel shards ask concurrently, and a note is written once. */
  private flush(due: (topicId: number, period: string) => boolean): Promise<void> {
    const run = this.flushing.then(() => this.flushNow(due))
    this.flushing = run.catch(() => {})
    return run
  }

  private async flushNow(due: (topicId: number, period: string) => boolean): Promise<void> {
    const { state } = this.deps
    const work = state.notes.dirty(this.chat.id).filter((d) => due(d.topicId, d.period))
    if (!work.length) return
    for (const { topicId, period } of work) {
      // a run killed before its downloads finished left messages stored without their files
      if (this.deps.mediaSettled) await this.settlePeriodMedia(topicId, period)
      await this.writePeriod(topicId, period)
      state.notes.markClean(this.chat.id, topicId, period)
    }
  }

  private async settlePeriodMedia(topicId: number, period: string): Promise<void> {
    const [from, to] = this.deps.ctx.periods.range(this.chat.id, topicId, period)
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

  /** Writes a note, first moving aside a version the user changed since tobs wrote it (issue 16). */
  private async guarded(rel: string, write: (abs: string) => Promise<unknown>): Promise<void> {
    const { state, vaultDir } = this.deps
    const aside = await keepUserEdit(state, vaultDir, rel, this.deps.now?.())
    if (aside) this.deps.warn?.(`${rel} was changed outside tobs; your version is kept as ${aside}`)
    await write(join(vaultDir, rel))
    recordWrite(state, vaultDir, rel)
  }

  private async writePeriod(topicId: number, period: string): Promise<void> {
    const { state, ctx, vaultDir } = this.deps
    const rel = ctx.notePath(this.chat.id, topicId, period)
    if (!rel) throw new Error(`no folder for chat ${this.chat.id} topic ${topicId}`)
    const path = join(vaultDir, `${rel}.md`)
    const [from, to] = ctx.periods.range(this.chat.id, topicId, period)
    const messages = state.messages.ofPeriod(this.chat.id, topicId, from, to)
    const first = messages.next()
    if (first.done) {
      // every message of the period was deleted (--refresh): so is its note
      await rm(path, { force: true })
      state.notes.removed(this.chat.id, topicId, period)
      return
    }
    const topic = topicId === NO_TOPIC ? undefined : state.chats.topic(this.chat.id, topicId)?.topic
    const header = renderPeriodHeader({ chat: this.chat, topic, period, timeZone: ctx.periods.timeZone })
    const t0 = performance.now()
    const missed = new Set<string>()
    const blocks = renderBlocks(prepend(first.value, messages), ctx.forNote(missed))
    await this.guarded(`${rel}.md`, () => writeChunksAtomic(path, prepend(header, blocks)))
    state.transaction(() => {
      state.notes.written(this.chat.id, topicId, period)
      state.notes.setUnlinked(this.chat.id, topicId, period, missed)
    })
    this.stats.writeMs += performance.now() - t0
    this.stats.notesWritten++
  }

  private async writeIndexNotes(): Promise<void> {
    const { state, ctx, vaultDir } = this.deps
    const stats = state.messages.stats(this.chat.id)
    const periods = new Map<number, string[]>()
    for (const { topicId, period } of state.notes.of(this.chat.id)) {
      let list = periods.get(topicId)
      if (!list) periods.set(topicId, (list = []))
      list.push(period)
    }
    const exportedAt = (this.deps.now?.() ?? new Date()).toISOString()
    const timeZone = ctx.periods.timeZone
    const notesOf = (folder: string, topicId: number) =>
      (periods.get(topicId) ?? []).map((p) => {
        const [from, to] = ctx.periods.range(this.chat.id, topicId, p)
        return {
          label: p === 'all' ? 'All messages' : p,
          path: joinVault(folder, periodNotePath(p, ctx.periods.split(this.chat.id, topicId))),
          messageCount: state.messages.countIn(this.chat.id, topicId, from, to),
        }
      })
    const topicStats = state.messages.topicStats(this.chat.id)
    const topics = state.chats.topics(this.chat.id).filter((t) => topicStats.has(t.topic.id))
    const topicLinks = topics.map((t) => {
      const folder = joinVault(this.folder, t.folder)
      return { topic: t.topic, folder, path: joinVault(folder, indexNoteName(t.topic)), stats: topicStats.get(t.topic.id)! }
    })
    for (const t of topicLinks) {
      await writeIndex(join(vaultDir, `${t.path}.md`), (at) => renderIndexNote({
        chat: this.chat, topic: t.topic, exportedAt: at, timeZone, messageCount: t.stats.count,
        firstId: t.stats.firstId, lastId: t.stats.lastId, notes: notesOf(t.folder, t.topic.id),
      }), exportedAt)
    }
    await writeIndex(join(vaultDir, this.folder, `${indexNoteName(this.chat)}.md`), (at) => renderIndexNote({
      chat: this.chat, exportedAt: at, timeZone, messageCount: stats.count, firstId: stats.firstId, lastId: stats.lastId,
      notes: notesOf(this.folder, NO_TOPIC),
      topics: topicLinks.length ? topicLinks.map(({ topic, path, stats: st }) => ({ topic, path, messageCount: st.count })) : undefined,
    }), exportedAt)
  }
}

/**
 * Writes an index note unless only its `exported_at` would change: a rerun that brings nothing new
 * leaves every file as it was, times included (issue 13), so sync tools and Obsidian see no change.
 */
async function writeIndex(path: string, render: (exportedAt: string) => string, now: string): Promise<void> {
  const old = await readFile(path, 'utf8').catch(() => undefined)
  const was = old && /^exported_at: "([^"\n]*)"$/m.exec(old)?.[1]
  if (was !== undefined && was !== '' && render(was) === old) return
  await writeFileAtomic(path, render(now))
}

/** Removes the empty folders an old layout left (year folders), never `_media` or a folder with anything in it. */
async function removeEmptyDirs(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => undefined)
  if (!entries) return false
  let empty = true
  for (const e of entries) {
    if (e.isDirectory() && e.name !== '_media' && (await removeEmptyDirs(join(dir, e.name)))) continue
    empty = false
  }
  if (empty) await rmdir(dir).catch(() => {})
  return empty
}

/**
 * Rewrites the notes of chats exported earlier in this run whose replies, forwards or t.me links
 * point into chats exported after them: written first, they could not link yet. Returns notes written.
 */
export async function relinkAcrossChats(ctx: VaultContext, writerDeps: ChatWriterDeps): Promise<number> {
  let written = 0
  const stale = await markLinksIntoRelaidOut(ctx, writerDeps)
  for (const chatId of new Set([...stale, ...ctx.relinkable().map((n) => n.chatId)])) {
    const stored = writerDeps.state.chats.get(chatId)
    if (!stored) continue
    // finish() rewrites the chat's notes that can now link, as at the end of its own export
    const writer = new ChatWriter(stored.chat, writerDeps)
    writer.begin()
    await writer.finish()
    written += writer.stats.notesWritten
  }
  return written
}

/**
 * Notes of other chats that link into a chat laid out anew in this run point at its old notes:
 * they are marked stale (found by their text, once per run that changed a layout). Returns their chats.
 */
async function markLinksIntoRelaidOut(ctx: VaultContext, deps: ChatWriterDeps): Promise<Set<number>> {
  const chats = new Set<number>()
  if (ctx.relaidOut.size === 0) return chats
  const { state, vaultDir } = deps
  const prefixes = [...ctx.relaidOut].map((id) => ctx.folderOf(id, NO_TOPIC)).filter((f): f is string => !!f).map((f) => '[[' + f + '/')
  for (const { chat } of state.chats.all()) {
    for (const n of state.notes.of(chat.id)) {
      const rel = ctx.notePath(chat.id, n.topicId, n.period)
      if (!rel) continue
      const text = await readFile(join(vaultDir, `${rel}.md`), 'utf8').catch(() => '')
      if (prefixes.some((p) => text.includes(p))) {
        state.notes.markDirty(chat.id, n.topicId, n.period)
        chats.add(chat.id)
      }
    }
  }
  ctx.relaidOut.clear()
  return chats

}

function* prepend<T>(first: T, rest: Iterable<T>): Generator<T> {
  yield first
  yield* rest
}
