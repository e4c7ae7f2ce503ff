// `tobs convert` of a crafted Desktop export (issue 16, item 1): a file that is a symlink out of the
// export, a folder, /dev/zero, a FIFO or a file far larger than it declares is never copied into the
// vault; the CLI finishes (a FIFO does not block it) and names each skipped file and why.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { runConvert } from '../../src/export/run-convert.ts'
import { silentProgress } from '../../src/export/progress.ts'
import { defaultMedia, tempVault } from '../helpers.ts'

const REPO = fileURLToPath(new URL('../../', import.meta.url))
const SECRET = 'root:x:0:0:the user secret that must never reach a vault'

/** Every file below `dir` (not .tobs) with its text. */
function files(dir: string, out = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (name === '.tobs') continue
    if (statSync(p).isDirectory()) files(p, out)
    else out.set(p, readFileSync(p, 'latin1'))
  }
  return out
}

function message(id: number, file: string, extra: object = {}): object {
  return { id, type: 'message', date: '2024-01-02T03:04:05', date_unixtime: String(1704164645 + id), from: 'Ann', from_id: 'user7', text: `m${id}`, file, mime_type: 'application/octet-stream', ...extra }
}

/** An export whose files are: 1 a symlink to a secret outside, 2 a folder, 3 /dev/zero, 4 a FIFO, 5 a 3 MB file declared as 1 KB, 6 a good file, 7 a symlink inside the export. */
function hostileExport(): string {
  const root = tempVault()
  const outside = join(root, 'outside-secret.txt')
  writeFileSync(outside, SECRET)
  const dir = join(root, 'export')
  mkdirSync(join(dir, 'files', 'folder.bin'), { recursive: true })
  symlinkSync(outside, join(dir, 'files', 'secret.txt'))
  symlinkSync('/dev/zero', join(dir, 'files', 'zero.bin'))
  const fifo = spawnSync('mkfifo', [join(dir, 'files', 'pipe.bin')])
  if (fifo.status !== 0) throw new Error(`mkfifo failed: ${fifo.stderr}`)
  writeFileSync(join(dir, 'files', 'big.bin'), Buffer.alloc(3 * 2 ** 20, 7))
  writeFileSync(join(dir, 'files', 'good.txt'), 'good bytes')
  symlinkSync(join(dir, 'files', 'good.txt'), join(dir, 'files', 'inside-link.txt'))
  const messages = [
    message(1, 'files/secret.txt', { file_size: 10 }),
    message(2, 'files/folder.bin'),
    message(3, 'files/zero.bin'),
    message(4, 'files/pipe.bin'),
    message(5, 'files/big.bin', { file_size: 1024 }),
    message(6, 'files/good.txt'),
    message(7, 'files/inside-link.txt'),
  ]
  writeFileSync(join(dir, 'result.json'), JSON.stringify({ name: 'Hostile', type: 'private_group', id: 77, messages }))
  return dir
}

describe('convert reads only regular files inside the export, within the size limit', () => {
  const input = hostileExport()
  const vault = tempVault()
  const warnings: string[] = []
  let copied: Map<string, string>

  beforeAll(async () => {
    const media = { ...defaultMedia, maxSize: 2 ** 20 }
    await runConvert({ input, out: vault, split: 'month', media }, { ...silentProgress, warn: (w: string) => warnings.push(w) })
    copied = files(vault)
  }, 30_000)

  it('copies none of the hostile files, and no byte of the secret reaches the vault', () => {
    for (const [path, text] of copied) {
      expect(text, path).not.toContain('the user secret')
      expect(path).not.toMatch(/(secret|folder|zero|pipe|big)\.(txt|bin)$/)
    }
    const mediaFiles = [...copied.keys()].filter((p) => p.includes('_media'))
    expect(mediaFiles.map((p) => p.replace(/.*\//, '')).sort()).toEqual(['6-good.txt', '7-inside-link.txt'])
    for (const p of mediaFiles) expect(copied.get(p)).toBe('good bytes')
  })

  it('names each skipped file and the reason, and shows the reason in the note', () => {
    const byMessage = (id: number) => warnings.find((w) => w.includes(`(message ${id})`)) ?? ''
    expect(byMessage(1)).toMatch(/link that leads out of the export folder/)
    expect(byMessage(2)).toMatch(/not a regular file \(a folder\)/)
    expect(byMessage(3)).toMatch(/link that leads out of the export folder/)
    expect(byMessage(4)).toMatch(/not a regular file \(a FIFO\)/)
    expect(byMessage(5)).toMatch(/larger than 1 MB \(3 MB\)/)
    expect(warnings).toHaveLength(5)
    const notes = [...copied.entries()].filter(([p]) => p.endsWith('2024-01.md')).map(([, t]) => t).join('\n')
    expect(notes).toMatch(/not downloaded: .*larger than 1 MB/)
  })
})

describe('tobs convert on the crafted export as a user runs it', () => {
  it('finishes (the FIFO does not block it), exit 0, one warning event per skipped file', () => {
    const input = hostileExport()
    const vault = tempVault()
    const r = spawnSync(process.execPath, ['bin/tobs.js', 'convert', input, '--out', vault, '--max-file-size', '1'], {
      cwd: REPO, encoding: 'utf8', timeout: 60_000,
    })
    expect(r.signal, 'killed by the timeout: convert blocked').toBeNull()
    expect(r.status, r.stderr).toBe(0)
    // piped, so the progress is JSON lines
    const warned = r.stdout.split('\n').filter((l) => l.includes('"event":"warning"'))
    expect(warned).toHaveLength(5)
    expect(warned.join('\n')).toContain('a FIFO')
    expect(existsSync(join(vault, '.tobs', 'state.db'))).toBe(true)
    for (const text of files(vault).values()) expect(text).not.toContain('the user secret')
  })
})
