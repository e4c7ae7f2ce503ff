// A channel post's comments (its thread in the linked discussion group), in mtcute's getX / iterX
// style: `getReplies` reads the one page just above an id, `iterReplies` walks up from there to the
// newest comment. Comments map to the model as messages of the discussion group.
import type { tl } from '@mtcute/core'
import Long from 'long'
import type { Chat, Message } from '../model/types.ts'
import { mapChat, mapMessage, PeerIndex } from './map/index.ts'
import type { InputPeers } from './input-peers.ts'
import type { Rpc } from './rpc.ts'
import { PAGE } from './history.ts'
import { releaseAnswer } from './release-answer.ts'

/** The channel as the caller resolved it (export/ never names TL types). */
export type ChannelPeer = tl.TypeInputPeer

export interface RepliesPage {
  /** comments with id above the asked one, ascending */
  comments: Message[]
  /** the discussion group, when the answer carried it */
  group?: Chat
  /** nothing newer exists */
  done: boolean
}

/** The up-to-100 comments of `postId` with id > afterId, ascending (add_offset pages upwards, min_id bounds). */
export async function getReplies(
  rpc: Rpc, peers: InputPeers, channel: tl.TypeInputPeer, postId: number, groupId: number, afterId: number,
): Promise<RepliesPage> {
  const res = await rpc({
    _: 'messages.getReplies', peer: channel, msgId: postId, offsetId: afterId + 1, offsetDate: 0,
    addOffset: -PAGE, limit: PAGE, maxId: 0, minId: afterId, hash: Long.ZERO,
  })
  if (res._ === 'messages.messagesNotModified') return { comments: [], done: true }
  peers.learn(res.users, res.chats)
  const index = PeerIndex.from(res.users, res.chats)
  const raw = res.chats.find((c) => c.id === groupId)
  const comments: Message[] = []
  for (const m of res.messages) {
    if (m.id <= afterId) continue
    const c = mapMessage(m, index, { chatId: groupId })
    if (c) comments.push(threadless(c, m))
  }
  comments.sort((a, b) => a.id - b.id)
  const page = { comments, group: raw && mapChat(raw), done: res.messages.length < PAGE }
  releaseAnswer(res)
  return page
}

/** Every comment of `postId` above `afterId`, page by page, oldest first. */
export async function* iterReplies(
  rpc: Rpc, peers: InputPeers, channel: tl.TypeInputPeer, postId: number, groupId: number, afterId: number, signal?: AbortSignal,
): AsyncGenerator<RepliesPage> {
  for (let after = afterId; ;) {
    signal?.throwIfAborted()
    const page = await getReplies(rpc, peers, channel, postId, groupId, after)
    yield page
    const last = page.comments[page.comments.length - 1]
    if (page.done || !last) return
    after = last.id
  }
}

/**
 * A comment that answers the post itself points at the post's copy in the group (the thread's top,
 * no reply_to_top_id), which is not exported: that header says nothing the comments note does not.
 */
function threadless(c: Message, raw: tl.TypeMessage): Message {
  const h = raw._ === 'message' ? raw.replyTo : undefined
  if (h?._ !== 'messageReplyHeader' || h.replyToTopId !== undefined || h.replyToPeerId) return c
  const { replyTo: _, ...rest } = c
  return rest
}
