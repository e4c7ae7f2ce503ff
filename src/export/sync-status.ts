// `tobs status`: per chat of a vault, its messages, last sync, whether a sync was cut short, and the
// id ranges not yet stored (gaps between complete ranges), read from the state database only.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { StateDb, StateError } from '../vault/state.ts'

export interface ChatStatus {
  chat_id: number
  title: string
  kind: string
  messages: number
  first_id?: number
  last_id?: number
  /** ISO time the last complete sync finished */
  last_sync?: string
  /** synced: the last sync finished; interrupted: one started and never finished; exported: never synced */
  state: 'synced' | 'interrupted' | 'exported'
  /** id ranges inside [first_id, last_id] not known to be complete */
  gaps: { from: number; to: number }[]
  missing_ids: number
  added?: number
  refreshed?: number
}

export function syncStatus(vaultDir: string): ChatStatus[] {
  if (!existsSync(join(vaultDir, '.tobs', 'state.db'))) throw new StateError(`${vaultDir} holds no tobs vault (.tobs/state.db)`)
  const state = StateDb.open(vaultDir)
  try {
    return state.chats.all().map(({ chat }) => {
      const stats = state.messages.stats(chat.id)
      const sync = state.syncs.get(chat.id)
      const ranges = state.ranges.of(chat.id)
      const gaps: { from: number; to: number }[] = []
      for (let i = 1; i < ranges.length; i++) gaps.push({ from: ranges[i - 1]!.hi + 1, to: ranges[i]!.lo - 1 })
      return {
        chat_id: chat.id, title: chat.title, kind: chat.kind, messages: stats.count, first_id: stats.firstId,
        last_id: stats.lastId, last_sync: sync?.lastOkAt ? new Date(sync.lastOkAt).toISOString() : undefined,
        state: !sync ? 'exported' : sync.finishedAt === undefined ? 'interrupted' : 'synced',
        gaps, missing_ids: gaps.reduce((n, g) => n + g.to - g.from + 1, 0), added: sync?.added, refreshed: sync?.refreshed,
      }
    })
  } finally {
    state.close()
  }
}
