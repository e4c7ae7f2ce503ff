// Sends each call inside a takeout session (invokeWithTakeout), as mtcute's TakeoutSession proxy does.
import type { RpcMiddleware } from './compose.ts'
import type { Rpc } from '../rpc.ts'

export function inTakeout(takeoutId: { toString(): string } & object): RpcMiddleware {
  return (next) => ((req) => next({ _: 'invokeWithTakeout', takeoutId, query: req } as never)) as Rpc
}
