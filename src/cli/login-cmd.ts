// `tobs login`. Answers come from a terminal (the password not echoed) or, when stdin is piped, one
// answer per line, so scripts and tests can log in. Nothing secret is printed.
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import type { Command } from 'commander'
import { login, LoginError, openSession, reachable, saveLogin, type LoginPrompts } from '../telegram/login.ts'
import { exitSoon, targetFor, where } from './account.ts'
import type { Io } from './io.ts'
import { interruptible, type Interruption } from './interrupt.ts'

interface Asker {
  ask(question: string, hidden?: boolean): Promise<string>
  close(): void
  /** a person can retype a wrong code; piped answers cannot be corrected */
  tty: boolean
}

interface LoginFlags { qr?: boolean; session?: string }

export function loginCommand(program: Command, io: Io): void {
  program.command('login')
    .description('sign in (phone, code, 2FA password; or --qr) and keep the session, readable by you alone')
    .option('--qr', 'log in by scanning a QR code with Telegram on a signed-in phone')
    .option('--session <file>', 'session file (default: ~/.config/tobs/session.db)')
    .action((flags: LoginFlags) => runLogin(flags, io))
}

/** Questions go to stderr; with `hidden` the typed characters are swallowed instead of echoed. */
function terminalAsker(io: Io, stop: Interruption): Asker {
  let muted = false
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) io.stderr.write(chunk)
      done()
    },
  })
  const rl = createInterface({ input: io.stdin, output, terminal: true })
  // in raw mode Ctrl-C is a key, not a signal: readline hands it over as an event
  rl.on('SIGINT', () => {
    rl.close() // restores the terminal mode before leaving
    io.stderr.write('\n')
    stop.interrupt('SIGINT')
  })
  return {
    tty: true,
    ask: (question, hidden = false) => new Promise((done) => {
      rl.question(question, (answer) => {
        if (hidden) io.stderr.write('\n')
        muted = false
        done(answer.trim())
      })
      muted = hidden // the question is written already (synchronously); what is typed next is not
    }),
    close: () => rl.close(),
  }
}

/** One answer per stdin line; the questions still go to stderr so a transcript reads well. */
function pipedAsker(io: Io): Asker {
  const rl = createInterface({ input: io.stdin, terminal: false, crlfDelay: Infinity })
  const lines = rl[Symbol.asyncIterator]()
  return {
    tty: false,
    ask: async (question) => {
      io.stderr.write(question)
      const line = await lines.next()
      io.stderr.write('\n')
      if (line.done) throw new LoginError(`stdin ended before an answer to "${question.replace(/[:\s]+$/, '')}"`)
      return String(line.value).trim()
    },
    close: () => rl.close(),
  }
}

function promptsFor(asker: Asker, io: Io): LoginPrompts {
  return {
    phone: () => asker.ask('Phone number (international format, e.g. +44...): '),
    code: () => asker.ask('Login code: '),
    password: (hint) => asker.ask(`2FA password${hint ? ` (hint: ${hint})` : ''}: `, true),
    codeSent: (via) => io.stderr.write(`A login code was sent (${via === 'app' ? 'to your Telegram app' : `by ${via}`}).\n`),
    qr: (url) => io.stderr.write(
      `Open Telegram on a signed-in phone: Settings > Devices > Link Desktop Device, and scan a QR code of:\n${url}\n`),
    retry: (what) => io.stderr.write(what === 'code' ? 'That code was not accepted; try again.\n' : 'That password was not accepted; try again.\n'),
  }
}

async function runLogin(flags: LoginFlags, io: Io): Promise<void> {
  const target = targetFor(flags, io)
  // Ctrl-C at a question or while waiting for the server: nothing is saved, the session file stays as it was
  const me = await interruptible(io, async (stop) => {
    const asker = io.stdin.isTTY ? terminalAsker(io, stop) : pipedAsker(io)
    const client = await openSession(target)
    try {
      await stop.race(reachable(client, where(target)))
      return await stop.race(login(client, promptsFor(asker, io), flags.qr ? 'qr' : 'phone', asker.tty ? 3 : 1))
    } finally {
      asker.close()
      await client.destroy()
      exitSoon(io)
    }
  }, 'interrupted; not logged in')
  saveLogin(target, me)
  const name = `${me.firstName}${me.username ? ` (@${me.username})` : ''}`
  io.stdout.write(`logged in as ${name}, id ${me.id}; session: ${target.path}\n`)
}
