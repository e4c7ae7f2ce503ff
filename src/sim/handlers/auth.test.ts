import { checkPrimeSync } from 'node:crypto'
import { computeSrpParams } from '@mtcute/core/utils.js'
import { describe, expect, it } from 'vitest'
import { cryptoProvider } from '../mtproto/crypto.ts'
import { RpcError, type CallContext } from '../types.ts'
import { createWorld } from '../world/world.ts'
import { AuthDesk, LOGIN_CODE, SRP_G, SRP_P, srpServerStart, srpVerifier, srpVerify } from './auth.ts'

const world = createWorld({ seed: 3, messages: 200 })
const ctx = (authKeyId = 'k2', dcId = 2): CallContext => ({ dcId, authKeyId, connectionId: 1, wrappers: [] })

async function rpcError(fn: () => unknown): Promise<RpcError> {
  try {
    await fn()
  } catch (e) {
    expect(e).toBeInstanceOf(RpcError)
    return e as RpcError
  }
  throw new Error('expected an RpcError')
}

/** Phone + right code on `c`: the key now waits for its 2FA password. */
async function passCode(desk: AuthDesk, c: CallContext): Promise<void> {
  const sent = desk.sendCode({ _: 'auth.sendCode', phoneNumber: '+1 555 0100' }) as { phoneCodeHash: string }
  const err = await rpcError(() => desk.signIn({ _: 'auth.signIn', phoneNumber: '15550100', phoneCodeHash: sent.phoneCodeHash, phoneCode: LOGIN_CODE }, c))
  expect([err.code, err.message]).toEqual([401, 'SESSION_PASSWORD_NEEDED'])
}

describe('SRP (server side)', () => {
  it("uses Telegram's 2048-bit safe prime with generator 3", () => {
    expect(SRP_P.toString(2)).toHaveLength(2048)
    expect(checkPrimeSync(SRP_P)).toBe(true)
    expect(checkPrimeSync((SRP_P - 1n) / 2n)).toBe(true)
    expect(SRP_P % 3n).toBe(2n) // g = 3 generates the subgroup of order (p-1)/2 when p mod 3 = 2
    expect(SRP_G).toBe(3n)
  })

  it("accepts mtcute's proof for the right password and rejects a wrong one", async () => {
    const crypto = await cryptoProvider()
    const desk = new AuthDesk(world, { loggedOut: true, password: 'correct horse' })
    const right = ctx('right')
    await passCode(desk, right)
    const proof = await computeSrpParams(crypto, (await desk.getPassword()) as never, 'correct horse')
    const auth = (await desk.checkPassword({ _: 'auth.checkPassword', password: proof }, right)) as any
    expect(auth._).toBe('auth.authorization')
    expect(auth.user.id).toBe(world.self.id)
    expect(() => desk.gate('messages.getHistory', right)).not.toThrow()

    const wrong = ctx('wrong')
    await passCode(desk, wrong)
    const bad = await computeSrpParams(crypto, (await desk.getPassword()) as never, 'correct horse!')
    const err = await rpcError(() => desk.checkPassword({ _: 'auth.checkPassword', password: bad }, wrong))
    expect([err.code, err.message]).toEqual([400, 'PASSWORD_HASH_INVALID'])
    expect(() => desk.gate('messages.getHistory', wrong)).toThrow('SESSION_PASSWORD_NEEDED')
  }, 20_000)

  it('spends an SRP round on its first proof, so a replay fails', async () => {
    const crypto = await cryptoProvider()
    const desk = new AuthDesk(world, { loggedOut: true, password: 'pw' })
    const c = ctx()
    await passCode(desk, c)
    const obj = await desk.getPassword()
    const wrong = await computeSrpParams(crypto, obj as never, 'nope')
    await rpcError(() => desk.checkPassword({ _: 'auth.checkPassword', password: wrong }, c))
    const right = await computeSrpParams(crypto, obj as never, 'pw')
    const err = await rpcError(() => desk.checkPassword({ _: 'auth.checkPassword', password: right }, c))
    expect(err.message).toBe('SRP_ID_INVALID')
  }, 20_000)

  it('rejects a degenerate A (0 or p) that would make S independent of the password', async () => {
    const salt1 = new Uint8Array(40).fill(1)
    const salt2 = new Uint8Array(16).fill(2)
    const v = await srpVerifier('pw', salt1, salt2)
    const { b, B } = srpServerStart(v)
    const M1 = new Uint8Array(32)
    const p = new Uint8Array(Buffer.from(SRP_P.toString(16), 'hex'))
    for (const A of [new Uint8Array(256), p]) expect(srpVerify({ v, b, B, salt1, salt2, A, M1 })).toBe(false)
  })
})

