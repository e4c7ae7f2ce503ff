import { closeSync, existsSync, mkdtempSync, mkdirSync, openSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { mergeRange, StateDb, StateError } from './state.ts'
import { SCHEMA_VERSION } from './database.ts'

const tmp = () => mkdtempSync(join(tmpdir(), 'tobs-state-'))

describe('mergeRange', () => {
  it('merges touching and overlapping ranges, keeps gaps', () => {
    expect(mergeRange([], { lo: 1, hi: 5 })).toEqual([{ lo: 1, hi: 5 }])
    expect(mergeRange([{ lo: 1, hi: 5 }], { lo: 6, hi: 9 })).toEqual([{ lo: 1, hi: 9 }])
    expect(mergeRange([{ lo: 1, hi: 5 }], { lo: 8, hi: 9 })).toEqual([{ lo: 1, hi: 5 }, { lo: 8, hi: 9 }])
    expect(mergeRange([{ lo: 1, hi: 5 }, { lo: 8, hi: 9 }], { lo: 4, hi: 8 })).toEqual([{ lo: 1, hi: 9 }])
    expect(mergeRange([{ lo: 10, hi: 20 }], { lo: 1, hi: 2 })).toEqual([{ lo: 1, hi: 2 }, { lo: 10, hi: 20 }])
  })
})

describe('StateDb', () => {
  it('records complete id ranges as the merge of every range added, per chat', () => {
    const db = StateDb.open(tmp())
    const adds = [[101, 200], [1, 100], [401, 500], [301, 350], [351, 400], [250, 260], [180, 255], [600, 600], [1, 2]]
    let expected: { lo: number; hi: number }[] = []
    for (const [lo, hi] of adds) {
      db.ranges.add(7, lo!, hi!)
      expected = mergeRange(expected, { lo: lo!, hi: hi! })
      expect(db.ranges.of(7)).toEqual(expected)
    }
    expect(db.ranges.of(7)).toEqual([{ lo: 1, hi: 260 }, { lo: 301, hi: 500 }, { lo: 600, hi: 600 }])
    db.ranges.add(8, 1, 10)
    expect(db.ranges.of(8)).toEqual([{ lo: 1, hi: 10 }])
    expect(db.ranges.of(7)).toEqual(expected)
    db.close()
  })

  it('stores messages losslessly and upserts on rerun', () => {
    const db = StateDb.open(tmp())
    const m = { id: 3, chatId: 9, date: 100, text: 'x', entities: [{ type: 'bold' as const, offset: 0, length: 1 }] }
    db.messages.put(m)
    db.messages.put({ ...m, text: 'y' })
    expect(db.messages.get(9, 3)).toEqual({ ...m, text: 'y' })
    expect(db.messages.stats(9)).toEqual({ count: 1, firstId: 3, lastId: 3 })
    db.close()
  })

  it('keeps a chat folder once chosen and never gives two chats one folder', () => {
    const db = StateDb.open(tmp())
    expect(db.chats.put({ id: 1, kind: 'group', title: 'A' }, 'A (1)')).toBe('A (1)')
    expect(db.chats.put({ id: 1, kind: 'group', title: 'Renamed' }, 'Renamed (1)')).toBe('A (1)')
    expect(db.chats.putTopic(1, { id: 5, title: 'T' }, 'T')).toBe('T')
    expect(db.chats.putTopic(1, { id: 6, title: 'T' }, 'T')).toBe('T 2')
    db.close()
  })

  it('finds the placements and files recorded before and during a run, also after reopening', () => {
    const dir = tmp()
    let db = StateDb.open(dir)
    expect(db.media.placement(1, 2, 'u')).toBeUndefined()
    expect(db.media.get('u')).toBeUndefined()
    db.media.place(1, 2, 'u', 'A (1)/_media/photo/2-a.jpg')
    db.media.put('v', { skipped: 'too large' })
    expect(db.media.placement(1, 2, 'u')).toBe('A (1)/_media/photo/2-a.jpg')
    expect(db.media.placement(3, 2, 'u')).toBeUndefined()
    expect(db.media.get('v')).toEqual({ skipped: 'too large' })
    db.close()
    db = StateDb.open(dir)
    expect(db.media.get('v')).toEqual({ skipped: 'too large' })
    expect(db.media.placement(1, 2, 'u')).toBe('A (1)/_media/photo/2-a.jpg')
    db.media.place(3, 4, 'w', 'B (3)/_media/photo/4-b.jpg')
    expect(db.media.placement(3, 4, 'w')).toBe('B (3)/_media/photo/4-b.jpg')
    db.close()
  })

  it('tracks dirty notes until written', () => {
    const db = StateDb.open(tmp())
    db.notes.markDirty(1, 0, '2024-01')
    db.notes.markDirty(1, 0, '2024-01')
    expect(db.notes.dirty(1)).toEqual([{ topicId: 0, period: '2024-01' }])
    db.notes.markClean(1, 0, '2024-01')
    expect(db.notes.dirty(1)).toEqual([])
    db.close()
  })

  it('lists the dirty notes the table holds, in its order, after marks, cleans and a rolled-back transaction', () => {
    const dir = tmp()
    const db = StateDb.open(dir)
    const table = new Database(join(dir, '.tobs', 'state.db'), { readonly: true })
    const rows = table.prepare('SELECT topic_id AS topicId, period FROM dirty WHERE chat_id = ? ORDER BY topic_id, period')
    db.notes.markDirty(1, 5, '2024-02')
    expect(db.notes.dirty(1)).toEqual([{ topicId: 5, period: '2024-02' }])
    // the list is known from here on: later marks and cleans keep it as the table is
    for (const [topic, period] of [[0, '2024-03'], [5, '2023-12'], [0, '2024-01'], [9, 'all'], [5, '2024-02']] as const) {
      db.notes.markDirty(1, topic, period)
    }
    db.notes.markDirty(2, 0, '2024-01')
    db.notes.markClean(1, 0, '2024-03')
    db.notes.markClean(1, 0, '2020-01')
    expect(() => db.transaction(() => {
      db.notes.markDirty(1, 0, '2025-01')
      db.notes.markClean(1, 9, 'all')
      throw new Error('rolled back')
    })).toThrow('rolled back')
    expect(db.notes.dirty(1)).toEqual(rows.all(1))
    expect(db.notes.dirty(1)).toEqual([
      { topicId: 0, period: '2024-01' }, { topicId: 5, period: '2023-12' }, { topicId: 5, period: '2024-02' }, { topicId: 9, period: 'all' },
    ])
    // the note the rolled-back transaction marked is not taken as dirty: marking it again writes its row
    db.notes.markDirty(1, 0, '2025-01')
    expect(rows.all(1)).toContainEqual({ topicId: 0, period: '2025-01' })
    db.notes.markClean(1, 0, '2025-01')
    // a caller may mark clean while it walks the list it got
    for (const d of db.notes.dirty(1)) db.notes.markClean(1, d.topicId, d.period)
    expect(db.notes.dirty(1)).toEqual([])
    expect(rows.all(1)).toEqual([])
    db.notes.clearDirty(2)
    expect(db.notes.dirty(2)).toEqual(rows.all(2))
    table.close()
    db.close()
  })

  it('records ranges as the table holds them after a transaction that added one rolled back', () => {
    const db = StateDb.open(tmp())
    db.ranges.add(7, 1, 100)
    expect(() => db.transaction(() => {
      db.ranges.add(7, 101, 200)
      throw new Error('rolled back')
    })).toThrow('rolled back')
    // known as 1-200 this would widen the row to 1-300 over ids never stored
    db.ranges.add(7, 201, 300)
    expect(db.ranges.of(7)).toEqual([{ lo: 1, hi: 100 }, { lo: 201, hi: 300 }])
    db.ranges.add(7, 101, 200)
    expect(db.ranges.of(7)).toEqual([{ lo: 1, hi: 300 }])
    db.close()
  })

  it('refuses a corrupt database with one clear error', () => {
    const dir = tmp()
    mkdirSync(join(dir, '.tobs'))
    writeFileSync(join(dir, '.tobs', 'state.db'), 'this is not sqlite at all, just text'.repeat(200))
    expect(() => StateDb.open(dir)).toThrow(StateError)
    expect(() => StateDb.open(dir)).toThrow(/unreadable/)
  })

  it('refuses a database of a newer schema instead of guessing at it', () => {
    const dir = tmp()
    StateDb.open(dir).close()
    const raw = new Database(join(dir, '.tobs', 'state.db'))
    raw.prepare("UPDATE meta SET value = '99' WHERE key = 'schema'").run()
    raw.close()
    expect(() => StateDb.open(dir)).toThrow(`has schema 99, this tobs needs ${SCHEMA_VERSION}`)
  })

  it('pages through a chat in id order', () => {
    const db = StateDb.open(tmp())
    for (const id of [5, 1, 3, 9]) db.messages.put({ id, chatId: 2, date: id, text: '', entities: [] })
    db.messages.put({ id: 4, chatId: 3, date: 4, text: '', entities: [] })
    expect(db.messages.page(2, Number.MIN_SAFE_INTEGER, 2).map((m) => m.id)).toEqual([1, 3])
    expect(db.messages.page(2, 3, 10).map((m) => m.id)).toEqual([5, 9])
    db.close()
  })

  it('skips the check only for a file exactly as its clean close left it: a damaged one is refused, its times put back or not', () => {
    const dir = tmp()
    const path = join(dir, '.tobs', 'state.db')
    const db = StateDb.open(dir)
    db.transaction(() => {
      for (let id = 1; id <= 3000; id++) db.messages.put({ id, chatId: 1, date: id, text: `message ${id} `.repeat(8), entities: [] })
    })
    // open: a run killed now leaves no stamp behind
    expect(existsSync(`${path}-closed`)).toBe(false)
    db.close()
    expect(existsSync(`${path}-closed`)).toBe(true)
    // a whole second, so that it can be put back to the nanosecond
    const reopened = StateDb.open(dir)
    const second = new Date('2026-01-01T00:00:00Z')
    utimesSync(path, second, second)
    reopened.close()
    expect(statSync(path).mtimeMs).toBe(second.getTime())
    // pages overwritten in the middle, then the modification time put back as it was
    const { size } = statSync(path)
    expect(size).toBeGreaterThan(16 * 4096)
    const fd = openSync(path, 'r+')
    writeSync(fd, Buffer.alloc(4 * 4096, 0xa5), 0, 4 * 4096, Math.floor(size / 4096 / 2) * 4096)
    closeSync(fd)
    utimesSync(path, second, second)
    expect(() => StateDb.open(dir)).toThrow(/is damaged/)
  })
})
