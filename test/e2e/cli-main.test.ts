// The in-process entry: `main(argv, io)` runs a command against given streams and returns its code.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, writeSessionFile } from '../../src/sim/simulator.ts'
import { tempVault, type Sim } from '../helpers.ts'
import { runTobs } from '../cli.ts'
import { writeBigExport } from '../desktop-export.ts'

describe('main(argv, io)', () => {
  let sim: Sim
  let session: string

  beforeAll(async () => {
    sim = await startSimulator({ seed: 3, messages: 200 })
    session = join(tempVault(), 'sim.json')
    await writeSessionFile(session, sim.session)
  })
  afterAll(async () => {
    await sim?.close()
  })

  it('prints the version and help to its own stdout', async () => {
    const v = await runTobs(['--version'])
    expect(v).toMatchObject({ code: 0, stderr: '' })
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+\n$/)
    const h = await runTobs(['export', '--help'])
    expect(h.code).toBe(0)
    expect(h.stdout).toContain('--since <date>')
  })

  it('a usage mistake is one line on its own stderr and exit code 2', async () => {
    const r = await runTobs(['export', '--out', tempVault()])
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'tobs: name at least one chat to export, or --kinds\n' })
  })

  it('lists chats as JSON lines when stdout is not a terminal', async () => {
    const r = await runTobs(['chats', '--session', session])
    expect(r.code, r.stderr).toBe(0)
    const ids = r.stdout.trim().split('\n').map((l) => JSON.parse(l).id)
    expect(ids.sort()).toEqual(sim.world.chats.map((c) => c.id).sort())
  })

  it('exports in-process with JSON progress on its stdout', async () => {
    const out = tempVault()
    const r = await runTobs(['export', '--session', session, '--kinds', 'channel', '--out', out, '--no-media'])
    expect(r.code, r.stderr).toBe(0)
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l).event)
    expect(events.at(-1)).toBe('summary')
    expect(events).toContain('chat_finished')
  })

  it('convert on a terminal says what it did: notes per chat, and no Telegram figures in its summary', async () => {
    const input = writeBigExport(2, 300)
    const out = tempVault()
    const args = ['convert', input, '--out', out, '--no-media', '--split', 'month', '--tz', 'UTC']
    const first = await runTobs(args, { tty: true, columns: 80 })
    expect(first.code, first.stderr).toBe(0)
    const lines = (r: { stderr: string }) => r.stderr.replace(/\r|\x1b\[[0-9;]*[A-Za-z]/g, '').split('\n')
    // each chat's finished line (the live ones say msg/s): 300 messages 3 hours apart fill two months
    const finished = (r: { stderr: string }) => lines(r).filter((l) => l.startsWith('supergroup ') && !l.endsWith('msg/s'))
    expect(finished(first)).toEqual([
      expect.stringMatching(/Chat 1 +300 +300 new, [2-9] notes$/), expect.stringMatching(/Chat 2 +300 +300 new, [2-9] notes$/),
    ])
    expect(first.stderr).toMatch(/Exported 600 new messages from 2 chats/)
    expect(first.stderr).not.toMatch(/requests|Telegram/)
  })
})
