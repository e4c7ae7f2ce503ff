// Signing an account in and out through mtcute, and keeping the result: the only code that talks to
// mtcute about login. Phone numbers, codes, passwords and keys pass through here; none is ever printed.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { TelegramClient } from '@mtcute/node'
import { createClient, protectFile, SessionError, sessionFromFile } from './client.ts'
import type { SimSessionFile } from '../model/sim-session.ts'
import { rpcErrorText } from './rpc.ts'

/** How the user answers; the CLI reads a terminal or piped stdin, tests answer in code. */
export interface LoginPrompts {
  phone(): Promise<string>
  code(): Promise<string>
  password(hint?: string): Promise<string>
  /** QR login: show this tg://login URL (again whenever it changes) */
  qr?(url: string): void
  /** the code is on its way (via 'app', 'sms', ...) */
  codeSent?(via: string): void
  /** the last code or password was wrong and will be asked again */
  retry?(what: 'code' | 'password'): void
}

export type LoginMode = 'phone' | 'qr'

export interface Me { id: number; firstName: string; username?: string }

/** A login that failed for a reason the user can act on (one line, no secrets). */
export class LoginError extends SessionError {}

/** A sim session before `tobs login`: the device keys, no self user yet. */
export type { SimSessionFile }

/** Where a login is kept: a sim session (JSON) or an account's mtcute SQLite file. */
export type SessionTarget =
  | { kind: 'sim'; path: string; session: SimSessionFile }
  /** `privateDir`: the folder is tobs's own (the default config dir) and is kept at mode 0700 */
  | { kind: 'account'; path: string; apiId: number; apiHash: string; privateDir?: boolean }

const ERRORS: Record<string, string> = {
  PHONE_NUMBER_INVALID: 'the phone number is not valid (international format, e.g. +44...)',
  PHONE_NUMBER_BANNED: 'this phone number is banned from Telegram',
  PHONE_CODE_EXPIRED: 'the login code expired; run `tobs login` again',
  PHONE_CODE_INVALID: 'the login code was not accepted',
  PASSWORD_HASH_INVALID: 'the 2FA password was not accepted',
  AUTH_TOKEN_EXPIRED: 'the QR code expired; run `tobs login --qr` again',
}

/**
 * Signs in with phone + code (+ 2FA password), or by QR code (+ 2FA password). An account already
 * signed in is returned as is. `maxAttempts` wrong codes or passwords end the login.
 */
export async function login(client: TelegramClient, prompts: LoginPrompts, mode: LoginMode, maxAttempts = 3): Promise<Me> {
  if (mode === 'qr' && !prompts.qr) throw new LoginError('QR login needs somewhere to show the QR code')
  const wrong = { code: 0, password: 0 }
  const invalid = (what: 'code' | 'password') => {
    if (++wrong[what] >= maxAttempts) throw new LoginError(ERRORS[what === 'code' ? 'PHONE_CODE_INVALID' : 'PASSWORD_HASH_INVALID']!)
    prompts.retry?.(what)
  }
  const password = async () => prompts.password((await client.getPasswordHint()) ?? undefined)
  try {
    const user = await client.start(mode === 'qr'
      ? { qrCodeHandler: (url) => prompts.qr!(url), password, invalidCodeCallback: invalid }
      : {
          phone: () => prompts.phone(), code: () => prompts.code(), password, invalidCodeCallback: invalid,
          // without it mtcute prints to the console itself
          codeSentCallback: (sent) => prompts.codeSent?.(sent.type),
        })
    await settle(client)
    return { id: user.id, firstName: user.firstName, ...(user.username ? { username: user.username } : {}) }
  } catch (e) {
    const text = rpcErrorText(e)
    if (text && ERRORS[text]) throw new LoginError(ERRORS[text])
    if (text?.startsWith('FLOOD_WAIT_')) throw new LoginError(`too many login attempts; Telegram asks to wait ${text.slice(11)} s`)
    throw e
  }
}

