import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import type { TelegramClient } from '@mtcute/node'
import { startDcServer } from './server.ts'
import type { DcServer } from './server.ts'
import { connectTestClient } from './test-client.ts'
import { basicHandler } from './test-fixtures.ts'

let servers: DcServer[] = []
let client: TelegramClient | undefined
afterEach(async () => {
  await client?.destroy()
  for (const s of servers) await s.close()
  servers = []
  client = undefined
})

async function twoDcs(): Promise<Map<number, Uint8Array>> {
  const keys = new Map([
    [2, randomBytes(256)],
    [4, randomBytes(256)],
  ])
  for (const [dcId, key] of keys) {
    servers.push(await startDcServer({ dcId, authKeys: [key], handler: basicHandler(() => servers) }))
  }
  return keys
}

describe('connectTestClient', () => {
  it('finds other DCs through help.getConfig (configFor) and uses their seeded keys', async () => {
    const keys = await twoDcs()
    client = await connectTestClient(servers, keys, 2)
    const main = await client.call({ _: 'help.getNearestDc' })
    const other = await client.call({ _: 'help.getNearestDc' }, { dcId: 4 })
    expect(main.thisDc).toBe(2)
    expect(other.thisDc).toBe(4)
    expect(servers[0]!.counters.calls['help.getConfig']).toBeGreaterThanOrEqual(1)
    expect(servers[1]!.counters.calls['help.getNearestDc']).toBe(1)
    // the pre-shared key was enough: no authorization transfer between DCs
    expect(servers[0]!.counters.calls['auth.exportAuthorization']).toBeUndefined()
  })

  it('seeds the self user so mtcute treats the client as logged in, without a request', async () => {
    const keys = await twoDcs()
    client = await connectTestClient(servers, keys, 2, { self: { id: 777, username: 'me_user' } })
    expect(client.storage.self.getCached()?.userId).toBe(777)
    expect(await client.getMyUsername()).toBe('me_user')
    expect(servers[0]!.counters.calls).toEqual({})
  })

  it('refuses a main DC that has no server', async () => {
    const keys = await twoDcs()
    await expect(connectTestClient(servers, keys, 5)).rejects.toThrow(/main DC 5/)
  })
})
