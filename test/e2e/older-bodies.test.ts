// A vault whose messages were stored before the tagged body format (schema 3: msgpackr rows with
// shared shapes, and JSON rows) rebuilds into the same notes, byte for byte, as the vault exported
// now; and an export into it goes on from where it stopped, adding rows in the new format.
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator } from '../../src/sim/simulator.ts'
import { rebuildVault } from '../../src/export/rebuild.ts'
import { verifyVault } from '../../src/vault/verify.ts'
import { MARK } from '../../src/vault/state/tagged-body.ts'
import { exportSim, idsInVault, tempVault, vaultFiles, worldIds, type Sim } from '../helpers.ts'
import { makeOlder } from '../older-bodies.ts'

async function rebuilt(out: string): Promise<Map<string, string>> {
  await rebuildVault(out, { split: 'month', timeZone: 'UTC' })
  return vaultFiles(out, { blankExportedAt: true })
}

function bodyKinds(vault: string): { tagged: number; older: number } {
  const db = new Database(join(vault, '.tobs', 'state.db'), { readonly: true })
  const tagged = db.prepare('SELECT count(*) FROM messages WHERE substr(body, 1, 1) = ?').pluck().get(Buffer.from([MARK])) as number
  const all = db.prepare('SELECT count(*) FROM messages').pluck().get() as number
  db.close()
  return { tagged, older: all - tagged }
}

describe('a vault written by an older tobs', () => {
  let sim: Sim

  beforeAll(async () => {
    sim = await startSimulator({ seed: 23, messages: 1500 })
  })
  afterAll(async () => {
    await sim?.close()
  })

  it('rebuilds byte for byte as the vault exported now, and an export into it adds new rows beside the old', async () => {
    const now = tempVault()
    await exportSim(sim, now)
    const exported = vaultFiles(now, { blankExportedAt: true })
    const older = tempVault()
    cpSync(now, older, { recursive: true })
    const rows = makeOlder(older)
    expect(rows).toBeGreaterThan(1000)
    expect(bodyKinds(older)).toEqual({ tagged: 0, older: rows })

    const fromOlder = await rebuilt(older)
    expect([...fromOlder.keys()].sort()).toEqual([...exported.keys()].sort())
    for (const [path, text] of exported) expect(fromOlder.get(path), path).toBe(text)
    expect(await rebuilt(now)).toEqual(fromOlder)

    // new messages arrive: the export reads on after what the old rows hold
    const chat = sim.world.chats.find((c) => c.kind === 'supergroup')!
    sim.world.grow(chat.id, 30)
    await exportSim(sim, older)
    const report = verifyVault(older)
    expect(report.problems).toEqual([])
    expect(idsInVault(report, chat.id)).toEqual(worldIds(sim, chat.id))
    const kinds = bodyKinds(older)
    expect(kinds.older).toBe(rows)
    expect(kinds.tagged).toBeGreaterThanOrEqual(30)
  })
})
