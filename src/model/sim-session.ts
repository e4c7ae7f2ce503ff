// The simulator's session file (what `tobs sim serve` writes and the client reads): a contract
// between sim/ and telegram/, kept here so that neither imports the other.

/** What a client needs to reach the simulator (JSON; the client factory seeds mtcute's storage). */
export interface SimSession {
  kind: 'tobs-sim'
  mainDc: number
  dcs: { id: number; host: string; port: number }[]
  /** auth key per DC, hex */
  authKeys: Record<number, string>
  self: { id: number; firstName: string; username?: string }
}

/** A session file before `tobs login`: the keys of a device that is not signed in yet. */
export type SimSessionFile = Omit<SimSession, 'self'> & { self?: SimSession['self'] }
