import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { localTimeZone } from './config.ts'

const hostZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone
const intlName = (zone: string) => new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone

/** A stand-in for /etc/localtime: a link to `target`. */
function localtimeLinkingTo(target: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tobs-tz-')), 'localtime')
  symlinkSync(target, path)
  return path
}

describe('localTimeZone', () => {
  it('gives this host the zone Intl gives it', () => {
    expect(localTimeZone({})).toBe(hostZone())
  })

  it('reads a UTC host from its localtime link, under each of UTC\'s names, as Intl names it', () => {
    for (const name of ['UTC', 'Etc/UTC', 'UCT', 'Etc/UCT', 'Universal', 'Etc/Universal', 'Zulu', 'Etc/Zulu', 'GMT', 'Etc/GMT']) {
      expect(intlName(name)).toBe('UTC')
      expect(localTimeZone({}, localtimeLinkingTo(`/usr/share/zoneinfo/${name}`)), name).toBe('UTC')
      expect(localTimeZone({}, localtimeLinkingTo(`../usr/share/zoneinfo/${name}`)), name).toBe('UTC')
    }
  })

  it('leaves any other host to Intl: a zone link it does not know, a copied zone file, no file', () => {
    const copied = join(mkdtempSync(join(tmpdir(), 'tobs-tz-')), 'localtime')
    writeFileSync(copied, 'TZif')
    for (const path of [localtimeLinkingTo('/usr/share/zoneinfo/Europe/Berlin'), localtimeLinkingTo('/usr/share/zoneinfo/Etc/GMT+5'), copied, '/nonexistent/localtime']) {
      expect(localTimeZone({}, path), path).toBe(hostZone())
    }
  })

  it('takes TZ as given when it names a zone, a UTC name included; an unknown TZ falls back to the host', () => {
    const utcLink = localtimeLinkingTo('/usr/share/zoneinfo/Etc/UTC')
    expect(localTimeZone({ TZ: 'Europe/Berlin' }, utcLink)).toBe('Europe/Berlin')
    expect(localTimeZone({ TZ: ':Etc/Zulu' }, utcLink)).toBe('Etc/Zulu')
    expect(localTimeZone({ TZ: 'Nowhere/Atlantis' }, utcLink)).toBe(hostZone())
  })
})
