// `tobs chats`: the account's dialogs, a table on a terminal and JSON lines otherwise.
import type { Command } from 'commander'
import { loadConfig } from '../config/config.ts'
import { connect } from '../telegram/connect.ts'
import { listChats } from '../export/list-chats.ts'
import type { Io } from './io.ts'
import { interruptible } from './interrupt.ts'
import { openSession } from './session.ts'
import { cell, clean, fit } from './tty-text.ts'
import stringWidth from 'string-width'

interface ChatsFlags { session?: string; json?: boolean }

export function chatsCommand(program: Command, io: Io): void {
  program.command('chats')
    .description("list the account's chats: a table on a terminal, one JSON object per line when piped")
    .option('--session <file>', 'session file')
    .option('--json', 'one JSON object per chat')
    .action((flags: ChatsFlags) => runChats(flags, io))
}

async function runChats(flags: ChatsFlags, io: Io): Promise<void> {
  const config = loadConfig({ session: flags.session }, io.env, io.cwd)
  // nothing is stored: a signal ends the listing at once (a connection that comes late is closed)
  const chats = await interruptible(io, async (stop) => {
    const conn = await stop.race(connect(openSession(config, io)), (c) => c.close())
    try {
      return await stop.race(listChats(conn.client, conn.selfId))
    } finally {
      await conn.close()
    }
  }, 'interrupted')
  if (flags.json || !io.stdout.isTTY) {
    for (const c of chats) io.stdout.write(JSON.stringify(c) + '\n')
    return
  }
  const rows = chats.map((c) => [c.kind, String(c.id), clean(c.title), c.username ? `@${c.username}` : '',
    String(c.messageCount ?? ''), c.topics ? String(c.topics.length) : ''])
  const table = [['KIND', 'ID', 'TITLE', 'USERNAME', 'MESSAGES', 'TOPICS'], ...rows]
  const widths = table[0]!.map((_, i) => Math.min(40, Math.max(...table.map((r) => stringWidth(r[i]!)))))
  const screen = { columns: io.stdout.columns || 80, color: false }
  for (const r of table) io.stdout.write(fit(r.map((v, i) => cell(v, widths[i]!)).join('  ').trimEnd(), screen) + '\n')
}
