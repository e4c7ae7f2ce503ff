// Channel comments: the broadcast channel's linked discussion supergroup and the thread of each
// post, derived from (seed, post id) on demand like everything else. A post's comments are ids
// post*100+1.. in the group (post*100 is the post's copy there, the thread's top), so they never
// collide and a grown thread adds ids above the ones already read.
import { hash, Rng } from './hash.ts'
import { accessHashOf } from './layout.ts'
import { formattedText, plainText, type TextContext } from './text.ts'
import type { SimChat, SimMessage } from './types.ts'

export const DISCUSSION_ID = 1000000104
/** ids per post in the discussion group: the thread's top plus up to 99 comments */
export const THREAD_SPAN = 100
const MAX_COMMENTS = THREAD_SPAN - 1

export function makeDiscussion(seed: number, channel: SimChat, memberIds: number[]): SimChat {
  return {
    id: DISCUSSION_ID, kind: 'supergroup', title: `${channel.title} Chat`, accessHash: accessHashOf(seed, DISCUSSION_ID),
    minId: 1, maxId: (channel.maxId + 1) * THREAD_SPAN, memberIds, about: 'Comments on the channel posts.', created: channel.created,
  }
}

export class Threads {
  /** comments added by tests (world.comment growth), per post */
  private readonly added = new Map<number, number>()

  constructor(private readonly seed: number, readonly group: SimChat, private readonly ctx: () => TextContext) {}

  /** How many comments a post has: about a third of the posts have none. */
  count(postId: number, isService: boolean): number {
    if (isService) return 0
    const h = hash(this.seed, DISCUSSION_ID, postId, 0xc0)
    const base = h % 3 === 0 ? 0 : 1 + (h >>> 8) % 6
    return Math.min(MAX_COMMENTS, base + (this.added.get(postId) ?? 0))
  }

  grow(postId: number, n: number): void {
    this.added.set(postId, (this.added.get(postId) ?? 0) + Math.max(0, Math.floor(n)))
  }

  /** Ids of a post's comments, ascending. */
  ids(postId: number, count: number): number[] {
    return Array.from({ length: count }, (_, k) => postId * THREAD_SPAN + k + 1)
  }

  topOf(commentId: number): number {
    return Math.floor(commentId / THREAD_SPAN)
  }

  /** One comment: a member of the group answers the post, now and then another comment. */
  comment(post: SimMessage, commentId: number): SimMessage {
    const k = commentId - post.id * THREAD_SPAN
    const rng = new Rng(hash(this.seed, DISCUSSION_ID, commentId, 0xc1))
    const top = post.id * THREAD_SPAN
    const text = rng.chance(0.4) ? formattedText(rng, this.ctx()) : plainText(rng)
    const senderId = rng.pick(this.group.memberIds)
    const m: SimMessage = {
      id: commentId, chatId: DISCUSSION_ID, date: post.date + k * 97, senderId, out: false,
      text: text.text, entities: text.entities, revision: 0,
      replyTo: k > 1 && rng.chance(0.3) ? { messageId: commentId - 1, topId: top } : { messageId: top },
    }
    return m
  }

  /** The post's copy in the group: the thread's top message Telegram forwards automatically. */
  top(post: SimMessage, channel: SimChat): SimMessage {
    return {
      id: post.id * THREAD_SPAN, chatId: DISCUSSION_ID, date: post.date, out: false, text: post.text, entities: post.entities,
      revision: 0, forward: { date: post.date, fromChannelId: channel.id, channelPost: post.id },
    }
  }
}