/** Ends the authorization on the server. False when the server no longer knew it (already logged out). */
export async function logout(client: TelegramClient): Promise<boolean> {
  try {
    await client.logOut()
    await settle(client)
    return true
  } catch (e) {
    const text = rpcErrorText(e)
    if (text?.startsWith('AUTH_KEY') || text === 'SESSION_REVOKED') return false
    throw e
  }
}

/**
 * mtcute 0.30.3 resets its MTProto sessions after sign-in and sign-out and reconnects in the
 * background; a destroy() during that reconnect leaks the new socket and the process never exits.
 * One call that works signed in or out waits for the reconnect to finish.
 */
async function settle(client: TelegramClient): Promise<void> {
  await client.call({ _: 'help.getNearestDc' })
}

/** Decides what a session path holds; a missing file is a new account session. */
export function sessionTarget(path: string, creds: { apiId?: number; apiHash?: string }, privateDir = false): SessionTarget {
  // an empty file is one openSession created before a login that never got going: still new
  if (existsSync(path) && statSync(path).size > 0) {
    const source = sessionFromFile(path, creds)
    if (source.kind === 'sim') return { kind: 'sim', path, session: source.session }
    return { ...source, privateDir }
  }
  if (!creds.apiId || !creds.apiHash) {
    throw new SessionError('API_ID and API_HASH are required to log in (env, .env or config file); get them at https://my.telegram.org')
  }
  return { kind: 'account', path, apiId: creds.apiId, apiHash: creds.apiHash, privateDir }
}

/** A client on the session, with the account session file created private before mtcute opens it. */
export async function openSession(target: SessionTarget): Promise<TelegramClient> {
  if (target.kind === 'sim') {
    // client.ts seeds a self user from the file; a logged-out file has none, so seed a stand-in and
    // clear it: the server decides whether the keys are signed in (start() asks it first).
    const client = await createClient({ kind: 'sim', session: { ...target.session, self: target.session.self ?? { id: 0, firstName: '' } } })
    if (!target.session.self) await client.storage.self.store(null)
    return client
  }
  const dir = dirname(target.path)
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 })
  if (target.privateDir) chmodSync(dir, 0o700)
  // SQLite gives its -wal/-shm files the mode of the database file: create it 0600 first
  closeSync(openSync(target.path, 'a', 0o600))
  chmodSync(target.path, 0o600)
  return createClient({ kind: 'account', path: target.path, apiId: target.apiId, apiHash: target.apiHash })
}

/** Checks the server answers before asking the user anything, so a dead network fails in seconds. */
export async function reachable(client: TelegramClient, where: string, timeoutMs = 15_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SessionError(`cannot reach ${where} within ${timeoutMs / 1000}s`)), timeoutMs)
  })
  try {
    await Promise.race([client.call({ _: 'help.getNearestDc' }), timeout])
  } finally {
    clearTimeout(timer)
  }
}

const SQLITE_SIBLINGS = ['', '-wal', '-shm', '-journal']

/** After login (client closed): the sim file learns its self user; account files stay 0600. */
export function saveLogin(target: SessionTarget, me: Me): void {
  if (target.kind === 'sim') {
    writePrivate(target.path, { ...target.session, self: me })
    return
  }
  for (const s of SQLITE_SIBLINGS) protectFile(target.path + s)
}

/**
 * After logout: an account session file is deleted. A sim file keeps its keys and loses its self
 * user, because sim keys are pre-shared (there is no key exchange to make new ones at the next login).
 */
export function forgetLogin(target: SessionTarget): void {
  if (target.kind === 'sim') {
    const { self: _self, ...keys } = target.session
    writePrivate(target.path, keys)
    return
  }
  for (const s of SQLITE_SIBLINGS) rmSync(target.path + s, { force: true })
}

function writePrivate(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 })
  chmodSync(path, 0o600) // mode applies only when the file is created
}
