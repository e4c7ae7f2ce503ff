// File bytes from Telegram: mtcute's parallel downloader on the file's own DC, re-fetching the
// message once when its file reference has expired (the library leaves that to us).
import type { TelegramClient } from '@mtcute/node'
import type { tl } from '@mtcute/core'
import type { FileRef, Message } from '../model/types.ts'
import { filesOf } from '../model/files.ts'
import type { FileSource } from '../media/source.ts'
import { parseFileRef, toInputFileLocation, mapMessage, PeerIndex } from './map/index.ts'
import type { InputPeers } from './input-peers.ts'
import { rpcErrorText } from './rpc.ts'

export class TelegramFiles implements FileSource {
  constructor(private readonly tg: TelegramClient, private readonly peers: InputPeers,
    private readonly peerKindOf: (chatId: number) => 'user' | 'chat' | 'channel' | undefined) {}

  async *open(file: FileRef, msg: Message, signal?: AbortSignal): AsyncIterable<Uint8Array> {
    if (!file.ref) throw new Error('no file location')
    let ref = file.ref
    for (let attempt = 0; ; attempt++) {
      let sent = 0
      try {
        const r = parseFileRef(ref)
        for await (const chunk of this.tg.downloadAsIterable(toInputFileLocation(r), {
          dcId: r.dcId, fileSize: file.size, abortSignal: signal,
        })) {
          sent += chunk.length
          yield chunk
        }
        return
      } catch (e) {
        // only a failure before any byte was handed out can be retried transparently
        if (rpcErrorText(e) !== 'FILE_REFERENCE_EXPIRED' || attempt > 0 || sent > 0) throw e
        ref = await this.freshRef(file, msg)
      }
    }
  }

  private async freshRef(file: FileRef, msg: Message): Promise<string> {
    const kind = this.peerKindOf(msg.chatId)
    let res: tl.messages.TypeMessages
    if (kind === 'channel') {
      const channel = this.peers.inputChannel(msg.chatId)
      if (!channel) throw new Error('file reference expired and the channel is unknown')
      res = await this.tg.call({ _: 'channels.getMessages', channel, id: [{ _: 'inputMessageID', id: msg.id }] })
    } else {
      res = await this.tg.call({ _: 'messages.getMessages', id: [{ _: 'inputMessageID', id: msg.id }] })
    }
    if (res._ === 'messages.messagesNotModified') throw new Error('file reference expired')
    const raw = res.messages.find((m) => m.id === msg.id)
    const fresh = raw && mapMessage(raw, PeerIndex.from(res.users, res.chats), { chatId: msg.chatId })
    const again = fresh && filesOf(fresh).find((f) => f.uniqueId === file.uniqueId)
    if (!again?.ref) throw new Error('file reference expired and the message no longer holds the file')
    return again.ref
  }
}
