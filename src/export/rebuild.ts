// `tobs render`: rewrites every note from the state database (e.g. with another --split), no Telegram.
import type { StateDb } from '../vault/state.ts'
import { NoteFiles } from '../vault/note-files.ts'
import { joinVault, periodNotePath } from '../vault/paths.ts'
import { ChatIngest } from './ingest.ts'
import { relinkAcrossChats } from './relink.ts'
import { VaultContext } from './vault-context.ts'
import { withVault } from './open-vault.ts'
import { exportChat } from './export-chat.ts'
import { silentProgress } from './progress.ts'
import { splitOfPeriod, type SplitChoice } from './layout.ts'

/** `signal` (Ctrl-C) stops between chats, each chat whole in one layout; a rerun rebuilds again (issue 14). */
export async function rebuildVault(
  vaultDir: string, layout: { split: SplitChoice; timeZone: string }, signal?: AbortSignal, warn?: (message: string) => void,
): Promise<number> {
  return withVault(vaultDir, { existing: true, look: () => {} }, async (state) => {
    const self = state.settings.get('self_id')
    const ctx = new VaultContext(state, { ...layout, selfId: self === undefined ? undefined : Number(self) })
    const files = new NoteFiles(state, vaultDir, { warn })
    let notes = 0
    for (const { chat } of state.chats.all()) {
      signal?.throwIfAborted()
      // the notes tobs wrote and recorded, found before the rewrite: the new ones are written first
      // (each replaced atomically), then only old ones the new layout has no place for are removed;
      // files the user put in a chat folder are never touched (issue 16)
      const before = recordedNotes(state, ctx, chat.id)
      const sink = new ChatIngest(chat, { state, ctx, layout, vaultDir, notes: files })
      sink.begin()
      markEveryPeriod(state, ctx, chat.id)
      // nothing new to read: the source is the state database, whose every period is now stale
      notes += (await exportChat({ chat, items: noPages() }, sink, silentProgress)).notes
      const after = new Set(recordedNotes(state, ctx, chat.id))
      for (const rel of before) if (!after.has(rel)) await files.remove(rel)
    }
    // a chat laid out anew after others linked into it: their links follow
    notes += await relinkAcrossChats(ctx, { state, ctx, layout, vaultDir, notes: files })
    return notes
  })
}

/** Forgets a chat's notes and marks the period of every stored message stale. */
function markEveryPeriod(state: StateDb, ctx: VaultContext, chatId: number): void {
  state.transaction(() => {
    state.notes.clearDirty(chatId)
    state.notes.clear(chatId)
    for (const topicId of state.messages.topicStats(chatId).keys()) {
      for (const { period } of ctx.periods.present(chatId, topicId)) state.notes.markDirty(chatId, topicId, period)
    }
  })
}

async function* noPages(): AsyncGenerator<never> {}

/** Vault paths of the period notes recorded for a chat, each in the layout that wrote it. */
function recordedNotes(state: StateDb, ctx: VaultContext, chatId: number): string[] {
  const out: string[] = []
  for (const { topicId, period } of state.notes.of(chatId)) {
    const folder = ctx.folderOf(chatId, topicId)
    if (folder !== undefined) out.push(`${joinVault(folder, periodNotePath(period, splitOfPeriod(period)))}.md`)
  }
  return out
}
