// The ingest half of a chat's sink: stores each ascending page (with the notes it makes stale) in
// one transaction, tracks which id ranges are complete, and hands a period to the NoteWriter once
// it can no longer grow, so notes are written while reading goes on. The messages of periods this
// run sees whole stay in memory until their note is written (HeldPeriods): rendered from there,
// not read back and parsed from the database.
import type { Chat, Message, Topic } from '../model/types.ts'
import { chatFolder, topicFolder } from '../vault/paths.ts'
import { mergeRange, NO_TOPIC, type Range } from '../vault/state.ts'
import { ChatLayout } from './chat-layout.ts'
import type { DateSpan } from './layout.ts'
import { HeldPeriods } from './held-periods.ts'
import { NoteWriter, type NoteWriterDeps, type WriteStats } from './note-writer.ts'

export interface IngestDeps extends NoteWriterDeps {
  /** record which id ranges are complete (false when reading a subset such as one topic) */
  recordRanges?: boolean
  /** resolves when the media queue has room again: reading pauses rather than queue a whole chat's files */
  mediaRoom?: () => Promise<void>
  /** gets the messages a page stored new once it committed (the full-text index takes them from memory) */
  storedNew?: (messages: Message[]) => void
}

/** One page of a chat's history: every message with id in [lo, hi], ascending. */
export interface Page {
  messages: Message[]
  lo: number
  hi: number
}

/** What storing a page changed: the messages the vault lacked, and how many stored ones differed. */
export interface Added {
  fresh: Message[]
  edited: number
}

/**
 * A range of ids this run stored whole, with its first and last message when a page brought them:
 * the ones the database would find there (a copy stored before, inside it, could only widen its span).
 */
interface Covered extends Range {
  first?: Edge
  last?: Edge
}

interface Edge { id: number; date: number }

/**
 * A page's first and last message (pages come ascending). Not a scan of the page for its lowest and
 * highest id: its messages have many shapes, and that loop cost as much as the queries it replaces.
 * A Desktop export's repeated id at a page's end only moves when a note is written, not what it holds.
 */
function edges(messages: Message[]): Pick<Covered, 'first' | 'last'> {
  const first = messages[0]
  const last = messages[messages.length - 1]
  return first && last ? { first: { id: first.id, date: first.date }, last: { id: last.id, date: last.date } } : {}
}

const joinCovered = (a: Covered, b: Covered): Covered => ({
  lo: Math.min(a.lo, b.lo),
  hi: Math.max(a.hi, b.hi),
  first: !a.first ? b.first : !b.first ? a.first : a.first.id < b.first.id ? a.first : b.first,
  last: !a.last ? b.last : !b.last ? a.last : a.last.id > b.last.id ? a.last : b.last,
})

export class ChatIngest {
  /** the writing half; there once begin() has fixed the chat's folder */
  notes!: NoteWriter
  /** first id this run reads */
  private anchor = 1
  /** ranges stored this run, merged; the first one is the contiguous prefix */
  private covered: Covered[] = []
  private readonly knownTopics = new Set<number>()
  private flushQueued = false
  /** ms add() waited for room in the media queue */
  private roomWaitMs = 0
  /** ms spent storing: pages, and finishing the chat less its note writing and download waits */
  storeMs = 0
  private failed?: Error
  /** per topic, the last period looked up and its date range: a topic's consecutive messages mostly share it */
  private readonly lastPeriod = new Map<number, { key: string; from: number; to: number }>()
  private readonly layout: ChatLayout
  private readonly held: HeldPeriods

  /** `span`: the dates the chat's messages span, when the source knows them (ChatLayout's first guess under `auto`) */
  constructor(private chat: Chat, private readonly deps: IngestDeps, span?: DateSpan) {
    this.layout = new ChatLayout(() => this.chat, deps.state, deps.ctx, () => this.forgetPeriods(), span)
    const { codec } = deps.state.messages
    this.held = new HeldPeriods((topicId, period) => {
      const [from, to] = deps.ctx.periods.range(this.chat.id, topicId, period)
      return deps.state.messages.countIn(this.chat.id, topicId, from, to) > 0
    }, (bytes, start, end) => codec.decodeAt(bytes, start, end))
  }

  get stats(): WriteStats {
    return this.notes.stats
  }

