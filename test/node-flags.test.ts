// The bench measures what users run: bin/tobs.js and package.json's `bench` script must start node
// with the same V8 flags and environment (issue 10), and nothing keeps two copies equal but this.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')

describe('node flags', () => {
  it('are the same in bin/tobs.js and the bench script', () => {
    const shebang = readFileSync(join(root, 'bin', 'tobs.js'), 'utf8').split('\n')[0]!
    const bin = /^#!\/usr\/bin\/env -S (.*) node (.*)$/.exec(shebang)
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    const bench = /&& (.*) node (.*) dist\/bench\/run\.js$/.exec(pkg.scripts.bench!)
    expect(bin, shebang).not.toBeNull()
    expect(bench, pkg.scripts.bench).not.toBeNull()
    expect(bench![1]).toBe(bin![1])
    expect(bench![2]!.split(' ').sort()).toEqual(bin![2]!.split(' ').sort())
    expect(bin![2]).toMatch(/--max-old-space-size=\d+/)
  })
})
