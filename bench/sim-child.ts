// The simulator in its own process, so the bench measures CPU and memory of the exporting process
// alone. Started with fork(); the parent sends its options, gets the session back over IPC and asks
// for server counters whenever it needs them (the flood waits at t = 10 s, the totals at the end).
import { startSimulator, type Simulator } from '../src/sim/simulator.ts'
import { createWorld } from '../src/sim/world/index.ts'
import type { SimKnobs } from '../src/sim/handlers/index.ts'
import type { SimSession } from '../src/sim/simulator.ts'
import type { ServerCounters } from '../src/sim/types.ts'

export interface ChildStart {
  type: 'start'
  seed: number
  /** total messages of the world (the forum gets about 28 % of them) */
  messages: number
  knobs: Partial<SimKnobs>
  /** 'bench': the media benchmark's file sizes, every file on the media DC */
  fileSizes?: 'bench'
}

export type ParentMessage = ChildStart | { type: 'counters'; id: number } | { type: 'reset' } | { type: 'close' }

export type ChildMessage =
  | { type: 'ready'; session: SimSession; forum: { id: number; username: string; count: number } }
  /** cpuUs: the child's own CPU time, to tell a busy simulator from a slow client */
  | { type: 'counters'; id: number; counters: ServerCounters; at: number; cpuUs: number }
  | { type: 'error'; message: string }

let sim: Simulator | undefined

function cpuUs(): number {
  const c = process.cpuUsage()
  return c.user + c.system
}

function send(m: ChildMessage): void {
  process.send?.(m)
}

async function start(m: ChildStart): Promise<void> {
  const world = createWorld({ seed: m.seed, messages: m.messages, mediaDc: m.knobs.mediaDc, fileSizes: m.fileSizes })
  sim = await startSimulator({ seed: m.seed, world, knobs: m.knobs, host: '127.0.0.1' })
  const forum = sim.world.chats.find((c) => c.kind === 'forum')
  if (!forum?.username) throw new Error('the world has no public forum')
  // count walks every id once (hashes only): a second or two for a million ids, done before timing starts
  send({ type: 'ready', session: sim.session, forum: { id: forum.id, username: forum.username, count: sim.world.count(forum.id) } })
}

process.on('message', (m: ParentMessage) => {
  if (m.type === 'start') {
    start(m).catch((e: unknown) => send({ type: 'error', message: String((e as Error)?.stack ?? e) }))
  } else if (m.type === 'counters' && sim) {
    send({ type: 'counters', id: m.id, counters: sim.counters(), at: Date.now(), cpuUs: cpuUs() })
  } else if (m.type === 'reset') {
    sim?.resetCounters()
  } else if (m.type === 'close') {
    void (sim?.close() ?? Promise.resolve()).finally(() => process.exit(0))
  }
})

// an orphaned child must not outlive the bench
process.on('disconnect', () => process.exit(0))
