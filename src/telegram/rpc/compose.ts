// Network policy as a chain of Rpc -> Rpc layers (tdl's and mtcute's style): each layer is a factory
// in its own file, and the chain is composed once (telegram/rpc/stack.ts).
import type { Rpc } from '../rpc.ts'

export type RpcMiddleware = (next: Rpc) => Rpc

/** `composeRpc(base, a, b)` is a(b(base)): the first layer sees a call first. */
export function composeRpc(base: Rpc, ...layers: (RpcMiddleware | undefined)[]): Rpc {
  let rpc = base
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i]
    if (layer) rpc = layer(rpc)
  }
  return rpc
}
