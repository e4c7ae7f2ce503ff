// Forum topics in a Desktop export: which topic each message belongs to, and the topic list.
import type { Topic } from '../model/types.ts'
import { isObject } from './json.ts'
import { walkFile } from './walker.ts'

export const GENERAL_TOPIC_ID = 1

/**
 * Desktop exports have no topic field. What they do have: a topic is opened by a
 * `topic_created` service message whose id is the topic id, and every message posted in the
 * topic carries `reply_to_message_id` = that id (Telegram's reply_to_top_id is not exported);
 * a reply inside a topic points at its parent, which is in the same topic. So a message's
 * topic is found by following its reply to a topic root or to a message already placed.
 * Everything else is General (id 1). The pointer to the topic root is topic membership, not a
 * real reply, so it is dropped as `replyTo`. Only messages outside General are remembered.
 */
export class TopicTracker {
  private readonly roots = new Set<number>()
  private readonly topicOf = new Map<number, number>()

  place(id: number, replyToId: number | undefined, createsTopic: boolean): { topicId: number; keepReply: boolean } {
    if (createsTopic) {
      this.roots.add(id)
      this.topicOf.set(id, id)
      return { topicId: id, keepReply: true }
    }
    if (replyToId === undefined) return { topicId: GENERAL_TOPIC_ID, keepReply: true }
    if (this.roots.has(replyToId)) {
      this.topicOf.set(id, replyToId)
      return { topicId: replyToId, keepReply: false }
    }
    const parentTopic = this.topicOf.get(replyToId)
    if (parentTopic !== undefined) {
      this.topicOf.set(id, parentTopic)
      return { topicId: parentTopic, keepReply: true }
    }
    return { topicId: GENERAL_TOPIC_ID, keepReply: true }
  }
}

/**
 * Topics per chat (by chat index in the file), from a pre-pass over the file. Only run when the
 * file mentions topic_created at all, so ordinary exports are parsed once.
 */
export async function scanTopics(file: string): Promise<Map<number, Topic[]>> {
  const out = new Map<number, Topic[]>()
  let chat = -1
  for await (const ev of walkFile(file)) {
    if (ev.kind === 'chat') chat = ev.index
    if (ev.kind !== 'message' || !isObject(ev.raw)) continue
    const raw = ev.raw
    if (raw.type !== 'service' || raw.action !== 'topic_created') continue
    const id = Number(raw.id)
    if (!Number.isFinite(id)) continue
    const list = out.get(chat) ?? [{ id: GENERAL_TOPIC_ID, title: 'General' }]
    list.push({ id, title: typeof raw.title === 'string' ? raw.title : `Topic ${id}` })
    out.set(chat, list)
  }
  return out
}
