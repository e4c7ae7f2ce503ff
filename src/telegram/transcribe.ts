// Telegram's own speech recognition (messages.transcribeAudio, Premium): the text of a voice note or
// round video. A pending answer is polled by asking again, as the official apps wait for the update.
import type { TelegramClient } from '@mtcute/node'
import type { InputPeers } from './input-peers.ts'

export function telegramTranscriber(tg: TelegramClient, peers: InputPeers,
  peerKindOf: (chatId: number) => 'user' | 'chat' | 'channel' | undefined) {
  return async (chatId: number, msgId: number, signal?: AbortSignal): Promise<string> => {
    const kind = peerKindOf(chatId)
    const peer = kind && peers.input(kind, chatId)
    if (!peer) throw new Error('chat unknown to this session')
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted()
      const res = await tg.call({ _: 'messages.transcribeAudio', peer, msgId }, { abortSignal: signal })
      if (!res.pending) return res.text.trim()
      if (attempt >= 10) throw new Error('Telegram is still transcribing; rerun to fetch the text')
      await new Promise((r) => setTimeout(r, 1000))
    }
  }
}
