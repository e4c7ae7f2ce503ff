// The renderer's view of the vault, answered from the state database (with a bounded cache,
// since replies cluster around recent messages).
import { Cache, CacheManager, type CacheStats, type ManagedCache } from '../runtime/cache.ts'
import type { FileRef, Message } from '../model/types.ts'
import type { ChatKind } from '../model/types.ts'
import type { MediaPlacement, RenderContext, ReplyPreview } from '../render/context.ts'
import { previewOf } from '../render/preview.ts'
import { NO_TOPIC, type StateDb } from '../vault/state.ts'
import { commentsNotePath, joinVault, periodNotePath } from '../vault/paths.ts'
import { NoteLayout, type SplitChoice } from './layout.ts'

export interface VaultLayout {
  /** an explicit split, or `auto`: sized per chat and topic */
  split: SplitChoice
  timeZone: string
  /** the account's own user id: its messages are drawn apart */
  selfId?: number
}

/** One period note of a chat (or of one forum topic). */
export interface NoteRef {
  chatId: number
  topicId: number
  period: string
}

/** One note as a map or set key. */
export function noteKey(chatId: number, topicId: number, period: string): string {
  return `${chatId}:${topicId}:${period}`
}

export class VaultContext implements RenderContext {
  readonly timeZone: string
  readonly selfId: number | undefined
  /** the caches of the export path, listed with their hit rates in the --json summary */
  readonly caches = new CacheManager()
  private readonly notes = this.caches.add(new NoteCache())
  private readonly previews = this.caches.create<string, ReplyPreview>({ name: 'reply-previews', policy: 'lru', maxEntries: 5000 })
  /** the split and zone of each chat's and topic's notes */
  readonly periods: NoteLayout
  /** chats laid out anew in this run: notes of other chats that link into them are rewritten */
  readonly relaidOut = new Set<number>()
  /** notes (noteKey) written since a chat was last laid out anew: their links into it are current */
  readonly writtenSinceRelayout = new Set<string>()
  private readonly kinds = new Map<number, ChatKind | undefined>()
  private readonly folders = new Map<string, string | undefined>()
  /** exported chats by the usernames mentions and t.me links name (null: none), until a chat is added */
  private readonly usernames = new Map<string, number | null>()

  constructor(private readonly state: StateDb, private readonly layout: VaultLayout) {
    this.timeZone = layout.timeZone
    this.selfId = layout.selfId
    this.periods = new NoteLayout(state, layout.split, layout.timeZone)
  }

  chatKind(chatId: number): ChatKind | undefined {
    if (!this.kinds.has(chatId)) this.kinds.set(chatId, this.state.chats.get(chatId)?.chat.kind)
    return this.kinds.get(chatId)
  }

  /** Sender and first words of a stored message, for the replies to it (replies cluster: an LRU). */
  replyPreview(chatId: number, messageId: number): ReplyPreview | undefined {
    const key = chatId + ':' + messageId
    let p = this.previews.get(key)
    if (p === undefined) {
      const m = this.state.messages.get(chatId, messageId)
      if (!m) return undefined
      this.previews.set(key, (p = previewOf(m)))
    }
    return p
  }

  /** Folder (vault-relative) holding the notes of a chat's topic, or of the chat itself. */
  folderOf(chatId: number, topicId: number): string | undefined {
    const key = `${chatId}:${topicId}`
    if (this.folders.has(key)) return this.folders.get(key)
    const chat = this.state.chats.get(chatId)
    let folder = chat?.folder
    if (chat && topicId !== NO_TOPIC) {
      const topic = this.state.chats.topic(chatId, topicId)
      folder = topic ? joinVault(chat.folder, topic.folder) : undefined
    }
    this.folders.set(key, folder)
    return folder
  }

  /** Forget cached folders (after chats or topics are added). */
  invalidate(): void {
    this.folders.clear()
    this.kinds.clear()
    this.notes.clear()
    this.usernames.clear()
  }

  notePath(chatId: number, topicId: number, period: string): string | undefined {
    const folder = this.folderOf(chatId, topicId)
    return folder && joinVault(folder, periodNotePath(period, this.periods.split(chatId, topicId)))
  }

  noteFor(chatId: number, messageId: number): string | undefined {
    const hit = this.notes.get(chatId, messageId)
    if (hit !== undefined) return hit
    // a message of a chat not in the vault (mostly a forward's origin): no query for it; forwards
    // from chats not exported cost a lookup each, most of those the fast export's render made
    if (this.chatKind(chatId) === undefined) return undefined
    const where = this.state.messages.locate(chatId, messageId)
    if (!where) return undefined
    const path = this.notePath(chatId, where.topicId, this.periods.of(chatId, where.topicId, where.date))
    if (path) this.notes.set(chatId, messageId, path)
    return path
  }

  /** The comments note of a channel post, once its comments were exported (--comments). */
  commentsNote(chatId: number, postId: number): string | undefined {
    if (!this.state.comments.thread(chatId, postId)) return undefined
    const folder = this.folderOf(chatId, NO_TOPIC)
    return folder && commentsNotePath(folder, postId)
  }

  mediaFor(msg: Message, file: FileRef): MediaPlacement | undefined {
    const path = this.state.media.placement(msg.chatId, msg.id, file.uniqueId)
    if (path) return { path }
    const known = this.state.media.get(file.uniqueId)
    if (known?.skipped) return { skipped: known.skipped }
    return file.unavailable ? { skipped: file.unavailable } : undefined
  }

