// Turns the token stream of a result.json into chat/message events, holding one message at a time.
import { DesktopExportError } from './errors.ts'
import { EXTRAS_KEY } from './extras-key.ts'
import { Assembler, type Json, type JsonObject, type Token } from './json.ts'
import { feedFile, type FilePosition } from './tokens.ts'
import { JsonTokenizer, type WholeObjects } from './tokenizer.ts'
import { CUT_ESCAPE, CUT_MARK, MESSAGE_LIMIT, OVERSIZE_KEY, STRING_LIMIT } from './long-strings.ts'

export type WalkEvent =
  /** A chat's `messages` array begins; `header` holds the scalar fields seen before it (name, type, id). */
  | { kind: 'chat'; index: number; header: JsonObject }
  | { kind: 'message'; raw: Json; index: number }
  | { kind: 'chat_end' }

type Role = 'root' | 'section' | 'chatList' | 'chat' | 'messages'

interface Frame {
  role: Role
  key: string | null
  /** scalar fields of a chat object (root or list item) */
  header?: JsonObject
}

/**
 * A push state machine over the tokens. It understands only the skeleton of an export:
 * a single-chat file (`{name, type, id, messages: [...]}`) and a full-account file
 * (`{chats: {list: [chat...]}, left_chats: {list: [...]}, ...}`). Everything else
 * (personal_information, contacts, sessions...) is skipped token by token without being built.
 */
export class Walker implements WholeObjects {
  readonly events: WalkEvent[] = []
  chatIndex = -1
  chatName: string | undefined
  messageIndex = -1
  lastMessageId: Json | undefined
  private frames: Frame[] = []
  private skipDepth = 0
  private capture: Assembler | null = null
  /** characters of text in the message being captured, and what it held in the export once past the limit */
  private captured = 0
  private oversize = 0
  /** a chat header field that is an object (only EXTRAS_KEY): built whole into the header */
  private headerCapture: { assembler: Assembler; header: JsonObject; key: string } | null = null
  private started = false

  push(t: Token): void {
    if (this.skipDepth > 0) {
      if (t.name === 'startObject' || t.name === 'startArray') this.skipDepth++
      else if (t.name === 'endObject' || t.name === 'endArray') this.skipDepth--
      return
    }
    if (this.capture !== null) {
      this.capture.push(t.name === 'stringValue' && t.value ? this.bounded(t, t.value) : t)
      if (this.capture.done) this.finishCapture()
      return
    }
    if (this.headerCapture !== null) {
      const h = this.headerCapture
      h.assembler.push(t)
      if (h.assembler.done) {
        h.header[h.key] = h.assembler.value ?? null
        this.headerCapture = null
      }
      return
    }
    const top = this.frames[this.frames.length - 1]
    if (t.name === 'object') {
      // a message read whole (wanted() said so): nothing in it is past the limits
      this.messageIndex++
      this.finishMessage(t.json ?? null)
      return
    }
    const isStart = t.name === 'startObject' || t.name === 'startArray'
    if (top === undefined) {
      if (this.started) throw new DesktopExportError('unexpected data after the end of the top-level object')
      if (t.name !== 'startObject') throw new DesktopExportError('the top level is not a JSON object')
      this.started = true
      this.frames.push({ role: 'root', key: null, header: Object.create(null) as JsonObject })
      return
    }
    if (t.name === 'keyValue') {
      top.key = t.value ?? ''
      return
    }
    if (isStart) {
      this.open(top, t)
      return
    }
    if (t.name === 'endObject' || t.name === 'endArray') {
      const closed = this.frames.pop()
      if (closed?.role === 'messages') this.events.push({ kind: 'chat_end' })
      return
    }
    // A scalar: in a chat object it is a header field (name/type/id); in `messages` it is a
    // (malformed) message the mapper will reject with its position; elsewhere it is ignored.
    if (top.role === 'messages') {
      this.capture = new Assembler()
      this.capture.push(t)
      this.finishCapture()
    } else if (top.header !== undefined && top.key !== null) {
      const a = new Assembler()
      a.push(t)
      top.header[top.key] = a.value ?? null
      if (top.key === 'name' && typeof a.value === 'string') this.chatName = a.value
    }
  }

  /** A message may be read whole where one begins, not inside anything being captured or skipped. */
  wanted(): boolean {
    return this.skipDepth === 0 && this.capture === null && this.headerCapture === null
      && this.frames[this.frames.length - 1]?.role === 'messages'
  }

  /** Whole unless the reader must look at its strings: one cut (long-strings.ts), or past MESSAGE_LIMIT in all. */
  accepts(text: string): boolean {
    return text.length <= MESSAGE_LIMIT && !text.includes(CUT_ESCAPE)
  }

  /** Throws when the input ended inside the top-level value (truncated file). */
  end(): void {
    if (!this.started) throw new DesktopExportError('the file is empty')
    if (this.frames.length > 0 || this.capture !== null || this.headerCapture !== null || this.skipDepth > 0) {
      throw new DesktopExportError('unexpected end of file (truncated export?)')
    }
  }

