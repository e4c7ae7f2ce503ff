// The simulator in its own process for the fault suite, so a test can kill it (SIGKILL) or freeze
// it (SIGSTOP) like a server that dies or stops answering. argv: session path, seed, messages,
// knobs as JSON. Prints one line when the session file is written; SIGUSR2 prints the counters.
import { startSimulator, writeSessionFile } from '../../src/sim/simulator.ts'

const [sessionOut, seed, messages, knobs] = process.argv.slice(2)
const sim = await startSimulator({ seed: Number(seed), messages: Number(messages), knobs: JSON.parse(knobs ?? '{}'), host: '127.0.0.1' })
await writeSessionFile(sessionOut!, sim.session)
process.stdout.write('ready\n')
process.on('SIGUSR2', () => {
  const c = sim.counters()
  process.stdout.write(`${JSON.stringify({ droppedConnections: c.droppedConnections, stalledConnections: c.stalledConnections, connections: c.connections })}\n`)
})
process.on('SIGTERM', () => void sim.close().then(() => process.exit(0)))
