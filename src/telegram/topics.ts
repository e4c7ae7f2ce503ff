// Forum topics of a supergroup (layer 227: messages.getForumTopics), paged to the end.
import type { tl } from '@mtcute/core'
import type { Topic } from '../model/types.ts'
import { mapTopic } from './map/index.ts'
import type { InputPeers } from './input-peers.ts'
import type { Rpc } from './rpc.ts'

export async function getTopics(rpc: Rpc, peers: InputPeers, peer: tl.TypeInputPeer): Promise<Topic[]> {
  const out = new Map<number, Topic>()
  let offsetDate = 0
  let offsetId = 0
  let offsetTopic = 0
  for (let page = 0; page < 1000; page++) {
    const res = await rpc({ _: 'messages.getForumTopics', peer, offsetDate, offsetId, offsetTopic, limit: 100 })
    peers.learn(res.users, res.chats)
    let added = 0
    for (const t of res.topics) {
      const topic = mapTopic(t)
      if (topic && !out.has(topic.id)) {
        out.set(topic.id, topic)
        added++
      }
    }
    if (added === 0 || out.size >= res.count || res.topics.length < 100) break
    const last = res.topics[res.topics.length - 1]!
    offsetTopic = last.id
    if (last._ === 'forumTopic') {
      offsetId = last.topMessage
      offsetDate = last.date
    }
  }
  if (!out.has(1)) out.set(1, { id: 1, title: 'General' })
  return [...out.values()].sort((a, b) => a.id - b.id)
}
