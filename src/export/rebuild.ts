// `tobs render`: rewrites every note from the state database (e.g. with another --split), no Telegram.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { useVaultTmp } from '../vault/files.ts'
import { lockVault } from '../vault/lock.ts'
import { StateDb, StateError } from '../vault/state.ts'
import { periodOf, type Split } from '../vault/paths.ts'
import { ChatWriter } from './chat-writer.ts'
import { VaultContext } from './vault-context.ts'

export async function rebuildVault(vaultDir: string, layout: { split: Split; timeZone: string }): Promise<number> {
  if (!existsSync(join(vaultDir, '.tobs', 'state.db'))) throw new StateError(`${vaultDir} holds no tobs vault (.tobs/state.db)`)
  const unlock = lockVault(vaultDir)
  const state = StateDb.open(vaultDir)
  useVaultTmp(vaultDir)
  try {
    const self = state.settings.get('self_id')
    const ctx = new VaultContext(state, { ...layout, selfId: self === undefined ? undefined : Number(self) })
    let notes = 0
    for (const { chat, folder } of state.chats.all()) {
      removeNotes(join(vaultDir, folder))
      const writer = new ChatWriter(chat, { state, ctx, layout, vaultDir })
      writer.begin()
      state.transaction(() => {
        state.notes.clearDirty(chat.id)
        state.notes.clear(chat.id)
        const seen = new Set<string>()
        for (const { topicId, date } of state.messages.dates(chat.id)) {
          const period = periodOf(date, layout.split)
          const key = `${topicId}:${period}`
          if (!seen.has(key)) {
            seen.add(key)
            state.notes.markDirty(chat.id, topicId, period)
          }
        }
      })
      await writer.finish()
      notes += writer.stats.notesWritten
    }
    return notes
  } finally {
    state.close()
    unlock()
  }
}

/** Deletes the Markdown notes of a chat folder (not its media): they are all derived from the database. */
function removeNotes(dir: string): void {
  if (!existsSync(dir)) return
  for (const name of readdirSync(dir)) {
    if (name === '_media') continue
    const p = join(dir, name)
    if (statSync(p).isDirectory()) removeNotes(p)
    else if (name.endsWith('.md')) rmSync(p)
  }
}
