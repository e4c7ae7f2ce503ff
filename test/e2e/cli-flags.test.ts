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
  // issue 16: ids past 2^53 (or Telegram's 32-bit topic ids) became other ids
  ['--topic', '9223372036854775808', /topic id \(a whole number from 1 to 2147483647\)/],
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
  ['--tz', 'Mars/Olympus', /a time zone such as Europe\/Berlin/],
  ['--media-workers', '0', /whole number from 1 to 64/],
  ['--image-format', 'gif', /one of webp, jpeg/],
  ['--image-quality', '101', /whole number from 1 to 100/],
  ['--image-max-edge', '8', /whole number >= 16/],
  ['--video-crf', '52', /whole number from 0 to 51/],
  ['--video-max-edge', 'big', /whole number >= 16/],
  ['--process-workers', '0', /whole number from 1 to 64/],
]

// the other commands' flags: [argv after the command's own required parts, what stderr's one line says]
const OTHER_CASES: [string, (vault: string, session: string, fresh: string) => string[], RegExp][] = [
  ['plan --last', (_v, s) => ['plan', '--session', s, '--kinds', 'channel', '--last', '0'], /^tobs: --last "0": expected a whole number >= 1/],
  ['plan --from-id > --to-id', (_v, s) => ['plan', '--session', s, '--kinds', 'channel', '--from-id', '9', '--to-id', '2'], /^tobs: --from-id 9 is after --to-id 2/],
  ['plan --since', (_v, s) => ['plan', '--session', s, '--kinds', 'channel', '--since', '2023-02-29'], /^tobs: --since "2023-02-29": no such date/],
  ['plan --topic', (_v, s) => ['plan', '--session', s, '--kinds', 'forum', '--topic', 'general'], /^tobs: --topic "general": expected a topic id/],
  ['plan --concurrency', (_v, s) => ['plan', '--session', s, '--kinds', 'channel', '--concurrency', '65'], /^tobs: --concurrency "65": expected a whole number from 1 to 64/],
  ['plan --kinds', (_v, s) => ['plan', '--session', s, '--kinds', 'channels'], /^tobs: --kinds "channels": unknown "channels"/],
  ['plan --tz', (_v, s) => ['plan', '--session', s, '--kinds', 'channel', '--tz', 'CEST+2'], /^tobs: --tz "CEST\+2": expected a time zone/],
  ['plan --max-file-size', (_v, s) => ['plan', '--session', s, '--kinds', 'channel', '--max-file-size', 'huge'], /^tobs: --max-file-size "huge": expected a size/],
  ['export --transcribe', (v, s) => ['export', '--session', s, '--out', v, '--kinds', 'channel', '--transcribe', 'klingon'], /^tobs: unknown --transcribe engine "klingon"; engines: /],
  ['export --optimize-images --no-media', (v, s) => ['export', '--session', s, '--out', v, '--kinds', 'channel', '--optimize-images', '--no-media'], /^tobs: processing works on downloaded files: drop --no-media/],
  ['process --image-quality', (v) => ['process', '--out', v, '--optimize-images', '--image-quality', '0'], /^tobs: --image-quality "0": expected a whole number from 1 to 100/],
  ['process --process-workers', (v) => ['process', '--out', v, '--process-workers', 'all'], /^tobs: --process-workers "all"/],
  ['process --split', (v) => ['process', '--out', v, '--split', 'weekly'], /^tobs: --split "weekly": expected one of/],
  ['process --transcribe', (v) => ['process', '--out', v, '--transcribe', 'klingon'], /^tobs: unknown --transcribe engine "klingon"/],
  ['render --tz', (v) => ['render', '--out', v, '--tz', 'Europe/Atlantis'], /^tobs: --tz "Europe\/Atlantis": expected a time zone/],
  ['convert --tz', (_v, _s, f) => ['convert', 'x', '--out', f, '--tz', 'nowhere'], /^tobs: --tz "nowhere"/],
  ['convert --max-file-size', (_v, _s, f) => ['convert', 'x', '--out', f, '--max-file-size', '5 parsecs'], /^tobs: --max-file-size "5 parsecs"/],
  ['demo --tz', (_v, _s, f) => ['demo', '--out', f, '--tz', 'Moon/Tranquility'], /^tobs: --tz "Moon\/Tranquility"/],
  ['demo --media-workers', (_v, _s, f) => ['demo', '--out', f, '--media-workers', '99'], /^tobs: --media-workers "99": expected a whole number from 1 to 64/],
  ['search --until', (v) => ['search', 'hello', '--out', v, '--until', '2024-13-01'], /^tobs: --until "2024-13-01": no such date/],
  ['sync --every', (_v, _s, f) => ['sync', '--config', join(f, 'tobs.yaml'), '--every', '5s'], /^tobs: --every "5s": give 30m, 1h, 1d or a cron pattern \(at least 1m\)/],
  ['sync --every cron', (_v, _s, f) => ['sync', '--config', join(f, 'tobs.yaml'), '--every', '61 * * * *'], /^tobs: --every "61 \* \* \* \*": give 30m/],
  ['sync --config', (_v, _s, f) => ['sync', '--config', join(f, 'tobs.yaml')], /^tobs: .*tobs\.yaml: no such sync file/],
  ['status --config', (_v, _s, f) => ['status', '--config', join(f, 'tobs.yaml')], /^tobs: .*tobs\.yaml: no such sync file/],
  ['sim serve --drop-rate', (_v, _s, f) => ['sim', 'serve', '--session-out', join(f, 's.json'), '--drop-rate', '150%'], /^tobs: --drop-rate "150%": expected a share from 0 to 1/],
  ['sim serve --bandwidth', (_v, _s, f) => ['sim', 'serve', '--session-out', join(f, 's.json'), '--bandwidth', 'fast'], /^tobs: --bandwidth "fast": expected a size/],
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

  it.each(OTHER_CASES)('%s', async (_name, argv, expected) => {
    const fresh = join(tempVault(), 'not-yet')
    await expectRejected(argv(vault, session, fresh), expected)
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

  it('--help says which time zone dates are read in, and every help fits 80 columns', async () => {
    const r = await runTobs(['export', '--help'])
    expect(r.stdout).toMatch(/read in the time zone the notes are\nwritten in/)
    for (const command of ['', 'export', 'plan', 'convert', 'render', 'process', 'demo', 'search', 'chats', 'sync', 'status', 'login', 'logout', 'sim serve']) {
      const help = await runTobs([...command.split(' ').filter(Boolean), '--help'], { tty: true, columns: 80 })
      expect(help.code).toBe(0)
      for (const line of help.stdout.split('\n')) expect(line.length, `${command}: ${line}`).toBeLessThanOrEqual(80)
    }
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
