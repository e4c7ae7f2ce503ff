// The one driver from a source to a sink: export, refresh, convert and render each set up a source
// (pages of one chat, ascending) and a sink (ChatIngest, which stores them and has their notes
// written), then call exportChat. Progress is told as pages land.
import type { Chat, Message } from '../model/types.ts'
import type { ChatIngest, Page } from './ingest.ts'
import type { ChatProgress, Progress } from './progress.ts'

/** --refresh: the current version of stored messages (null: deleted on Telegram). */
export interface Changes {
  changes: Map<number, Message | null>
}

export interface ChatSource {
  chat: Chat
  /** more of the chat's progress line; `topics: []` asks for counts per forum topic */
  status?: Pick<ChatProgress, 'topic' | 'stored' | 'total' | 'topics'>
  items: AsyncIterable<Page | Changes>
  /** more work once every page is stored, before the notes are finished (a channel's comments); returns notes written */
  after?: () => Promise<number>
}

export interface ChatResult {
  messages: number
  notes: number
  edited: number
  deleted: number
  /** time spent storing pages and finishing the chat, less writing notes and waiting for downloads */
  storeMs: number
  /** time spent rendering and writing notes */
  writeMs: number
}

export async function exportChat(source: ChatSource, sink: ChatIngest, progress: Progress): Promise<ChatResult> {
  const { chat, status: more = {} } = source
  const status: ChatProgress = { chatId: chat.id, title: chat.title, kind: chat.kind, topic: more.topic, done: 0, stored: more.stored, total: more.total }
  if (more.topics) status.topics = []
  const topics = status.topics && new Map<number, { id: number; title: string; done: number }>()
  const result: ChatResult = { messages: 0, notes: 0, edited: 0, deleted: 0, storeMs: 0, writeMs: 0 }
  progress.chatStarted(status)
  try {
    for await (const item of source.items) {
      if ('changes' in item) {
        const { edited, deleted } = sink.applyRefresh(item.changes)
        Object.assign(status, { edited, deleted })
        result.edited += edited
        result.deleted += deleted
        continue
      }
      const { fresh, edited } = await sink.add(item)
      // what the vault gained, not what was read: a rerun over stored messages adds nothing
      result.messages += fresh.length
      status.done += fresh.length
      if (edited) status.edited = result.edited += edited
      if (topics) status.topics = countTopics(fresh, topics, chat)
      progress.chatAdvanced(status)
    }
    if (source.after) result.notes += await source.after()
    await sink.finish()
  } finally {
    // a stopped run closes the database next: no note may still be streaming from it
    await sink.settled()
  }
  result.notes += sink.stats.notesWritten
  result.storeMs = sink.storeMs
  result.writeMs = sink.stats.writeMs
  status.notes = sink.stats.notesWritten
  progress.chatFinished(status)
  return result
}

function countTopics(
  messages: Message[], perTopic: Map<number, { id: number; title: string; done: number }>, chat: Chat,
): { id: number; title: string; done: number }[] {
  for (const m of messages) {
    const id = m.topicId ?? 1
    let t = perTopic.get(id)
    if (!t) {
      t = { id, title: chat.topics?.find((x) => x.id === id)?.title ?? `Topic ${id}`, done: 0 }
      perTopic.set(id, t)
    }
    t.done++
  }
  return [...perTopic.values()]
}
