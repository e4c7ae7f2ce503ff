// A Desktop export with one enormous message (issue 16: a 50 MB text aborted `tobs convert` out of
// memory). Run as the CLI runs, under its 128 MB old-space cap: the message is refused with one line,
// its neighbours are converted, and the process stays within bounded memory.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { verifyVault } from '../../src/vault/verify.ts'
import { tempVault } from '../helpers.ts'

const ROOT = join(import.meta.dirname, '..', '..')

function exportWith(text: unknown): string {
  const input = join(tempVault(), 'export')
  mkdirSync(input, { recursive: true })
  const messages = [1, 2, 3].map((id) => ({
    id, type: 'message', date: '2024-01-02T03:04:05', date_unixtime: String(1704164645 + id), from: 'A', from_id: 'user7',
    text: id === 2 ? text : `hello ${id}`,
  }))
  writeFileSync(join(input, 'result.json'), JSON.stringify({ name: 'Big', type: 'private_supergroup', id: 4242, messages }))
  return input
}

function convert(input: string, vault: string) {
  // the heap flags of bin/tobs.js, on the sources
  return spawnSync(process.execPath, ['--max-semi-space-size=2', '--max-old-space-size=128', '--import', 'tsx',
    join(ROOT, 'src/cli/bin.ts'), 'convert', input, '--out', vault], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, TOBS_HOME: tempVault() } })
}

describe('an enormous message in a Desktop export', () => {
  // one 50 MB string, and 39 MB of quote-escaped text in 120 parts (the parser's slowest kind)
  const cases: [string, () => unknown][] = [
    ['one 50 MB string', () => 'x'.repeat(50 * 2 ** 20)],
    ['120 parts of escaped quotes', () => Array.from({ length: 120 }, () => ({ type: 'bold', text: '"q\\'.repeat(65_000) }))],
  ]
  for (const [name, make] of cases) {
    it(`is refused with one line, the rest converted (${name})`, () => {
      const input = exportWith(make())
      const vault = tempVault()
      const run = convert(input, vault)
      expect(run.stderr).not.toMatch(/heap out of memory/)
      expect(run.status).toBe(0)
      const warned = (run.stdout + run.stderr).split('\n').filter((l) => l.includes('message id 2'))
      expect(warned).toHaveLength(1)
      expect(warned[0]).toMatch(/message id 2 holds about \d+\.\d MB of text, far past Telegram's 4096 characters; not converted/)
      const note = readFileSync(join(vault, 'Big (4242)', 'messages.md'), 'utf8')
      expect(note).toContain('> hello 1')
      expect(note).toContain('> hello 3')
      expect(note).toMatch(/\\\[tobs did not convert this message: about \d+\.\d MB of text in the export\\\]/)
      expect(note.length).toBeLessThan(10_000)
      expect(verifyVault(vault).problems).toEqual([])
    }, 120_000)
  }
})
