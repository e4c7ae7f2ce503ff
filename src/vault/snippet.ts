// Puts tobs's CSS snippet into the vault's Obsidian settings folder: enabled in a vault Obsidian
// has never opened, only written (and named in one line) in one it has, whose settings stay the user's.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from './files.ts'

export const SNIPPET_PATH = '.obsidian/snippets/tobs.css'

/**
 * `enabled`: a new vault, snippet written and switched on; `hint`: written into an existing vault
 * where it is not switched on (the caller says how, once); `unchanged` / `kept` (a file of the
 * user's own under that name, without tobs's first line): nothing written.
 */
export async function installSnippet(vaultDir: string, css: string, mark: string): Promise<'enabled' | 'hint' | 'unchanged' | 'kept'> {
  const settings = join(vaultDir, '.obsidian')
  const fresh = !existsSync(settings)
  const path = join(vaultDir, SNIPPET_PATH)
  const old = await readFile(path, 'utf8').catch(() => undefined)
  if (old === css) return 'unchanged'
  if (old !== undefined && !old.startsWith(mark)) return 'kept'
  await writeFileAtomic(path, css)
  if (fresh) {
    await writeFileAtomic(join(settings, 'appearance.json'), JSON.stringify({ enabledCssSnippets: ['tobs'] }, null, 2) + '\n')
    return 'enabled'
  }
  return old === undefined && !(await enabled(settings)) ? 'hint' : 'unchanged'
}

async function enabled(settings: string): Promise<boolean> {
  try {
    const a = JSON.parse(await readFile(join(settings, 'appearance.json'), 'utf8')) as { enabledCssSnippets?: unknown }
    return Array.isArray(a.enabledCssSnippets) && a.enabledCssSnippets.includes('tobs')
  } catch {
    return false
  }
}
