// createWorld: the deterministic, on-demand simulated Telegram account. Only the cast (users,
// chats) is built eagerly; messages, files and bytes are derived per id when asked for. The
// only state is a small overlay of what tests change (grow, edit, delete, expired references).
import { dateOf, firstIdAtOrAfter, isGap, type IdSpace } from './ids.ts'
import { contentBytes, decodeFileId, encodeFileId, makeFile, SLOT_MAIN, SLOT_WEBPAGE } from './files.ts'
import { EPOCH, makeChats, makeUsers, SPAN_SECONDS } from './layout.ts'
import { buildMessage, type MessageEnv } from './message.ts'
import { topicOf, type ChatRef } from './structure.ts'
import type { TextContext } from './text.ts'
import type { IdRange, SimFile, SimMessage, World } from './types.ts'
import { makeDiscussion, Threads } from './comments.ts'

export interface WorldOptions {
  seed: number
  /** total messages over all chats (approximate: deleted-id gaps are aimed at, not counted) */
  messages: number
  /** DC that holds the media files not on DC 2 (default 4) */
  mediaDc?: number
  /** 'bench': file sizes of the media benchmark, every file on the media DC */
  fileSizes?: 'bench'
}

export function createWorld(opts: WorldOptions): World {
  const seed = opts.seed >>> 0
  const mediaDc = opts.mediaDc ?? 4
  const { self, users } = makeUsers(seed)
  const everyone = [self, ...users]
  const chats = makeChats(seed, Math.max(0, opts.messages))
  const refs: ChatRef[] = chats.map((chat, index) => {
    const span = chat.maxId - chat.minId + 1
    const space: IdSpace = {
      index, minId: chat.minId, initialMaxId: chat.maxId, maxId: chat.maxId,
      pinnedIds: new Set((chat.topics ?? []).map((t) => t.id)), deleted: new Set(),
      start: Math.max(chat.created, EPOCH), step: SPAN_SECONDS / span,
    }
    return { seed, index, chat, space }
  })
  const byChatId = new Map(refs.map((r) => [r.chat.id, r]))
  const userById = new Map(everyone.map((u) => [u.id, u]))
  const revisions = new Map<string, number>()
  const generations = new Map<string, number>()
  const counts = new Map<string, number>()
  const contexts = new Map<number, TextContext>()
  const channel = refs.find((r) => r.chat.kind === 'channel')!

  const ref = (chatId: number): ChatRef => {
    const r = byChatId.get(chatId)
    if (!r) throw new Error(`no chat ${chatId} in the world`)
    return r
  }
  const exists = (c: ChatRef, id: number) => !isGap(seed, c.space, id)

  const env: MessageEnv = {
    exists,
    revision: (c, id) => revisions.get(`${c.index}:${id}`) ?? 0,
    fileId: (c, id, slot) => encodeFileId({ chatIndex: c.index, messageId: id, slot }),
    textContext: (c) => {
      let t = contexts.get(c.index)
      if (!t) {
        const people = [self.id, ...c.chat.memberIds].map((id) => userById.get(id)!).filter(Boolean)
        t = { people: people.map((u) => ({ id: u.id, name: [u.firstName, u.lastName].filter(Boolean).join(' '), ...(u.username ? { username: u.username } : {}) })) }
        contexts.set(c.index, t)
      }
      return t
    },
    get forwardSource() {
      return { channelId: channel.chat.id, maxId: channel.chat.maxId }
    },
  }

  function* ascending(c: ChatRef, o: IdRange): Generator<number> {
    const hi = Math.min(o.toId ?? Infinity, c.space.maxId)
    for (let id = Math.max(o.fromId ?? 0, c.space.minId); id <= hi; id++) {
      if (!exists(c, id)) continue
      if (o.topicId !== undefined && topicOf(c, id) !== o.topicId) continue
      yield id
    }
  }
  function* descending(c: ChatRef, o: IdRange): Generator<number> {
    const lo = Math.max(o.fromId ?? 0, c.space.minId)
    for (let id = Math.min(o.toId ?? Infinity, c.space.maxId); id >= lo; id--) {
      if (!exists(c, id)) continue
      if (o.topicId !== undefined && topicOf(c, id) !== o.topicId) continue
      yield id
    }
  }

  const message = (chatId: number, id: number): SimMessage | undefined => {
    const c = byChatId.get(chatId)
    if (!c || !Number.isInteger(id) || !exists(c, id)) return undefined
    return buildMessage(env, c, id)
  }

  const file = (fileId: string): SimFile | undefined => {
    const a = decodeFileId(fileId)
    const c = a && refs[a.chatIndex]
    if (!a || !c) return undefined
    const m = message(c.chat.id, a.messageId)
    if (!m?.media) return undefined
    let kind
    if (a.slot === SLOT_MAIN && m.media.type === 'file' && m.media.fileId === fileId) kind = m.media.kind
    else if (a.slot === SLOT_WEBPAGE && m.media.type === 'webpage' && m.media.photoFileId === fileId) kind = 'photo' as const
    else return undefined
    return makeFile({ seed, chatIndex: c.index, chatId: c.chat.id, messageId: m.id, slot: a.slot, kind, date: m.date, mediaDc, sizes: opts.fileSizes })
  }

  const discussion = makeDiscussion(seed, channel.chat, users.filter((u) => !u.bot).map((u) => u.id))
  const threads = new Threads(seed, discussion, () => env.textContext(channel))
  /** the post, when `chatId` is the linked channel and the post exists */
  const post = (chatId: number, postId: number): SimMessage | undefined =>
    chatId === channel.chat.id ? message(chatId, postId) : undefined
  const commentIds = (chatId: number, postId: number): number[] => {
    const p = post(chatId, postId)
    return p ? threads.ids(p.id, threads.count(p.id, p.service !== undefined)) : []
  }

  const invalidate = (c: ChatRef) => {
    for (const k of [...counts.keys()]) if (k.startsWith(`${c.index}:`)) counts.delete(k)
  }

  return {
    seed, self, users, chats, mediaDc,
    chat: (chatId) => byChatId.get(chatId)?.chat ?? (chatId === discussion.id ? discussion : undefined),
    discussion,
    linkedChat: (chatId) => chatId === channel.chat.id ? discussion : undefined,
    comments: commentIds,
    comment(chatId, postId, commentId) {
      const p = post(chatId, postId)
      return p && commentIds(chatId, postId).includes(commentId) ? threads.comment(p, commentId) : undefined
    },
    threadTop(chatId, postId) {
      const p = post(chatId, postId)
      return p && !p.service ? threads.top(p, channel.chat) : undefined
    },
    growComments: (chatId, postId, n) => {
      if (post(chatId, postId)) threads.grow(postId, n)
    },
    user: (userId) => userById.get(userId),
    count(chatId, topicId) {
      const c = ref(chatId)
      const key = `${c.index}:${topicId ?? ''}`
      let n = counts.get(key)
      if (n === undefined) {
        n = 0
        for (const _ of ascending(c, { topicId })) n++
        counts.set(key, n)
      }
      return n
    },
    ids: (chatId, o = {}) => ascending(ref(chatId), o),
    idsDesc: (chatId, o = {}) => descending(ref(chatId), o),
    exists: (chatId, id) => exists(ref(chatId), id),
    message,
    dateOf: (chatId, id) => dateOf(seed, ref(chatId).space, id),
    firstIdAtOrAfter: (chatId, date) => firstIdAtOrAfter(seed, ref(chatId).space, date),
    file,
    fileBytes(fileId, offset, limit) {
      const f = file(fileId)
      return f ? contentBytes(f, seed, offset, limit) : new Uint8Array(0)
    },
    fileGeneration: (fileId) => generations.get(fileId) ?? 0,
    expireFileReference: (fileId) => void generations.set(fileId, (generations.get(fileId) ?? 0) + 1),
    grow(chatId, n) {
      const c = ref(chatId)
      c.chat.maxId += Math.max(0, Math.floor(n))
      c.space.maxId = c.chat.maxId
      invalidate(c)
    },
    edit(chatId, id) {
      const c = ref(chatId)
      const key = `${c.index}:${id}`
      revisions.set(key, (revisions.get(key) ?? 0) + 1)
    },
    delete(chatId, id) {
      const c = ref(chatId)
      c.space.deleted.add(id)
      invalidate(c)
    },
  }
}
