// The process entry behind bin/tobs.js: the real argv and streams, the exit code set on the way out.
import { main } from './main.ts'
import { processIo } from './io.ts'

process.exitCode = await main(process.argv.slice(2), processIo())
