// `tobs plan` against the simulator: no history read (server counters), and an estimate within 25 %
// of what the real export then fetches, messages and bytes, for a whole chat and a date window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { startSimulator, writeSessionFile } from '../../src/sim/simulator.ts'
import type { Plan } from '../../src/export/plan.ts'
import { planTable } from '../../src/cli/plan-cmd.ts'
import { defaultMedia, exportSim, tempVault, type Sim } from '../helpers.ts'
import { runTobs } from '../cli.ts'

const HISTORY = ['messages.getHistory', 'messages.getReplies', 'channels.getMessages', 'messages.getMessages']

describe('tobs plan', () => {
  let sim: Sim
  let session: string

  beforeAll(async () => {
    sim = await startSimulator({ seed: 5, messages: 2500 })
    session = join(tempVault(), 'sim.json')
    await writeSessionFile(session, sim.session)
  })
  afterAll(() => sim?.close())

  async function planOf(args: string[]): Promise<Plan> {
    const before = { ...sim.counters().calls }
    const r = await runTobs(['plan', '--session', session, '--out', '/tmp/x', '--json', ...args])
    expect(r.code, r.stderr).toBe(0)
    const after = sim.counters().calls
    for (const m of HISTORY) expect(after[m] ?? 0, m).toBe(before[m] ?? 0)
    expect((after['messages.search'] ?? 0) - (before['messages.search'] ?? 0)).toBeGreaterThan(0)
    return JSON.parse(r.stdout) as Plan
  }

  it('sizes a whole channel without reading history, within 25 % of the real export', async () => {
    const plan = await planOf(['@sim_news'])
    expect(plan.rows).toHaveLength(1)
    expect(plan.plan_seconds).toBeLessThan(1 * plan.rows.length + 1)
    const out = tempVault()
    const s = await exportSim(sim, out, { targets: ['@sim_news'], kinds: [], media: defaultMedia })
    const bytes = Number(s.media_bytes) + Number(s.dedup_bytes_saved ?? 0)
    expect(plan.messages / Number(s.messages)).toBeCloseTo(1, 1)
    expect(Math.abs(plan.media_bytes / bytes - 1), `${plan.media_bytes} vs ${bytes}`).toBeLessThan(0.25)
    expect(plan.rows[0]!.folder).toMatch(/\(\d+\)$/)
  })

  it('sizes a date window of a group the same way', async () => {
    const since = '2022-01-01'
    const until = '2023-01-01'
    const plan = await planOf(['--kinds', 'supergroup', '--since', since, '--until', until])
    expect(plan.rows.length).toBeGreaterThan(0)
    const out = tempVault()
    const t = (d: string) => Date.parse(`${d}T00:00:00Z`) / 1000
    const s = await exportSim(sim, out, { targets: [], kinds: ['supergroup'], since: t(since), until: t(until), media: defaultMedia })
    expect(Math.abs(plan.messages / Number(s.messages) - 1)).toBeLessThan(0.25)
    const bytes = Number(s.media_bytes) + Number(s.dedup_bytes_saved ?? 0)
    expect(Math.abs(plan.media_bytes / bytes - 1), `${plan.media_bytes} vs ${bytes}`).toBeLessThan(0.25)
    for (const r of plan.rows) {
      expect(r.first_date! >= `${since}T00:00:00`).toBe(true)
      expect(r.last_date! < `${until}T00:00:00`).toBe(true)
      expect(r.notes).toBeLessThanOrEqual(12)
    }
  })

  it('plans each topic of a forum, and `export --dry-run` prints the same plan', async () => {
    const plan = await planOf(['--kinds', 'forum', '--no-media'])
    expect(plan.rows.length).toBeGreaterThan(1)
    expect(new Set(plan.rows.map((r) => r.topic_id)).size).toBe(plan.rows.length)
    expect(plan.media_bytes).toBe(0)
    const dry = await runTobs(['export', '--dry-run', '--session', session, '--out', '/tmp/x', '--json', '--kinds', 'forum', '--no-media'])
    expect(dry.code, dry.stderr).toBe(0)
    const again = JSON.parse(dry.stdout) as Plan
    expect(again.rows.map((r) => [r.folder, r.messages])).toEqual(plan.rows.map((r) => [r.folder, r.messages]))
  })

  it('fits a terminal table into 80 columns', async () => {
    const plan = await planOf(['--kinds', 'forum,channel'])
    const table = planTable(plan, 80)
    for (const line of table.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80)
    expect(table).toMatch(/^total\s+[\d,]+\s+[\d,]+\s+[\d.]+\s+\S+$/m)
  })
})
