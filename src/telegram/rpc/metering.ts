// Counts the requests that go out (each retry and each attempt after a flood wait is one).
import type { RpcMiddleware } from './compose.ts'

export function metering(onRequest: (method: string) => void): RpcMiddleware {
  return (next) => (req) => {
    onRequest(req._)
    return next(req)
  }
}
