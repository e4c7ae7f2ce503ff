// Benchmark: a generated ~300 MB Telegram Desktop result.json; prints one JSON line.
//   node dist/bench/desktop-convert.js                   reads it through src/desktop (the parser alone)
//   node dist/bench/desktop-convert.js --convert         `tobs convert` of it into a vault, --no-media
//   node dist/bench/desktop-convert.js --convert --media the same with media on and the files absent
//   node dist/bench/desktop-convert.js --convert --render  then `tobs render` of that vault (every note rebuilt
//                                                        from the state database), timed the same way
//   ... --convert --render --vault DIR                   converts into DIR and keeps it; when DIR already
//                                                        holds a converted vault, renders it alone (iterating)
// (the result.json names photos and stickers that are not there: each one is tried and skipped)
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openDesktopExport } from '../src/desktop/index.ts'

const TARGET_BYTES = Number(process.env.DESKTOP_BENCH_MB ?? 300) * 1024 * 1024

/** Deterministic pseudo-random numbers (mulberry32), so every run writes the same file. */
function rng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = ['archive', 'telegram', 'note', 'vault', 'привет', 'über', '日本語', 'stream', 'memory', 'flat', 'message', 'reply']
const EMOJI = ['👍🏽', '🔥', '😶‍🌫️', '🌿']