describe('AuthDesk', () => {
  it('keeps a logged-out key to help.* and auth.* until it signs in, per key', () => {
    const desk = new AuthDesk(world, { loggedOut: true })
    const c = ctx('a')
    expect(() => desk.gate('help.getConfig', c)).not.toThrow()
    expect(() => desk.gate('auth.sendCode', c)).not.toThrow()
    expect(() => desk.gate('users.getUsers', c)).toThrow('AUTH_KEY_UNREGISTERED')
    expect(() => desk.gate('auth.exportAuthorization', c)).toThrow('AUTH_KEY_UNREGISTERED')
    const sent = desk.sendCode({ _: 'auth.sendCode', phoneNumber: '+15550100' }) as { phoneCodeHash: string }
    const auth = desk.signIn({ _: 'auth.signIn', phoneNumber: '15550100', phoneCodeHash: sent.phoneCodeHash, phoneCode: LOGIN_CODE }, c) as any
    expect(auth.user.self).toBe(true)
    expect(() => desk.gate('users.getUsers', c)).not.toThrow()
    expect(() => desk.gate('users.getUsers', ctx('other-dc-key', 4))).toThrow('AUTH_KEY_UNREGISTERED')
    desk.authorize(ctx('other-dc-key', 4)) // what auth.importAuthorization does
    expect(() => desk.gate('users.getUsers', ctx('other-dc-key', 4))).not.toThrow()
  })

  it('answers a wrong code with PHONE_CODE_INVALID and an unknown hash with PHONE_CODE_EXPIRED', async () => {
    const desk = new AuthDesk(world, { loggedOut: true })
    const sent = desk.sendCode({ _: 'auth.sendCode', phoneNumber: '+15550100' }) as { phoneCodeHash: string }
    const wrong = await rpcError(() => desk.signIn({ _: 'auth.signIn', phoneNumber: '15550100', phoneCodeHash: sent.phoneCodeHash, phoneCode: '54321' }, ctx()))
    expect([wrong.code, wrong.message]).toEqual([400, 'PHONE_CODE_INVALID'])
    const expired = await rpcError(() => desk.signIn({ _: 'auth.signIn', phoneNumber: '15550100', phoneCodeHash: 'nope', phoneCode: LOGIN_CODE }, ctx()))
    expect(expired.message).toBe('PHONE_CODE_EXPIRED')
  })

  it('QR: hands out one token until the simulated phone scans it, then signs the key in', () => {
    let now = 10_000
    const desk = new AuthDesk(world, { loggedOut: true, qrScanDelayMs: 1000 }, () => now)
    const first = desk.exportLoginToken({ _: 'auth.exportLoginToken' }, ctx()) as any
    expect(first._).toBe('auth.loginToken')
    expect(first.expires * 1000).toBeGreaterThanOrEqual(now + 1000) // the client asks again then
    now += 500
    const again = desk.exportLoginToken({ _: 'auth.exportLoginToken' }, ctx()) as any
    expect(Buffer.from(again.token).equals(Buffer.from(first.token))).toBe(true)
    now += 600
    const done = desk.exportLoginToken({ _: 'auth.exportLoginToken' }, ctx()) as any
    expect(done._).toBe('auth.loginTokenSuccess')
    expect(done.authorization.user.id).toBe(world.self.id)
    expect(() => desk.gate('users.getUsers', ctx())).not.toThrow()
  })

  it('logOut ends the authorization of every key, even in a sim that starts signed in', () => {
    const desk = new AuthDesk(world)
    expect(() => desk.gate('users.getUsers', ctx('a'))).not.toThrow()
    expect((desk.logOut() as any)._).toBe('auth.loggedOut')
    for (const key of ['a', 'b']) expect(() => desk.gate('users.getUsers', ctx(key))).toThrow('AUTH_KEY_UNREGISTERED')
  })
})
