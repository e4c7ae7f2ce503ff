// What a person sees in an 80-column terminal (a real pseudo-terminal through tmux): no line wider
// than the screen, redraws that leave nothing behind, one line per chat, a summary that wraps; and
// the words of a rerun that found nothing new.
import { execFileSync, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import stringWidth from 'string-width'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, writeSessionFile } from '../../src/sim/simulator.ts'
import { tempVault, type Sim } from '../helpers.ts'
import { runTobs } from '../cli.ts'

const BIN = join(import.meta.dirname, '../../bin/tobs.js')
const hasTmux = spawnSync('tmux', ['-V']).status === 0
const KINDS = ['channel', 'supergroup', 'forum', 'private', 'saved']

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' })
}

/** Runs tobs in a detached tmux session of the given size and returns its whole screen and scrollback. */
async function inTerminal(args: string[], env: Record<string, string>, columns = 80): Promise<string[]> {
  const name = `tobs-test-${process.pid}-${Date.now()}`
  const vars = Object.entries(env).map(([k, v]) => `${k}='${v}'`).join(' ')
  // the command is not typed at a prompt, so the screen holds only what tobs printed
  tmux('new-session', '-d', '-s', name, '-x', String(columns), '-y', '60',
    `env ${vars} ${process.execPath} ${BIN} ${args.join(' ')}; echo "EXIT=$?"; sleep 60`)
  try {
    for (let i = 0; i < 300; i++) {
      const screen = tmux('capture-pane', '-p', '-J', '-S', '-', '-t', name)
      if (/EXIT=\d+/.test(screen)) return screen.split('\n').map((l) => l.trimEnd())
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error('tobs did not finish in the terminal')
  } finally {
    tmux('kill-session', '-t', name)
  }
}

describe.skipIf(!hasTmux)('an 80-column terminal (tmux; skipped where tmux is not installed)', () => {
  let sim: Sim
  let session: string

  beforeAll(async () => {
    // some latency, so the live lines are redrawn many times before each chat finishes
    sim = await startSimulator({ seed: 7, messages: 6000, knobs: { latencyMs: { 2: 15, 4: 15 } } })
    session = join(tempVault(), 'sim.json')
    await writeSessionFile(session, sim.session)
  })
  afterAll(async () => {
    await sim?.close()
  })

  it('fits every line, leaves one line per chat, and says "up to date" on a rerun', async () => {
    const out = tempVault()
    const args = ['export', '--session', session, '--kinds', KINDS.join(','), '--out', out, '--no-media']
    const env = { TOBS_HOME: tempVault(), NO_COLOR: '1' }
    const chats = sim.world.chats.filter((c) => KINDS.includes(c.kind))
    const chatLine = new RegExp(`^(${KINDS.join('|')}) `)
    const joinedRows = (screen: string[]) => screen.filter((l) => stringWidth(l) > 80)

    const first = await inTerminal(args, env)
    expect(first).toContain('EXIT=0')
    expect(joinedRows(first), first.join('\n')).toEqual([])
    const finished = first.filter((l) => chatLine.test(l))
    // the world's chats, and Saved Messages (the account's own chat, not in the world's list)
    expect(finished, first.join('\n')).toHaveLength(chats.length + (chats.some((c) => c.kind === 'saved') ? 0 : 1))
    for (const chat of chats) expect(finished.filter((l) => l.includes(chat.title.slice(0, 8)))).toHaveLength(1)
    // no live line (bars, topics, rates) survives its redraws
    expect(first.filter((l) => /\[[#.]+\]|^\s+›/.test(l)), first.join('\n')).toEqual([])
    expect(first.join('\n')).toMatch(new RegExp(`^Exported \\d+ new messages from ${finished.length} chats`, 'm'))
    expect(first.join('\n')).not.toMatch(/\x1b\[3\dm/)

    const again = await inTerminal(args, env)
    expect(again).toContain('EXIT=0')
    expect(joinedRows(again)).toEqual([])
    const rerun = again.filter((l) => chatLine.test(l))
    expect(rerun).toHaveLength(finished.length)
    for (const l of rerun) expect(l).toMatch(/ (\d+)\/\1 {2}up to date$/)
    expect(again.join('\n')).toMatch(new RegExp(`^Up to date: no new messages in ${finished.length} chats`, 'm'))
    expect(again.join('\n')).toMatch(/^ {2}0 notes written$/m)
  }, 120_000)

  it('TERM=dumb: no cursor movement at all, only finished chats and the summary', async () => {
    const out = tempVault()
    const screen = await inTerminal(['export', '--session', session, '--kinds', 'channel', '--out', out, '--no-media'],
      { TOBS_HOME: tempVault(), TERM: 'dumb' }, 60)
    expect(screen).toContain('EXIT=0')
    expect(screen.filter((l) => stringWidth(l) > 60)).toEqual([])
    expect(screen.filter((l) => /^channel /.test(l))).toHaveLength(1)
  }, 60_000)
})

describe('rerun wording (in-process, a terminal of 80 columns)', () => {
  let sim: Sim
  let session: string

  beforeAll(async () => {
    sim = await startSimulator({ seed: 19, messages: 600 })
    session = join(tempVault(), 'sim.json')
    await writeSessionFile(session, sim.session)
  })
  afterAll(async () => {
    await sim?.close()
  })

  it('counts new, edited and deleted messages and the notes written', async () => {
    const out = tempVault()
    const args = ['export', '--session', session, '--kinds', 'channel', '--out', out, '--no-media']
    const channel = sim.world.chats.find((c) => c.kind === 'channel')!
    const first = await runTobs(args, { tty: true, env: { NO_COLOR: '1' } })
    expect(first.code, first.stderr).toBe(0)
    const total = sim.world.count(channel.id)
    expect(first.stderr).toMatch(new RegExp(` ${total}/${total} {2}${total} new, \\d+ notes?\\n`))
    expect(first.stderr).toMatch(/\n +\d+ notes? written\n/)

    const ids = [...sim.world.ids(channel.id)]
    sim.world.edit(channel.id, ids.at(-1)!)
    sim.world.delete(channel.id, ids.at(-2)!)
    const again = await runTobs([...args, '--refresh', '10'], { tty: true, env: { NO_COLOR: '1' } })
    expect(again.code, again.stderr).toBe(0)
    // the raw stream: the last line written for the chat is the one that stays on the screen
    const line = again.stderr.replace(/\r|\x1b\[[0-9;]*[A-Za-z]/g, '').split('\n').filter((l) => l.startsWith('channel ')).at(-1)!
    expect(line).toMatch(new RegExp(` ${total - 1}/\\d+ {2}1 edited, 1 deleted, [1-9]\\d* notes?$`))
    expect(again.stderr).toMatch(/^Exported 0 new messages \(1 edited, 1 deleted\) from 1 chat /m)
  }, 60_000)
})
