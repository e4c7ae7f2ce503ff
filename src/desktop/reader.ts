// openDesktopExport: a result.json (or its folder) as a stream of chats, each a stream of messages.
import { stat } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import type { Chat, Message, Topic } from '../model/types.ts'
import { mapChat } from './chat.ts'
import { DesktopExportError } from './errors.ts'
import { applyChatExtras, applyMessageExtras, EXTRAS_KEY } from './extras.ts'
import { isObject } from './json.ts'
import { mapMessage, type MessageContext } from './message.ts'
import { scanTopics, TopicTracker } from './topics.ts'
import { fileContains } from '../runtime/file-contains.ts'
import { OVERSIZE_KEY } from './long-strings.ts'
import { walkFile, type WalkEvent } from './walker.ts'

export interface DesktopChat {
  chat: Chat
  /** The chat's messages in file order (ascending ids). Iterate once, before the next chat. */
  messages: AsyncIterable<Message>
  /** Absolute folder that FileRef.ref paths are relative to. */
  mediaRoot: string
}

export interface DesktopExport {
  /** Absolute path of the result.json being read. */
  readonly file: string
  readonly mediaRoot: string
  /**
   * Chats one by one, read in a single streaming pass (plus a pre-pass when the export has
   * forum topics). Moving to the next chat skips what is left of the previous one's messages.
   * `warn` hears one line per message that is refused (issue 16: far too large to be Telegram's).
   */
  chats(warn?: (line: string) => void): AsyncGenerator<DesktopChat>
}

/** Opens a Desktop export given its folder or its JSON file; checks only that the file exists. */
export async function openDesktopExport(pathToFolderOrResultJson: string): Promise<DesktopExport> {
  const given = resolve(pathToFolderOrResultJson)
  const info = await stat(given).catch((err: unknown) => {
    throw new DesktopExportError(`Desktop export not found: ${given} (${(err as Error).message})`, { cause: err })
  })
  let file = given
  let size = info.size
  if (info.isDirectory()) {
    file = join(given, 'result.json')
    const inner = await stat(file).catch(() => undefined)
    if (!inner?.isFile()) {
      throw new DesktopExportError(`no result.json in folder ${given}: export from Telegram Desktop in "Machine-readable JSON" format`)
    }
    size = inner.size
  }
  if (size === 0) throw new DesktopExportError(`Desktop export ${file} is empty`)
  const mediaRoot = dirname(file)
  return { file, mediaRoot, chats: (warn) => readChats(file, mediaRoot, warn) }
}

async function* readChats(file: string, mediaRoot: string, warn?: (line: string) => void): AsyncGenerator<DesktopChat> {
  // Chat kind and topic list must be known when a chat is yielded, before its messages are read.
  const topicsByChat: Map<number, Topic[]> = (await fileContains(file, '"topic_created"'))
    ? await scanTopics(file)
    : new Map()
  const events = walkFile(file)
  try {
    let ev = await events.next()
    while (!ev.done) {
      const current: WalkEvent = ev.value
      if (current.kind !== 'chat') {
        ev = await events.next()
        continue
      }
      let chat: Chat
      try {
        const extras = current.header[EXTRAS_KEY]
        // A header tobs wrote says its chat exactly; topics are not guessed then.
        chat = extras !== undefined
          ? applyChatExtras(mapChat(current.header, current.index, undefined), extras, `chat #${current.index + 1}`)
          : mapChat(current.header, current.index, topicsByChat.get(current.index))
      } catch (err) {
        if (err instanceof DesktopExportError) throw new DesktopExportError(`${file}: ${err.message}`, { cause: err })
        throw err
      }
      const state = { ended: false, active: true }
      const where = `${file}: chat #${current.index + 1} "${chat.title}" (id ${chat.id})`
      const ctx: MessageContext = { chatId: chat.id, lastDate: 0 }
      if (chat.kind === 'forum') ctx.topics = new TopicTracker()
      yield { chat, messages: chatMessages(events, state, ctx, where, warn), mediaRoot }
      state.active = false
      // Skip whatever the consumer did not read of this chat.
      while (!state.ended) {
        const next = await events.next()
        if (next.done || next.value.kind === 'chat_end') state.ended = true
      }
      ev = await events.next()
    }
  } finally {
    await events.return(undefined)
  }
}

async function* chatMessages(
  events: AsyncGenerator<WalkEvent>,
  state: { ended: boolean; active: boolean },
  ctx: MessageContext,
  where: string,
  warn?: (line: string) => void,
): AsyncGenerator<Message> {
  while (state.active && !state.ended) {
    const next = await events.next()
    if (next.done || next.value.kind === 'chat_end') {
      state.ended = true
      return
    }
    const ev = next.value
    if (ev.kind !== 'message') continue
    let msg: Message
    try {
      msg = mapMessage(ev.raw, ev.index, ctx)
      if (isObject(ev.raw) && ev.raw[EXTRAS_KEY] !== undefined) msg = applyMessageExtras(msg, ev.raw[EXTRAS_KEY], `message id ${msg.id}`)
      if (isObject(ev.raw) && typeof ev.raw[OVERSIZE_KEY] === 'number') msg = refused(msg, ev.raw[OVERSIZE_KEY], where, warn)
    } catch (err) {
      if (err instanceof DesktopExportError) throw new DesktopExportError(`${where}: ${err.message}`, { cause: err })
      throw err
    }
    yield msg
  }
}

/**
 * A message holding megabytes of text (Telegram allows 4096 characters) is not converted: its note
 * keeps its id, date and sender with a line saying so, and the run says it once (issue 16: a 50 MB
 * text aborted the convert out of memory).
 */
function refused(msg: Message, bytes: number, where: string, warn?: (line: string) => void): Message {
  const size = `${(bytes / 2 ** 20).toFixed(1)} MB`
  warn?.(`${where}: message id ${msg.id} holds about ${size} of text, far past Telegram's 4096 characters; not converted`)
  return { ...msg, text: `[tobs did not convert this message: about ${size} of text in the export]`, entities: [] }
}
