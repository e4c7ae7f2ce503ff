// What a rerun must fix in media it placed or failed before (issue 16 item 4): a file the user
// deleted from the vault is put back, and a file whose download failed is tried again in a later
// run, up to MAX_RUNS runs. Returns, per chat, the messages whose notes must be written again (the
// note's media settle, and a placeholder becomes an embed once the file is there).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { StateDb } from '../vault/state.ts'
import { MAX_RUNS } from './queue.ts'

export function mediaToHeal(state: StateDb, vaultDir: string, chatIds: number[], maxRuns = MAX_RUNS): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>()
  const add = (chatId: number, msgId: number) => {
    let s = out.get(chatId)
    if (!s) out.set(chatId, (s = new Set()))
    s.add(msgId)
  }
  for (const chatId of chatIds) {
    for (const p of state.media.placedIn(chatId)) if (!existsSync(join(vaultDir, p.path))) add(chatId, p.msgId)
    for (const r of state.partials.retryable(chatId, maxRuns)) add(chatId, r.msgId)
  }
  return out
}
