// kill -9 in the middle of a large file: the rerun continues from the last complete part, and the
// simulator's byte counter proves the finished parts were not fetched again (issue 11).
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startSimulator, writeSessionFile } from '../../src/sim/simulator.ts'
import { StateDb } from '../../src/vault/state.ts'
import { defaultMedia, exportSim, tempVault } from '../helpers.ts'

const BIN = join(import.meta.dirname, '../../bin/tobs.js')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('a download killed mid-file', () => {
  it('resumes from its last complete part without fetching the finished parts again', async () => {
    // slow connections, so that the kill lands inside the file
    const sim = await startSimulator({ seed: 4, messages: 1500, knobs: { bytesPerSecond: 120_000 } })
    try {
      const chat = sim.world.chats.find((c) => c.kind === 'channel' && c.username)!
      let target: { id: number; fileId: string; size: number } | undefined
      for (const id of sim.world.ids(chat.id)) {
        const m = sim.world.message(chat.id, id)
        if (m?.media?.type !== 'file') continue
        const f = sim.world.file(m.media.fileId)!
        if (f.size > (target?.size ?? 1_500_000)) target = { id, fileId: f.fileId, size: f.size }
      }
      expect(target).toBeDefined()
      const out = tempVault()
      const session = join(tempVault(), 'sim.json')
      await writeSessionFile(session, sim.session)
      const args = ['export', `@${chat.username}`, '--session', session, '--out', out, '--from-id', String(target!.id),
        '--to-id', String(target!.id), '--json', '--max-file-size', '10']
      const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore', env: { ...process.env, TOBS_HOME: tempVault() } })
      const parts = join(out, '.tobs', 'parts')
      // wait until half the file is on disk, then kill -9
      for (let i = 0; i < 600; i++) {
        const file = existsSync(parts) ? readdirSync(parts)[0] : undefined
        if (file && statSync(join(parts, file)).size > target!.size / 2) break
        await sleep(50)
      }
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGKILL')
      await exited
      const state = StateDb.open(out)
      const left = state.partials.all()
      state.close()
      expect(left).toHaveLength(1)
      const done = left[0]!.done
      // the kill landed mid-way: some parts complete, not all
      expect(done).toBeGreaterThan(0)
      expect(done).toBeLessThan(target!.size)
      sim.resetCounters()
      sim.knobs.bytesPerSecond = undefined
      await exportSim(sim, out, { targets: [`@${chat.username}`], kinds: [], fromId: target!.id, toId: target!.id, media: defaultMedia })
      // only the rest of the file crossed the wire
      expect(sim.counters().fileBytes).toBe(target!.size - done)
      const media = join(out, readdirSync(out).find((d) => d.endsWith(`(${chat.id})`))!, '_media')
      const kind = readdirSync(media)[0]!
      const name = readdirSync(join(media, kind)).find((n) => n.startsWith(`${target!.id}-`))!
      const want = Buffer.from(sim.world.fileBytes(target!.fileId, 0, target!.size))
      expect(readFileSync(join(media, kind, name)).equals(want)).toBe(true)
      expect(readdirSync(parts)).toEqual([])
    } finally {
      await sim.close()
    }
  }, 120_000)
})
