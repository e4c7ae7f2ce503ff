// Shared set-up for this folder's tests: one simulated DC and a real mtcute client on it.
import { randomBytes } from 'node:crypto'
import type { TelegramClient } from '@mtcute/node'
import { RpcError } from '../types.ts'
import type { CallContext, Handler, TlRequest } from '../types.ts'
import { tlStub } from '../tl-schema.ts'
import { startDcServer } from './server.ts'
import type { DcServer, DcServerOptions } from './server.ts'
import { configFor, connectTestClient } from './test-client.ts'
import type { TestClientOptions } from './test-client.ts'

export interface Fixture {
  server: DcServer
  client: TelegramClient
  key: Uint8Array
  logs: string[]
  close(): Promise<void>
}

/** Answers help.getConfig and help.getNearestDc; everything else goes to `extra` or fails like Telegram. */
export function basicHandler(servers: () => DcServer[], extra?: Handler): Handler {
  return async (req: TlRequest, ctx: CallContext) => {
    if (req._ === 'help.getConfig') return configFor(servers(), ctx.dcId)
    if (req._ === 'help.getNearestDc') return tlStub('nearestDc', { country: 'XX', thisDc: ctx.dcId, nearestDc: ctx.dcId })
    if (extra) return extra(req, ctx)
    throw new RpcError(400, 'METHOD_INVALID')
  }
}

export async function startFixture(
  opts: { handler?: Handler; server?: Partial<DcServerOptions>; client?: TestClientOptions } = {},
): Promise<Fixture> {
  const key = randomBytes(256)
  const logs: string[] = []
  let servers: DcServer[] = []
  const server = await startDcServer({
    dcId: 2,
    authKeys: [key],
    handler: basicHandler(() => servers, opts.handler),
    log: (l) => logs.push(l),
    ...opts.server,
  })
  servers = [server]
  const client = await connectTestClient(servers, new Map([[2, key]]), 2, opts.client)
  return {
    server,
    client,
    key,
    logs,
    close: async () => {
      await client.destroy()
      await server.close()
    },
  }
}
