// `tobs login` and `tobs logout`. Answers come from a terminal (the password not echoed) or, when
// stdin is piped, one answer per line, so scripts and tests can log in. Nothing secret is printed.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { defaultSessionPath, loadConfig } from '../config/config.ts'
import { SessionError } from '../telegram/client.ts'
import { forgetLogin, login, LoginError, logout, openSession, reachable, saveLogin, sessionTarget, type LoginPrompts, type SessionTarget } from '../telegram/login.ts'

interface Asker {
  ask(question: string, hidden?: boolean): Promise<string>
  close(): void
  /** a person can retype a wrong code; piped answers cannot be corrected */
  tty: boolean
}

/** Questions go to stderr; with `hidden` the typed characters are swallowed instead of echoed. */
function terminalAsker(): Asker {
  let muted = false
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stderr.write(chunk)
      done()
    },
  })
  const rl = createInterface({ input: process.stdin, output, terminal: true })
  rl.on('SIGINT', () => {
    rl.close() // restores the terminal mode before leaving
    process.stderr.write('\n')
    process.exit(130)
  })
  return {
    tty: true,
    ask: (question, hidden = false) => new Promise((done) => {
      rl.question(question, (answer) => {
        if (hidden) process.stderr.write('\n')
        muted = false
        done(answer.trim())
      })
      muted = hidden // the question is written already (synchronously); what is typed next is not
    }),
    close: () => rl.close(),
  }
}

/** One answer per stdin line; the questions still go to stderr so a transcript reads well. */
function pipedAsker(): Asker {
  const rl = createInterface({ input: process.stdin, terminal: false, crlfDelay: Infinity })
  const lines = rl[Symbol.asyncIterator]()
  return {
    tty: false,
    ask: async (question) => {
      process.stderr.write(question)
      const line = await lines.next()
      process.stderr.write('\n')
      if (line.done) throw new LoginError(`stdin ended before an answer to "${question.replace(/[:\s]+$/, '')}"`)
      return String(line.value).trim()
    },
    close: () => rl.close(),
  }
}

function promptsFor(asker: Asker): LoginPrompts {
  return {
    phone: () => asker.ask('Phone number (international format, e.g. +44...): '),
    code: () => asker.ask('Login code: '),
    password: (hint) => asker.ask(`2FA password${hint ? ` (hint: ${hint})` : ''}: `, true),
    codeSent: (via) => process.stderr.write(`A login code was sent (${via === 'app' ? 'to your Telegram app' : `by ${via}`}).\n`),
    qr: (url) => process.stderr.write(
      `Open Telegram on a signed-in phone: Settings > Devices > Link Desktop Device, and scan a QR code of:\n${url}\n`),
    retry: (what) => process.stderr.write(what === 'code' ? 'That code was not accepted; try again.\n' : 'That password was not accepted; try again.\n'),
  }
}

/**
 * mtcute 0.30.3 reconnects in the background after sign-in/out (login.ts waits for the main
 * connection), and a socket opened after destroy() would keep this one-shot command alive forever.
 * Unref'd: it fires only if something leaked.
 */
function exitSoon(): void {
  setTimeout(() => process.exit(process.exitCode ?? 0), 3000).unref()
}

function where(target: SessionTarget): string {
  return target.kind === 'sim' ? `the simulator at ${target.session.dcs.map((d) => `${d.host}:${d.port}`).join(', ')}` : 'Telegram'
}

function targetFor(flags: { session?: string }, mustExist = false): SessionTarget {
  const config = loadConfig({ session: flags.session })
  const path = resolve(config.session ?? defaultSessionPath())
  if (mustExist && !existsSync(path)) throw new SessionError(`no session at ${path}; nothing to log out`)
  // the default folder is tobs's own and kept private; a --session elsewhere leaves its folder alone
  return sessionTarget(path, config, config.session === undefined)
}

export async function loginCommand(flags: { qr?: boolean; session?: string }): Promise<void> {
  const target = targetFor(flags)
  const asker = process.stdin.isTTY ? terminalAsker() : pipedAsker()
  const client = await openSession(target)
  let me
  try {
    await reachable(client, where(target))
    me = await login(client, promptsFor(asker), flags.qr ? 'qr' : 'phone', asker.tty ? 3 : 1)
  } finally {
    asker.close()
    await client.destroy()
    exitSoon()
  }
  saveLogin(target, me)
  const name = `${me.firstName}${me.username ? ` (@${me.username})` : ''}`
  process.stdout.write(`logged in as ${name}, id ${me.id}; session: ${target.path}\n`)
}

export async function logoutCommand(flags: { session?: string }): Promise<void> {
  const target = targetFor(flags, true)
  const client = await openSession(target)
  let ended: boolean
  try {
    await reachable(client, where(target))
    ended = await logout(client)
  } finally {
    await client.destroy()
    exitSoon()
  }
  forgetLogin(target)
  const local = target.kind === 'sim' ? `signed-in user removed from ${target.path}` : `${target.path} deleted`
  process.stdout.write(`${ended ? 'logged out' : 'the server had already ended this session'}; ${local}\n`)
}
