import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PrefixHash } from './prefix-hash.ts'

describe('PrefixHash', () => {
  it('hashes a file written in parts as its prefix grows, equal to hashing it whole', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tobs-prefix-hash-')), 'f.part')
    const bytes = randomBytes(3 * 1024 * 1024 + 123)
    const part = 512 * 1024
    const fh = await open(path, 'w')
    const hash = new PrefixHash(path)
    // parts land out of order; the prefix is told only as it grows
    const offsets = Array.from({ length: Math.ceil(bytes.length / part) }, (_, i) => i * part).reverse()
    for (const offset of offsets) await fh.write(bytes, offset, Math.min(part, bytes.length - offset), offset)
    hash.advance(part)
    hash.advance(bytes.length)
    await fh.close()
    expect(await hash.digest(bytes.length)).toBe(createHash('sha256').update(bytes).digest('hex'))
  })

  it('a file shorter than told fails the digest', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tobs-prefix-hash-')), 'f.part')
    writeFileSync(path, randomBytes(1000))
    await expect(new PrefixHash(path).digest(2000)).rejects.toThrow(/ends at 1000 bytes/)
  })
})
