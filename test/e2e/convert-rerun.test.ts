// A rerun of `tobs convert` says what it did (issue 14 item 4): on the same Desktop export into the
// same vault it counts nothing new, says "up to date" per chat and changes no file; into a vault
// that holds part of the export it counts only the messages the vault lacked.
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tempVault, vaultFiles } from '../helpers.ts'
import { runTobs, type CliRun } from '../cli.ts'

const fixture = (name: string) => fileURLToPath(new URL(`../../../shared/fixtures/desktop-export/${name}`, import.meta.url))
const FIXTURES = ['supergroup-2022.json', 'tg2md-channel-2021.json']

/** Every file of the vault (not its state database): path -> its mtime and bytes. */
function snapshot(root: string): Map<string, [number, string]> {
  return new Map([...vaultFiles(root)].map(([p, bytes]) => [p, [statSync(join(root, p)).mtimeMs, bytes]]))
}

const convert = (input: string, out: string, tty = false) =>
  runTobs(['convert', input, '--out', out, '--no-media', '--split', 'month', '--tz', 'UTC'], { tty, columns: 80, env: { NO_COLOR: '1' } })

/** The finished line of each chat on the terminal (live lines end in msg/s). */
const finished = (r: CliRun) => r.stderr.replace(/\r|\x1b\[[0-9;]*[A-Za-z]/g, '').split('\n')
  .filter((l) => /^(supergroup|channel) /.test(l) && !l.endsWith('msg/s'))

const summaryOf = (r: CliRun) => JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { event: string; messages: number; notes_written: number; edited: number }

describe('tobs convert rerun', () => {
  it('of the same exports into the same vault: 0 new, "up to date" per chat, every file untouched', async () => {
    const out = tempVault()
    let total = 0
    for (const name of FIXTURES) {
      const r = await convert(fixture(name), out)
      expect(r.code, r.stderr).toBe(0)
      const s = summaryOf(r)
      expect(s.messages).toBeGreaterThan(0)
      total += s.messages
    }
    const before = snapshot(out)
    expect([...before.keys()].filter((p) => p.endsWith('.md')).length).toBeGreaterThan(2)
    // mtimes are compared: a rewrite of the same bytes would show
    await new Promise((r) => setTimeout(r, 20))

    const lines: string[] = []
    for (const name of FIXTURES) {
      const r = await convert(fixture(name), out, true)
      expect(r.code, r.stderr).toBe(0)
      lines.push(...finished(r))
      expect(r.stderr).toMatch(/^Up to date: no new messages in 1 chat /m)
      expect(r.stderr).toMatch(/^ {2}0 notes written/m)
    }
    expect(lines).toHaveLength(FIXTURES.length)
    // each line shows what the vault holds and that nothing changed
    const held = lines.map((l) => Number(/ (\d+) {2}up to date$/.exec(l)?.[1]))
    expect(held.reduce((a, b) => a + b, 0), lines.join('\n')).toBe(total)

    const json = await convert(fixture(FIXTURES[0]!), out)
    expect(summaryOf(json)).toMatchObject({ event: 'summary', messages: 0, notes_written: 0, edited: 0 })

    const after = snapshot(out)
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort())
    const changed = [...before].filter(([p, [mtime, bytes]]) => after.get(p)![0] !== mtime || after.get(p)![1] !== bytes).map(([p]) => p)
    expect(changed).toEqual([])
  })

  it('into a vault that holds part of the export: counts only the messages it lacked', async () => {
    const raw = JSON.parse(readFileSync(fixture(FIXTURES[0]!), 'utf8')) as { messages: unknown[] }
    const part = join(tempVault(), 'result.json')
    const kept = 100
    expect(raw.messages.length).toBeGreaterThan(kept)
    writeFileSync(part, JSON.stringify({ ...raw, messages: raw.messages.slice(0, kept) }))
    const out = tempVault()
    const first = await convert(part, out)
    expect(first.code, first.stderr).toBe(0)
    expect(summaryOf(first).messages).toBe(kept)

    const whole = await convert(fixture(FIXTURES[0]!), out, true)
    expect(whole.code, whole.stderr).toBe(0)
    const lines = finished(whole)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(new RegExp(` ${raw.messages.length} {2}${raw.messages.length - kept} new, [1-9]\\d* notes?$`))
    expect(whole.stderr).toMatch(new RegExp(`^Exported ${raw.messages.length - kept} new messages from 1 chat `, 'm'))
  })
})
