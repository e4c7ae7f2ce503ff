// Takeout sessions: Telegram's export mode (lower flood limits, the user's consent). Telegram may ask
// to wait before one opens (TAKEOUT_INIT_DELAY_N, which mtcute does not handle): wait it out visibly.
import type { TelegramClient } from '@mtcute/node'
import type Long from 'long'
import type { Rpc } from './rpc.ts'
import { sleep, waitSeconds } from './rpc.ts'

export interface TakeoutScope {
  contacts?: boolean
  users?: boolean
  chats?: boolean
  megagroups?: boolean
  channels?: boolean
  files?: boolean
  fileMaxSize?: number
}

export interface Takeout {
  /** the session's id: rpc/stack.ts sends calls inside it (rpc/takeout.ts) */
  id: Long
  finish(success: boolean): Promise<void>
}

/** Opens a takeout session; `onDelay(secondsLeft)` ticks each second while Telegram makes us wait. */
export async function openTakeout(
  tg: TelegramClient, scope: TakeoutScope, onDelay?: (secondsLeft: number) => void, signal?: AbortSignal,
): Promise<Takeout> {
  for (;;) {
    try {
      const session = await tg.initTakeoutSession({
        contacts: scope.contacts, messageUsers: scope.users, messageChats: scope.chats,
        messageMegagroups: scope.megagroups, messageChannels: scope.channels, files: scope.files,
        fileMaxSize: scope.files ? (scope.fileMaxSize ?? 2 ** 31) : undefined,
      })
      let finished = false
      return {
        id: session.id,
        async finish(success) {
          if (finished) return
          finished = true
          await session.finish(success)
        },
      }
    } catch (e) {
      const wait = waitSeconds(e, 'TAKEOUT_INIT_DELAY_')
      if (wait === undefined) throw e
      for (let left = wait; left > 0; left--) {
        onDelay?.(left)
        await sleep(1000, signal)
      }
      onDelay?.(0)
    }
  }
}

/** Plain calls, for --no-takeout. */
export function directRpc(tg: TelegramClient, floodSleep = true): Rpc {
  return floodSleep ? (req) => tg.call(req) as never : (req) => tg.call(req, { floodSleepThreshold: 0 }) as never
}
