// The session file a command connects with: --session, TOBS_SESSION, the config file, or the default.
import { defaultSessionPath, type Config } from '../config/config.ts'
import { sessionFromFile } from '../telegram/client.ts'
import type { Io } from './io.ts'

export function openSession(config: Config, io: Io) {
  return sessionFromFile(config.session ?? defaultSessionPath(io.env), { apiId: config.apiId, apiHash: config.apiHash })
}