/** One message in Desktop's current layout (same indentation as tdesktop writes). */
function message(id: number, r: () => number): object {
  const date = 1_600_000_000 + id * 17
  const iso = new Date(date * 1000).toISOString().slice(0, 19)
  const base = { id, type: 'message', date: iso, date_unixtime: String(date) }
  if (id % 97 === 0) {
    return { id, type: 'service', date: iso, date_unixtime: String(date), actor: 'Ann', actor_id: 'user7', action: 'pin_message', message_id: id - 1, text: '', text_entities: [] }
  }
  const words = Array.from({ length: 8 + Math.floor(r() * 40) }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ')
  const emoji = EMOJI[id % EMOJI.length]!
  const parts = [
    { type: 'plain', text: `${emoji} ${words} ` },
    { type: 'bold', text: 'bold' },
    { type: 'plain', text: ' and ' },
    { type: 'text_link', text: 'a link', href: `https://example.com/${id}` },
  ]
  const extra: Record<string, unknown> = {}
  if (id % 5 === 0) extra.reply_to_message_id = id - 3
  if (id % 11 === 0) Object.assign(extra, { photo: `photos/photo_${id}@01-01-2021.jpg`, width: 1280, height: 720 })
  if (id % 13 === 0) Object.assign(extra, { file: `stickers/sticker_${id}.webp`, media_type: 'sticker', sticker_emoji: '✨', width: 512, height: 512 })
  if (id % 17 === 0) extra.reactions = [{ type: 'emoji', count: 3, emoji: '👍' }]
  return {
    ...base,
    from: id % 7 === 0 ? null : `User ${id % 50}`,
    from_id: `user${1000 + (id % 50)}`,
    ...extra,
    text: parts.map((p) => (p.type === 'plain' ? p.text : p)),
    text_entities: parts,
  }
}

async function generate(file: string): Promise<number> {
  const out = createWriteStream(file)
  const write = async (s: string): Promise<void> => {
    if (!out.write(s)) await once(out, 'drain')
  }
  const r = rng(42)
  let written = 0
  let id = 0
  await write('{\n "name": "Bench",\n "type": "public_supergroup",\n "id": 1000001,\n "messages": [')
  while (written < TARGET_BYTES) {
    id++
    const text = (id === 1 ? '\n' : ',\n') + JSON.stringify(message(id, r), null, 1).replace(/\n/g, '\n  ').replace(/^/, '  ')
    written += Buffer.byteLength(text)
    await write(text)
  }
  await write('\n ]\n}\n')
  out.end()
  await once(out, 'finish')
  return id
}

/** Reads the export (in a fresh process, so the generator's garbage does not count) and reports. */
async function read(file: string, generated: number): Promise<void> {
  let peak = process.memoryUsage().rss
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 50)
  const started = process.hrtime.bigint()
  let messages = 0
  const exp = await openDesktopExport(file)
  for await (const chat of exp.chats()) {
    for await (const _m of chat.messages) {
      messages++
      if ((messages & 0x3fff) === 0) peak = Math.max(peak, process.memoryUsage().rss)
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().rss)
  if (messages !== generated) throw new Error(`read ${messages} messages, generated ${generated}`)
  console.log(JSON.stringify({
    file_mb: Math.round(statSync(file).size / 1024 / 1024),
    messages,
    seconds: Math.round(seconds * 100) / 100,
    msg_per_s: Math.round(messages / seconds),
    mb_per_s: Math.round((statSync(file).size / 1024 / 1024 / seconds) * 10) / 10,
    peak_rss_mb: Math.round(peak / 1024 / 1024),
  }))
}

/** A tobs command in its own process, as a user runs it: bin/tobs.js executed through its shebang, so
 * with its node flags (capped old space) and malloc setting; timed by time(1). */
async function timed(what: string, args: string[]): Promise<{ seconds: number; cpuS: number; rssMb: number }> {
  const bin = fileURLToPath(new URL('../../bin/tobs.js', import.meta.url))
  const child = spawn('/usr/bin/time', ['-f', 'TIME %M %e %U %S', bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
  let err = ''
  child.stderr.on('data', (d) => (err += d))
  const [code] = (await once(child, 'exit')) as [number | null]
  const m = /TIME (\d+) ([\d.]+) ([\d.]+) ([\d.]+)/.exec(err)
  if (code !== 0 || !m) throw new Error(`tobs ${what} failed (${code}): ${err.split('\n').filter(Boolean).slice(-3).join(' | ')}`)
  const [rssKb, seconds, user, sys] = m.slice(1).map(Number) as [number, number, number, number]
  return { seconds, cpuS: user + sys, rssMb: Math.round(rssKb / 1024) }
}

/** `tobs convert` of the export into a fresh vault (or `keep`), and with `render`, `tobs render` of that vault. */
async function convert(file: string, generated: number, media: boolean, render: boolean, keep?: string): Promise<void> {
  const out = keep ?? mkdtempSync(join(tmpdir(), 'tobs-desktop-bench-vault-'))
  try {
    const c = await timed('convert', ['convert', file, '--out', out, '--json', ...(media ? [] : ['--no-media'])])
    const fileMb = Math.round(statSync(file).size / 1024 / 1024)
    if (keep) writeFileSync(join(keep, '.tobs', 'bench.json'), JSON.stringify({ file_mb: fileMb, messages: generated, media }))
    const r = render ? await timed('render', ['render', '--out', out]) : undefined
    console.log(JSON.stringify({
      file_mb: fileMb,
      messages: generated,
      media,
      seconds: c.seconds,
      msg_per_s: Math.round(generated / c.seconds),
      cpu_us_per_msg: perMsg(c.cpuS, generated),
      peak_rss_mb: c.rssMb,
      ...(r && renderFields(r, generated)),
    }))
  } finally {
    if (!keep) rmSync(out, { recursive: true, force: true })
  }
}

/** `tobs render` of a vault an earlier `--vault DIR` run converted and kept: the render half alone. */
async function renderKept(dir: string): Promise<void> {
  const { file_mb, messages, media } = JSON.parse(readFileSync(join(dir, '.tobs', 'bench.json'), 'utf8')) as {
    file_mb: number; messages: number; media: boolean
  }
  const r = await timed('render', ['render', '--out', dir])
  console.log(JSON.stringify({ file_mb, messages, media, ...renderFields(r, messages) }))
}

function perMsg(cpuS: number, messages: number): number {
  return Math.round((cpuS * 1e6) / messages * 10) / 10
}

function renderFields(r: { seconds: number; cpuS: number; rssMb: number }, messages: number): object {
  return {
    render_seconds: r.seconds, render_msg_per_s: Math.round(messages / r.seconds),
    render_cpu_us_per_msg: perMsg(r.cpuS, messages), render_peak_rss_mb: r.rssMb,
  }
}

async function main(): Promise<void> {
  const [mode, file, count] = process.argv.slice(2)
  if (mode === '--read' && file !== undefined) {
    await read(file, Number(count))
    return
  }
  const at = process.argv.indexOf('--vault')
  const keep = at > 0 ? process.argv[at + 1] : undefined
  if (keep !== undefined && existsSync(join(keep, '.tobs', 'bench.json'))) {
    await renderKept(keep)
    return
  }
  if (process.argv.includes('--convert')) {
    const dir = mkdtempSync(join(tmpdir(), 'tobs-desktop-bench-'))
    try {
      const path = join(dir, 'result.json')
      await convert(path, await generate(path), process.argv.includes('--media'), process.argv.includes('--render'), keep)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    return
  }
  const dir = mkdtempSync(join(tmpdir(), 'tobs-desktop-bench-'))
  try {
    const path = join(dir, 'result.json')
    const generated = await generate(path)
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--read', path, String(generated)], {
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    const [code] = (await once(child, 'exit')) as [number | null]
    if (code !== 0) process.exitCode = code ?? 1
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