  /** Saves the chat and its topics, fixing their folders for good; reading resumes after `afterId`. */
  begin(afterId = 0): void {
    this.anchor = afterId + 1
    this.covered = [{ lo: afterId + 1, hi: afterId }]
    const { state } = this.deps
    state.transaction(() => {
      const folder = state.chats.put(this.chat, chatFolder(this.chat))
      this.notes = new NoteWriter(this.chat, folder, this.deps)
      for (const t of this.chat.topics ?? []) state.chats.putTopic(this.chat.id, t, topicFolder(t))
      this.layout.planAll()
    })
    this.deps.ctx.invalidate()
  }

  /** Stores one page and lets the notes it completed be written in the background; waits for room for its media. */
  async add(page: Page): Promise<Added> {
    const t0 = performance.now()
    const added = this.addPage(page.messages, page.lo, page.hi)
    this.flushSoon()
    this.storeMs += performance.now() - t0
    const room = this.deps.mediaRoom
    if (room) {
      const waitFrom = performance.now()
      await room()
      this.roomWaitMs += performance.now() - waitFrom
    }
    return added
  }

  /** ms spent waiting for downloads: for room in the media queue, and notes for their files */
  get mediaWaitMs(): number {
    return this.roomWaitMs + this.notes.stats.mediaWaitMs
  }

  /**
   * Stores one page (ascending ids) known to hold every message with id in [lo, hi]. Only new and
   * changed messages make their note stale: a rerun over what is stored already writes nothing.
   */
  addPage(messages: Message[], lo: number, hi: number): Added {
    let added: Added
    try {
      added = this.storePage(messages, lo, hi)
    } catch (e) {
      // the bytes held from this page may name message shapes the rollback took away
      this.held.clear()
      throw e
    }
    if (this.deps.mediaSettled && messages.some((m) => m.media)) {
      // start the downloads now; a note waits only for its own files (settlePeriodMedia)
      // a failure here is a stopped run, and the period's flush meets it again
      void this.deps.mediaSettled(this.notes.folder, messages).catch(() => {})
    }
    this.covered = mergeRange(this.covered, { lo, hi, ...edges(messages) }, joinCovered)
    this.deps.storedNew?.(added.fresh)
    return added
  }

  /** One transaction: the page's messages (each held, as the bytes stored, until its note is written), the notes they make stale, its range. */
  private storePage(messages: Message[], lo: number, hi: number): Added {
    const { state } = this.deps
    const forum = this.chat.kind === 'forum'
    // per topic, the period last marked stale: a page mostly stays in one period per topic
    const marked = new Map<number, string>()
    const added: Added = { fresh: [], edited: 0 }
    state.transaction(() => {
      for (const m of messages) {
        const topicId = forum ? (m.topicId ?? 1) : NO_TOPIC
        if (forum && !this.knownTopics.has(topicId)) this.ensureTopic(topicId)
        const period = this.periodOf(topicId, m.date)
        const body = state.messages.codec.encode(m)
        // held where the database would find it: a forum message without a topic is stored under none
        if ((m.topicId ?? NO_TOPIC) === topicId) this.held.hold(topicId, period, m.id, body, !!m.media)
        const stored = state.messages.put(m, body)
        if (stored === 'same') continue
        if (stored === 'new') added.fresh.push(m)
        else added.edited++
        if (marked.get(topicId) !== period) {
          marked.set(topicId, period)
          state.notes.markDirty(this.chat.id, topicId, period)
        }
      }
      if (hi >= lo && this.deps.recordRanges !== false) state.ranges.add(this.chat.id, lo, hi)
    })
    return added
  }

  /**
   * The period of a message, without a zone lookup for each message of a run that mostly stays in
   * one period per topic (a forum's consecutive messages go to different topics).
   */
  private periodOf(topicId: number, date: number): string {
    const p = this.lastPeriod.get(topicId)
    if (p && date >= p.from && date < p.to) return p.key
    const periods = this.deps.ctx.periods
    const key = periods.of(this.chat.id, topicId, date)
    const [from, to] = periods.range(this.chat.id, topicId, key)
    this.lastPeriod.set(topicId, { key, from, to })
    return key
  }

  /** A topic was laid out anew: the period keys known so far are void. */
  private forgetPeriods(): void {
    this.lastPeriod.clear()
    this.held.clear()
  }

