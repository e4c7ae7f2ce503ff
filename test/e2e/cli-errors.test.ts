// Bad input through the real command line: one clear line on stderr, a non-zero exit, and nothing
// already exported lost.
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, writeSessionFile } from '../../src/sim/simulator.ts'
import { exportSim, tempVault, type Sim } from '../helpers.ts'

const BIN = join(import.meta.dirname, '../../bin/tobs.js')

// async: the simulator answers from this very process, so the test must not block its event loop
function tobs(args: string[], opts: { env?: Record<string, string>; uid?: number } = {}) {
  const cmd = opts.uid === undefined ? process.execPath : 'setpriv'
  const argv = opts.uid === undefined ? [BIN, ...args]
    : ['--reuid', String(opts.uid), '--regid', String(opts.uid), '--clear-groups', process.execPath, BIN, ...args]
  const child = spawn(cmd, argv, {
    timeout: 30_000,
    env: { ...process.env, TOBS_HOME: tempVault(), TOBS_CONNECT_TIMEOUT_MS: '3000', API_ID: '', API_HASH: '', ...opts.env },
  })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  child.stdout.resume()
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    child.on('close', (code) => resolve({ code, stderr: stderr.trim() }))
  })
}

function expectOneLine(r: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(r.code, r.stderr).not.toBe(0)
  expect(r.stderr.split('\n'), r.stderr).toHaveLength(1)
  expect(r.stderr).toMatch(pattern)
}

/** Every file under a folder with its bytes, to prove a failed run changed nothing. */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile() && e.name.endsWith('.md')) out[join(e.parentPath, e.name)] = readFileSync(join(e.parentPath, e.name), 'utf8')
  }
  return out
}

describe('bad input', () => {
  let sim: Sim
  let session: string
  let vault: string

  beforeAll(async () => {
    sim = await startSimulator({ seed: 4, messages: 400 })
    session = join(tempVault(), 'sim.json')
    await writeSessionFile(session, sim.session)
    vault = tempVault()
    await exportSim(sim, vault, { kinds: ['channel'] })
  })
  afterAll(async () => {
    await sim?.close()
  })

  it('an unknown user or chat', async () => {
    expectOneLine(await tobs(['export', '@no_such_user_here', '--session', session, '--out', tempVault()]), /no chat or user is called @no_such_user_here/)
    expectOneLine(await tobs(['export', '-1009999999', '--session', session, '--out', tempVault()]), /not among this account's chats/)
  })

  it('a malformed link or target', async () => {
    expectOneLine(await tobs(['export', 'https://t.me/joinchat/AAAA', '--session', session, '--out', tempVault()]), /not a link to a chat/)
    expectOneLine(await tobs(['export', 'not a chat!', '--session', session, '--out', tempVault()]), /is not a chat/)
    // issue 16: 2^63 became 9223372036854776000, another chat's id or none
    expectOneLine(await tobs(['export', '9223372036854775808', '--session', session, '--out', tempVault()]), /is not a chat id \(Telegram's ids are whole numbers from 1 to 2\^53\)/)
  })

  it('missing credentials or session', async () => {
    expectOneLine(await tobs(['export', '@somebody', '--session', '/nonexistent/session.json', '--out', tempVault()]), /does not exist.*tobs login/)
    const real = join(tempVault(), 'session.db')
    new Database(real).exec('create table t (x)')
    expectOneLine(await tobs(['chats', '--session', real]), /API_ID and API_HASH are required/)
    expectOneLine(await tobs(['chats'], { env: { API_ID: '1', API_HASH: 'zz' } }), /API_HASH must be 32 hex/)
  })

  it('an unreachable server', async () => {
    const dead = join(tempVault(), 'dead.json')
    writeFileSync(dead, JSON.stringify({ ...sim.session, dcs: sim.session.dcs.map((d) => ({ ...d, port: 1 })) }))
    expectOneLine(await tobs(['chats', '--session', dead]), /cannot reach the simulator/)
  })

  it('a corrupt state database leaves the notes as they were', async () => {
    const dir = tempVault()
    const before = exportCopy(vault, dir)
    writeFileSync(join(dir, '.tobs', 'state.db'), 'garbage'.repeat(500))
    expectOneLine(await tobs(['export', '--kinds', 'channel', '--session', session, '--out', dir]), /state database .* unreadable/)
    expect(contents(dir)).toEqual(before)
  })

  it('a vault it may not write to leaves the notes as they were', async () => {
    const dir = tempVault()
    const before = exportCopy(vault, dir)
    const asRoot = process.getuid?.() === 0
    if (asRoot) chownSync(dir, 0, 0)
    for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (e.isDirectory()) chmodSync(join(e.parentPath, e.name), 0o555)
    }
    chmodSync(dir, 0o555)
    const r = await tobs(['render', '--out', dir, '--split', 'year'], asRoot ? { uid: 65534 } : {})
    for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (e.isDirectory()) chmodSync(join(e.parentPath, e.name), 0o755)
    }
    chmodSync(dir, 0o755)
    expectOneLine(r, /permission denied|read-only|cannot write|unreadable/)
    expect(contents(dir)).toEqual(before)
  })

  it('unknown flags are usage errors (exit 2)', async () => {
    const r = await tobs(['export', '--no-such-flag'])
    expect(r.code).toBe(2)
  })
})

/** Copies a vault (notes and state) into dir and returns its notes. */
function exportCopy(from: string, to: string): Record<string, string> {
  mkdirSync(to, { recursive: true })
  spawnSync('cp', ['-a', `${from}/.`, to])
  return contents(to)
}
