// The layering of DESIGN.md section 1, enforced: every import of every source file (tests aside:
// they are the harness) is read with TypeScript's own scanner, and a forbidden arrow fails here
// with the file that draws it (issue 10).
import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..')

interface Arrow { file: string; from: string; to: string; spec: string }

/** Layer of a repo path: `src/<layer>/...` -> layer, `bench/...` -> bench. */
function layerOf(path: string): string {
  const parts = path.split('/')
  return parts[0] === 'src' ? parts[1]! : parts[0]!
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !/\.test\.ts$|\.fixture\.ts$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
}

function arrows(): Arrow[] {
  const out: Arrow[] = []
  for (const file of [...sources('src'), ...sources('bench')]) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true)
    for (const { fileName: spec } of importedFiles) {
      const to = spec.startsWith('.') ? layerOf(relative(ROOT, resolve(ROOT, dirname(file), spec))) : `pkg:${spec}`
      out.push({ file, from: layerOf(file), to, spec })
    }
  }
  return out
}

const NODE_IO = new Set(builtinModules.filter((m) => !['util', 'assert', 'string_decoder', 'buffer'].includes(m)))
const isNodeIo = (spec: string) => NODE_IO.has(spec.replace(/^node:/, '').split('/')[0]!)
const isLayer = (to: string) => !to.startsWith('pkg:')

/** Each rule: a name and the arrows it forbids. */
const RULES: { name: string; forbids: (a: Arrow) => boolean }[] = [
  {
    // sim/ is the server end of MTProto and speaks TL with mtcute's codec; it is not a client
    name: 'mtcute is imported only by telegram/ (and the simulator, the server end)',
    forbids: (a) => a.to.startsWith('pkg:@mtcute/') && a.from !== 'telegram' && a.from !== 'sim',
  },
  {
    name: 'the state database is opened only in vault/',
    forbids: (a) => (a.to === 'pkg:better-sqlite3' || /vault\/database(\.ts)?$/.test(a.spec)) && a.from !== 'vault',
  },
  {
    name: 'telegram/ imports nothing from export/, sim/, cli/, vault/, render/ or desktop/',
    forbids: (a) => a.from === 'telegram' && ['export', 'sim', 'cli', 'vault', 'render', 'desktop'].includes(a.to),
  },
  {
    name: 'render/ is pure: no I/O modules and no I/O layers',
    forbids: (a) => a.from === 'render' && (isNodeIo(a.spec) || (isLayer(a.to) && a.to !== 'model' && a.to !== 'render')),
  },
  {
    name: 'model/ is plain data: it imports only model/',
    forbids: (a) => a.from === 'model' && a.to !== 'model',
  },
  {
    name: 'nothing below cli/ imports cli/',
    forbids: (a) => a.to === 'cli' && a.from !== 'cli' && a.from !== 'bench',
  },
]

describe('layering (DESIGN.md section 1)', () => {
  const all = arrows()

  it('reads the imports it judges', () => {
    // the check would pass vacuously if it read nothing: these arrows exist today
    expect(all.some((a) => a.from === 'telegram' && a.to === 'pkg:@mtcute/node')).toBe(true)
    expect(all.some((a) => a.from === 'vault' && a.to === 'pkg:better-sqlite3')).toBe(true)
    expect(all.some((a) => a.from === 'export' && a.to === 'vault')).toBe(true)
  })

  for (const rule of RULES) {
    it(rule.name, () => {
      expect(all.filter(rule.forbids).map((a) => `${a.file} -> ${a.spec}`)).toEqual([])
    })
  }

  it('the rules catch what they are meant to', () => {
    const probe = (file: string, spec: string, to: string): string[] =>
      RULES.filter((r) => r.forbids({ file, from: layerOf(file), to, spec })).map((r) => r.name)
    expect(probe('src/export/x.ts', '@mtcute/node', 'pkg:@mtcute/node')).toHaveLength(1)
    expect(probe('src/export/x.ts', 'better-sqlite3', 'pkg:better-sqlite3')).toHaveLength(1)
    expect(probe('src/export/x.ts', '../vault/database.ts', 'vault')).toHaveLength(1)
    expect(probe('src/telegram/x.ts', '../export/targets.ts', 'export')).toHaveLength(1)
    expect(probe('src/telegram/x.ts', '../sim/types.ts', 'sim')).toHaveLength(1)
    expect(probe('src/render/x.ts', 'node:fs', 'pkg:node:fs')).toHaveLength(1)
    expect(probe('src/render/x.ts', '../vault/files.ts', 'vault')).toHaveLength(1)
    expect(probe('src/render/x.ts', '../model/types.ts', 'model')).toEqual([])
  })
})
