// A vault on a disk that fills up during the downloads (issue 11, issue 16's full disks): a real
// `tobs export` on a small tmpfs ends with one line and a non-zero exit, and once space is freed the
// same command completes with every file equal to the world's bytes. Mounting needs root; without
// it (or where the kernel refuses tmpfs mounts) the test says so and skips.
import { execFileSync, spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startSimulator, writeSessionFile } from '../../src/sim/simulator.ts'
import { messageFileId } from '../../src/sim/world/files.ts'
import { verifyVault } from '../../src/vault/verify.ts'
import { tempVault, type Sim } from '../helpers.ts'

const BIN = join(import.meta.dirname, '../../bin/tobs.js')

/** Mounts a tmpfs of `size` at `dir`; the reason it cannot, if it cannot. */
function mountTmpfs(dir: string, size: string): string | undefined {
  if (process.getuid?.() !== 0) return 'mounting a small tmpfs needs root'
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' })
    return undefined
  } catch (e) {
    return `mount -t tmpfs refused here: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}`
  }
}

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, TOBS_HOME: tempVault() }, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += d))
  return new Promise((r) => child.on('close', (code) => r({ code, stderr })))
}

/** Media files of the vault with the world file each stands for (message id from the name). */
function placed(sim: Sim, out: string, chatId: number): { path: string; fileId: string; size: number }[] {
  const folder = readdirSync(out).find((d) => d.endsWith(`(${chatId})`))
  if (!folder) return []
  const found: { path: string; fileId: string; size: number }[] = []
  const media = join(out, folder, '_media')
  for (const kind of readdirSync(media)) for (const name of readdirSync(join(media, kind))) {
    const m = sim.world.message(chatId, Number(name.split('-')[0]))!
    const fileId = messageFileId(m) ?? ''
    found.push({ path: join(media, kind, name), fileId, size: sim.world.file(fileId)!.size })
  }
  return found
}

describe('a disk that fills up during the downloads', () => {
  it('ends with one line and a non-zero exit; after space is freed the rerun completes', async (ctx) => {
    const out = tempVault()
    const refused = mountTmpfs(out, '1m')
    if (refused) ctx.skip(refused)
    const sim = await startSimulator({ seed: 4, messages: 1500 })
    try {
      // the channel's media (several MB) cannot fit in 1 MB; its notes and state can
      const chat = sim.world.chats.find((c) => c.kind === 'channel' && c.username)!
      let bytes = 0
      for (const id of sim.world.ids(chat.id)) {
        const m = sim.world.message(chat.id, id)
        if (m?.media?.type === 'file') bytes += sim.world.file(m.media.fileId)!.size
      }
      expect(bytes).toBeGreaterThan(4 * 2 ** 20)
      const session = join(tempVault(), 'sim.json')
      await writeSessionFile(session, sim.session)
      const args = ['export', `@${chat.username}`, '--session', session, '--out', out, '--json']
      const full = await run(args)
      expect(full.code).not.toBe(0)
      expect(full.code).not.toBe(null)
      // one line, no stack trace
      expect(full.stderr.trim().split('\n'), full.stderr).toHaveLength(1)
      expect(full.stderr).toMatch(/^tobs: .*(full|no space left)/)
      expect(full.stderr).not.toMatch(/\n\s+at /)
      const before = placed(sim, out, chat.id).length

      // space freed: the same filesystem grows, nothing in it is touched
      execFileSync('mount', ['-o', 'remount,size=256m', out])
      const again = await run(args)
      expect(again.code, again.stderr).toBe(0)
      expect(verifyVault(out).problems).toEqual([])
      const files = placed(sim, out, chat.id)
      expect(files.length).toBeGreaterThan(before)
      for (const f of files) expect(readFileSync(f.path).equals(Buffer.from(sim.world.fileBytes(f.fileId, 0, f.size))), f.path).toBe(true)
    } finally {
      await sim.close()
      execFileSync('umount', ['-l', out])
    }
  }, 120_000)
})
