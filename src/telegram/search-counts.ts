// Sizing a chat without reading its history (issue 15, `tobs plan`): messages.getSearchCounters
// for how many files of each kind it holds, messages.search with limit 0..100 for counts inside a
// date or id range and a sample of files to size them, and for the dates at either end.
import type { tl } from '@mtcute/core'
import Long from 'long'
import type { FileKind, FileRef } from '../model/types.ts'
import { PeerIndex, mapMessage } from './map/index.ts'
import type { HistoryTarget } from './history.ts'
import type { Rpc } from './rpc.ts'

/** The search filter that counts each file kind. Stickers have none: Telegram cannot count them. */
export const KIND_FILTERS: Partial<Record<FileKind, tl.TypeMessagesFilter['_']>> = {
  photo: 'inputMessagesFilterPhotos',
  video: 'inputMessagesFilterVideo',
  file: 'inputMessagesFilterDocument',
  audio: 'inputMessagesFilterMusic',
  voice: 'inputMessagesFilterVoice',
  video_note: 'inputMessagesFilterRoundVideo',
  animation: 'inputMessagesFilterGif',
}

export interface SearchBounds {
  /** unix seconds, inclusive */
  since?: number
  /** unix seconds, exclusive */
  until?: number
  /** inclusive id bounds */
  fromId?: number
  toId?: number
}

/** Files of each kind in the whole chat (or topic): one request. */
export async function getKindCounts(rpc: Rpc, target: HistoryTarget, kinds: FileKind[]): Promise<Map<FileKind, number>> {
  const wanted = kinds.filter((k) => KIND_FILTERS[k])
  const out = new Map<FileKind, number>()
  if (!wanted.length) return out
  const res = await rpc({
    _: 'messages.getSearchCounters', peer: target.peer, topMsgId: target.topicId,
    filters: wanted.map((k) => ({ _: KIND_FILTERS[k]! }) as tl.TypeMessagesFilter),
  })
  res.forEach((c, i) => out.set(wanted[i]!, c.count))
  return out
}

export interface SearchSample {
  /** messages that match inside the bounds */
  count: number
  /** dates of the returned messages, newest first */
  dates: number[]
  files: FileRef[]
}

/** One messages.search page: the count within bounds, and up to `limit` matches from `skip` on. */
export async function searchSample(
  rpc: Rpc, target: HistoryTarget, kind: FileKind | undefined, b: SearchBounds, limit: number, skip = 0,
): Promise<SearchSample> {
  const filter = { _: kind ? KIND_FILTERS[kind]! : 'inputMessagesFilterEmpty' } as tl.TypeMessagesFilter
  const res = await rpc({
    _: 'messages.search', peer: target.peer, q: '', filter, topMsgId: target.topicId,
    minDate: b.since ? b.since - 1 : 0, maxDate: b.until ?? 0, offsetId: 0, addOffset: skip, limit,
    maxId: b.toId ? b.toId + 1 : 0, minId: b.fromId ? b.fromId - 1 : 0, hash: Long.ZERO,
  })
  if (res._ === 'messages.messagesNotModified') return { count: 0, dates: [], files: [] }
  const index = PeerIndex.from(res.users, res.chats)
  const files: FileRef[] = []
  const dates: number[] = []
  for (const raw of res.messages) {
    if (raw._ === 'messageEmpty') continue
    dates.push(raw.date)
    const m = mapMessage(raw, index, { chatId: target.chatId, forum: target.forum })
    if (m?.media?.type === 'file') files.push(m.media.file)
  }
  return { count: res._ === 'messages.messages' ? res.messages.length : res.count, dates, files }
}
