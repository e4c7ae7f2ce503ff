// Login end to end: the real mtcute client signs in to a logged-out simulator over TCP.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, statSync, existsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, withoutSelf, writeSessionFile, type Simulator } from '../../src/sim/simulator.ts'
import { connect } from '../../src/telegram/connect.ts'
import { sessionFromFile, SessionError } from '../../src/telegram/client.ts'
import { forgetLogin, login, LoginError, logout, openSession, saveLogin, sessionTarget, type LoginPrompts, type SessionTarget } from '../../src/telegram/login.ts'
import { rpcErrorText } from '../../src/telegram/rpc.ts'

const PHONE = '+1 555 010 0199'
const ROOT = join(import.meta.dirname, '..', '..')
let sims: Simulator[] = []

afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()))
  sims = []
})

async function sim(opts: { password?: string } = {}): Promise<Simulator> {
  const s = await startSimulator({ seed: 5, messages: 300, loggedOut: true, ...opts })
  sims.push(s)
  return s
}

/** A logged-out sim session file, as `tobs sim serve --logged-out` writes it. */
async function target(s: Simulator): Promise<SessionTarget & { kind: 'sim' }> {
  const path = join(mkdtempSync(join(tmpdir(), 'tobs-login-')), 'sim.json')
  await writeSessionFile(path, withoutSelf(s.session))
  return { kind: 'sim', path, session: withoutSelf(s.session) }
}

/** Answers from lists, recording what was asked. */
function answers(a: { code?: string[]; password?: string[] } = {}) {
  const asked: string[] = []
  const urls: string[] = []
  const codes = [...(a.code ?? ['12345'])]
  const passwords = [...(a.password ?? [])]
  const prompts: LoginPrompts = {
    phone: async () => (asked.push('phone'), PHONE),
    code: async () => (asked.push('code'), codes.shift() ?? '12345'),
    password: async () => (asked.push('password'), passwords.shift() ?? ''),
    qr: (url) => urls.push(url),
    retry: (what) => asked.push(`retry ${what}`),
  }
  return { prompts, asked, urls }
}

async function loginOnce(t: SessionTarget, prompts: LoginPrompts, mode: 'phone' | 'qr' = 'phone', attempts = 3) {
  const client = await openSession(t)
  try {
    return await login(client, prompts, mode, attempts)
  } finally {
    await client.destroy()
  }
}

describe('tobs login against the simulator', () => {
  it('a logged-out session is refused until phone + code sign it in, then works on every DC', async () => {
    const s = await sim()
    const t = await target(s)
    await expect(connect({ kind: 'sim', session: s.session })).rejects.toThrow(/AUTH_KEY_UNREGISTERED/)

    const { prompts, asked } = answers()
    const me = await loginOnce(t, prompts)
    expect(me.id).toBe(s.world.self.id)
    expect(asked).toEqual(['phone', 'code'])
    saveLogin(t, me)
    const saved = JSON.parse(readFileSync(t.path, 'utf8'))
    expect(saved.self.id).toBe(s.world.self.id)
    expect(statSync(t.path).mode & 0o777).toBe(0o600)

    const conn = await connect(sessionFromFile(t.path))
    try {
      expect(conn.selfId).toBe(s.world.self.id)
      // the media DC's key is signed in the way Telegram does it: export on DC 2, import on DC 4
      const users = await conn.client.call({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] }, { dcId: s.knobs.mediaDc })
      expect(users[0]?._).toBe('user')
      expect(s.counters().calls['auth.importAuthorization']).toBeGreaterThanOrEqual(1)
    } finally {
      await conn.close()
    }
  })

  it('asks for the 2FA password and signs in when the SRP proof is right', async () => {
    const s = await sim({ password: 'hunter2 ünïcode' })
    const { prompts, asked } = answers({ password: ['hunter2 ünïcode'] })
    const me = await loginOnce(await target(s), prompts)
    expect(me.id).toBe(s.world.self.id)
    expect(asked).toEqual(['phone', 'code', 'password'])
    expect(s.counters().calls['auth.checkPassword']).toBe(1)
  })

  it('asks again after a wrong password, and gives up with a clear error', async () => {
    const s = await sim({ password: 'right' })
    const failed = answers({ password: ['wrong'] })
    const err = await loginOnce(await target(s), failed.prompts, 'phone', 1).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(LoginError)
    expect((err as Error).message).toBe('the 2FA password was not accepted')

    // the same device keys still wait for their password, so a new login asks only for it (as Telegram)
    const retried = answers({ password: ['wrong', 'right'] })
    expect((await loginOnce(await target(s), retried.prompts)).id).toBe(s.world.self.id)
    expect(retried.asked).toEqual(['password', 'retry password', 'password'])
  })

  it('a wrong code is a clear error, and a right one on the retry signs in', async () => {
    const s = await sim()
    const failed = answers({ code: ['54321'] })
    const err = await loginOnce(await target(s), failed.prompts, 'phone', 1).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(LoginError)
    expect((err as Error).message).toBe('the login code was not accepted')
    expect(s.counters().errors['PHONE_CODE_INVALID']).toBe(1)

    const retried = answers({ code: ['54321', '12345'] })
    expect((await loginOnce(await target(s), retried.prompts)).id).toBe(s.world.self.id)
    expect(retried.asked).toEqual(['phone', 'code', 'retry code', 'code'])
  })

  it('QR login: shows a tg://login URL and signs in once the simulated phone scans it', async () => {
    const s = await sim({ password: 'qr-pass' })
    const { prompts, urls, asked } = answers({ password: ['qr-pass'] })
    const me = await loginOnce(await target(s), prompts, 'qr')
    expect(me.id).toBe(s.world.self.id)
    expect(urls.length).toBeGreaterThanOrEqual(1)
    expect(urls[0]).toMatch(/^tg:\/\/login\?token=[A-Za-z0-9_-]+$/)
    expect(asked).toEqual(['password']) // no phone, no code
    expect(s.counters().calls['auth.exportLoginToken']).toBeGreaterThanOrEqual(2)
  })

  it('logout ends the authorization: the next call fails with AUTH_KEY_UNREGISTERED; logging in again works', async () => {
    const s = await sim()
    const t = await target(s)
    const client = await openSession(t)
    try {
      const me = await login(client, answers().prompts, 'phone')
      saveLogin(t, me)
      expect(await logout(client)).toBe(true)
      const err = await client.call({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] }).catch((e: unknown) => e)
      expect(rpcErrorText(err)).toBe('AUTH_KEY_UNREGISTERED')
      expect(await logout(client)).toBe(false) // already gone on the server
    } finally {
      await client.destroy()
    }
    const after = sessionFromFile(t.path)
    await expect(connect(after)).rejects.toThrow(SessionError)
    await expect(connect(after)).rejects.toThrow(/AUTH_KEY_UNREGISTERED.*tobs login/)

    forgetLogin(t)
    const kept = JSON.parse(readFileSync(t.path, 'utf8'))
    expect(kept.self).toBeUndefined()
    expect(Object.keys(kept.authKeys).length).toBe(Object.keys(s.session.authKeys).length)
    expect((await loginOnce({ ...t, session: kept }, answers().prompts)).id).toBe(s.world.self.id)
  })
})

