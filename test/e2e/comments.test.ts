// --comments end to end (issue 15): the real client against the simulator's channel with a linked
// discussion group. Comments land in one note per post, linked from the post; a rerun asks only for
// threads that grew, from their newest stored comment on; posts without comments cost no request.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator } from '../../src/sim/simulator.ts'
import { verifyVault } from '../../src/vault/verify.ts'
import { exportSim, tempVault, vaultFiles, type Sim } from '../helpers.ts'

const CHANNEL = 1000000101

describe('channel comments', () => {
  let sim: Sim
  beforeAll(async () => {
    sim = await startSimulator({ seed: 5, messages: 600 })
  })
  afterAll(async () => {
    await sim.close()
  })

  const calls = () => sim.counters().calls['messages.getReplies'] ?? 0

  it('exports each thread under its post, then only new comments', async () => {
    const out = tempVault()
    const posts = [...sim.world.ids(CHANNEL)]
    const withComments = posts.filter((id) => sim.world.comments(CHANNEL, id).length > 0)
    expect(withComments.length).toBeGreaterThan(5)
    expect(withComments.length).toBeLessThan(posts.length) // some posts have none

    const before = calls()
    await exportSim(sim, out, { targets: [String(CHANNEL)], kinds: [], comments: true })
    // one request per thread (every thread here fits one page): posts without comments cost none
    expect(calls() - before).toBe(withComments.length)

    const report = verifyVault(out)
    expect(report.problems).toEqual([])
    const folder = [...report.messageIds.keys()].find((f) => f.endsWith(`(${CHANNEL}) comments`))!
    const commentIds = withComments.flatMap((p) => sim.world.comments(CHANNEL, p))
    expect(report.messageIds.get(folder)!.sort((a, b) => a - b)).toEqual(commentIds)
    const post = withComments[0]!
    const note = readFileSync(join(out, folder, `${post}.md`), 'utf8')
    for (const id of sim.world.comments(CHANNEL, post)) expect(note).toContain(`\n^m${id}\n`)
    expect(note).toMatch(new RegExp(`\\[\\[[^\\]]+#\\^m${post}\\|post ${post}\\]\\]`))
    // the post links to its comments note, from inside its own block
    const notes = [...vaultFiles(out).entries()].filter(([path]) => path.includes(`(${CHANNEL})/`))
    const linking = notes.filter(([, text]) => Buffer.from(text, 'latin1').toString('utf8').includes(`[[${folder}/${post}|`))
    expect(linking.length).toBe(1)

    // a rerun with nothing new asks for no thread at all
    const idle = calls()
    await exportSim(sim, out, { targets: [String(CHANNEL)], kinds: [], comments: true })
    expect(calls()).toBe(idle)

    // two threads grow (one had no comments); --refresh re-reads the posts, and only those two are asked
    const grown = [withComments[withComments.length - 1]!, posts.filter((id) => !withComments.includes(id) && !sim.world.message(CHANNEL, id)!.service).pop()!]
    for (const p of grown) sim.world.growComments(CHANNEL, p, 3)
    const rerun = calls()
    await exportSim(sim, out, { targets: [String(CHANNEL)], kinds: [], comments: true, refresh: posts.length })
    expect(calls() - rerun).toBe(2)
    const after = verifyVault(out)
    expect(after.problems).toEqual([])
    for (const p of grown) {
      const text = readFileSync(join(out, folder, `${p}.md`), 'utf8')
      for (const id of sim.world.comments(CHANNEL, p)) expect(text).toContain(`\n^m${id}\n`)
    }
  })
})
