import { describe, expect, it } from 'vitest'
import { Assembler } from './json.ts'
import { JsonSyntaxError, JsonTokenizer } from './tokenizer.ts'

/** Tokenizes `text` cut into pieces at `cuts` and builds the value back. */
function parsePieces(text: string, cuts: number[]): unknown {
  const t = new JsonTokenizer()
  let at = 0
  for (const c of [...cuts, text.length]) {
    t.write(text.slice(at, c))
    at = c
  }
  t.end()
  const a = new Assembler()
  for (const tok of t.out) a.push(tok)
  return JSON.parse(JSON.stringify(a.value))
}

const SAMPLE = JSON.stringify({
  name: 'Chat "quoted" \\ back', id: -1234567890123, f: 1.5e-3, z: 0, t: true, n: null, no: false,
  messages: [{ id: 1, text: ['plain', { type: 'bold', text: 'b\n\t\u0001' }], emoji: '👍🏽 \ud83d\ude00 日本語' }, [], {}, [[1, [2]]]],
  tail: 'ends with a backslash \\',
}, null, 1)

describe('JsonTokenizer', () => {
  it('gives what JSON.parse gives, however the text is cut into pieces', () => {
    const want = JSON.parse(SAMPLE)
    expect(parsePieces(SAMPLE, [])).toEqual(want)
    for (let k = 1; k < SAMPLE.length; k++) expect(parsePieces(SAMPLE, [k])).toEqual(want)
    expect(parsePieces(SAMPLE, Array.from({ length: SAMPLE.length - 1 }, (_, i) => i + 1))).toEqual(want)
  })

  it('keeps big numbers as their text (the reader checks their range) and packs each string whole', () => {
    const t = new JsonTokenizer()
    t.write('[9223372036854775807, "a\\"b"]')
    t.end()
    expect(t.out).toEqual([
      { name: 'startArray' }, { name: 'numberValue', value: '9223372036854775807' }, { name: 'stringValue', value: 'a"b' }, { name: 'endArray' },
    ])
  })

  it('refuses what is not JSON, and a text cut off inside a value, after giving the tokens before it', () => {
    const bad = (text: string) => () => {
      const t = new JsonTokenizer()
      t.write(text)
      t.end()
    }
    expect(bad('{"a": 01}')).toThrow(JsonSyntaxError)
    expect(bad('{"a" 1}')).toThrow(/cannot parse input: expected ':'/)
    expect(bad('[1, 2,, 3]')).toThrow(/cannot parse input: expected a value/)
    expect(bad('{"a": tru}')).toThrow(/cannot parse/)
    expect(bad('{"a": "\\x"}')).toThrow(/cannot parse input: bad string/)
    expect(bad('{} {}')).toThrow(/nothing after the top-level value/)
    expect(bad('{"messages": [{"id": 1}, {"id"')).toThrow(/unexpected end of file \(truncated export\?\)/)
    expect(bad('{"a": "no end')).toThrow(/truncated/)
    const t = new JsonTokenizer()
    expect(() => t.write('{"messages": [{"id": 1}, ?')).toThrow(/cannot parse/)
    expect(t.out.map((x) => x.name)).toEqual(['startObject', 'keyValue', 'startArray', 'startObject', 'keyValue', 'numberValue', 'endObject'])
  })
})
