// What `tobs login` and `tobs logout` share: which session file, where it points, and a safety exit.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { defaultSessionPath, loadConfig } from '../config/config.ts'
import { SessionError } from '../telegram/client.ts'
import { sessionTarget, type SessionTarget } from '../telegram/login.ts'
import type { Io } from './io.ts'

/**
 * mtcute 0.30.3 reconnects in the background after sign-in/out (login.ts waits for the main
 * connection), and a socket opened after destroy() would keep this one-shot command alive forever.
 * Unref'd: it fires only if something leaked. In-process runs (no io.exit) have no process to end.
 */
export function exitSoon(io: Io): void {
  const exit = io.exit
  if (exit) setTimeout(() => exit(Number(process.exitCode ?? 0)), 3000).unref()
}

export function where(target: SessionTarget): string {
  return target.kind === 'sim' ? `the simulator at ${target.session.dcs.map((d) => `${d.host}:${d.port}`).join(', ')}` : 'Telegram'
}

export function targetFor(flags: { session?: string }, io: Io, mustExist = false): SessionTarget {
  const config = loadConfig({ session: flags.session }, io.env, io.cwd)
  const path = resolve(io.cwd, config.session ?? defaultSessionPath(io.env))
  if (mustExist && !existsSync(path)) throw new SessionError(`no session at ${path}; nothing to log out`)
  // the default folder is tobs's own and kept private; a --session elsewhere leaves its folder alone
  return sessionTarget(path, config, config.session === undefined)
}
