// The vault's state database (<vault>/.tobs/state.db): every exported message, losslessly, which id
// ranges are complete, which notes must be rewritten, and where media went. Notes are a projection
// of this database, so a crash at any instant is repaired by the next run.
//
// The connection is private to vault/: callers use the repositories below, each owning its tables
// and SQL (state/*.ts). A new table gets its own repository file and a field here.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { markClosed, openReader, openWriter, StateError, type Db } from './database.ts'
import { ChatsRepo } from './state/chats.ts'
import { MediaRepo } from './state/media.ts'
import { MessagesRepo } from './state/messages.ts'
import { PartialsRepo } from './state/partials.ts'
import { NotesRepo } from './state/notes.ts'
import { ProcessingRepo } from './state/processing.ts'
import { RangesRepo } from './state/ranges.ts'
import { SettingsRepo } from './state/settings.ts'
import { SearchRepo } from './state/search.ts'
import { SyncsRepo } from './state/syncs.ts'
import { WrittenNotesRepo } from './state/written-notes.ts'
import { CommentsRepo } from './state/comments.ts'

export { StateError } from './database.ts'
export type { StoredChat, StoredTopic } from './state/chats.ts'
export { NO_TOPIC } from './state/messages.ts'
export { mergeRange, type Range } from './state/ranges.ts'
export type { MediaRecord } from './state/media.ts'
export type { Job, JobState, Step } from './state/processing.ts'
export type { PartialFile } from './state/partials.ts'

export class StateDb {
  readonly chats: ChatsRepo
  readonly messages: MessagesRepo
  readonly ranges: RangesRepo
  readonly notes: NotesRepo
  readonly media: MediaRepo
  readonly partials: PartialsRepo
  readonly settings: SettingsRepo
  readonly syncs: SyncsRepo
  readonly comments: CommentsRepo
  readonly processing: ProcessingRepo
  readonly writtenNotes: WrittenNotesRepo
  readonly #db: Db
  /**
   * One better-sqlite3 transaction function for every transaction: making one per call cost ~5 µs
   * of CPU and a handful of closures (a page of 100 messages is one transaction).
   */
  readonly #inTransaction: (fn: () => unknown) => unknown
  #reader: Db | undefined
  #search: SearchRepo | undefined

  constructor(readonly path: string) {
    try {
      this.#db = openWriter(path)
      this.chats = new ChatsRepo(this.#db)
      this.messages = new MessagesRepo(this.#db, () => (this.#reader = openReader(path)))
      this.ranges = new RangesRepo(this.#db)
      this.notes = new NotesRepo(this.#db)
      this.media = new MediaRepo(this.#db)
      this.partials = new PartialsRepo(this.#db)
      this.settings = new SettingsRepo(this.#db)
      this.syncs = new SyncsRepo(this.#db)
      this.comments = new CommentsRepo(this.#db)
      this.processing = new ProcessingRepo(this.#db)
      this.writtenNotes = new WrittenNotesRepo(this.#db)
      const queue = this.messages.searchQueue
      this.#inTransaction = this.#db.transaction((fn: () => unknown) => queue.batch(fn))
    } catch (e) {
      if (e instanceof StateError) throw e
      throw new StateError(`state database ${path} is unreadable (${(e as Error).message}); move it away to start over`)
    }
  }

  static open(vaultDir: string): StateDb {
    const dir = join(vaultDir, '.tobs')
    mkdirSync(dir, { recursive: true })
    return new StateDb(join(dir, 'state.db'))
  }

  /**
   * The full-text index, created on first use: a vault nobody searches pays nothing for it (its
   * triggers queue every message write once it exists).
   */
  get search(): SearchRepo {
    return (this.#search ??= new SearchRepo(this.#db, this.messages))
  }

  /**
   * Closes both connections. The reader refuses to close while one of its cursors is open (a run
   * that failed mid-note); it only reads, so it is left to the process's end rather than masking
   * the failure and keeping the writer (and the vault lock behind it) open.
   */
  close(): void {
    try {
      this.#reader?.close()
    } catch {
      // busy: see above
    }
    this.#search?.close()
    this.#db.close()
    markClosed(this.path)
  }

  /** Flushes the log into the database file and syncs it: a point that survives a power cut. */
  checkpoint(): void {
    this.#db.pragma('synchronous = FULL')
    this.#db.pragma('wal_checkpoint(TRUNCATE)')
    this.#db.pragma('synchronous = OFF')
  }

  transaction<T>(fn: () => T): T {
    const queue = this.messages.searchQueue
    queue.flush()
    try {
      return this.#inTransaction(fn) as T
    } catch (e) {
      // message shapes the rolled-back writes added are gone from the table: forget them too, the
      // messages they stored for the full-text index, and what is known of the dirty notes and ranges
      this.messages.codec.reset()
      queue.forget()
      this.notes.forget()
      this.ranges.forget()
      throw e
    }
  }
}
