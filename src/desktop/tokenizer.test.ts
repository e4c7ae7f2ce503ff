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

describe('JsonTokenizer with WholeObjects', () => {
  /** Tokenizes `text` in pieces, objects of the top-level array read whole where they fit in a piece. */
  function wholePieces(text: string, cuts: number[], accepts = (_: string) => true): { value: unknown; whole: number } {
    let depth = 0
    let whole = 0
    const a = new Assembler()
    const items: unknown[] = []
    const t = new JsonTokenizer((tok) => {
      if (tok.name === 'object') {
        whole++
        items.push(tok.json)
        return
      }
      if (tok.name === 'startObject' || tok.name === 'startArray') depth++
      if (tok.name === 'endObject' || tok.name === 'endArray') depth--
      if (depth === 0 && tok.name === 'endArray') return
      if (depth === 1 && tok.name === 'startArray') return
      a.push(tok)
      if (a.done) {
        items.push(a.value)
        a.value = undefined
        a.done = false
      }
    }, { wanted: () => depth === 1, accepts })
    let at = 0
    for (const c of [...cuts, text.length]) {
      t.write(text.slice(at, c))
      at = c
    }
    t.end()
    return { value: JSON.parse(JSON.stringify(items)), whole }
  }

  const LIST = JSON.stringify([{ id: 1, text: 'a "b" \\ c', e: [{ t: 'x' }] }, { id: 2, nested: { deep: [1, { k: '}' }] } }, { id: 3, s: ']' }], null, 1)

  it('builds each object whole where it fits in the piece, and tokenizes the rest, giving what JSON.parse gives', () => {
    const want = JSON.parse(LIST)
    expect(wholePieces(LIST, [])).toEqual({ value: want, whole: 3 })
    for (let k = 1; k < LIST.length; k++) expect(wholePieces(LIST, [k]).value).toEqual(want)
    expect(wholePieces(LIST, [], (text) => !text.includes('nested'))).toEqual({ value: want, whole: 2 })
  })

  it('finds where an indented object closes by its indentation, and reads oddly indented ones all the same', () => {
    // a nested object closing at the message's own indentation, a closer inside a string, a compact object
    const odd = '[\n {\n "id": 1,\n "x": {\n },\n "s": "\\n }"\n },\n {"id": 2, "y": {"z": "\\n }"}},\n {\n  "id": 3\n }\n]'
    const want = JSON.parse(odd)
    expect(wholePieces(odd, [])).toEqual({ value: want, whole: 3 })
    for (let k = 1; k < odd.length; k++) expect(wholePieces(odd, [k]).value).toEqual(want)
  })

  it('tokenizes an object JSON.parse refuses, so the error is the one tokens give', () => {
    const run = (text: string) => () => wholePieces(text, [])
    expect(run('[{"id": 1, "a": [}, {"id": 2}]')).toThrow(/cannot parse input: expected a value, got "}/)
    expect(run('[{"id": "a\\"b" "c"}]')).toThrow(/cannot parse input: expected ',' or '}'/)
    expect(run('[{"id": 1, "text": "cut \\" off')).toThrow(/truncated/)
  })
})
