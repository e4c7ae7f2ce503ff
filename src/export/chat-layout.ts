// Which layout a chat's notes are written in this run (issues 13, 16): planned when the chat is
// opened, sized exactly at its end under `auto`, and laid out anew (every period marked stale, the
// old notes listed for removal) when the split or zone changed. Only notes tobs recorded are ever
// removed, never files the user added.
import { join } from 'node:path'
import { readdir, rmdir } from 'node:fs/promises'
import type { Chat } from '../model/types.ts'
import type { NoteFiles } from '../vault/note-files.ts'
import { joinVault, periodNotePath, type Split } from '../vault/paths.ts'
import { NO_TOPIC, type StateDb } from '../vault/state.ts'
import { AUTO_NOTE_SIZE, autoSplitOf, guessSplit, splitOfPeriod, type DateSpan } from './layout.ts'
import type { VaultContext } from './vault-context.ts'

export class ChatLayout {
  constructor(
    private readonly chat: () => Chat,
    private readonly state: StateDb,
    private readonly ctx: VaultContext,
    /** told when a topic is laid out anew: the periods it knew are void */
    private readonly onRelayout: () => void,
    /** the dates a chat without topics spans, when known: `auto`'s first guess of its split */
    private readonly span?: DateSpan,
  ) {}

  /** Plans every topic of the chat (or the chat itself). */
  planAll(): void {
    const chat = this.chat()
    if (chat.kind !== 'forum') this.plan(NO_TOPIC)
    else for (const t of chat.topics ?? []) this.plan(t.id)
  }

  /**
   * Fixes the layout of a topic's notes for this run. Under `auto` a topic nobody laid out yet
   * starts as one note, or by year or month when the chat is large (so notes are written while
   * reading): by year when its dates spread it thin enough; size() makes it exact at the end. A
   * split or zone other than the one its notes were written in lays the topic out anew.
   */
  plan(topicId: number): void {
    const { state, ctx } = this
    const chatId = this.chat().id
    const periods = ctx.periods
    const stored = periods.stored(chatId, topicId)
    const auto = periods.requested === 'auto'
    let legacy: Split | undefined
    if (!stored) {
      // a vault written before layouts were recorded: its notes say their split, their zone was UTC
      const note = state.notes.of(chatId).find((n) => n.topicId === topicId)
      if (note) legacy = splitOfPeriod(note.period)
    }
    const was = stored ?? (legacy ? { split: legacy, timeZone: 'UTC' } : undefined)
    const wanted = !auto ? (periods.requested as Split) : was ? was.split : this.provisionalSplit()
    if (!was) periods.set(chatId, topicId, wanted)
    else if (was.split !== wanted || was.timeZone !== periods.timeZone) this.relayout(topicId, wanted)
    else if (!stored) periods.set(chatId, topicId, wanted)
  }

  private provisionalSplit(): Split {
    const chat = this.chat()
    if (chat.kind !== 'forum') return guessSplit(chat.messageCount ?? 0, this.span?.first, this.span?.last)
    return guessSplit((chat.messageCount ?? 0) / Math.max(1, chat.topics?.length ?? 1))
  }

  /**
   * Rewrites a topic's notes in `split` (and the vault's zone): every period of its messages is
   * marked stale, and the notes of the old layout are listed for removal once the new ones are
   * written (removeObsolete).
   */
  private relayout(topicId: number, split: Split): void {
    const { state, ctx } = this
    const chatId = this.chat().id
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
    ctx.writtenSinceRelayout.clear()
    ctx.invalidate()
    this.onRelayout()
    for (const { period } of ctx.periods.present(chatId, topicId)) state.notes.markDirty(chatId, topicId, period)
  }

  /** Under `auto`: the split each topic's final size asks for; a topic that outgrew (or never reached) its layout is laid out anew. */
  size(): void {
    const { state, ctx } = this
    if (ctx.periods.requested !== 'auto') return
    const chatId = this.chat().id
    const zone = ctx.periods.timeZone
    state.transaction(() => {
      for (const [topicId, { count }] of state.messages.topicStats(chatId)) {
        // counted per year by the index, not by reading every message's date
        const years = count <= AUTO_NOTE_SIZE ? [] : [...ctx.periods.present(chatId, topicId, 'year', zone)]
        const split = autoSplitOf(count, years.map((y) => state.messages.countIn(chatId, topicId, y.from, y.to)))
        if (split !== ctx.periods.split(chatId, topicId) || !ctx.periods.stored(chatId, topicId)) this.relayout(topicId, split)
      }
    })
  }
}

/** Removes the notes of an old layout that no note of the new one replaced (written already); one the user changed is kept aside. */
export async function removeObsolete(
  state: StateDb, ctx: VaultContext, files: NoteFiles, vaultDir: string, chatId: number, folder: string,
): Promise<void> {
  const raw = state.settings.get('obsolete:' + chatId)
  if (raw === undefined || raw === '[]') return
  const current = new Set(state.notes.of(chatId).map((n) => ctx.notePath(chatId, n.topicId, n.period)))
  for (const rel of JSON.parse(raw) as string[]) {
    if (!current.has(rel)) await files.remove(`${rel}.md`)
  }
  state.settings.set('obsolete:' + chatId, '[]')
  await removeEmptyDirs(join(vaultDir, folder))
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
