// The note hash: fed in chunks of any size it equals the line-by-line hash the scanner computes (the
// hashes of notes already recorded in vaults must not change).
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { NoteHasher, noteHash } from './note-text.ts'

/** The definition: sha-256 of every line with a non-whitespace character, its trailing \r dropped, each + \n. */
function reference(text: string): string {
  const h = createHash('sha256')
  for (const l of text.split('\n')) if (l.trim() !== '') h.update(l.endsWith('\r') ? l.slice(0, -1) + '\n' : l + '\n')
  return h.digest('hex')
}

function lineFed(text: string): string {
  const h = new NoteHasher()
  for (const l of text.split('\n')) h.line(l)
  return h.digest()
}

const texts = [
  '',
  '\n\n\n',
  'one line',
  'one line\n',
  '---\ntitle: x\n---\n\n> [!tg] **A**\n> text\n\n^m1\n\n',
  'crlf\r\n\r\nnext\r\n \t\r\n\u00a0\u2003\n\ufeff\nlast\r',
  'lone \r in the middle\r\r\nend',
  'émoji 😀 and \u3000 ideographic space\n\u3000\n\u2028\nx',
]

describe('NoteHasher', () => {
  it('hashes non-blank lines without their \\r, whatever the chunks', () => {
    for (const text of texts) {
      const want = reference(text)
      expect(noteHash(text)).toBe(want)
      expect(lineFed(text)).toBe(want)
      for (const size of [1, 2, 3, 7, 100]) {
        const h = new NoteHasher()
        for (let i = 0; i < text.length; i += size) h.update(text.slice(i, i + size))
        expect(h.digest()).toBe(want)
      }
    }
  })

  it('hashes the UTF-8 bytes of a text as it hashes the text, whatever the byte chunks', () => {
    for (const text of [...texts, ' \u00a0x\n\u2003\u3000 \r\n\u00e9\n', 'no newline at the end \u3000', '\u3000']) {
      const want = reference(text)
      const bytes = Buffer.from(text)
      for (const size of [1, 2, 3, 7, 100, bytes.length + 1]) {
        const h = new NoteHasher()
        for (let i = 0; i < bytes.length; i += size) h.bytes(bytes.subarray(i, i + size))
        expect(h.digest()).toBe(want)
      }
    }
  })

  it('hashes a note longer than a batch the same in one piece and in chunks', () => {
    const blocks = Array.from({ length: 3000 }, (_, i) => `> [!tg] **User ${i % 7}** · 12:0${i % 10}\n> text ${i}\r\n\n^m${i}\n\n`)
    const text = blocks.join('')
    const h = new NoteHasher()
    for (const b of blocks) h.update(b)
    expect(h.digest()).toBe(reference(text))
    expect(noteHash(text)).toBe(reference(text))
    const fed = new NoteHasher()
    for (let i = 0; i < text.length; i += 20000) fed.bytes(Buffer.from(text.slice(i, i + 20000)))
    expect(fed.digest()).toBe(reference(text))
    expect(reference(text)).not.toBe(reference(text.replace('text 17', 'text 18')))
  })
})
