// The process entry behind bin/tobs.js: the real argv and streams, the exit code set on the way out.
import { main } from './main.ts'
import { processIo } from './io.ts'

// `tobs chats | head -1`: the reader has gone, so there is nobody left to tell; leave quietly
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw e
  })
}

process.exitCode = await main(process.argv.slice(2), processIo())