  /**
   * Date spans whose notes can no longer grow in this run: inside one gap-free id range that reaches
   * past a period on both sides (ids rise with dates), as [from, to] dates (from -Infinity when the
   * range starts where reading started). Parallel shards each make such ranges, so notes are written
   * as every shard goes, not all at the end.
   */
  private completeSpans(): [number, number][] {
    const out: [number, number][] = []
    for (const r of this.covered) {
      if (r.hi < r.lo) continue
      // from the pages in memory: a flush follows each page, and two queries a range each time cost
      // ~0.2 µs a message of a 50k export; the database only for a range no page brought a message of
      const dates = r.first && r.last ? [r.first.date, r.last.date] : this.edgeDates(r)
      if (!dates) continue
      out.push([r.lo <= this.anchor ? -Infinity : dates[0]!, dates[1]!])
    }
    return out
  }

  /** Dates of the first and last stored message of a range, or of the nearest ones beside it when it holds none. */
  private edgeDates(r: Range): [number, number] | undefined {
    const { messages } = this.deps.state
    const last = messages.atOrBefore(this.chat.id, r.hi)
    const first = messages.atOrAfter(this.chat.id, r.lo)
    return last && first ? [first.date, last.date] : undefined
  }

  /**
   * Brings stored messages up to date (--refresh): a changed message is replaced, a deleted one
   * (null) removed; their notes are rewritten. Returns how many were edited and deleted.
   */
  applyRefresh(current: Map<number, Message | null>): { edited: number; deleted: number } {
    const { state } = this.deps
    const periods = this.deps.ctx.periods
    const changed = { edited: 0, deleted: 0 }
    // held copies would be the old versions, and the messages at the ends of ranges may be deleted
    this.held.clear()
    this.covered = this.covered.map(({ lo, hi }) => ({ lo, hi }))
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
          state.messages.put(fresh)
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
    if (!this.deps.ctx.periods.stored(this.chat.id, topicId)) this.layout.plan(topicId)
    this.knownTopics.add(topicId)
  }

  private addTopic(t: Topic): void {
    this.deps.state.chats.putTopic(this.chat.id, t, topicFolder(t))
    this.chat = { ...this.chat, topics: [...(this.chat.topics ?? []), t] }
    this.notes.setChat(this.chat)
    this.deps.ctx.invalidate()
  }

  /** Rewrites the stale notes of periods before the newest one seen (those can no longer grow). */
  async flushCompleted(): Promise<void> {
    const spans = this.completeSpans()
    const periods = this.deps.ctx.periods
    await this.notes.flush((topicId, period) => {
      const [from, to] = periods.range(this.chat.id, topicId, period)
      return spans.some(([lo, hi]) => from > lo && to <= hi)
    }, this.held)
  }

  /**
   * Starts flushCompleted in the background, so fetching goes on while notes are written (pages are
   * already safe in the database). A failure surfaces at the next call or at finish().
   */
  flushSoon(): void {
    if (this.failed) throw this.failed
    if (this.flushQueued) return
    this.flushQueued = true
    void this.notes.idle().then(() => {
      this.flushQueued = false
      return this.flushCompleted()
    }).catch((e: Error) => {
      this.failed ??= e
    })
  }

  /** Sizes the layouts (auto), then rewrites every stale note and the index notes. */
  async finish(): Promise<void> {
    const t0 = performance.now()
    const wrote = this.notes.stats.writeMs
    const waited = this.mediaWaitMs
    await this.settled()
    if (this.failed) throw this.failed
    this.layout.size()
    await this.notes.finish(this.held)
    // no page is stored meanwhile: the rest of this time is the chat's finishing (layouts, index notes, checkpoint)
    this.storeMs += Math.max(0, performance.now() - t0 - (this.notes.stats.writeMs - wrote) - (this.mediaWaitMs - waited))
  }

  /**
   * Resolves once no note is being written in the background: a run that stops (Ctrl-C, an error)
   * waits for it before closing the database, which a note still streaming would keep busy.
   */
  async settled(): Promise<void> {
    for (;;) {
      const running = this.notes.idle()
      await running
      // a queued flush chains on the one just awaited: wait for it too
      if (!this.flushQueued && running === this.notes.idle()) return
      await new Promise((r) => setImmediate(r))
    }
  }
}
