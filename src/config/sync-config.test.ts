import { describe, expect, it } from 'vitest'
import { parseSyncConfig } from './sync-config.ts'

describe('sync config: comments', () => {
  it('takes comments per chat, with the file-wide value as default', () => {
    const c = parseSyncConfig('vault: v\ncomments: true\nchats:\n  - chat: "@a"\n  - chat: "@b"\n    comments: false\n', 'tobs.yaml')
    expect(c.chats.map((e) => e.comments)).toEqual([true, false])
  })
  it('refuses a comments value that is not true or false, naming its place', () => {
    expect(() => parseSyncConfig('vault: v\nchats:\n  - chat: "@a"\n    comments: yes please\n', 'tobs.yaml'))
      .toThrow(/tobs\.yaml:4:\d+: chats\[0\]\.comments/)
  })
})
