// `node dist/bench/profile-top.js FILE.cpuprofile [N]`: where a CPU profile's samples went, as self
// time per function and per area (mtcute, SQLite, render, map, GC, ...), so a change can be judged
// by the share it moves. Prints one JSON line.
import { readFileSync } from 'node:fs'

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[] }

const [file, topArg] = process.argv.slice(2)
if (!file) throw new Error('usage: profile-top FILE.cpuprofile [N]')
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const selfUs = new Map<number, number>()
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
const total = [...selfUs.values()].reduce((a, b) => a + b, 0)

/** The part of tobs or of a dependency a function belongs to. */
function areaOf(n: Node): string {
  const { url, functionName } = n.callFrame
  if (!url) return functionName.startsWith('(') ? functionName : `native ${functionName}`
  const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (dep) return dep[1]!
  const own = /\/(src|bench)\/(.+?)\/[^/]+$/.exec(url) ?? /\/(src|bench)\/([^/]+)$/.exec(url)
  if (own) return `${own[1]}/${own[2]}`
  return url.startsWith('node:') ? 'node' : url
}

const functions = new Map<string, number>()
const areas = new Map<string, number>()
for (const [id, us] of selfUs) {
  const n = byId.get(id)!
  const f = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules|src|bench)\//, '$1/')}:${n.callFrame.lineNumber + 1}`
  functions.set(f, (functions.get(f) ?? 0) + us)
  const a = areaOf(n)
  areas.set(a, (areas.get(a) ?? 0) + us)
}
const share = (m: Map<string, number>, top: number) =>
  Object.fromEntries([...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => [k, Math.round((1000 * us) / total) / 10]))
console.log(JSON.stringify({ total_ms: Math.round(total / 1000), areas_pct: share(areas, 25), functions_pct: share(functions, Number(topArg ?? 30)) }, null, 1))
