// The process entry behind bin/tobs.js: the real argv and streams, the exit code set on the way out.
import { setMaxListeners } from 'node:events'
import { closeSync } from 'node:fs'
import { isatty } from 'node:tty'
import { main } from './main.ts'
import { processIo } from './io.ts'

// `tobs chats | head -1`: the reader has gone, so there is nobody left to tell; leave quietly
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    // the terminal was closed (SIGHUP follows): the clean stop goes on with nobody to read it
    if (e.code === 'EIO') return
    throw e
  })
}
// Node 20 restores a terminal's modes on the way out and aborts when the terminal has hung up (a
// native stack, then SIGSEGV, instead of exit code 129): after SIGHUP tobs lets go of it first.
const terminals = [0, 1, 2].filter((fd) => isatty(fd))
process.on('exit', (code) => {
  if (code === 129) for (const fd of terminals) closeSync(fd)
})
// A library failing outside any call of ours (a background reconnect, a timer) would crash the
// process with a stack trace: one line and exit 1 instead, like every other fatal error (issue 16).
let finished = false
const fatal = (e: unknown) => {
  // once the command has said its line, a library failing while it winds down adds nothing
  if (finished) process.exit()
  process.stderr.write(`tobs: ${String((e as Error)?.message ?? e).split('\n')[0]}\n`)
  process.exit(1)
}
process.on('uncaughtException', fatal)
process.on('unhandledRejection', fatal)
// Every wait of a run listens on the run's one abort signal: dozens at once when a server stops
// answering (retries and flood waits of parallel readers and downloads). Node's default of 10 printed
// a MaxListenersExceededWarning into the one line a failed run owes its user.
setMaxListeners(1000)

process.exitCode = await main(process.argv.slice(2), processIo())
finished = true
// A finished command ends the process even when a library left a handle open: a client that gave up
// on a dead server kept its reconnect timers, so tobs printed its one error line and never exited
// (issue 16). Unreferenced, so a process with nothing left open exits at once as before.
setTimeout(() => process.exit(), 2000).unref()
