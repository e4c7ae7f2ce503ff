import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cloneFile, linkOrCopy } from './zero-copy.ts'

describe('zero-copy helpers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tobs-zc-'))
  const src = join(dir, 'src.bin')
  writeFileSync(src, Buffer.alloc(300_000, 7))

  it('cloneFile gives equal, independent bytes in a new folder', async () => {
    const to = join(dir, 'a', 'b', 'clone.bin')
    await cloneFile(src, to)
    expect(readFileSync(to).equals(readFileSync(src))).toBe(true)
    expect(statSync(to).ino).not.toBe(statSync(src).ino)
  })

  it('linkOrCopy hard-links on one file system and replaces what was there', async () => {
    const to = join(dir, 'media', 'linked.bin')
    await cloneFile(src, to)
    writeFileSync(to, 'old')
    expect(await linkOrCopy(src, to)).toBe('linked')
    expect(statSync(to).ino).toBe(statSync(src).ino)
  })

  it('linkOrCopy copies where a link is refused (/dev/shm is another file system)', async () => {
    let shm: string
    try { shm = mkdtempSync('/dev/shm/tobs-zc-') } catch { return expect.fail('no /dev/shm on this machine') }
    const to = join(shm, 'copy.bin')
    expect(await linkOrCopy(src, to)).toBe('copied')
    expect(readFileSync(to).equals(readFileSync(src))).toBe(true)
  })
})
