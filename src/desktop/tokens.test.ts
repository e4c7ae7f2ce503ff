import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Assembler, type Token } from './json.ts'
import { feedFile, type FilePosition } from './tokens.ts'
import { JsonTokenizer } from './tokenizer.ts'
import { tempDir } from './test-helpers.ts'

/** Reads `text` from a file through feedFile and builds the value back. */
async function viaFile(text: string): Promise<{ value: unknown; pieces: number }> {
  const file = join(tempDir(), 'result.json')
  writeFileSync(file, text)
  const a = new Assembler()
  const pos: FilePosition = { chunkStart: 0, chunkEnd: 0 }
  let pieces = 0
  for await (const _ of feedFile(file, pos, new JsonTokenizer((t: Token) => a.push(t)))) pieces++
  expect(pos.chunkEnd).toBe(Buffer.byteLength(text))
  return { value: JSON.parse(JSON.stringify(a.value)), pieces }
}

const messages = (n: number, text: (i: number) => string) => ({
  name: 'Chat', id: 1, messages: Array.from({ length: n }, (_, i) => ({ id: i + 1, text: text(i) })),
})

describe('feedFile', () => {
  it('reads indented, one-line and CRLF JSON across 64 KiB reads, multi-byte characters cut by them included', async () => {
    const value = messages(3000, (i) => `${'привет 日本語 👍🏽 '.repeat(i % 7)}"quoted" \\ ${i}`)
    for (const text of [JSON.stringify(value, null, 1), JSON.stringify(value), JSON.stringify(value, null, 1).replace(/\n/g, '\r\n')]) {
      const { value: read, pieces } = await viaFile(text)
      expect(read).toEqual(value)
      expect(pieces).toBeGreaterThan(Buffer.byteLength(text) / 65536)
    }
  })

  it('hands a line longer than what it carries over to the next read whole', async () => {
    // lines of 10,000 characters: past the 4 KiB kept for the next read
    const value = messages(40, (i) => String(i).repeat(10000))
    expect((await viaFile(JSON.stringify(value, null, 1))).value).toEqual(value)
  })
})
