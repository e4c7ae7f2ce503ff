// Requests arrive wrapped (invokeWithLayer > initConnection > invokeWithoutUpdates > invokeWithTakeout > method):
// peel the wrappers off, remembering them for the handler.
import type { CallContext, TlRequest } from '../types.ts'
import { longToBigInt } from './tl-out.ts'

const WRAPPERS = new Set([
  'invokeWithLayer',
  'initConnection',
  'invokeWithoutUpdates',
  'invokeWithTakeout',
  'invokeWithMessagesRange',
  'invokeAfterMsg',
  'invokeAfterMsgs',
  'invokeWithBusinessConnection',
  'invokeWithGooglePlayIntegrity',
  'invokeWithApnsSecret',
  'invokeWithReCaptcha',
])

/** Returns the innermost method call; records wrapper names (outermost first) and the takeout id in ctx. */
export function unwrap(req: TlRequest, ctx: CallContext): TlRequest {
  let r = req
  while (WRAPPERS.has(r._) && r.query && typeof r.query === 'object') {
    ctx.wrappers.push(r._)
    if (r._ === 'invokeWithTakeout') ctx.takeoutId = longToBigInt(r.takeoutId)
    r = r.query as TlRequest
  }
  return r
}
