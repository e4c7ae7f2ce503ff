// Opens every connection of mtcute's download pool on a DC. mtcute 0.30.3 connects a pool's
// connections only when a request is sent on them, and sends each request on the least loaded
// *connected* one: so a pool of 8 carries everything on the first one or two that happen to connect
// (measured: 3 server connections and 1 MB/s with 16 parts in flight at 0.5 MB/s per connection).
// This reaches into its network manager (pinned version; a missing field just leaves the pool as is).

interface Conn { isConnected: boolean; connect(): void }
interface Pools { download?: { _connections?: Conn[] } }

const WARM_EVERY_MS = 5_000
const lastWarm = new WeakMap<object, Map<number, number>>()

export function warmDownloadPool(client: object, dcId: number): void {
  let byDc = lastWarm.get(client)
  if (!byDc) lastWarm.set(client, (byDc = new Map()))
  const now = Date.now()
  if (now - (byDc.get(dcId) ?? 0) < WARM_EVERY_MS) return
  byDc.set(dcId, now)
  try {
    type Mt = { mt?: { network?: { _dcConnections?: Map<number, Pools> } } }
    const c = client as Mt & { _client?: Mt }
    const network = (c._client ?? c).mt?.network
    for (const conn of network?._dcConnections?.get(dcId)?.download?._connections ?? []) {
      // idle ones closed after mtcute's inactivity timeout are opened again too
      if (!conn.isConnected) conn.connect()
    }
  } catch {
    // the pool keeps working with the connections it has
  }
}
