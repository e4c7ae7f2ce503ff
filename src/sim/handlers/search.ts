// messages.search (empty or plain-text query, media filters, date and id bounds, a forum topic) and
// messages.getSearchCounters: what `tobs plan` asks instead of reading history. Answers newest
// first, with the total that matches as `count`, as Telegram does.
import type { FileKind } from '../../model/types.ts'
import type { TlRequest } from '../types.ts'
import type { SimChat, World } from '../world/types.ts'
import { chatOfInput } from './peers.ts'
import { HISTORY_LIMIT, messagesAnswer } from './history.ts'
import { tlVector } from './vector.ts'

/** Which file kinds a filter keeps; undefined = every message. Filters not listed match nothing. */
const FILTERS: Record<string, FileKind[] | undefined> = {
  inputMessagesFilterEmpty: undefined,
  inputMessagesFilterPhotos: ['photo'],
  inputMessagesFilterVideo: ['video'],
  inputMessagesFilterPhotoVideo: ['photo', 'video'],
  inputMessagesFilterDocument: ['file'],
  inputMessagesFilterMusic: ['audio'],
  inputMessagesFilterVoice: ['voice'],
  inputMessagesFilterRoundVideo: ['video_note'],
  inputMessagesFilterRoundVoice: ['voice', 'video_note'],
  inputMessagesFilterGif: ['animation'],
}

interface Bounds { minDate: number; maxDate: number; minId: number; maxId: number; topicId?: number; q: string }

/** The ids that match, newest first (generated per call: a plan asks a handful per chat). */
function* matching(world: World, chat: SimChat, filter: string, b: Bounds): Generator<number> {
  if (!(filter in FILTERS)) return
  const kinds = FILTERS[filter]
  const fromId = Math.max(b.minId + 1, b.minDate > 0 ? world.firstIdAtOrAfter(chat.id, b.minDate + 1) : 0)
  const toId = Math.min(b.maxId > 0 ? b.maxId - 1 : Infinity, b.maxDate > 0 ? world.firstIdAtOrAfter(chat.id, b.maxDate) - 1 : Infinity)
  for (const id of world.idsDesc(chat.id, { fromId, toId: toId === Infinity ? undefined : toId, topicId: b.topicId })) {
    if (!kinds && !b.q) {
      yield id
      continue
    }
    const m = world.message(chat.id, id)
    if (!m) continue
    if (kinds && !(m.media?.type === 'file' && kinds.includes(m.media.kind))) continue
    if (b.q && !m.text.toLowerCase().includes(b.q)) continue
    yield id
  }
}

function boundsOf(req: TlRequest): Bounds {
  const top = Number(req.topMsgId ?? 0)
  return {
    minDate: Number(req.minDate ?? 0), maxDate: Number(req.maxDate ?? 0), minId: Number(req.minId ?? 0),
    maxId: Number(req.maxId ?? 0), topicId: top > 0 ? top : undefined, q: String(req.q ?? '').toLowerCase(),
  }
}

export function search(world: World, req: TlRequest): unknown {
  const chat = chatOfInput(world, req.peer)
  const offsetId = Number(req.offsetId ?? 0)
  const skip = Math.max(0, Number(req.addOffset ?? 0))
  const limit = Math.min(Math.max(0, Number(req.limit ?? 0)), HISTORY_LIMIT)
  const ids: number[] = []
  let count = 0
  let position = 0
  for (const id of matching(world, chat, (req.filter as TlRequest)._, boundsOf(req))) {
    count++
    if (offsetId > 0 && id >= offsetId) continue
    if (position++ < skip) continue
    if (ids.length < limit) ids.push(id)
  }
  return messagesAnswer(world, chat, ids, count)
}

export function getSearchCounters(world: World, req: TlRequest): Uint8Array {
  const chat = chatOfInput(world, req.peer)
  const bounds = { ...boundsOf(req), minDate: 0, maxDate: 0, minId: 0, maxId: 0, q: '' }
  return tlVector((req.filters as TlRequest[]).map((filter) => {
    let count = 0
    for (const _ of matching(world, chat, filter._, bounds)) count++
    return { _: 'messages.searchCounter', inexact: false, filter, count }
  }))
}
