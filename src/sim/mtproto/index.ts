// The simulator's MTProto transport/session server (see README.md).
export { startDcServer } from './server.ts'
export type { DcServer, DcServerOptions } from './server.ts'
