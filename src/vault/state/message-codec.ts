// How a message is stored (issue 10), and every form it was stored in before. Written now: the
// tagged format of tagged-body.ts (a BLOB starting with 0xc1). Read too: MessagePack (msgpackr) with
// the key lists of its objects shared across rows ("structures", kept in message_shapes), the
// format of schema 2, still written for a value the tagged format refuses (none a mapper makes);
// and JSON text (schema 1, and a message msgpackr could not keep: a TEXT value is JSON).
//
// msgpackr was lossless as JSON was only by a detour: UTF-8 cannot carry a lone surrogate (half an
// emoji cut by a Telegram client), and msgpackr writes U+FFFD in its place, so an encoding that
// held U+FFFD's bytes was dropped and that message stored as JSON text.
import { Packr, RESET_BUFFER_MODE } from 'msgpackr'
import type { Message } from '../../model/types.ts'
import type { Db } from '../database.ts'
import { MARK, NotPlain, TaggedReader, TaggedWriter } from './tagged-body.ts'
import { warmUp } from './tagged-warm-up.ts'

const SCHEMA = 'CREATE TABLE IF NOT EXISTS message_shapes (n INTEGER PRIMARY KEY, keys TEXT NOT NULL)'

/**
 * Key lists shared by every row; past this many, new shapes are written into each row that uses
 * them (still lossless, only larger). A simulated account of 180k messages needed ~150.
 */
const MAX_SHAPES = 4000

export type StoredBody = string | Uint8Array

/** What msgpackr hands saveStructures: the key lists, and a check against those another writer saved. */
type Shapes = string[][] & { sharedLength?: number; isCompatible: (existing: string[][]) => boolean }

/** U+FFFD in UTF-8: what a lone surrogate became, or a replacement character the text held. */
const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd])

export class MessageCodec {
  private readonly writer = new TaggedWriter()
  private readonly reader = new TaggedReader()
  private packr!: Packr
  private readonly q
  /** the shapes this codec read from or wrote to the table (a rolled-back write leaves more here than there) */
  private known: string[][] = []

  constructor(db: Db) {
    warmUp()
    db.exec(SCHEMA)
    this.q = {
      all: db.prepare('SELECT keys FROM message_shapes ORDER BY n').pluck(),
      add: db.prepare('INSERT INTO message_shapes (n, keys) VALUES (?, ?)'),
      count: db.prepare('SELECT count(*) FROM message_shapes').pluck(),
    }
    this.reset()
  }

  /**
   * Forgets shapes not in the database: after a rolled-back transaction, the shapes it added are
   * gone from the table, and rows written later must not point at them.
   */
  reset(): void {
    this.packr = new Packr({
      maxSharedStructures: MAX_SHAPES,
      getStructures: () => this.load(),
      saveStructures: (shapes) => this.save(shapes as Shapes),
    })
  }

  /**
   * The row value of a message; valid until the next encode: every message is written into the same
   * bytes (a fresh buffer for each is garbage outside the heap). Callers copy it (held periods) or
   * bind it.
   */
  encode(m: Message): StoredBody {
    try {
      return this.writer.encode(m)
    } catch (e) {
      if (!(e instanceof NotPlain)) throw e
      return this.packed(m)
    }
  }

  decode(body: StoredBody): Message {
    if (typeof body === 'string') return JSON.parse(body) as Message
    return this.decodeAt(body, 0, body.length)
  }

  /** The message whose stored body is bytes[start, end) (bodies kept end to end in memory). */
  decodeAt(bytes: Uint8Array, start: number, end: number): Message {
    if (bytes[start] === MARK) return this.reader.decode(bytes, start, end) as Message
    return this.packr.unpack(bytes, { start, end }) as Message
  }

  /** Whether a body is in an earlier format than the one encode writes. */
  static older(body: StoredBody): boolean {
    return typeof body === 'string' || body[0] !== MARK
  }

  /**
   * The schema-2 form (msgpackr), for what the tagged format refuses. Every message is packed into
   * the same bytes (without it msgpackr takes a fresh 8 KB buffer every ~40 messages).
   */
  private packed(m: Message): StoredBody {
    const packed = this.packr.pack(m, RESET_BUFFER_MODE)
    return packed.indexOf(REPLACEMENT) === -1 ? packed : JSON.stringify(m)
  }

  private load(): string[][] {
    this.known = (this.q.all.all() as string[]).map((k) => JSON.parse(k) as string[])
    return this.known
  }

  /**
   * Appends the shapes the table lacks; false when another writer added some meanwhile (msgpackr
   * reloads and encodes again). The table is read again only when its count differs from what this
   * codec knows: reading and parsing every shape for each new one cost 0.5 % of an export's CPU.
   */
  private save(shapes: Shapes): boolean {
    const existing = this.q.count.get() === this.known.length ? this.known : this.load()
    if (!shapes.isCompatible(existing)) return false
    const upTo = shapes.sharedLength ?? shapes.length
    for (let n = existing.length; n < upTo; n++) this.q.add.run(n, JSON.stringify([...shapes[n]!]))
    this.known = shapes.slice(0, upTo).map((keys) => [...keys])
    return true
  }
}
