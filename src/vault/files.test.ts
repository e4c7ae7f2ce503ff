// Streaming a note into a temporary file and putting it in place, on real files.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { place, useVaultTmp, writeChunksBeside } from './files.ts'

function vault(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tobs-files-'))
  useVaultTmp(dir)
  return dir
}

describe('writeChunksBeside', () => {
  it('writes chunks of any size and script whole, over many batches, and tells each byte once', async () => {
    const dir = vault()
    // two- to four-byte characters around every batch boundary, and chunks longer than a batch
    const chunks: string[] = []
    for (let i = 0; i < 12_000; i++) chunks.push(`> [!tg] **Ä ${i}** · 😀 ${'é'.repeat(i % 50)} 中\n\n^m${i}\n\n`)
    chunks.splice(1000, 0, '😀'.repeat(40_000), 'x'.repeat(70_000), '中'.repeat(100_000))
    chunks.push('')
    const seen: Buffer[] = []
    const head = '---\ntg_title: "Ä 😀"\n---\n'
    const { tmp, bytes } = await writeChunksBeside(join(dir, 'Chat', 'note.md'), head, chunks, (b) => seen.push(Buffer.from(b)))
    const want = Buffer.from(head + chunks.join(''))
    expect(readFileSync(tmp).equals(want)).toBe(true)
    expect(bytes).toBe(want.length)
    expect(Buffer.concat(seen).equals(want)).toBe(true)
    expect(seen.length).toBeGreaterThan(4)
    place(tmp, join(dir, 'Chat', 'note.md'))
    expect(readFileSync(join(dir, 'Chat', 'note.md')).equals(want)).toBe(true)
    expect(readdirSync(join(dir, '.tobs', 'tmp'))).toEqual([])
  })

  it('gives the event loop a turn while a long note is written (the writes are synchronous)', async () => {
    const dir = vault()
    let made = 0
    function* long(): Generator<string> {
      for (; made < 40_000; made++) yield 'x'.repeat(99) + '\n'
    }
    let madeWhenLoopRan = -1
    setImmediate(() => (madeWhenLoopRan = made))
    // a head longer than a batch, too
    const { tmp, bytes } = await writeChunksBeside(join(dir, 'note.md'), 'h'.repeat(300_000), long())
    expect(bytes).toBe(4_300_000)
    expect(readFileSync(tmp, 'latin1')).toBe('h'.repeat(300_000) + ('x'.repeat(99) + '\n').repeat(40_000))
    expect(madeWhenLoopRan).toBeGreaterThan(0)
    expect(madeWhenLoopRan).toBeLessThan(40_000)
  })

  it('leaves no temporary file when the chunks fail half-way', async () => {
    const dir = vault()
    function* failing(): Generator<string> {
      yield 'x'.repeat(100_000)
      throw new Error('render failed')
    }
    await expect(writeChunksBeside(join(dir, 'note.md'), '', failing())).rejects.toThrow('render failed')
    expect(readdirSync(join(dir, '.tobs', 'tmp'))).toEqual([])
  })
})

describe('place', () => {
  it('makes the folder of the note when it is missing (the user removed it during the run)', async () => {
    const dir = vault()
    const { tmp } = await writeChunksBeside(join(dir, 'Gone', 'Deeper', 'note.md'), 'text\n', [])
    expect(existsSync(join(dir, 'Gone'))).toBe(false)
    place(tmp, join(dir, 'Gone', 'Deeper', 'note.md'))
    expect(readFileSync(join(dir, 'Gone', 'Deeper', 'note.md'), 'utf8')).toBe('text\n')
  })

  it('fails as the rename does when the temporary file is not there, making no folder', () => {
    const dir = vault()
    expect(() => place(join(dir, '.tobs', 'tmp', 'missing'), join(dir, 'New', 'note.md'))).toThrow(/ENOENT/)
    expect(existsSync(join(dir, 'New'))).toBe(false)
  })

  it('fails when a file stands where the folder should be', async () => {
    const dir = vault()
    writeFileSync(join(dir, 'Chat'), 'a file, not a folder')
    const { tmp } = await writeChunksBeside(join(dir, 'Chat', 'note.md'), 'text\n', [])
    expect(() => place(tmp, join(dir, 'Chat', 'note.md'))).toThrow(/ENOTDIR|EEXIST/)
  })
})
