// `tobs logout`: end the session on the server, then forget it locally.
import type { Command } from 'commander'
import { forgetLogin, logout, openSession, reachable } from '../telegram/login.ts'
import { exitSoon, targetFor, where } from './account.ts'
import type { Io } from './io.ts'
import { interruptible } from './interrupt.ts'

interface LogoutFlags { session?: string }

export function logoutCommand(program: Command, io: Io): void {
  program.command('logout')
    .description('end the session on the server and delete the session file (a simulator\'s session file keeps its keys and loses its user)')
    .option('--session <file>', 'session file (default: ~/.config/tobs/session.db)')
    .action((flags: LogoutFlags) => runLogout(flags, io))
}

async function runLogout(flags: LogoutFlags, io: Io): Promise<void> {
  const target = targetFor(flags, io, true)
  // Ctrl-C before the server answers: the session file stays; a rerun logs out (or finds it ended)
  const ended = await interruptible(io, async (stop) => {
    const client = await openSession(target)
    try {
      await stop.race(reachable(client, where(target)))
      return await stop.race(logout(client))
    } finally {
      await client.destroy()
      exitSoon(io)
    }
  })
  forgetLogin(target)
  const local = target.kind === 'sim' ? `signed-in user removed from ${target.path}` : `${target.path} deleted`
  io.stdout.write(`${ended ? 'logged out' : 'the server had already ended this session'}; ${local}\n`)
}
