// `tobs sim serve`: the simulator as a standalone server, with a session file for other commands.
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { startSimulator, withoutSelf, writeSessionFile } from '../sim/simulator.ts'
import type { SimKnobs } from '../sim/handlers/knobs.ts'
import { count, Expected, flag, size } from './flags.ts'
import type { Io } from './io.ts'

interface SimFlags {
  seed: number; messages: number; sessionOut: string; latency: number; loggedOut?: boolean; password?: string
  dropRate: number; stallRate: number; internalRate: number; fileRefExpiredRate: number
  rateLimit?: Record<string, number>; floodWait: number; bandwidth?: number; takeoutDelay: number
}

/** A share from 0 to 1 (0.05 = 5 %); "5%" is read too. */
const fraction = (v: string): number => {
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(v.trim())
  const n = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN
  if (!(n >= 0 && n <= 1)) throw new Expected('expected a share from 0 to 1, such as 0.05 or 5%')
  return n
}

/** method=requests per second, comma separated: messages.getHistory=30,upload.getFile=50 */
const rateLimits = (v: string): Record<string, number> => {
  const out: Record<string, number> = {}
  for (const item of v.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-zA-Z]+\.[a-zA-Z]+)=(\d+(?:\.\d+)?)$/.exec(item)
    if (!m || !(Number(m[2]) > 0)) throw new Expected('expected method=requests per second, comma separated (messages.getHistory=30,upload.getFile=50)')
    out[m[1]!] = Number(m[2])
  }
  if (!Object.keys(out).length) throw new Expected('expected at least one method=rate')
  return out
}

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
    // fault knobs (issue 16): every failure the simulator can inject, from the command line
    .addOption(flag('--drop-rate <share>', 'share of answers replaced by a dropped connection (0..1)', fraction, 0))
    .addOption(flag('--stall-rate <share>', 'share of answers withheld, the connection left open and silent (0..1)', fraction, 0))
    .addOption(flag('--internal-rate <share>', 'share of calls answered 500 INTERNAL (0..1)', fraction, 0))
    .addOption(flag('--file-ref-expired-rate <share>', 'share of first file parts answered FILE_REFERENCE_EXPIRED (0..1)', fraction, 0))
    .addOption(flag('--rate-limit <method=n,...>', 'hidden per-method limits, requests/s per account (messages.getHistory=30)', rateLimits))
    .addOption(flag('--flood-wait <seconds>', 'a call past a rate limit shuts the account out of that method this long (FLOOD_WAIT_N); 0: just until the window frees', count(0, 86_400), 0))
    .addOption(flag('--bandwidth <size>', 'cap per connection on bytes sent per second (e.g. 2MB, 512KB)', size))
    .addOption(flag('--takeout-delay <seconds>', 'the first takeout session waits this long (TAKEOUT_INIT_DELAY_N)', count(0, 86_400), 0))
    .action((flags: SimFlags) => simServe(flags, io))
}

async function simServe(flags: SimFlags, io: Io): Promise<void> {
  const sim = await startSimulator({
    seed: flags.seed, messages: flags.messages,
    knobs: knobsOf(flags),
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
  // for the program that started it; on a terminal the lines above say it, and this would wrap
  if (!io.stdout.isTTY) io.stdout.write(JSON.stringify({ event: 'sim_ready', session: path, dcs: sim.session.dcs }) + '\n')
  // a signal is how a server is meant to end (the README's `kill %1`, a closed terminal): exit 0
  await new Promise<void>((done) => {
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
    const stop = () => {
      for (const s of signals) io.signals.off(s, stop)
      void sim.close().then(done)
    }
    for (const s of signals) io.signals.on(s, stop)
  })
}

function knobsOf(f: SimFlags): Partial<SimKnobs> {
  return {
    ...(f.latency ? { latencyMs: { 2: f.latency, 4: f.latency } } : {}),
    dropRate: f.dropRate, stallRate: f.stallRate, internalErrorRate: f.internalRate,
    fileReferenceExpiredRate: f.fileRefExpiredRate, rateLimits: f.rateLimit ?? {}, floodWaitSeconds: f.floodWait,
    takeoutInitDelaySeconds: f.takeoutDelay, ...(f.bandwidth ? { bytesPerSecond: f.bandwidth } : {}),
  }
}
