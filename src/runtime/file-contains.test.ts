import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fileContains } from './file-contains.ts'

const dir = mkdtempSync(join(tmpdir(), 'tobs-contains-'))

describe('fileContains', () => {
  it('finds a needle cut in two by the 1 MiB reads, and any of several', async () => {
    const file = join(dir, 'big.md')
    // "[[Chat (1)/" starts 4 bytes before the first read ends
    writeFileSync(file, 'x'.repeat((1 << 20) - 4) + '[[Chat (1)/2024.md]]' + 'y'.repeat(100))
    expect(await fileContains(file, '[[Chat (1)/')).toBe(true)
    expect(await fileContains(file, ['[[Other (2)/', '[[Chat (1)/'])).toBe(true)
    expect(await fileContains(file, ['[[Other (2)/'])).toBe(false)
  })

  it('says false for a missing file and for no needles', async () => {
    expect(await fileContains(join(dir, 'absent.md'), 'x')).toBe(false)
    writeFileSync(join(dir, 'small.md'), 'x')
    expect(await fileContains(join(dir, 'small.md'), [])).toBe(false)
  })
})
