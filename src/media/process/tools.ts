// External programs processing needs, found once per run: ffmpeg (FFMPEG_PATH or PATH), ffprobe
// beside it, pocketsphinx, whisper.cpp. A missing one is not an error: its step is skipped, said once.
import { execFile } from 'node:child_process'
import { accessSync, constants, existsSync } from 'node:fs'
import { constants as osConstants, setPriority } from 'node:os'
import { delimiter, dirname, join } from 'node:path'

/** Absolute path of an executable on PATH, or undefined. */
export function which(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    const p = join(dir, name)
    try {
      accessSync(p, constants.X_OK)
      return p
    } catch { /* next */ }
  }
  return undefined
}

export function findFfmpeg(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.FFMPEG_PATH) return existsSync(env.FFMPEG_PATH) ? env.FFMPEG_PATH : undefined
  return which('ffmpeg', env)
}

/** ffprobe next to the ffmpeg in use, else on PATH. */
export function findFfprobe(ffmpeg: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const beside = ffmpeg && join(dirname(ffmpeg), 'ffprobe')
  if (beside && existsSync(beside)) return beside
  return which('ffprobe', env)
}

export interface RunResult { stdout: string; stderr: string }

/**
 * Runs a program without a shell at the lowest CPU priority (ffmpeg and recognisers are background
 * work: on a 2-core machine at normal priority they took a quarter of the export's history rate);
 * rejects with its last stderr line on failure or abort.
 */
export function run(cmd: string, args: string[], signal?: AbortSignal, maxBuffer = 16 * 2 ** 20): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { signal, maxBuffer, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return resolve({ stdout, stderr })
      const last = stderr.trim().split('\n').pop() ?? ''
      reject(new Error(`${cmd.split('/').pop()} failed: ${last || err.message}`))
    })
    try {
      if (child.pid) setPriority(child.pid, osConstants.priority.PRIORITY_LOW)
    } catch { /* not allowed here: it runs at normal priority */ }
  })
}

/** Says each missing tool or model once per run, in one line. */
export class OnceWarner {
  private readonly said = new Set<string>()
  constructor(private readonly warn: (line: string) => void) {}

  once(key: string, line: string): void {
    if (this.said.has(key)) return
    this.said.add(key)
    this.warn(line)
  }
}
