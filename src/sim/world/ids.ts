// Which ids of a chat exist and when they were sent: deleted-id gaps (scattered ~3% plus runs of
// 64) and dates ascending with id, all computed per id so a chat of millions costs nothing.
import { hash } from './hash.ts'

export interface IdSpace {
  /** chat index in world.chats: salts every hash */
  index: number
  minId: number
  /** last id of the generated history: ids after it come from grow() and are never gaps */
  initialMaxId: number
  maxId: number
  /** ids that must exist (the chat's first message, topic starts) */
  pinnedIds: Set<number>
  /** world.delete overlay */
  deleted: Set<number>
  start: number
  /** seconds per id */
  step: number
}

const RUN_BLOCK = 64
/** one block in RUN_ODDS is a run of deleted ids */
const RUN_ODDS = 150
/** scattered deletions per thousand ids */
const GAP_PER_MILLE = 28

export function isGap(seed: number, s: IdSpace, id: number): boolean {
  if (id < s.minId || id > s.maxId) return true
  if (s.deleted.size > 0 && s.deleted.has(id)) return true
  return isGeneratedGap(seed, s, id)
}

/** A gap of the generated history only (ignores the range end and world.delete). */
export function isGeneratedGap(seed: number, s: IdSpace, id: number): boolean {
  if (id === s.minId || id >= s.initialMaxId || s.pinnedIds.has(id)) return false
  const r = id - s.minId
  if (hash(seed, s.index, Math.floor(r / RUN_BLOCK), 0x6a9) % RUN_ODDS === 0) return true
  return hash(seed, s.index, id, 0xde1) % 1000 < GAP_PER_MILLE
}

/** Non-decreasing in id (strictly when step >= 2): jitter stays under half a step. */
export function dateOf(seed: number, s: IdSpace, id: number): number {
  const r = id - s.minId
  const jitter = hash(seed, s.index, id, 0xda7) / 0x100000000
  return s.start + Math.floor(r * s.step + jitter * s.step * 0.5)
}

/** Smallest id in [minId, maxId + 1] whose date is >= date (binary search over the formula). */
export function firstIdAtOrAfter(seed: number, s: IdSpace, date: number): number {
  let lo = s.minId
  let hi = s.maxId + 1
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2)
    if (dateOf(seed, s, mid) >= date) hi = mid
    else lo = mid + 1
  }
  return lo
}
