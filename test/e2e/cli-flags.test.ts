// Every flag value is checked as it is read: a bad one is a single line naming the flag, the value and
// what was expected, exit code 2, and the vault (notes and state) exactly as it was.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, writeSessionFile } from '../../src/sim/simulator.ts'
import { exportSim, tempVault, type Sim } from '../helpers.ts'
import { runTobs } from '../cli.ts'

/** Every file under `dir` (state included) with a hash of its bytes and its mtime. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue
    const p = join(e.parentPath, e.name)
    out[p] = `${createHash('sha1').update(readFileSync(p)).digest('hex')} ${statSync(p).mtimeMs}`
  }
  return out
}

// [flag, bad value, what the message must say]
const EXPORT_CASES: [string, string, RegExp][] = [
  ['--last', 'abc', /whole number >= 1/],
  ['--last', '-5', /whole number >= 1/],
  ['--last', '0', /whole number >= 1/],
  ['--since', '2024-02-30', /no such date; expected YYYY-MM-DD/],
  ['--since', '2024-13-45', /no such date/],
  ['--since', 'yesterday', /not a date; expected YYYY-MM-DD/],
  ['--since', '2024-05-01T25:00', /no such time of day/],
  ['--until', '2024-02-30', /no such date/],
  ['--until', 'tomorrow', /not a date/],
  ['--from-id', 'x', /whole number >= 1/],
  ['--to-id', '0', /whole number >= 1/],
  ['--topic', 'abc', /topic id .* or a topic link/],
  ['--topic', '0', /topic id/],
  ['--refresh', '-1', /whole number >= 1/],
  ['--concurrency', '0', /whole number from 1 to 64/],
  ['--concurrency', '1.5', /whole number from 1 to 64/],
  ['--media-concurrency', '0', /whole number from 1 to 64/],
  ['--max-file-size', 'big', /a size such as 50MB/],
  ['--max-file-size', '50 parsecs', /a size such as 50MB/],
  ['--split', 'weekly', /one of auto, none, year, month, day/],
  ['--kinds', 'chanel', /unknown "chanel"; expected a comma list of channel/],
  ['--media-kinds', 'photo,pic', /unknown "pic"/],
  ['--format', 'pdf', /one of desktop-json/],
]

describe('bad flag values', () => {
  let sim: Sim
  let session: string
  let vault: string
  let before: Record<string, string>

  beforeAll(async () => {
    sim = await startSimulator({ seed: 5, messages: 300 })
    session = join(tempVault(), 'sim.json')
    await writeSessionFile(session, sim.session)
    vault = tempVault()
    await exportSim(sim, vault, { kinds: ['channel'] })
    before = snapshot(vault)
  })
  afterAll(async () => {
    await sim?.close()
  })

  async function expectRejected(argv: string[], message: RegExp): Promise<void> {
    const r = await runTobs(argv)
    expect(r.code, r.stderr).toBe(2)
    expect(r.stdout).toBe('')
    const lines = r.stderr.trimEnd().split('\n')
    expect(lines, r.stderr).toHaveLength(1)
    expect(lines[0]).toMatch(message)
  }

  it.each(EXPORT_CASES)('export %s %s', async (flag, value, expected) => {
    const message = new RegExp(`^tobs: ${flag} ${JSON.stringify(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*${expected.source}`)
    await expectRejected(['export', '--session', session, '--out', vault, '--kinds', 'channel', flag, value], message)
    expect(snapshot(vault)).toEqual(before)
  })

  it('bounds that leave no message are rejected before anything is read', async () => {
    await expectRejected(['export', '--session', session, '--out', vault, '--kinds', 'channel', '--since', '2024-05-01', '--until', '2024-04-01'],
      /^tobs: --since 2024-05-01 is not before --until 2024-04-01/)
    await expectRejected(['export', '--session', session, '--out', vault, '--kinds', 'channel', '--from-id', '50', '--to-id', '10'],
      /^tobs: --from-id 50 is after --to-id 10/)
    expect(snapshot(vault)).toEqual(before)
  })

  it('the other commands check their flags the same way and create nothing', async () => {
    const fresh = join(tempVault(), 'not-yet')
    await expectRejected(['demo', '--out', fresh, '--seed', 'x'], /^tobs: --seed "x": expected a whole number >= 0/)
    await expectRejected(['demo', '--out', fresh, '--messages', '0'], /^tobs: --messages "0": expected a whole number from 1/)
    await expectRejected(['demo', '--out', fresh, '--max-file-size', '-3MB'], /^tobs: --max-file-size "-3MB"/)
    await expectRejected(['convert', 'x', '--out', fresh, '--split', 'hourly'], /^tobs: --split "hourly"/)
    await expectRejected(['convert', 'x', '--out', fresh, '--media-kinds', ''], /^tobs: --media-kinds "": empty list/)
    await expectRejected(['render', '--out', vault, '--split', 'weekly'], /^tobs: --split "weekly": expected one of/)
    await expectRejected(['sim', 'serve', '--session-out', join(fresh, 's.json'), '--latency', '-1'], /^tobs: --latency "-1"/)
    await expectRejected(['sim', 'serve', '--session-out', join(fresh, 's.json'), '--messages', 'many'], /^tobs: --messages "many"/)
    await expectRejected(['search', 'hello', '--out', vault, '--since', '2024-02-30'], /^tobs: --since "2024-02-30": no such date/)
    await expectRejected(['search', 'hello', '--out', vault, '--limit', '0'], /^tobs: --limit "0": expected a whole number from 1/)
    expect(existsSync(fresh)).toBe(false)
    expect(snapshot(vault)).toEqual(before)
  })

  it('a mistyped flag gets the hint and one line pointing at --help, not the whole help', async () => {
    const r = await runTobs(['export', '--outt', vault])
    expect(r.code).toBe(2)
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      "tobs: unknown option '--outt'", '(Did you mean --out?)', 'run "tobs export --help" to see what it takes',
    ])
    const c = await runTobs(['exprot'])
    expect(c.stderr.trimEnd().split('\n')).toEqual([
      "tobs: unknown command 'exprot'", '(Did you mean export?)', 'run "tobs --help" to see what it takes',
    ])
    const s = await runTobs(['sim', 'serve', '--sead', '3'])
    expect(s.stderr.trimEnd().split('\n').at(-1)).toBe('run "tobs sim serve --help" to see what it takes')
  })

  it('--help says which time zone dates are read in', async () => {
    const r = await runTobs(['export', '--help'])
    expect(r.stdout).toMatch(/read in the time zone the notes are written in/)
  })

  it('good values pass: sizes with units, topic links, dates with times', async () => {
    const out = tempVault()
    const forum = sim.world.chats.find((c) => c.kind === 'forum')!
    const topicId = forum.topics![1]!.id
    const r = await runTobs(['export', String(forum.id), '--session', session, '--out', out, '--max-file-size', '1.5MB',
      '--topic', `https://t.me/c/${forum.id}/${topicId}`, '--since', '2000-01-01T00:00', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!)
    expect(summary.messages).toBeGreaterThan(0)
  })
})
