// The commands as a person runs them: demo, chats, render; and the parallel path against a sequential one.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWorld } from '../../src/sim/world/index.ts'
import { startSimulator, writeSessionFile } from '../../src/sim/simulator.ts'
import { verifyVault } from '../../src/vault/verify.ts'
import { exportSim, idsInVault, tempVault, vaultFiles, type Sim } from '../helpers.ts'

const BIN = join(import.meta.dirname, '../../bin/tobs.js')

function tobs(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, TOBS_HOME: tempVault() } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })))
}

function lastJson(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout.trim().split('\n').at(-1)!)
}


describe('tobs demo', () => {
  it('exports exactly the messages the simulated world holds, and a rerun starts nothing over', async () => {
    const out = tempVault()
    const r = await tobs(['demo', '--json', '--seed', '9', '--messages', '700', '--out', out, '--no-media'])
    expect(r.code, r.stderr).toBe(0)
    const summary = lastJson(r.stdout)
    for (const key of ['chats', 'messages', 'seconds', 'msg_per_s', 'requests', 'flood_waits', 'peak_rss_mb']) {
      expect(summary, key).toHaveProperty(key)
    }
    const world = createWorld({ seed: 9, messages: 700 })
    const report = verifyVault(out)
    expect(report.problems).toEqual([])
    let total = 0
    for (const chat of world.chats) {
      expect(idsInVault(report, chat.id)).toEqual([...world.ids(chat.id)])
      total += world.count(chat.id)
    }
    expect(summary.messages).toBe(total)
    expect(summary.chats).toBe(world.chats.length)

    const again = await tobs(['demo', '--json', '--seed', '9', '--messages', '700', '--out', out, '--no-media'])
    expect(again.code, again.stderr).toBe(0)
    expect(lastJson(again.stdout).messages).toBe(0)
  })
})

describe('commands against a running simulator', () => {
  let sim: Sim
  let session: string

  beforeAll(async () => {
    sim = await startSimulator({ seed: 12, messages: 900 })
    session = join(tempVault(), 'sim.json')
    await writeSessionFile(session, sim.session)
  })
  afterAll(async () => {
    await sim?.close()
  })

  it('tobs chats lists every dialog with kind, id, title, count and forum topics', async () => {
    const r = await tobs(['chats', '--session', session, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const listed = r.stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(listed.map((c) => c.id).sort()).toEqual(sim.world.chats.map((c) => c.id).sort())
    for (const chat of sim.world.chats) {
      const row = listed.find((c) => c.id === chat.id)
      expect(row.kind).toBe(chat.kind)
      expect(row.messageCount).toBe(sim.world.count(chat.id))
      if (chat.kind === 'forum') expect(row.topics.map((t: { id: number }) => t.id)).toEqual(chat.topics!.map((t) => t.id))
    }
  })

  it('tobs render rebuilds the vault with another split from the state database alone', async () => {
    const out = tempVault()
    await exportSim(sim, out)
    const before = verifyVault(out)
    const calls = sim.counters().calls['messages.getHistory']
    const r = await tobs(['render', '--out', out, '--split', 'year'])
    expect(r.code, r.stderr).toBe(0)
    expect(sim.counters().calls['messages.getHistory']).toBe(calls)
    const after = verifyVault(out)
    expect(after.problems).toEqual([])
    expect([...vaultFiles(out).keys()].some((f) => /\/\d{4}-\d{2}\.md$/.test(f))).toBe(false)
    expect([...vaultFiles(out).keys()].some((f) => /\/\d{4}\.md$/.test(f))).toBe(true)
    for (const [chat, ids] of before.messageIds) expect([...after.messageIds.get(chat)!].sort()).toEqual([...ids].sort())
  })

  it('the parallel path writes the same vault, byte for byte, as a sequential run', async () => {
    const now = () => new Date('2026-01-01T00:00:00Z')
    const parallel = tempVault()
    const sequential = tempVault()
    await exportSim(sim, parallel, { concurrency: 8, now })
    await exportSim(sim, sequential, { concurrency: 1, now })
    const a = vaultFiles(parallel)
    const b = vaultFiles(sequential)
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort())
    for (const [path, text] of b) expect(a.get(path), path).toBe(text)
  })
})
