// The writing half of a chat's sink: renders and writes its stale period notes (from the messages
// the ingest half still holds in memory, else read back from the state database), its index notes,
// and the notes whose missing links can now be made. Rebuild, relink, media healing and processing
// call it directly; every step is idempotent, so a rerun after a crash repairs what was cut off.
import { join } from 'node:path'
import { readFile } from 'node:fs/promises'
import type { Chat, Message } from '../model/types.ts'
import { renderBlocks, renderIndexNote, renderPeriodHeader } from '../render/index.ts'
import { NoteFiles } from '../vault/note-files.ts'
import { indexNoteName, joinVault, periodNotePath } from '../vault/paths.ts'
import { NO_TOPIC, type StateDb, type StoredChat } from '../vault/state.ts'
import { removeObsolete } from './chat-layout.ts'
import { RecentMessages } from './recent-messages.ts'
import { noteKey, type VaultContext, type VaultLayout } from './vault-context.ts'

export interface NoteWriterDeps {
  state: StateDb
  ctx: VaultContext
  layout?: VaultLayout
  vaultDir: string
  /** resolves when the files of these messages are placed (or skipped); notes wait for it */
  mediaSettled?: (chatFolder: string, messages: Message[]) => Promise<void>
  now?: () => Date
  /** told when a note the user changed was moved aside before its rewrite */
  warn?: (message: string) => void
  /** the run's note files (they collect what was set aside for the summary); one per writer when absent */
  notes?: NoteFiles
}

export interface WriteStats {
  notesWritten: number
  writeMs: number
  /** ms notes waited for their period's downloads before being written: the downloads' time */
  mediaWaitMs: number
}

/** Which stale notes a flush writes. */
export type Due = (topicId: number, period: string) => boolean

/** The messages of a whole period still in memory, ascending by id; each call reads them anew. */
export interface HeldPeriod {
  messages(): Generator<Message>
  withMedia(): Iterable<Message>
  /** Done with it: its memory is used again. */
  release(): void
}

/** Whole periods still in memory; `take` hands one over and forgets it. */
export interface HeldPeriods {
  take(topicId: number, period: string): HeldPeriod | undefined
}

export class NoteWriter {
  readonly stats: WriteStats = { notesWritten: 0, writeMs: 0, mediaWaitMs: 0 }
  private flushing: Promise<void> = Promise.resolve()

  /** writes and removes notes, guarding the user's changes (issue 16) */
  private readonly files: NoteFiles

  constructor(private chat: Chat, readonly folder: string, private readonly deps: NoteWriterDeps) {
    this.files = deps.notes ?? new NoteFiles(deps.state, deps.vaultDir, { now: deps.now, warn: deps.warn })
  }

  /** The writer of a chat already in the state database. */
  static of(stored: StoredChat, deps: NoteWriterDeps): NoteWriter {
    return new NoteWriter(stored.chat, stored.folder, deps)
  }

  /** The chat as it grows (topics learned from messages). */
  setChat(chat: Chat): void {
    this.chat = chat
  }

  /** Resolves once no flush is running (a failed one included). */
  idle(): Promise<void> {
    return this.flushing
  }

  /**
   * Rewrites only the stale notes `due` picks, and the index notes: `tobs process` has no Telegram to
   * settle the media of other stale notes with, and writing them would turn files a killed run had
   * not downloaded yet into placeholders marked clean, never fetched again (issue 12).
   */
  async finishOnly(due: Due): Promise<void> {
    await this.flush(due)
    await this.writeIndexNotes()
    this.deps.state.checkpoint()
  }

  /** Rewrites every stale note (and those whose missing links can now be made) and the index notes. */
  async finish(held?: HeldPeriods): Promise<void> {
    const { state, ctx, vaultDir } = this.deps
    const relink = ctx.relinkable(this.chat.id)
    state.transaction(() => {
      for (const n of relink) state.notes.markDirty(n.chatId, n.topicId, n.period)
    })
    await this.flush(() => true, held)
    await removeObsolete(state, ctx, this.files, vaultDir, this.chat.id, this.folder)
    await this.writeIndexNotes()
    state.checkpoint()
  }

  /** One flush at a time: pages of parallel shards ask concurrently, and a note is written once. */
  flush(due: Due, held?: HeldPeriods): Promise<void> {
    const run = this.flushing.then(() => this.flushNow(due, held))
    this.flushing = run.catch(() => {})
    return run
  }

  private async flushNow(due: Due, held?: HeldPeriods): Promise<void> {
    const { state } = this.deps
    const work = state.notes.dirty(this.chat.id).filter((d) => due(d.topicId, d.period))
    for (const { topicId, period } of work) {
      const messages = held?.take(topicId, period)
      try {
        // a run killed before its downloads finished left messages stored without their files
        if (this.deps.mediaSettled) {
          const t0 = performance.now()
          await this.settlePeriodMedia(topicId, period, messages)
          this.stats.mediaWaitMs += performance.now() - t0
        }
        await this.writePeriod(topicId, period, messages)
      } finally {
        messages?.release()
      }
      state.notes.markClean(this.chat.id, topicId, period)
    }
  }

