// The simulator's MTProto transport/session server (see README.md).
export { startDcServer } from './server.ts'
export type { DcServer, DcServerOptions } from './server.ts'
export type { Knobs } from './connection.ts'
export { configFor, connectTestClient, seedSelf } from './test-client.ts'
export type { TestClientOptions } from './test-client.ts'
