// What a message says and carries, by category: text with entities, media, or a service action.
import type { FileKind } from '../../model/types.ts'
import { hash, hashString, Rng } from './hash.ts'
import { BOT_ID } from './layout.ts'
import type { ChatRef, Category } from './structure.ts'
import { formattedText, hostileText, plainText, words, type Formatted, type TextContext } from './text.ts'
import type { SimAction, SimMedia } from './types.ts'

const FILE_KINDS: [FileKind, number][] = [
  ['photo', 40], ['video', 12], ['voice', 10], ['audio', 8], ['sticker', 10], ['animation', 8], ['video_note', 4], ['file', 8],
]
const DICE = ['🎲', '🎯', '🏀', '⚽', '🎰', '🎳']
const SITES = [
  ['https://example.com/article/1', 'Example', 'An article about archives', 'Why we keep everything 📚'],
  ['https://blog.example.org/post', 'Example Blog', 'Release notes', 'What changed in v2'],
]
const NO_TEXT = new Set<FileKind>(['sticker', 'voice', 'video_note'])

export function fileKindOf(c: ChatRef, id: number, category: Category): FileKind {
  const h = hash(c.seed, c.index, id, 0xfc)
  if (category === 'album') return h % 10 < 7 ? 'photo' : 'video'
  let n = h % 100
  for (const [kind, w] of FILE_KINDS) {
    if (n < w) return kind
    n -= w
  }
  return 'file'
}

/** Text of a message: independent of replies, so a reply can quote its parent's text. */
export function textOf(c: ChatRef, id: number, category: Category, ctx: TextContext): Formatted {
  const rng = new Rng(hash(c.seed, c.index, id, 0x7e7))
  switch (category) {
    case 'text': {
      const roll = rng.int(100)
      if (roll < 3) return hostileText(rng)
      return roll < 48 ? formattedText(rng, ctx) : plainText(rng)
    }
    case 'album': case 'file': {
      if (category === 'file' && NO_TEXT.has(fileKindOf(c, id, category))) return { text: '', entities: [] }
      if (!rng.chance(0.35)) return { text: '', entities: [] }
      return rng.chance(0.5) ? formattedText(rng, ctx) : plainText(rng)
    }
    case 'webpage': {
      const url = SITES[hash(c.seed, c.index, id, 0x3eb) % SITES.length]![0]!
      const lead = `${words(rng, 2)} `
      return { text: `${lead}${url}`, entities: [{ type: 'url', offset: lead.length, length: url.length }] }
    }
    default:
      return { text: '', entities: [] }
  }
}

export interface MediaNeeds {
  /** file ids come from the world, which knows chat index and media DC */
  fileId: (slot: number) => string
}

export function mediaOf(c: ChatRef, id: number, category: Category, people: number[], need: MediaNeeds): SimMedia | undefined {
  const rng = new Rng(hash(c.seed, c.index, id, 0x3ed))
  switch (category) {
    case 'album': case 'file': {
      const kind = fileKindOf(c, id, category)
      const m: SimMedia = { type: 'file', kind, fileId: need.fileId(0) }
      if (kind === 'photo' && rng.chance(0.05)) m.spoiler = true
      return m
    }
    case 'poll': {
      const quiz = rng.chance(0.33)
      const n = rng.range(2, 4)
      const correct = rng.int(n)
      const answers = Array.from({ length: n }, (_, i) => ({
        text: `${words(rng, rng.range(1, 3))}${i === 0 ? ' 🦊' : ''}`, voters: rng.int(40),
        ...(quiz && i === correct ? { correct: true } : {}),
      }))
      const poll: SimMedia = {
        type: 'poll', pollId: String(3_000_000_000_000 + hash(c.seed, c.index, id, 0x9011)), question: `${words(rng, rng.range(2, 6))}?`,
        answers, quiz, closed: rng.chance(0.3), totalVoters: answers.reduce((s, a) => s + a.voters, 0),
      }
      if (quiz) poll.solution = `Because ${words(rng, 3)}`
      return poll
    }
    case 'geo':
      return { type: 'geo', lat: round6(-60 + rng.int(120_000_000) / 1e6), long: round6(-180 + rng.int(360_000_000) / 1e6) }
    case 'venue':
      return {
        type: 'venue', lat: round6(40 + rng.int(10_000_000) / 1e6), long: round6(10 + rng.int(10_000_000) / 1e6),
        title: rng.pick(['Café Loopback', 'Museum of Bytes', 'Park [[x]]']), address: `${rng.range(1, 200)} Main St`,
        provider: 'foursquare', venueId: `v${rng.next().toString(16)}`,
      }
    case 'contact': {
      const uid = rng.pick(people)
      return { type: 'contact', phone: `+1555${String(rng.int(10_000_000)).padStart(7, '0')}`, firstName: rng.pick(['Zoe', 'Yann', 'Xu']), lastName: rng.pick(['', 'Smith']), userId: rng.chance(0.5) ? uid : 0 }
    }
    case 'dice': {
      const emoji = rng.pick(DICE)
      return { type: 'dice', emoji, value: rng.range(1, emoji === '🎰' ? 64 : 6) }
    }
    case 'webpage': {
      const [url, siteName, title, description] = SITES[hash(c.seed, c.index, id, 0x3eb) % SITES.length]!
      const page: SimMedia = { type: 'webpage', webpageId: String(4_000_000_000_000 + hashString(url!)), url: url!, siteName: siteName!, title: title!, description: description! }
      if (rng.chance(0.5)) page.photoFileId = need.fileId(1)
      return page
    }
    default:
      return undefined
  }
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6
}

/** Service action of a 'create', 'topic' or 'service' id; pin and game score need a target. */
export function actionOf(c: ChatRef, id: number, category: Category, hasTarget: boolean): SimAction {
  const chat = c.chat
  if (category === 'create') {
    return chat.kind === 'group'
      ? { type: 'chat_create', title: chat.title, userIds: chat.memberIds }
      : { type: 'channel_create', title: chat.title }
  }
  if (category === 'topic') {
    const t = chat.topics!.find((x) => x.id === id)!
    return { type: 'topic_create', title: t.title, iconColor: t.iconColor }
  }
  const rng = new Rng(hash(c.seed, c.index, id, 0x5e7))
  const k = chat.kind
  const options: SimAction['type'][] =
    k === 'private' ? ['phone_call', 'phone_call', 'pin_message'] :
    k === 'bot' ? ['game_score', 'pin_message'] :
    k === 'channel' ? ['pin_message', 'chat_edit_title'] :
    ['chat_add_user', 'chat_delete_user', 'pin_message', 'chat_edit_title', 'game_score']
  let type = rng.pick(options)
  if ((type === 'pin_message' || type === 'game_score') && !hasTarget) type = k === 'private' ? 'phone_call' : k === 'bot' || k === 'channel' ? 'chat_edit_title' : 'chat_add_user'
  switch (type) {
    case 'chat_add_user': case 'chat_delete_user':
      return { type, userIds: [rng.pick(chat.memberIds.length ? chat.memberIds : [BOT_ID])] }
    case 'chat_edit_title':
      return { type, title: `${chat.title} ${rng.pick(['✨', 'v2', '(old)'])}` }
    case 'game_score':
      return { type, gameId: String(6_000_000_000 + rng.int(1000)), score: rng.int(10_000) }
    case 'phone_call':
      return { type, callId: String(7_000_000_000 + rng.int(1_000_000)), duration: rng.int(3600), video: rng.chance(0.3) }
    default:
      return { type }
  }
}
