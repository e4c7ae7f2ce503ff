// Ctrl-C, SIGTERM and SIGHUP stop the long local commands cleanly (issue 14): `tobs convert` of a big
// Desktop export and `tobs render` of its vault, in real processes, each signal landing mid-way.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runConvert } from '../../src/export/run-convert.ts'
import { verifyVault } from '../../src/vault/verify.ts'
import { writeBigExport } from '../desktop-export.ts'
import { tempVault, vaultFiles } from '../helpers.ts'

const BIN = join(import.meta.dirname, '../../bin/tobs.js')
const CHATS = 12
const LINE = 'tobs: interrupted; rerun the same command to resume\n'
const hasTmux = spawnSync('tmux', ['-V']).status === 0

interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Runs tobs; `when` is polled (each stdout line, and every 20 ms) and may return a signal to send once. */
function tobs(args: string[], when?: (stdout: string) => NodeJS.Signals | undefined): Promise<Run> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, TOBS_HOME: tempVault() } })
  let stdout = ''
  let stderr = ''
  let sent = false
  const check = () => {
    const sig = !sent && when?.(stdout)
    if (sig) {
      sent = true
      child.kill(sig)
    }
  }
  const poll = setInterval(check, 20)
  child.stdout.on('data', (d) => {
    stdout += d
    check()
  })
  child.stderr.on('data', (d) => (stderr += d))
  return new Promise((resolve) => child.on('close', (code, signal) => {
    clearInterval(poll)
    resolve({ code, signal, stdout, stderr })
  }))
}

/** The chat folders of a vault. */
const chatFolders = (vault: string) => readdirSync(vault).filter((n) => / \(\d+\)$/.test(n)).sort()

/** Notes anywhere under a folder whose file names match `re`. */
const notesLike = (dir: string, re: RegExp) => readdirSync(dir, { recursive: true }).map(String).filter((f) => re.test(f))

/** What a user could see half-written: temporary files in the vault or left in .tobs/tmp. */
function leftovers(vault: string): string[] {
  const tmp = join(vault, '.tobs', 'tmp')
  const inTmp = existsSync(tmp) ? readdirSync(tmp) : []
  return [...inTmp, ...readdirSync(vault, { recursive: true }).map(String).filter((f) => f.includes('.tmp-'))]
}

describe('stopping convert and render', () => {
  let input: string
  let reference: Map<string, string>

  beforeAll(async () => {
    // ~3 s of converting on an idle machine: 12 chats of 1,500 messages, one every 3 hours
    input = writeBigExport(CHATS, 1500)
    const clean = tempVault()
    await runConvert({ input, out: clean, split: 'month', timeZone: 'UTC', media: false })
    reference = vaultFiles(clean, { blankExportedAt: true })
  }, 120_000)

  it('convert: SIGINT after the first chats gives one line and exit 130; the rerun makes the same vault as an uninterrupted one', async () => {
    const out = tempVault()
    const args = ['convert', input, '--out', out, '--split', 'month', '--tz', 'UTC', '--json']
    let finished = 0
    const r = await tobs(args, (stdout) => {
      finished = stdout.split('\n').filter((l) => l.includes('"event":"chat_finished"')).length
      return finished >= 2 ? 'SIGINT' : undefined
    })
    expect(r.stderr, r.stdout.slice(-400)).toBe(LINE)
    expect([r.code, r.signal]).toEqual([130, null])
    expect(r.stdout).not.toContain('"event":"summary"')
    // it landed mid-way: some chats are in the vault, not all of them
    const done = r.stdout.split('\n').filter((l) => l.includes('"event":"chat_finished"')).length
    expect(done).toBeGreaterThanOrEqual(2)
    expect(done).toBeLessThan(CHATS)
    expect(chatFolders(out).length).toBeLessThan(CHATS)
    expect(leftovers(out)).toEqual([])
    expect(verifyVault(out).problems).toEqual([])

    const again = await tobs(args)
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).toBe('')
    expect(verifyVault(out).problems).toEqual([])
    expect(vaultFiles(out, { blankExportedAt: true })).toEqual(reference)
  }, 120_000)

  it('render: SIGHUP (the terminal closed) mid-way gives one line and exit 129; the rerun finishes the new layout', async () => {
    const out = tempVault()
    await runConvert({ input, out, split: 'month', timeZone: 'UTC', media: false })
    const folders = chatFolders(out)
    const dayNotes = (folder: string) => notesLike(join(out, folder), /\d{4}-\d\d-\d\d\.md$/).length
    const monthNotes = (folder: string) => notesLike(join(out, folder), /\d{4}-\d\d\.md$/).length
    const args = ['render', '--out', out, '--split', 'day', '--tz', 'UTC']
    // sent as soon as the first chat has its day notes
    const r = await tobs(args, () => (folders.some((f) => dayNotes(f) > 0) ? 'SIGHUP' : undefined))
    expect(r.stderr).toBe(LINE)
    expect([r.code, r.signal]).toEqual([129, null])
    // mid-way: some chats are laid out by day already, others still by month; none is half of each
    const byDay = folders.filter((f) => dayNotes(f) > 0)
    expect(byDay.length).toBeGreaterThanOrEqual(1)
    expect(byDay.length).toBeLessThan(folders.length)
    for (const f of folders) expect([dayNotes(f) > 0, monthNotes(f) > 0], f).toContain(false)
    expect(leftovers(out)).toEqual([])
    expect(verifyVault(out).problems).toEqual([])

    const again = await tobs(args)
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).toMatch(/^rebuilt \d+ notes in /)
    // 1,500 messages 3 hours apart span 188 days
    for (const f of folders) expect([dayNotes(f), monthNotes(f)], f).toEqual([188, 0])
    expect(verifyVault(out).problems).toEqual([])
  }, 120_000)

  it.skipIf(!hasTmux)('convert in a terminal that is closed (tmux, its shell sends SIGHUP): exit 129, not a crash of Node on the way out', async () => {
    const dir = tempVault()
    const out = join(dir, 'vault')
    const codeFile = join(dir, 'code')
    // stays on past the hangup (same process group, so the shell's SIGHUP reaches tobs too) to note how tobs ended
    const wrapper = join(dir, 'wrap.cjs')
    writeFileSync(wrapper, `process.on('SIGHUP', () => {})
const c = require('node:child_process').spawn(process.execPath, ${JSON.stringify([BIN, 'convert', input, '--out', out, '--no-media'])}, { stdio: 'inherit' })
c.on('exit', (code, signal) => require('node:fs').writeFileSync(${JSON.stringify(codeFile)}, code + ' ' + signal))
`)
    const name = `tobs-hup-${process.pid}-${Date.now()}`
    execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', '80', '-y', '24', 'bash --norc -i'])
    try {
      execFileSync('tmux', ['send-keys', '-t', name, `${process.execPath} ${wrapper}`, 'Enter'])
      for (let i = 0; i < 600 && !(existsSync(out) && chatFolders(out).length >= 2); i++) await new Promise((r) => setTimeout(r, 20))
    } finally {
      execFileSync('tmux', ['kill-session', '-t', name]) // the terminal goes: the shell hangs up its jobs
    }
    for (let i = 0; i < 600 && !existsSync(codeFile); i++) await new Promise((r) => setTimeout(r, 50))
    expect(readFileSync(codeFile, 'utf8')).toBe('129 null')
    expect(chatFolders(out).length).toBeLessThan(CHATS)
    expect(leftovers(out)).toEqual([])
    expect(verifyVault(out).problems).toEqual([])
  }, 120_000)
})
