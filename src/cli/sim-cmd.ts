// `tobs sim serve`: the simulator as a standalone server, with a session file for other commands.
import { resolve } from 'node:path'
import { startSimulator, writeSessionFile } from '../sim/simulator.ts'

interface SimFlags { seed: number; messages: number; sessionOut: string; latency: number }

export async function simServeCommand(flags: SimFlags): Promise<void> {
  const sim = await startSimulator({
    seed: flags.seed, messages: flags.messages,
    knobs: flags.latency ? { latencyMs: { 2: flags.latency, 4: flags.latency } } : {},
  })
  const path = resolve(flags.sessionOut)
  await writeSessionFile(path, sim.session)
  const dcs = sim.session.dcs.map((d) => `DC${d.id} ${d.host}:${d.port}`).join(', ')
  process.stderr.write(`simulator up: ${dcs}; seed ${flags.seed}, ${flags.messages} messages\n`)
  process.stderr.write(`session file: ${path}  (try: tobs chats --session ${flags.sessionOut})\n`)
  process.stdout.write(JSON.stringify({ event: 'sim_ready', session: path, dcs: sim.session.dcs }) + '\n')
  await new Promise<void>((done) => {
    const stop = () => void sim.close().then(done)
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}
