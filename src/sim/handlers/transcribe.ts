// messages.transcribeAudio as Telegram answers it for a Premium account: the text of a voice note
// or round video at once (pending: false). The simulator knows what its samples say, so it answers
// with the sample's sentence; a message without speech fails like Telegram does.
import Long from 'long'
import { RpcError, type TlRequest } from '../types.ts'
import type { World } from '../world/types.ts'
import { sampleNamed } from '../samples/index.ts'
import { chatOfInput } from './peers.ts'

export function transcribeAudio(world: World, req: TlRequest): unknown {
  const chat = chatOfInput(world, req.peer as TlRequest)
  const msg = world.message(chat.id, Number(req.msgId))
  if (!msg) throw new RpcError(400, 'MSG_ID_INVALID')
  const media = msg.media
  if (media?.type !== 'file' || (media.kind !== 'voice' && media.kind !== 'video_note')) throw new RpcError(400, 'TRANSCRIPTION_FAILED')
  const file = world.file(media.fileId)
  const sentence = file?.sample ? sampleNamed(file.sample)?.sentence : undefined
  if (!sentence) throw new RpcError(400, 'TRANSCRIPTION_FAILED')
  return {
    _: 'messages.transcribedAudio', pending: false,
    transcriptionId: Long.fromNumber(chat.id * 1000 + msg.id), text: sentence,
  }
}
