import { describe, expect, it } from 'vitest'
import { waitSeconds } from './rpc.ts'

describe('waitSeconds', () => {
  it('reads the seconds mtcute keeps beside a %d text', () => {
    expect(waitSeconds({ text: 'FLOOD_WAIT_%d', seconds: 7 }, 'FLOOD_WAIT_')).toBe(7)
    expect(waitSeconds({ text: 'TAKEOUT_INIT_DELAY_%d', seconds: 3 }, 'TAKEOUT_INIT_DELAY_')).toBe(3)
  })
  it('reads a raw text and ignores other errors', () => {
    expect(waitSeconds({ text: 'FLOOD_WAIT_12' }, 'FLOOD_WAIT_')).toBe(12)
    expect(waitSeconds({ text: 'PEER_ID_INVALID' }, 'FLOOD_WAIT_')).toBeUndefined()
    expect(waitSeconds(new Error('x'), 'FLOOD_WAIT_')).toBeUndefined()
  })
})