  chatByUsername(username: string): number | undefined {
    let id = this.usernames.get(username)
    if (id === undefined) {
      if (this.usernames.size >= 10_000) this.usernames.clear()
      this.usernames.set(username, (id = this.state.chats.byUsername(username) ?? null))
    }
    return id ?? undefined
  }

  /**
   * No names are kept: Telegram's answers name every user an action mentions (telegram/map/action.ts),
   * so the renderer's fallback is never asked. The senders' names this remembered per message were
   * read 0 times in `npm run demo -- --json` (3015 messages): a cache that earned nothing (issue 12).
   */
  userName(_userId: number): string | undefined {
    return undefined
  }

  /**
   * The context to render one note with: the links it cannot make go into `missed` (`chat:message`
   * or `@username`), for the state database. Parallel shards write a note before an older shard has
   * stored the message a reply points to, and a chat exported early links into chats exported after
   * it; relinkable() finds those notes once the targets exist.
   */
  forNote(missed: Set<string>): RenderContext {
    return {
      timeZone: this.timeZone,
      noteFor: (chatId, messageId) => {
        const path = this.noteFor(chatId, messageId)
        if (path === undefined) missed.add(`${chatId}:${messageId}`)
        return path
      },
      chatByUsername: (username) => {
        const id = this.chatByUsername(username)
        if (id === undefined) missed.add(`@${username}`)
        return id
      },
      mediaFor: (msg, file) => this.mediaFor(msg, file),
      transcriptFor: (file) => this.state.processing.transcript(file.uniqueId),
      userName: (id) => this.userName(id),
      selfId: this.selfId,
      chatKind: (chatId) => this.chatKind(chatId),
      replyPreview: (chatId, messageId) => this.replyPreview(chatId, messageId),
      commentsNote: (chatId, postId) => this.commentsNote(chatId, postId),
    }
  }

  /** Notes (of one chat, or of every chat) written with a link that could now be made. */
  relinkable(chatId?: number): NoteRef[] {
    const out = new Map<string, NoteRef>()
    // notes share targets (the same @username, the same forwarded post): look each up once
    const known = new Map<string, boolean>()
    for (const { target, ...note } of this.state.notes.unlinked(chatId)) {
      const key = noteKey(note.chatId, note.topicId, note.period)
      if (out.has(key)) continue
      let ok = known.get(target)
      if (ok === undefined) known.set(target, (ok = this.resolves(target)))
      if (ok) out.set(key, note)
    }
    return [...out.values()]
  }

  private resolves(target: string): boolean {
    if (target.startsWith('@')) return this.chatByUsername(target.slice(1)) !== undefined
    const [chatId, messageId] = target.split(':').map(Number)
    return this.noteFor(chatId!, messageId!) !== undefined
  }
}

/**
 * Which note holds a message, for the messages looked up lately: one LRU per chat (the few chats
 * looked up last), keyed by message id, with each note's path stored once however many messages
 * point to it. A string key and path per entry made the cache itself grow the heap by ~4 MB in a long chat.
 */
export class NoteCache implements ManagedCache {
  readonly name = 'note-paths'
  private readonly chats = new Map<number, Cache<number, string>>()
  private readonly paths = new Map<string, string>()
  /** counts of the caches of chats dropped since */
  private gone = { hits: 0, misses: 0, evictions: 0 }

  constructor(private readonly perChat = 10_000, private readonly maxChats = 8) {}

  get(chatId: number, messageId: number): string | undefined {
    const cache = this.chats.get(chatId)
    if (!cache) {
      this.gone.misses++
      return undefined
    }
    return cache.get(messageId)
  }

  set(chatId: number, messageId: number, path: string): void {
    let cache = this.chats.get(chatId)
    if (!cache) {
      // the chat cached first goes first (a Map keeps insertion order)
      if (this.chats.size >= this.maxChats) this.drop(this.chats.keys().next().value!)
      this.chats.set(chatId, (cache = new Cache<number, string>({ name: `note-paths:${chatId}`, policy: 'lru', maxEntries: this.perChat })))
    }
    cache.set(messageId, this.intern(path))
  }

  private drop(chatId: number): void {
    const s = this.chats.get(chatId)!.stats()
    this.gone = { hits: this.gone.hits + s.hits, misses: this.gone.misses + s.misses, evictions: this.gone.evictions + s.evictions + s.entries }
    this.chats.delete(chatId)
  }

  stats(): CacheStats {
    const t = { ...this.gone, entries: 0 }
    for (const c of this.chats.values()) {
      const s = c.stats()
      t.hits += s.hits; t.misses += s.misses; t.evictions += s.evictions; t.entries += s.entries
    }
    const reads = t.hits + t.misses
    return { name: this.name, policy: 'lru', bytes: 0, ...t, hitRate: reads ? Math.round((t.hits / reads) * 1000) / 1000 : 0 }
  }

  clear(): void {
    for (const id of [...this.chats.keys()]) this.drop(id)
    this.paths.clear()
  }

  private intern(path: string): string {
    const known = this.paths.get(path)
    if (known !== undefined) return known
    if (this.paths.size >= 10_000) this.paths.clear()
    this.paths.set(path, path)
    return path
  }
}
