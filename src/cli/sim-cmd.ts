// `tobs sim serve`: the simulator as a standalone server, with a session file for other commands.
import { resolve } from 'node:path'
import { startSimulator, withoutSelf, writeSessionFile } from '../sim/simulator.ts'

interface SimFlags { seed: number; messages: number; sessionOut: string; latency: number; loggedOut?: boolean; password?: string }

export async function simServeCommand(flags: SimFlags): Promise<void> {
  const sim = await startSimulator({
    seed: flags.seed, messages: flags.messages,
    knobs: flags.latency ? { latencyMs: { 2: flags.latency, 4: flags.latency } } : {},
    loggedOut: flags.loggedOut, password: flags.password,
  })
  const path = resolve(flags.sessionOut)
  // a logged-out device has keys but no user until `tobs login` writes one in
  await writeSessionFile(path, flags.loggedOut ? withoutSelf(sim.session) : sim.session)
  const dcs = sim.session.dcs.map((d) => `DC${d.id} ${d.host}:${d.port}`).join(', ')
  process.stderr.write(`simulator up: ${dcs}; seed ${flags.seed}, ${flags.messages} messages\n`)
  if (flags.loggedOut) {
    process.stderr.write(`session file: ${path}, signed out  (try: tobs login --session ${flags.sessionOut})\n`)
    // where Telegram would send it: the account's other devices
    process.stderr.write(`login code: ${sim.loginCode}\n`)
  } else {
    process.stderr.write(`session file: ${path}  (try: tobs chats --session ${flags.sessionOut})\n`)
  }
  process.stdout.write(JSON.stringify({ event: 'sim_ready', session: path, dcs: sim.session.dcs }) + '\n')
  await new Promise<void>((done) => {
    const stop = () => void sim.close().then(done)
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}