  /** "chat #2 "Name", message #17 (after id 123)": where the walker is, for error messages. */
  where(): string {
    const parts: string[] = []
    if (this.chatIndex >= 0) parts.push(`chat #${this.chatIndex + 1}${this.chatName !== undefined ? ` "${this.chatName}"` : ''}`)
    if (this.messageIndex >= 0) {
      const after = this.lastMessageId !== undefined ? ` (after message id ${String(this.lastMessageId)})` : ''
      parts.push(`message #${this.messageIndex + 1}${after}`)
    }
    return parts.join(', ')
  }

  private open(top: Frame, t: Token): void {
    const isArray = t.name === 'startArray'
    // tobs' own chat fields (extras.ts) are the one object a chat header keeps.
    if (!isArray && top.header !== undefined && top.key === EXTRAS_KEY) {
      const assembler = new Assembler()
      assembler.push(t)
      this.headerCapture = { assembler, header: top.header, key: top.key }
      top.key = null
      return
    }
    const role = childRole(top, isArray)
    if (role === 'message') {
      this.messageIndex++
      this.capture = new Assembler()
      this.capture.push(t)
      return
    }
    if (role === 'skip') {
      this.skipDepth = 1
      return
    }
    const frame: Frame = { role, key: null }
    if (role === 'chat') {
      frame.header = Object.create(null) as JsonObject
      this.chatName = undefined
    }
    if (role === 'messages') {
      this.chatIndex++
      this.messageIndex = -1
      this.lastMessageId = undefined
      this.events.push({ kind: 'chat', index: this.chatIndex, header: top.header ?? (Object.create(null) as JsonObject) })
    }
    top.key = null
    this.frames.push(frame)
  }

  /**
   * A string of a message, or '' once the message is past MESSAGE_LIMIT or the string was cut
   * (long-strings.ts): the message is then refused whole by the reader, its size kept (issue 16).
   */
  private bounded(t: Token, value: string): Token {
    const mark = value.length * 4 >= STRING_LIMIT ? value.indexOf(CUT_MARK) : -1
    this.captured += mark >= 0 ? Number(value.slice(mark + CUT_MARK.length)) || value.length : value.length
    if (mark < 0 && this.captured <= MESSAGE_LIMIT) return t
    this.oversize = this.captured
    return { name: 'stringValue', value: '' }
  }

  private finishCapture(): void {
    const raw = this.capture?.value ?? null
    this.capture = null
    this.finishMessage(raw)
  }

  private finishMessage(message: Json): void {
    let raw = message
    if (this.oversize > 0 && raw !== null && typeof raw === 'object' && !Array.isArray(raw)) raw = { ...raw, [OVERSIZE_KEY]: this.oversize }
    this.captured = 0
    this.oversize = 0
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && raw.id !== undefined) this.lastMessageId = raw.id
    this.events.push({ kind: 'message', raw, index: this.messageIndex })
  }
}

function childRole(parent: Frame, isArray: boolean): Role | 'message' | 'skip' {
  switch (parent.role) {
    case 'root':
      if (parent.key === 'messages' && isArray) return 'messages'
      if ((parent.key === 'chats' || parent.key === 'left_chats') && !isArray) return 'section'
      return 'skip'
    case 'section':
      // a list that is not an array used to be skipped: exit 0 with nothing written (issue 16)
      if (parent.key === 'list' && !isArray) throw new DesktopExportError('"list" of a chats section should be an array of chats, got an object')
      return parent.key === 'list' ? 'chatList' : 'skip'
    case 'chatList':
      return isArray ? 'skip' : 'chat'
    case 'chat':
      return parent.key === 'messages' && isArray ? 'messages' : 'skip'
    case 'messages':
      return 'message'
  }
}

/**
 * Walks `file` and yields its events. Any failure (parser or structure) becomes a
 * DesktopExportError naming the file, the byte offset read so far and the chat/message.
 */
export async function* walkFile(file: string): AsyncGenerator<WalkEvent> {
  const pos: FilePosition = { chunkStart: 0, chunkEnd: 0 }
  const walker = new Walker()
  const fail = (err: unknown): DesktopExportError => {
    const reason = err instanceof Error ? err.message : String(err)
    const where = walker.where()
    return new DesktopExportError(
      `invalid Desktop export ${file} in bytes ${pos.chunkStart}-${pos.chunkEnd}${where ? ` (${where})` : ''}: ${reason}`,
      { cause: err },
    )
  }
  let failure: unknown
  try {
    for await (const _ of feedFile(file, pos, new JsonTokenizer((t) => walker.push(t), walker))) {
      if (walker.events.length > 0) yield* walker.events.splice(0)
    }
    walker.end()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EISDIR') {
      throw new DesktopExportError(`cannot read Desktop export ${file}: ${(err as Error).message}`, { cause: err })
    }
    failure = fail(err)
  }
  if (failure === undefined) return
  // what the chunk held before the bad spot is delivered first, as the messages before it were
  yield* walker.events.splice(0)
  throw failure
}
