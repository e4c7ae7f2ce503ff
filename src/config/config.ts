// One place that decides settings: defaults < config file < .env / environment < flags.
import { existsSync, readFileSync, readlinkSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'

/** `auto` (the default): one note for a small chat or topic, by year or month as it grows (issue 13). */
export const SPLITS = ['auto', 'none', 'year', 'month', 'day'] as const

const Schema = z.object({
  apiId: z.coerce.number().int().positive().optional(),
  apiHash: z.string().regex(/^[0-9a-f]{32}$/i, 'API_HASH must be 32 hex characters').optional(),
  session: z.string().optional(),
  out: z.string().optional(),
  split: z.enum(SPLITS).default('auto'),
  timeZone: z.string().refine(isTimeZone, 'unknown time zone (an IANA name such as Europe/Berlin, or UTC)').optional(),
})

export type Config = z.infer<typeof Schema> & { timeZone: string }

export class ConfigError extends Error {}

/** Whether Intl knows `zone` (IANA names, UTC). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/**
 * The zone notes show times in when none is chosen: `TZ` when it names a zone, else the system's
 * (issue 13: times were UTC with nothing saying so).
 * A UTC host (most servers and containers) is told by its /etc/localtime link, as ICU itself finds
 * the zone: asking Intl first loads ICU's zone data, ~20 ms of CPU in every export for an answer
 * known in advance (issue 10). Any other host asks Intl, whose answer it keeps.
 */
export function localTimeZone(env: NodeJS.ProcessEnv = process.env, localtime = '/etc/localtime'): string {
  const tz = env.TZ?.replace(/^:/, '')
  if (tz && (UTC_NAME.test(tz) || isTimeZone(tz))) return tz
  if (!tz && linksToUtc(localtime)) return 'UTC'
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/** The IANA names of UTC, each of which Intl resolves to `UTC`. */
const UTC_NAME = /^(?:Etc\/)?(?:UTC|UCT|Universal|Zulu|GMT)$/

function linksToUtc(localtime: string): boolean {
  let target: string
  try {
    target = readlinkSync(localtime)
  } catch {
    return false // absent, or a copy of a zone file: Intl decides
  }
  const at = target.lastIndexOf('zoneinfo/')
  return at >= 0 && UTC_NAME.test(target.slice(at + 'zoneinfo/'.length))
}

/** ~/.config/tobs (or $XDG_CONFIG_HOME/tobs, or $TOBS_HOME): sessions and the config file live here. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TOBS_HOME) return env.TOBS_HOME
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'tobs')
}

export function defaultSessionPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'session.db')
}

/** KEY=value lines; quotes stripped; comments and blanks ignored. */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line)
    if (!m || line.trimStart().startsWith('#')) continue
    out[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, '$2')
  }
  return out
}

export function loadConfig(flags: Partial<Config>, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const file = join(configDir(env), 'config.json')
  let fromFile: Record<string, unknown> = {}
  if (existsSync(file)) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8'))
    } catch (e) {
      throw new ConfigError(`config file ${file} is not valid JSON: ${(e as Error).message}`)
    }
  }
  const dotenvPath = join(cwd, '.env')
  const dotenv = existsSync(dotenvPath) ? parseDotEnv(readFileSync(dotenvPath, 'utf8')) : {}
  const vars = { ...dotenv, ...env }
  const fromEnv = prune({
    apiId: vars.API_ID ?? vars.TOBS_API_ID, apiHash: vars.API_HASH ?? vars.TOBS_API_HASH,
    session: vars.TOBS_SESSION, out: vars.TOBS_OUT, split: vars.TOBS_SPLIT, timeZone: vars.TOBS_TZ,
  })
  const merged = { ...fromFile, ...fromEnv, ...prune(flags) }
  const parsed = Schema.safeParse(merged)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new ConfigError(`bad setting ${issue.path.join('.') || '?'}: ${issue.message}`)
  }
  return { ...parsed.data, timeZone: parsed.data.timeZone ?? localTimeZone(vars) }
}

function prune<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>
}