describe('account session files', () => {
  it('are created 0600 (with their SQLite siblings) in a 0700 folder', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tobs-home-')), 'tobs')
    const t: SessionTarget = { kind: 'account', path: join(dir, 'session.db'), apiId: 1, apiHash: '0'.repeat(32), privateDir: true }
    const client = await openSession(t)
    await client.prepare() // opens the database (WAL mode); no network
    // checked while open: SQLite's -wal/-shm files exist only then, and must never be readable by others
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    for (const s of ['', '-wal', '-shm']) expect(statSync(t.path + s).mode & 0o777, `session.db${s}`).toBe(0o600)
    await client.destroy()
    saveLogin(t, { id: 1, firstName: 'x' })
    expect(statSync(t.path).mode & 0o777).toBe(0o600)
    expect(readFileSync(t.path).subarray(0, 15).toString()).toBe('SQLite format 3')
    forgetLogin(t)
    expect(existsSync(t.path)).toBe(false)
  })

  it('a new one needs API_ID/API_HASH; an empty file left by an interrupted login counts as new', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tobs-home-')), 'session.db')
    expect(() => sessionTarget(path, {})).toThrow(/^API_ID and API_HASH are required/)
    writeFileSync(path, '')
    expect(sessionTarget(path, { apiId: 5, apiHash: 'a'.repeat(32) })).toMatchObject({ kind: 'account', path, apiId: 5 })
  })
})

/** Runs the real CLI with `input` piped to stdin, in an empty folder, without API credentials. */
function tobs(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const home = mkdtempSync(join(tmpdir(), 'tobs-cli-'))
  const env: NodeJS.ProcessEnv = { ...process.env, TOBS_HOME: join(home, 'config') }
  for (const k of ['API_ID', 'API_HASH', 'TOBS_API_ID', 'TOBS_API_HASH', 'TOBS_SESSION']) delete env[k]
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'tobs.js'), ...args], { cwd: home, env, stdio: 'pipe' })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', fail)
    child.on('close', (code) => done({ code, stdout, stderr }))
    child.stdin.end(input)
  })
}

describe('the tobs login / logout commands', () => {
  it('log in with answers piped on stdin, printing none of them, and log out again', async () => {
    const s = await sim({ password: 'pw-Zq8#tx' })
    const t = await target(s)
    const res = await tobs(['login', '--session', t.path], `${PHONE}\n${s.loginCode}\npw-Zq8#tx\n`)
    expect(res.stderr).not.toMatch(/^tobs:/m)
    expect(res.code).toBe(0)
    expect(res.stdout).toMatch(/^logged in as Sim/m)
    const all = res.stdout + res.stderr
    for (const secret of ['15550100199', '555 010 0199', '0100199', s.loginCode, 'pw-Zq8#tx']) expect(all).not.toContain(secret)
    expect(JSON.parse(readFileSync(t.path, 'utf8')).self.id).toBe(s.world.self.id)
    expect(statSync(t.path).mode & 0o777).toBe(0o600)

    const out = await tobs(['logout', '--session', t.path], '')
    expect([out.code, out.stderr]).toEqual([0, ''])
    expect(out.stdout).toMatch(/^logged out;/)
    expect(JSON.parse(readFileSync(t.path, 'utf8')).self).toBeUndefined()
    await expect(connect({ kind: 'sim', session: s.session })).rejects.toThrow(/AUTH_KEY_UNREGISTERED/)
  }, 30_000)

  it('a wrong piped code fails at once with one line and exit code 1', async () => {
    const s = await sim()
    const res = await tobs(['login', '--session', (await target(s)).path], `${PHONE}\n00000\n`)
    expect(res.code).toBe(1)
    expect(res.stderr.split('\n').filter((l) => l.startsWith('tobs:'))).toEqual(['tobs: the login code was not accepted'])
    expect(res.stdout + res.stderr).not.toContain('0100199')
  }, 30_000)

  it('without API_ID/API_HASH a real account login stops with one line and exit code 1', async () => {
    const res = await tobs(['login'], `${PHONE}\n`)
    expect(res.code).toBe(1)
    expect(res.stdout).toBe('')
    expect(res.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(res.stderr).toMatch(/^tobs: API_ID and API_HASH are required/)
  }, 30_000)
})
