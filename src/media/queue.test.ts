import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { FileRef, Message } from '../model/types.ts'
import { StateDb } from '../vault/state.ts'
import { useVaultTmp } from '../vault/files.ts'
import { ALL_FILE_KINDS, MediaQueue } from './queue.ts'
import { FileUnavailable, type FileSource } from './source.ts'

function withFile(id: number, file: Partial<FileRef>): Message {
  const f: FileRef = { kind: 'photo', uniqueId: `u${id}`, name: `p${id}.jpg`, ref: 'x', size: 10, ...file }
  return { id, chatId: 7, date: 1, text: '', entities: [], media: { type: 'file', file: f } }
}

/** Bytes derived from the file name; `gate` holds every download until released. */
function source(gate?: Promise<void>): FileSource & { opened: string[] } {
  const opened: string[] = []
  return {
    opened,
    async *open(file) {
      opened.push(file.uniqueId)
      if (file.name.startsWith('missing')) throw new FileUnavailable('not included in the export')
      await gate
      yield new TextEncoder().encode(file.uniqueId.startsWith('same') ? 'same bytes' : `bytes of ${file.uniqueId}`)
    },
  }
}

function setup() {
  const vault = mkdtempSync(join(tmpdir(), 'tobs-media-'))
  useVaultTmp(vault)
  return { vault, state: StateDb.open(vault) }
}

const opts = { concurrency: 2, maxSize: 1000, kinds: new Set(ALL_FILE_KINDS) }

describe('MediaQueue', () => {
  it('downloads a file id once, stores equal bytes once, and gives every message its own path', async () => {
    const { vault, state } = setup()
    const src = source()
    const q = new MediaQueue(state, vault, src, opts)
    await q.settle('Chat (7)', [
      withFile(1, { uniqueId: 'a' }), withFile(2, { uniqueId: 'a' }),
      withFile(3, { uniqueId: 'same1' }), withFile(4, { uniqueId: 'same2' }),
    ])
    expect(src.opened.filter((u) => u === 'a')).toHaveLength(1)
    for (const id of [1, 2]) expect(state.media.placement(7, id, 'a')).toBe(`Chat (7)/_media/photo/${id}-p${id}.jpg`)
    expect(readFileSync(join(vault, state.media.placement(7, 4, 'same2')!), 'utf8')).toBe('same bytes')
    expect(q.stats.files).toBe(2)
    expect(q.stats.deduped).toBe(2)
  })

  it('records why a file was skipped and never downloads it', async () => {
    const { vault, state } = setup()
    const src = source()
    const q = new MediaQueue(state, vault, src, { ...opts, maxSize: 5, kinds: new Set(['photo' as const]) })
    await q.settle('C', [withFile(1, { size: 50 }), withFile(2, { kind: 'video', uniqueId: 'v' }), withFile(3, { name: 'missing.jpg', size: 1 })])
    expect(state.media.get('u1')?.skipped).toBe('larger than 1 KB')
    expect(state.media.get('v')?.skipped).toMatch(/video files not selected/)
    expect(state.media.get('u3')?.skipped).toBe('not included in the export')
    expect(src.opened).toEqual(['u3'])
  })

  it('makes the reader wait while too many downloads are queued', async () => {
    const { vault, state } = setup()
    let release!: () => void
    const q = new MediaQueue(state, vault, source(new Promise((r) => (release = r))), opts)
    const all = q.settle('C', Array.from({ length: 40 }, (_, i) => withFile(i + 1, {})))
    let roomy = false
    const room = q.roomFor(10).then(() => (roomy = true))
    await new Promise((r) => setTimeout(r, 20))
    expect(roomy).toBe(false)
    release()
    await room
    await all
    expect(roomy).toBe(true)
    expect(q.stats.files).toBe(40)
  })
})
