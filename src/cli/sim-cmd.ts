// `tobs sim serve`: the simulator as a standalone server, with a session file for other commands.
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { startSimulator, withoutSelf, writeSessionFile } from '../sim/simulator.ts'
import { count, flag } from './flags.ts'
import type { Io } from './io.ts'

interface SimFlags { seed: number; messages: number; sessionOut: string; latency: number; loggedOut?: boolean; password?: string }

export function simCommand(program: Command, io: Io): void {
  program.command('sim')
    .description('the loopback Telegram simulator')
    .command('serve')
    .description('run the simulator and write a session file other tobs commands can use')
    .addOption(flag('--seed <n>', 'world seed', count(0), 1))
    .addOption(flag('--messages <n>', 'messages in the whole world', count(1, 100_000_000), 3000))
    .option('--session-out <file>', 'where to write the session file', 'sim-session.json')
    .addOption(flag('--latency <ms>', 'round trip per request, ms', count(0, 60_000), 0))
    .option('--logged-out', 'start signed out: log in with `tobs login --session <file>` (the code is printed here)')
    .option('--password <pw>', "the simulated account's 2FA password")
    .action((flags: SimFlags) => simServe(flags, io))
}

async function simServe(flags: SimFlags, io: Io): Promise<void> {
  const sim = await startSimulator({
    seed: flags.seed, messages: flags.messages,
    knobs: flags.latency ? { latencyMs: { 2: flags.latency, 4: flags.latency } } : {},
    loggedOut: flags.loggedOut, password: flags.password,
  })
  const path = resolve(io.cwd, flags.sessionOut)
  // a logged-out device has keys but no user until `tobs login` writes one in
  await writeSessionFile(path, flags.loggedOut ? withoutSelf(sim.session) : sim.session)
  const dcs = sim.session.dcs.map((d) => `DC${d.id} ${d.host}:${d.port}`).join(', ')
  io.stderr.write(`simulator up: ${dcs}; seed ${flags.seed}, ${flags.messages} messages\n`)
  if (flags.loggedOut) {
    io.stderr.write(`session file: ${path}, signed out  (try: tobs login --session ${flags.sessionOut})\n`)
    // where Telegram would send it: the account's other devices
    io.stderr.write(`login code: ${sim.loginCode}\n`)
  } else {
    io.stderr.write(`session file: ${path}  (try: tobs chats --session ${flags.sessionOut})\n`)
  }
  io.stdout.write(JSON.stringify({ event: 'sim_ready', session: path, dcs: sim.session.dcs }) + '\n')
  await new Promise<void>((done) => {
    const stop = () => {
      io.signals.off('SIGINT', stop)
      io.signals.off('SIGTERM', stop)
      void sim.close().then(done)
    }
    io.signals.on('SIGINT', stop)
    io.signals.on('SIGTERM', stop)
  })
}
