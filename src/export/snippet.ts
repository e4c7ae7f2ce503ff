// The vault's look: tobs's CSS snippet, installed at the start of every writing run.
import { snippetCss, SNIPPET_MARK } from '../render/snippet.ts'
import { installSnippet, SNIPPET_PATH } from '../vault/snippet.ts'

/** Installs the snippet; `warn` gets the one line that says how to enable it in an existing vault. */
export async function installLook(vaultDir: string, warn: (line: string) => void): Promise<void> {
  const r = await installSnippet(vaultDir, snippetCss(), SNIPPET_MARK)
  if (r === 'hint') warn(`wrote ${SNIPPET_PATH}: enable it in Obsidian under Settings → Appearance → CSS snippets → tobs`)
}
