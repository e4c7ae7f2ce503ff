// Links across chats: a chat exported early cannot link into chats exported after it, and notes
// that link into a chat laid out anew point at its old notes. Both are rewritten at the end of a run.
import { join } from 'node:path'
import { fileContains } from '../runtime/file-contains.ts'
import { NO_TOPIC } from '../vault/state.ts'
import { NoteWriter, type NoteWriterDeps } from './note-writer.ts'
import { noteKey, type VaultContext } from './vault-context.ts'

/**
 * Rewrites the notes of chats exported earlier in this run whose replies, forwards or t.me links
 * point into chats exported after them: written first, they could not link yet. Returns notes written.
 */
export async function relinkAcrossChats(ctx: VaultContext, deps: NoteWriterDeps): Promise<number> {
  let written = 0
  const stale = await markLinksIntoRelaidOut(ctx, deps)
  for (const chatId of new Set([...stale, ...ctx.relinkable().map((n) => n.chatId)])) {
    const stored = deps.state.chats.get(chatId)
    if (!stored) continue
    // finish() rewrites the chat's notes that can now link, as at the end of its own export
    const notes = NoteWriter.of(stored, deps)
    await notes.finish()
    written += notes.stats.notesWritten
  }
  return written
}

/**
 * Notes of other chats that link into a chat laid out anew in this run point at its old notes:
 * they are marked stale (found by their text, once per run that changed a layout). Returns their chats.
 * Notes written after the last relayout link right already: `tobs convert` of one large chat read
 * its own 30 MB note whole (+100 MB RSS) and rewrote every note it had just written (issue 10).
 */
async function markLinksIntoRelaidOut(ctx: VaultContext, deps: NoteWriterDeps): Promise<Set<number>> {
  const chats = new Set<number>()
  if (ctx.relaidOut.size === 0) return chats
  const { state, vaultDir } = deps
  const prefixes = [...ctx.relaidOut].map((id) => ctx.folderOf(id, NO_TOPIC)).filter((f): f is string => !!f).map((f) => '[[' + f + '/')
  for (const { chat } of state.chats.all()) {
    for (const n of state.notes.of(chat.id)) {
      const rel = ctx.notePath(chat.id, n.topicId, n.period)
      if (!rel || ctx.writtenSinceRelayout.has(noteKey(chat.id, n.topicId, n.period))) continue
      if (await fileContains(join(vaultDir, `${rel}.md`), prefixes)) {
        state.notes.markDirty(chat.id, n.topicId, n.period)
        chats.add(chat.id)
      }
    }
  }
  ctx.relaidOut.clear()
  return chats
}
