import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { StateDb } from './state.ts'

describe('StateDb while a note streams', () => {
  it('accepts new pages while a period is being read', () => {
    const db = StateDb.open(mkdtempSync(join(tmpdir(), 'tobs-state-')))
    for (let id = 1; id <= 50; id++) db.messages.put({ id, chatId: 1, date: 1000 + id, text: `m${id}`, entities: [] })
    const read = db.messages.ofPeriod(1, 0, 0, 10_000)
    expect(read.next().value?.id).toBe(1)
    // a page arriving mid-read (another shard) must not fail with "connection is busy"
    db.transaction(() => db.messages.put({ id: 60, chatId: 1, date: 2000, text: 'late', entities: [] }))
    let n = 1
    for (const _ of read) n++
    expect(n).toBeGreaterThanOrEqual(50)
    expect(db.messages.get(1, 60)?.text).toBe('late')
    db.close()
  })
})
