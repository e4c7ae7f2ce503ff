// Facts about an id that other ids depend on: which ids form albums, which forum topic an id
// belongs to, and what category of message it is. All pure functions of (seed, chat, id).
import { hash } from './hash.ts'
import { isGeneratedGap, type IdSpace } from './ids.ts'
import type { SimChat } from './types.ts'

export interface ChatRef {
  seed: number
  index: number
  chat: SimChat
  space: IdSpace
}

const ALBUM_BLOCK = 16

export interface Album {
  start: number
  length: number
  groupedId: string
}

/** One block of 16 ids in five holds an album of 2-4 consecutive ids (never a pinned id). */
export function albumOf(c: ChatRef, id: number): Album | undefined {
  const r = id - c.space.minId
  const block = Math.floor(r / ALBUM_BLOCK)
  const h = hash(c.seed, c.index, block, 0xa1b)
  if (h % 5 !== 0) return undefined
  const start = c.space.minId + block * ALBUM_BLOCK + ((h >>> 8) % 12)
  const length = 2 + ((h >>> 16) % 3)
  if (id < start || id >= start + length) return undefined
  for (let i = start; i < start + length; i++) {
    // an album of one would not be an album: no member may be a topic start or a generated gap
    if (i === c.space.minId || c.space.pinnedIds.has(i) || isGeneratedGap(c.seed, c.space, i)) return undefined
  }
  return { start, length, groupedId: String(0x10000000000000 + hash(c.seed, c.index, block, 0x9d) * 1024 + (start % 1024)) }
}

/** Forum topic of an id: a topic's own start message, else one of the topics created before it
 *  (General twice as likely); album members follow their album's first id. */
export function topicOf(c: ChatRef, id: number): number | undefined {
  const topics = c.chat.topics
  if (!topics) return undefined
  if (c.space.pinnedIds.has(id)) return id
  const album = albumOf(c, id)
  const base = album ? album.start : id
  let open = 0
  while (open < topics.length && topics[open]!.id < base) open++
  // topics[0] is General (id 1); choices: General, General, topics[1..open-1]
  const pick = hash(c.seed, c.index, base, 0x70c) % (open + 1)
  return pick <= 1 ? 1 : topics[pick - 1]!.id
}

export type Category =
  | 'create' | 'topic' | 'album' | 'service' | 'poll' | 'geo' | 'venue' | 'contact' | 'dice'
  | 'webpage' | 'file' | 'text'

export function categoryOf(c: ChatRef, id: number): Category {
  if (id === c.space.minId) {
    const k = c.chat.kind
    return k === 'private' || k === 'bot' || k === 'saved' ? 'text' : 'create'
  }
  if (c.chat.topics && c.space.pinnedIds.has(id)) return 'topic'
  if (albumOf(c, id)) return 'album'
  const h = hash(c.seed, c.index, id, 0xca7) % 1000
  if (h < 25) return c.chat.kind === 'saved' ? 'text' : 'service'
  if (h < 37) return 'poll'
  if (h < 43) return 'geo'
  if (h < 48) return 'venue'
  if (h < 53) return 'contact'
  if (h < 59) return 'dice'
  if (h < 89) return 'webpage'
  if (h < 289) return 'file'
  return 'text'
}
