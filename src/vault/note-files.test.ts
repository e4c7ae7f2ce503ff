// The user-edit guard on real files and a real state database (issue 16).
import { spawnSync } from 'node:child_process'
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { NoteFiles } from './note-files.ts'
import { StateDb } from './state.ts'

const FIXTURE = join(import.meta.dirname, 'note-files.fixture.ts')
const opened: StateDb[] = []
afterEach(() => {
  for (const s of opened.splice(0)) s.close()
})

function setup() {
  const vault = mkdtempSync(join(tmpdir(), 'tobs-notes-'))
  const state = StateDb.open(vault)
  opened.push(state)
  const warnings: string[] = []
  const files = new NoteFiles(state, vault, { warn: (w) => warnings.push(w), now: () => new Date('2026-11-30T01:02:03Z') })
  return { vault, state, files, warnings }
}

const header = '---\ntg_chat_id: 5\nperiod: "2024-01"\n---\n# Chat · 2024-01\n\n'
const block = (id: number, text: string) => `> [!tg|c0] **Alice** · 2024-01-05 12:0${id % 10}\n> ${text}\n\n^m${id}\n\n`
const note = (...blocks: string[]) => [header, ...blocks]
const read = (vault: string, rel: string) => readFileSync(join(vault, rel), 'utf8')
const asides = (vault: string) => readdirSync(vault).filter((n) => n.includes('(your edit '))

describe('NoteFiles', () => {
  it('rewrites its own notes, also when only their time or blank lines changed', async () => {
    const { vault, files, warnings } = setup()
    await files.write('n.md', note(block(1, 'one')))
    utimesSync(join(vault, 'n.md'), new Date(2020, 1, 1), new Date(2020, 1, 1))
    await files.write('n.md', note(block(1, 'one'), block(2, 'two')))
    writeFileSync(join(vault, 'n.md'), read(vault, 'n.md').replace(/\n\n/g, '\r\n\r\n\r\n'))
    await files.write('n.md', note(block(1, 'one'), block(2, 'two'), block(3, 'three')))
    expect(read(vault, 'n.md')).toBe(note(block(1, 'one'), block(2, 'two'), block(3, 'three')).join(''))
    expect(warnings).toEqual([])
    expect(asides(vault)).toEqual([])
  })

  it("carries the user's text between blocks and after the end into every later version", async () => {
    const { vault, files, warnings } = setup()
    await files.write('n.md', note(block(1, 'one'), block(2, 'two'), block(4, 'four')))
    const edited = read(vault, 'n.md').replace('^m1\n\n', '^m1\n\nMy note on one\nsecond line\n\n') + 'At the end\n'
    writeFileSync(join(vault, 'n.md'), edited)
    // message 2 deleted, 3 and 5 new, 4 edited: the additions stay after the blocks they followed
    await files.write('n.md', note(block(1, 'one'), block(3, 'three'), block(4, 'four!'), block(5, 'five')))
    const want = header + block(1, 'one') + 'My note on one\nsecond line\n\n' + block(3, 'three') + block(4, 'four!') +
      'At the end\n\n' + block(5, 'five')
    expect(read(vault, 'n.md')).toBe(want)
    await files.write('n.md', note(block(1, 'one'), block(3, 'three'), block(4, 'four!'), block(5, 'five')))
    expect(read(vault, 'n.md')).toBe(want)
    expect([...files.merged]).toEqual(['n.md'])
    expect(warnings).toEqual([])
    expect(asides(vault)).toEqual([])
  })

  it('keeps text appended to a note without message blocks (an index note)', async () => {
    const { vault, files } = setup()
    await files.write('i.md', ['---\ntg_id: 5\n---\n# Chat\n\n## Messages\n\n- [[a]]\n'])
    appendFileSync(join(vault, 'i.md'), '\nMy summary of this chat\n')
    await files.write('i.md', ['---\ntg_id: 5\n---\n# Chat\n\n## Messages\n\n- [[a]]\n- [[b]]\n'])
    expect(read(vault, 'i.md')).toBe('---\ntg_id: 5\n---\n# Chat\n\n## Messages\n\n- [[a]]\n- [[b]]\n\nMy summary of this chat\n')
  })

  it("sets aside a note whose messages or frontmatter the user changed, says so, and writes tobs's version", async () => {
    const { vault, files, warnings } = setup()
    await files.write('n.md', note(block(1, 'one'), block(2, 'two')))
    writeFileSync(join(vault, 'n.md'), read(vault, 'n.md').replace('> two', '> two, corrected by me'))
    await files.write('n.md', note(block(1, 'one'), block(2, 'two')))
    expect(read(vault, 'n.md')).toBe(note(block(1, 'one'), block(2, 'two')).join(''))
    expect(asides(vault)).toEqual(['n (your edit 2026-11-30T01-02-03).txt'])
    expect(read(vault, asides(vault)[0]!)).toContain('corrected by me')
    expect(files.keptAside).toEqual(['n (your edit 2026-11-30T01-02-03).txt'])
    expect(warnings).toEqual(['n.md was changed outside tobs; your version is kept as n (your edit 2026-11-30T01-02-03).txt'])
  })

  it("removes its own notes but keeps a removed note the user changed", async () => {
    const { vault, files } = setup()
    await files.write('a.md', note(block(1, 'one')))
    await files.write('b.md', note(block(2, 'two')))
    appendFileSync(join(vault, 'b.md'), 'mine\n')
    await files.remove('a.md')
    await files.remove('b.md')
    expect(existsSync(join(vault, 'a.md'))).toBe(false)
    expect(existsSync(join(vault, 'b.md'))).toBe(false)
    expect(asides(vault)).toEqual(['b (your edit 2026-11-30T01-02-03).txt'])
  })

  // kill -9 at each step of a write: the next run never takes tobs's own text for the user's
  for (const step of ['written', 'recorded', 'placed'] as const) {
    it(`a kill after the note was ${step} is not mistaken for a user edit`, async () => {
      const { vault, state, files, warnings } = setup()
      await files.write('n.md', note(block(1, 'one')))
      state.close()
      opened.pop()
      const run = spawnSync(process.execPath, ['--import', 'tsx', FIXTURE, vault, 'n.md', note(block(1, 'one'), block(2, 'two')).join(''), step], { encoding: 'utf8' })
      expect(run.signal).toBe('SIGKILL')
      expect(run.stdout).not.toContain('not killed')
      const onDisk = read(vault, 'n.md')
      expect(onDisk).toBe(step === 'placed' ? note(block(1, 'one'), block(2, 'two')).join('') : note(block(1, 'one')).join(''))
      const again = new NoteFiles(StateDb.open(vault), vault, { warn: (w) => warnings.push(w) })
      opened.push((again as unknown as { state: StateDb }).state)
      await again.write('n.md', note(block(1, 'one'), block(2, 'two'), block(3, 'three')))
      expect(read(vault, 'n.md')).toBe(note(block(1, 'one'), block(2, 'two'), block(3, 'three')).join(''))
      expect(warnings).toEqual([])
      expect(asides(vault)).toEqual([])
      expect(again.merged.size).toBe(0)
    })
  }
})
