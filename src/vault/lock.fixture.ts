// A process for lock.test.ts: waits for "go" on stdin (so many can race), takes the vault lock,
// says "owner <pid>" or "busy <message>", and an owner holds the lock until stdin closes (with
// --now: takes the lock at once and holds it until killed).
import { createInterface } from 'node:readline'
import { lockVault } from './lock.ts'

const vault = process.argv[2]!
const lines = createInterface({ input: process.stdin })
const now = process.argv[3] === '--now'
const waitGo = now ? Promise.resolve() : new Promise<void>((r) => lines.once('line', () => r()))
process.stdout.write('ready\n')
await waitGo
try {
  lockVault(vault)
  process.stdout.write(`owner ${process.pid}\n`)
  if (!now) lines.on('close', () => process.exit(0))
  setInterval(() => {}, 1 << 30)
} catch (e) {
  process.stdout.write(`busy ${(e as Error).message}\n`)
  process.exit(0)
}
