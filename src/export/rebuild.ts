// `tobs render`: rewrites every note from the state database (e.g. with another --split), no Telegram.
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { useVaultTmp } from '../vault/files.ts'
import { lockVault } from '../vault/lock.ts'
import { StateDb, StateError } from '../vault/state.ts'
import { joinVault, periodNotePath } from '../vault/paths.ts'
import { ChatIngest } from './ingest.ts'
import { relinkAcrossChats } from './relink.ts'
import { VaultContext } from './vault-context.ts'
import { installLook } from './snippet.ts'
import { splitOfPeriod, type SplitChoice } from './layout.ts'

/** `signal` (Ctrl-C) stops between chats, each chat whole in one layout; a rerun rebuilds again (issue 14). */
export async function rebuildVault(vaultDir: string, layout: { split: SplitChoice; timeZone: string }, signal?: AbortSignal): Promise<number> {
  if (!existsSync(join(vaultDir, '.tobs', 'state.db'))) throw new StateError(`${vaultDir} holds no tobs vault (.tobs/state.db)`)
  const unlock = lockVault(vaultDir)
  const state = StateDb.open(vaultDir)
  useVaultTmp(vaultDir)
  try {
    await installLook(vaultDir, () => {})
    const self = state.settings.get('self_id')
    const ctx = new VaultContext(state, { ...layout, selfId: self === undefined ? undefined : Number(self) })
    let notes = 0
    for (const { chat } of state.chats.all()) {
      signal?.throwIfAborted()
      // the notes tobs wrote and recorded, found before the rewrite: the new ones are written first
      // (each replaced atomically), then only old ones the new layout has no place for are removed;
      // files the user put in a chat folder are never touched (issue 16)
      const before = recordedNotes(state, ctx, chat.id)
      const writer = new ChatIngest(chat, { state, ctx, layout, vaultDir })
      writer.begin()
      state.transaction(() => {
        state.notes.clearDirty(chat.id)
        state.notes.clear(chat.id)
        const seen = new Set<string>()
        for (const { topicId, date } of state.messages.dates(chat.id)) {
          const period = ctx.periods.of(chat.id, topicId, date)
          const key = `${topicId}:${period}`
          if (!seen.has(key)) {
            seen.add(key)
            state.notes.markDirty(chat.id, topicId, period)
          }
        }
      })
      await writer.finish()
      notes += writer.stats.notesWritten
      const after = new Set(recordedNotes(state, ctx, chat.id))
      for (const rel of before) if (!after.has(rel)) rmSync(join(vaultDir, rel), { force: true })
    }
    // a chat laid out anew after others linked into it: their links follow
    notes += await relinkAcrossChats(ctx, { state, ctx, layout, vaultDir })
    return notes
  } finally {
    state.close()
    unlock()
  }
}

/** Vault paths of the period notes recorded for a chat, each in the layout that wrote it. */
function recordedNotes(state: StateDb, ctx: VaultContext, chatId: number): string[] {
  const out: string[] = []
  for (const { topicId, period } of state.notes.of(chatId)) {
    const folder = ctx.folderOf(chatId, topicId)
    if (folder !== undefined) out.push(`${joinVault(folder, periodNotePath(period, splitOfPeriod(period)))}.md`)
  }
  return out
}