  private async settlePeriodMedia(topicId: number, period: string, held: HeldPeriod | undefined): Promise<void> {
    const settle = (batch: Message[]) => this.deps.mediaSettled!(this.folder, batch)
    if (held) {
      let batch: Message[] = []
      for (const m of held.withMedia()) {
        batch.push(m)
        if (batch.length === 500) {
          await settle(batch)
          batch = []
        }
      }
      if (batch.length) await settle(batch)
      return
    }
    const { state, ctx } = this.deps
    const [from, to] = ctx.periods.range(this.chat.id, topicId, period)
    // only the ids are kept, then 500 messages at a time read again: a month of a busy chat holds
    // 100k+ messages, too many to hold at once. The period's iterator is closed before the first
    // wait: settling while it stayed open lost files of a run resumed after kill -9
    // (test/e2e/processing.test.ts)
    const ids: number[] = []
    for (const m of state.messages.ofPeriod(this.chat.id, topicId, from, to)) if (m.media) ids.push(m.id)
    for (let i = 0; i < ids.length; i += 500) {
      const batch: Message[] = []
      for (const id of ids.slice(i, i + 500)) {
        const m = state.messages.get(this.chat.id, id)
        if (m) batch.push(m)
      }
      await settle(batch)
    }
  }

  /** Renders one period note from `held` (the whole period, in memory) or else from the state database. */
  private async writePeriod(topicId: number, period: string, held: HeldPeriod | undefined): Promise<void> {
    const { state, ctx } = this.deps
    const chatId = this.chat.id
    const rel = ctx.notePath(chatId, topicId, period)
    if (!rel) throw new Error(`no folder for chat ${chatId} topic ${topicId}`)
    const [from, to] = ctx.periods.range(chatId, topicId, period)
    const messages = held ? held.messages() : state.messages.ofPeriod(chatId, topicId, from, to)
    const first = messages.next()
    if (first.done) {
      // every message of the period was deleted (--refresh): so is its note
      await this.files.remove(`${rel}.md`)
      state.notes.removed(chatId, topicId, period)
      return
    }
    const topic = topicId === NO_TOPIC ? undefined : state.chats.topic(chatId, topicId)?.topic
    const header = renderPeriodHeader({ chat: this.chat, topic, period, timeZone: ctx.periods.timeZone })
    const t0 = performance.now()
    const missed = new Set<string>()
    const recent = new RecentMessages()
    const blocks = renderBlocks(recent.track(messages, first.value), recent.context(ctx.forNote(missed), chatId, rel))
    // a note that cannot be written (a file in the way, ENAMETOOLONG) must not leave the period's
    // cursor open: the reader connection then refused every query and its close, and the run ended
    // with "database connection is busy" instead of the real error (issue 16)
    const awayMs = await this.files.write(`${rel}.md`, blocks, header).finally(() => messages.return(undefined))
    state.transaction(() => {
      state.notes.written(chatId, topicId, period)
      state.notes.setUnlinked(chatId, topicId, period, missed)
    })
    ctx.writtenSinceRelayout.add(noteKey(chatId, topicId, period))
    this.stats.writeMs += performance.now() - t0 - awayMs
    this.stats.notesWritten++
  }

  private async writeIndexNotes(): Promise<void> {
    const { state, ctx } = this.deps
    const chat = this.chat
    const stats = state.messages.stats(chat.id)
    const periods = new Map<number, string[]>()
    for (const { topicId, period } of state.notes.of(chat.id)) {
      let list = periods.get(topicId)
      if (!list) periods.set(topicId, (list = []))
      list.push(period)
    }
    const exportedAt = (this.deps.now?.() ?? new Date()).toISOString()
    const timeZone = ctx.periods.timeZone
    const notesOf = (folder: string, topicId: number) =>
      (periods.get(topicId) ?? []).map((p) => {
        const [from, to] = ctx.periods.range(chat.id, topicId, p)
        return {
          label: p === 'all' ? 'All messages' : p,
          path: joinVault(folder, periodNotePath(p, ctx.periods.split(chat.id, topicId))),
          messageCount: state.messages.countIn(chat.id, topicId, from, to),
        }
      })
    const topicStats = state.messages.topicStats(chat.id)
    const topics = state.chats.topics(chat.id).filter((t) => topicStats.has(t.topic.id))
    const topicLinks = topics.map((t) => {
      const folder = joinVault(this.folder, t.folder)
      return { topic: t.topic, folder, path: joinVault(folder, indexNoteName(t.topic)), stats: topicStats.get(t.topic.id)! }
    })
    for (const t of topicLinks) {
      await this.writeIndex(`${t.path}.md`, (at) => renderIndexNote({
        chat, topic: t.topic, exportedAt: at, timeZone, messageCount: t.stats.count,
        firstId: t.stats.firstId, lastId: t.stats.lastId, notes: notesOf(t.folder, t.topic.id),
      }), exportedAt)
    }
    await this.writeIndex(joinVault(this.folder, `${indexNoteName(chat)}.md`), (at) => renderIndexNote({
      chat, exportedAt: at, timeZone, messageCount: stats.count, firstId: stats.firstId, lastId: stats.lastId,
      notes: notesOf(this.folder, NO_TOPIC),
      topics: topicLinks.length ? topicLinks.map(({ topic, path, stats: st }) => ({ topic, path, messageCount: st.count })) : undefined,
    }), exportedAt)
  }
  /**
   * Writes an index note unless only its `exported_at` would change: a rerun that brings nothing new
   * leaves every file as it was, times included (issue 13), so sync tools and Obsidian see no change.
   */
  private async writeIndex(rel: string, render: (exportedAt: string) => string, now: string): Promise<void> {
    const old = await readFile(join(this.deps.vaultDir, rel), 'utf8').catch(() => undefined)
    const was = old && /^exported_at: "([^"\n]*)"$/m.exec(old)?.[1]
    if (was !== undefined && was !== '' && render(was) === old) return
    await this.files.write(rel, [], render(now))
  }
}
