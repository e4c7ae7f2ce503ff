import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { Interrupted, interruptible } from './interrupt.ts'
import { withDefaults } from './io.ts'

function fakeIo() {
  const signals = new EventEmitter()
  const exit = vi.fn()
  return { io: withDefaults({ signals, exit: exit as never }), signals, exit }
}

describe('interruptible', () => {
  it('the first signal stops the work with exit code 130 / 143; the second exits at once', async () => {
    const { io, signals, exit } = fakeIo()
    const run = interruptible(io, (stop) => new Promise((_, reject) => stop.signal.addEventListener('abort', () => {
      // the work takes its time to let go; meanwhile a second Ctrl-C comes
      signals.emit('SIGINT')
      reject(new Error('Client is destroyed'))
    })))
    signals.emit('SIGINT')
    const e = await run.catch((x: unknown) => x)
    expect(e).toBeInstanceOf(Interrupted)
    expect((e as Interrupted).exitCode).toBe(130)
    expect(exit).toHaveBeenCalledWith(130)
    expect(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM')).toBe(0)
  })

  it('a closed terminal\'s two hangups (kernel and shell) stop cleanly, not at once; a Ctrl-C after them still leaves', async () => {
    const { io, signals, exit } = fakeIo()
    let stopped!: () => void
    const run = interruptible(io, (stop) => new Promise((_, reject) => {
      stopped = () => reject(new Error('stopped'))
      stop.signal.addEventListener('abort', () => signals.emit('SIGHUP'))
    }))
    signals.emit('SIGHUP')
    expect(exit).not.toHaveBeenCalled()
    signals.emit('SIGINT')
    expect(exit).toHaveBeenCalledWith(130)
    stopped()
    await expect(run).rejects.toMatchObject({ exitCode: 129 })
  })

  it('a signal while connecting rejects at once and closes the connection when it comes', async () => {
    const { io, signals } = fakeIo()
    const close = vi.fn()
    let connected!: (v: { close: () => void }) => void
    const run = interruptible(io, (stop) => stop.race(new Promise<{ close: () => void }>((r) => (connected = r)), (c) => c.close()))
    signals.emit('SIGTERM')
    await expect(run).rejects.toMatchObject({ exitCode: 143 })
    connected({ close })
    await new Promise((r) => setImmediate(r))
    expect(close).toHaveBeenCalledOnce()
  })
})
