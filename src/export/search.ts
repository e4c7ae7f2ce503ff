// `tobs search`: brings the vault's full-text index up to date, runs one query, and turns each hit
// into a wikilink to its message block ([[note#^m<id>]]).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { StateDb, StateError } from '../vault/state.ts'
import { snippet, type SearchQuery } from '../vault/state/search.ts'
import { joinVault, periodNotePath, periodOf, type Split } from '../vault/paths.ts'
import { VaultContext } from './vault-context.ts'

export interface SearchOptions extends Omit<SearchQuery, 'chatId'> {
  /** numeric id, @username or title */
  chat?: string
  /** characters of text around the first match (default 100) */
  snippetWidth?: number
}

export interface SearchResult {
  chat_id: number
  chat: string
  topic_id?: number
  id: number
  date: string
  sender?: string
  /** `[[<note path>#^m<id>]]`, vault-relative */
  link: string
  /** the message around its first match; matches between \u0001 and \u0002 */
  snippet: string
}

/** Thrown when --chat names no chat of the vault. */
export class UnknownChatError extends Error {}

export function runSearch(vaultDir: string, opts: SearchOptions): SearchResult[] {
  if (!existsSync(join(vaultDir, '.tobs', 'state.db'))) throw new StateError(`${vaultDir} holds no tobs vault (.tobs/state.db)`)
  const state = StateDb.open(vaultDir)
  try {
    const index = state.search
    index.catchUp()
    const chatId = opts.chat === undefined ? undefined : findChat(state, opts.chat)
    const hits = index.search({ ...opts, chatId })
    const notes = new NoteFinder(state)
    return hits.map((h) => ({
      chat_id: h.chatId, chat: state.chats.get(h.chatId)?.chat.title ?? String(h.chatId),
      topic_id: h.topicId || undefined, id: h.msgId, date: new Date(h.date * 1000).toISOString(),
      sender: h.sender, link: `[[${notes.noteOf(h.chatId, h.topicId, h.date)}#^m${h.msgId}]]`,
      snippet: snippet(h.marked, opts.snippetWidth ?? 100, '\u0001', '\u0002'),
    }))
  } finally {
    state.close()
  }
}

/**
 * Brings the index up to date after a run that wrote messages (export, sync, convert); returns how
 * many messages it (re)indexed, and tells `onStart` how many are queued. Run after the export rather
 * than inside it: indexing costs ~25 µs a message (FTS5 trigram alone ~14; issue 10), and fed during
 * the export it held up the pages in flight (seed 0.941 -> 0.875 of the ceiling, bench/README.md).
 * A convert feeds the index as it goes (search-feed.ts), so this finds only what an edit or a
 * stopped run left.
 */
export function indexVault(vaultDir: string, onStart?: (pending: number) => void): number {
  if (!existsSync(join(vaultDir, '.tobs', 'state.db'))) return 0
  const state = StateDb.open(vaultDir)
  try {
    if (onStart) onStart(state.search.pendingCount())
    return state.search.catchUp()
  } finally {
    state.close()
  }
}

function findChat(state: StateDb, name: string): number {
  if (/^-?\d+$/.test(name) && state.chats.get(Number(name))) return Number(name)
  const byUser = name.startsWith('@') ? state.chats.byUsername(name.slice(1)) : undefined
  if (byUser !== undefined) return byUser
  const lower = name.toLowerCase()
  const byTitle = state.chats.all().filter((c) => c.chat.title.toLowerCase() === lower)
  if (byTitle.length === 1) return byTitle[0]!.chat.id
  if (byTitle.length > 1) throw new UnknownChatError(`--chat "${name}" names ${byTitle.length} chats; use the chat id`)
  throw new UnknownChatError(`--chat "${name}" is not a chat of this vault (give its id, @username or title)`)
}

/** The note a message lies in: the chat's split is read from the notes it has (month by default). */
class NoteFinder {
  private readonly ctx: VaultContext
  private readonly splits = new Map<number, Split>()

  constructor(private readonly state: StateDb) {
    this.ctx = new VaultContext(state, { split: 'month', timeZone: 'UTC' })
  }

  noteOf(chatId: number, topicId: number, date: number): string {
    // the layout export recorded for the topic (split and zone); older vaults say it by their notes
    if (this.ctx.periods.stored(chatId, topicId)) return this.ctx.notePath(chatId, topicId, this.ctx.periods.of(chatId, topicId, date))!
    const split = this.splitOf(chatId)
    return joinVault(this.ctx.folderOf(chatId, topicId), periodNotePath(periodOf(date, split), split))
  }

  private splitOf(chatId: number): Split {
    let split = this.splits.get(chatId)
    if (!split) {
      const period = this.state.notes.of(chatId)[0]?.period
      split = period === undefined ? 'month' : period === 'all' ? 'none'
        : period.length === 4 ? 'year' : period.length === 10 ? 'day' : 'month'
      this.splits.set(chatId, split)
    }
    return split
  }
}
