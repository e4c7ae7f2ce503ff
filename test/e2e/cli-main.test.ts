// The in-process entry: `main(argv, io)` runs a command against given streams and returns its code.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, writeSessionFile } from '../../src/sim/simulator.ts'
import { tempVault, type Sim } from '../helpers.ts'
import { runTobs } from '../cli.ts'

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
})
