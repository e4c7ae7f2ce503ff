// Reruns mend media (issue 16 item 4): the notes of messages whose file the user deleted, or whose
// download failed in an earlier run, are written again, and writing them settles their media first:
// the file is put back or fetched, and a placeholder becomes an embed.
import { NO_TOPIC } from '../vault/state.ts'
import { mediaToHeal } from '../media/heal.ts'
import { NoteWriter, type NoteWriterDeps } from './note-writer.ts'

/** Returns notes written. */
export async function healMedia(writerDeps: NoteWriterDeps, chatIds: number[]): Promise<number> {
  const { state, vaultDir } = writerDeps
  let written = 0
  for (const [chatId, ids] of mediaToHeal(state, vaultDir, chatIds)) {
    const stored = state.chats.get(chatId)
    if (!stored) continue
    for (const id of ids) {
      const m = state.messages.get(chatId, id)
      const topicId = m?.topicId ?? NO_TOPIC
      if (m) state.notes.markDirty(chatId, topicId, writerDeps.ctx.periods.of(chatId, topicId, m.date))
    }
    const writer = NoteWriter.of(stored, writerDeps)
    await writer.finish()
    written += writer.stats.notesWritten
  }
  return written
}
