// `tobs chats`: every dialog with its kind, id, title, username, message count and forum topics.
import type { Client } from '../telegram/client.ts'
import type { Chat } from '../model/types.ts'
import { ChatDirectory } from '../telegram/resolve.ts'
import { InputPeers } from '../telegram/input-peers.ts'
import { rpcStack } from '../telegram/rpc/stack.ts'
import { getCount } from '../telegram/history.ts'
import { getTopics } from '../telegram/topics.ts'

export async function listChats(client: Client, selfId: number): Promise<Chat[]> {
  const { rpc } = rpcStack(client)
  const peers = new InputPeers()
  peers.selfId = selfId
  const directory = new ChatDirectory(rpc, peers)
  const out: Chat[] = []
  for (const d of await directory.list()) {
    const peer = directory.inputPeer(d)
    const forum = d.chat.kind === 'forum'
    const { count } = await getCount(rpc, { peer, chatId: d.chat.id, forum })
    const chat: Chat = { ...d.chat, messageCount: count }
    if (forum) chat.topics = await getTopics(rpc, peers, peer)
    out.push(chat)
  }
  return out
}
