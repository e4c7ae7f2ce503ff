// Id ranges of a chat known to be complete: every existing id inside is stored. Resume and
// incremental runs read only what lies outside them.
import type { Db } from '../database.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ranges (
  chat_id INTEGER NOT NULL, lo INTEGER NOT NULL, hi INTEGER NOT NULL, PRIMARY KEY (chat_id, lo)
) WITHOUT ROWID;
`

export interface Range { lo: number; hi: number }

export class RangesRepo {
  private readonly q
  /**
   * Per chat, its ranges as the table holds them once add() read them: a page then writes the one
   * row it changes without reading first. Forgotten when a transaction rolls back (StateDb.transaction).
   */
  private readonly known = new Map<number, Range[]>()

  constructor(db: Db) {
    db.exec(SCHEMA)
    this.q = {
      of: db.prepare('SELECT lo, hi FROM ranges WHERE chat_id = ? ORDER BY lo'),
      put: db.prepare('INSERT INTO ranges (chat_id, lo, hi) VALUES (?, ?, ?)'),
      // the ranges that overlap or touch [lo, hi]: the only rows a new range changes
      dropTouching: db.prepare('DELETE FROM ranges WHERE chat_id = ? AND lo <= ? AND hi >= ?'),
      setHi: db.prepare('UPDATE ranges SET hi = ? WHERE chat_id = ? AND lo = ?'),
    }
  }

  of(chatId: number): Range[] {
    return this.q.of.all(chatId) as Range[]
  }

  /**
   * Records that every existing id in [lo, hi] is stored, merging with touching ranges. Only those
   * are rewritten: a page mostly extends its shard's range upward, one row's hi. A DELETE ... RETURNING
   * and an INSERT did that at ~27 µs of CPU a page, a SELECT and an UPDATE at ~14 (transaction
   * included); the ranges known from the pages before spare the SELECT too (a 50k forum export's
   * profile: 14-35 -> 4-14 ms in add).
   */
  add(chatId: number, lo: number, hi: number): void {
    let ranges = this.known.get(chatId)
    if (!ranges) this.known.set(chatId, (ranges = this.of(chatId)))
    const touching = ranges.filter((r) => r.lo <= hi + 1 && r.hi >= lo - 1)
    const merged = mergeRange(touching, { lo, hi })[0]!
    const only = touching.length === 1 ? touching[0]! : undefined
    // the table is what counts: a statement that fails (a full disk) leaves nothing known
    this.known.delete(chatId)
    if (only?.lo === merged.lo) {
      if (only.hi !== merged.hi) this.q.setHi.run(merged.hi, chatId, only.lo)
    } else {
      this.q.dropTouching.run(chatId, hi + 1, lo - 1)
      this.q.put.run(chatId, merged.lo, merged.hi)
    }
    this.known.set(chatId, mergeRange(ranges, { lo, hi }))
  }

  /** A transaction rolled back: the ranges known may have lost rows or gained some. */
  forget(): void {
    this.known.clear()
  }
}

/**
 * Adds r to sorted disjoint ranges, merging overlapping or adjacent ones; `join` makes the merge of
 * two (what else they carry) when given.
 */
export function mergeRange<R extends Range>(ranges: R[], r: R, join?: (a: R, b: R) => R): R[] {
  const out: R[] = []
  let cur = { ...r }
  for (const x of ranges) {
    if (x.hi + 1 < cur.lo) out.push(x)
    else if (cur.hi + 1 < x.lo) {
      out.push(cur)
      cur = x
    } else cur = join ? join(x, cur) : { lo: Math.min(x.lo, cur.lo), hi: Math.max(x.hi, cur.hi) } as R
  }
  out.push(cur)
  return out.sort((a, b) => a.lo - b.lo)
}
