// Opens a client and proves the account answers, so an unreachable server or a dead session fails
// fast with one clear line instead of mtcute reconnecting forever.
import type { TelegramClient } from '@mtcute/node'
import { createClient, SessionError, type ClientHooks, type SessionSource } from './client.ts'
import { rpcErrorText } from './rpc.ts'

export interface Connected {
  client: TelegramClient
  selfId: number
  close(): Promise<void>
}

export async function connect(
  source: SessionSource, hooks: ClientHooks = {}, timeoutMs = Number(process.env.TOBS_CONNECT_TIMEOUT_MS) || 15_000,
): Promise<Connected> {
  const client = await createClient(source, hooks)
  const where = source.kind === 'sim'
    ? `the simulator at ${source.session.dcs.map((d) => `${d.host}:${d.port}`).join(', ')}`
    : 'Telegram'
  let timer: NodeJS.Timeout | undefined
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SessionError(`cannot reach ${where} within ${timeoutMs / 1000}s`)), timeoutMs)
    })
    const users = await Promise.race([client.call({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] }), timeout])
    // mtcute fetches the DC list lazily, when it first opens a connection to another DC (media): a
    // fetch that fails then leaves it without a list and crashes the process (issue 16). Fetch it now,
    // while a failure is still one clear line; it is cached for its lifetime (an hour on Telegram).
    await Promise.race([warmConfig(client), timeout])
    const self = users[0]
    if (!self || self._ !== 'user') throw new SessionError('the session has no user; run `tobs login`')
    return { client, selfId: self.id, close: () => client.destroy() }
  } catch (e) {
    await client.destroy().catch(() => {})
    const text = rpcErrorText(e)
    if (text?.startsWith('AUTH_KEY') || text === 'SESSION_REVOKED' || text === 'USER_DEACTIVATED') {
      throw new SessionError(`the session is no longer valid (${text}); run \`tobs login\` again`)
    }
    throw e
  } finally {
    clearTimeout(timer)
  }
}

/** Fills mtcute's DC list cache (its own field, mtcute pinned to 0.30.3; absent elsewhere: no-op). */
async function warmConfig(client: TelegramClient): Promise<void> {
  const inner = client as unknown as { _client?: { mt?: { network?: { config?: { update(): Promise<void> } } } } }
  await inner._client?.mt?.network?.config?.update()
}
