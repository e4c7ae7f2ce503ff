// `tobs sim serve` takes every fault knob as a flag (issue 16): a bad value is one usage line, and
// the knobs given reach the running simulator (a rate limit with a long FLOOD_WAIT, seen by a real client).
import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.ts'
import { connect } from '../../src/telegram/connect.ts'
import { rpcErrorText } from '../../src/telegram/rpc.ts'
import { tempVault } from '../helpers.ts'

function io() {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let err = ''
  stderr.setEncoding('utf8').on('data', (d: string) => (err += d))
  const signals = new EventEmitter()
  return { io: { stdout, stderr, signals, cwd: process.cwd(), env: process.env }, stdout, signals, err: () => err }
}

describe('tobs sim serve fault flags', () => {
  it('a share outside 0..1 or a malformed rate limit is one usage line, exit 2', async () => {
    for (const bad of [['--drop-rate', '2'], ['--stall-rate', 'x'], ['--rate-limit', 'getHistory'], ['--flood-wait', '-1']]) {
      const t = io()
      const code = await main(['sim', 'serve', ...bad], t.io)
      expect(code, bad.join(' ')).toBe(2)
      expect(t.err().trim().split('\n'), t.err()).toHaveLength(1)
      expect(t.err()).toContain(bad[0])
    }
  })

  it('--rate-limit with --flood-wait 90 answers a real client FLOOD_WAIT_90 past the limit', async () => {
    const t = io()
    const session = join(tempVault(), 'sim.json')
    const ready = new Promise<void>((resolve) => t.stdout.setEncoding('utf8').on('data', (d: string) => d.includes('sim_ready') && resolve()))
    const running = main(['sim', 'serve', '--seed', '2', '--messages', '200', '--session-out', session,
      '--rate-limit', 'users.getUsers=1', '--flood-wait', '90', '--drop-rate', '0', '--internal-rate', '0%', '--bandwidth', '4MB'], t.io)
    await ready
    const { sessionFromFile } = await import('../../src/telegram/client.ts')
    const conn = await connect(sessionFromFile(session)) // its users.getUsers is the one call the limit lets through
    try {
      const second = await conn.client.call({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] }).then(() => undefined, (e: unknown) => e)
      // mtcute names the error FLOOD_WAIT_%d and carries N as `seconds`
      expect(rpcErrorText(second)).toBe('FLOOD_WAIT_%d')
      expect((second as { seconds?: number }).seconds).toBe(90)
    } finally {
      await conn.close()
      t.signals.emit('SIGTERM')
    }
    expect(await running).toBe(0)
  })
})
