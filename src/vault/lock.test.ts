import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { lockVault, VaultBusyError } from './lock.ts'

const FIXTURE = join(import.meta.dirname, 'lock.fixture.ts')
const NODE_ARGS = ['--import', 'tsx', FIXTURE]
const tmp = () => mkdtempSync(join(tmpdir(), 'tobs-lock-'))
const started: ChildProcess[] = []

afterEach(() => {
  for (const c of started.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
})

/** The first stdout line of `child` that starts with one of `prefixes`. */
function lineOf(child: ChildProcess, ...prefixes: string[]): Promise<string> {
  const rl = createInterface({ input: child.stdout! })
  return new Promise((resolve, reject) => {
    rl.on('line', (l) => { if (prefixes.some((p) => l.startsWith(p))) resolve(l) })
    child.once('exit', () => reject(new Error('fixture exited without the line')))
  })
}

function procState(pid: number): string | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) S ..."; comm may hold spaces, the state follows the last ')'
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]
  } catch {
    return undefined
  }
}

describe('vault lock', () => {
  it('refuses a second owner in one process and frees the vault on release', () => {
    const vault = tmp()
    const release = lockVault(vault)
    expect(() => lockVault(vault)).toThrow(VaultBusyError)
    expect(() => lockVault(vault)).toThrow(new RegExp(`in use by another tobs process \\(pid ${process.pid}\\)`))
    release()
    release()
    lockVault(vault)()
  })

  it('keeps the lock through a garbage collection when the caller drops the release function', () => {
    const vault = tmp()
    const lockTs = join(import.meta.dirname, 'lock.ts')
    const script = `const { lockVault } = await import(${JSON.stringify(lockTs)})
lockVault(${JSON.stringify(vault)}); globalThis.gc(); await new Promise((r) => setTimeout(r, 50))
try { lockVault(${JSON.stringify(vault)}); console.log('lost') } catch { console.log('held') }`
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script])
    expect(out.toString().trim()).toBe('held')
  })

  it('ignores a pid left in the lock file: a reused pid (here pid 1, alive) does not block', () => {
    const vault = tmp()
    mkdirSync(join(vault, '.tobs'))
    writeFileSync(join(vault, '.tobs', 'lock'), '1')
    lockVault(vault)()
  })

  it('is free again once its owner is SIGKILLed, while the owner is still an unreaped zombie', async () => {
    const vault = tmp()
    // `sh` execs `sleep`, which becomes the parent of the node owner and never reaps it: a killed
    // owner stays a zombie, as under a container's pid 1 that does not reap
    const sh = spawn('sh', ['-c', `"$0" "$@" & exec sleep 120`, process.execPath, ...NODE_ARGS, vault, '--now'],
      { stdio: ['ignore', 'pipe', 'inherit'] })
    started.push(sh)
    const owner = Number((await lineOf(sh, 'owner', 'busy')).split(' ')[1])
    expect(owner).toBeGreaterThan(0)
    expect(() => lockVault(vault)).toThrow(/in use/)
    process.kill(owner, 'SIGKILL')
    for (let i = 0; i < 100 && procState(owner) !== 'Z'; i++) await new Promise((r) => setTimeout(r, 50))
    expect(procState(owner)).toBe('Z') // the pid still answers kill(pid, 0): a pid check would refuse
    lockVault(vault)()
  }, 30_000)

  it('gives exactly one owner among 12 processes that start at once', async () => {
    const vault = tmp()
    const kids = Array.from({ length: 12 }, () => {
      const c = spawn(process.execPath, [...NODE_ARGS, vault], { stdio: ['pipe', 'pipe', 'inherit'] })
      started.push(c)
      return c
    })
    await Promise.all(kids.map((c) => lineOf(c, 'ready')))
    const answers = kids.map((c) => lineOf(c, 'owner', 'busy'))
    for (const c of kids) c.stdin!.write('go\n')
    const said = await Promise.all(answers)
    const owners = said.filter((l) => l.startsWith('owner'))
    expect(owners).toHaveLength(1)
    for (const l of said.filter((x) => x.startsWith('busy'))) expect(l).toMatch(/is in use by another tobs process/)
    expect(() => lockVault(vault)).toThrow(VaultBusyError)
    const owner = kids[said.indexOf(owners[0]!)]!
    const exited = new Promise((r) => owner.once('exit', r))
    owner.stdin!.end()
    await exited
    lockVault(vault)()
  }, 60_000)
})
