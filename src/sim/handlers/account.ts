// Session-level methods: config and DCs, takeout sessions, authorization transfer between DCs,
// update state, and who is who (users, full users/chats, usernames).
import Long from 'long'
import { tlStub } from '../tl-schema.ts'
import { RpcError, type CallContext, type TlRequest } from '../types.ts'
import type { World } from '../world/types.ts'
import type { DcInfo } from './knobs.ts'
import { chatOfInput, isChannel, tlChat, tlUser, userOfInput } from './peers.ts'
import { tlVector } from './vector.ts'

export function getConfig(dcs: DcInfo[], ctx: CallContext): unknown {
  const now = Math.floor(Date.now() / 1000)
  return tlStub('config', {
    date: now, expires: now + 3600, testMode: false, thisDc: ctx.dcId,
    dcOptions: dcs.map((d) => tlStub('dcOption', { id: d.id, ipAddress: d.host, port: d.port })),
    chatSizeMax: 200, megagroupSizeMax: 200000, forwardedCountMax: 100, onlineUpdatePeriodMs: 120000,
    editTimeLimit: 172800, captionLengthMax: 1024, messageLengthMax: 4096, webfileDcId: ctx.dcId,
  })
}

/** Takeout sessions per account; the first init may be told to wait (TAKEOUT_INIT_DELAY_N). */
export class TakeoutDesk {
  private readonly readyAt = new Map<string, number>()
  private readonly open = new Set<string>()
  private next = 1

  constructor(private readonly delaySeconds: number, private readonly now: () => number = Date.now) {}

  init(ctx: CallContext): unknown {
    if (this.delaySeconds > 0) {
      const t = this.now()
      let ready = this.readyAt.get(ctx.authKeyId)
      if (ready === undefined) this.readyAt.set(ctx.authKeyId, (ready = t + this.delaySeconds * 1000))
      if (t < ready) throw new RpcError(420, `TAKEOUT_INIT_DELAY_${Math.max(1, Math.ceil((ready - t) / 1000))}`)
    }
    const id = 0x7a000000 + this.next++
    this.open.add(String(id))
    return { _: 'account.takeout', id: Long.fromNumber(id) }
  }

  /** Calls wrapped in invokeWithTakeout must name an open session. */
  check(takeoutId: bigint): void {
    if (!this.open.has(takeoutId.toString())) throw new RpcError(400, 'TAKEOUT_INVALID')
  }

  finish(ctx: CallContext): boolean {
    if (ctx.takeoutId === undefined) throw new RpcError(400, 'TAKEOUT_REQUIRED')
    this.open.delete(ctx.takeoutId.toString())
    return true
  }
}

/** auth.exportAuthorization hands out a token that auth.importAuthorization on any DC accepts. */
export class AuthTransfer {
  private readonly tokens = new Map<string, Uint8Array>()
  private next = 1
  export(): unknown {
    const id = this.next++
    const bytes = new Uint8Array(32).map((_, i) => (id * 31 + i * 7) & 0xff)
    this.tokens.set(String(id), bytes)
    return { _: 'auth.exportedAuthorization', id: Long.fromNumber(id), bytes }
  }
  import(world: World, req: TlRequest): unknown {
    const want = this.tokens.get(String(req.id))
    const got = req.bytes as Uint8Array
    if (!want || !got || want.length !== got.length || want.some((b, i) => b !== got[i])) throw new RpcError(400, 'AUTH_BYTES_INVALID')
    return tlStub('auth.authorization', { user: tlUser(world.self) })
  }
}

export function getUsers(world: World, req: TlRequest): Uint8Array {
  const users: object[] = []
  for (const input of req.id as TlRequest[]) {
    try {
      users.push(tlUser(userOfInput(world, input)) as object)
    } catch {
      users.push({ _: "userEmpty", id: Number(input.userId ?? 0) })
    }
  }
  return tlVector(users)
}

export function getFullUser(world: World, req: TlRequest): unknown {
  const user = userOfInput(world, req.id)
  return {
    _: 'users.userFull', chats: [], users: [tlUser(user)],
    fullUser: tlStub('userFull', { id: user.id, about: user.bot ? 'A simulated bot.' : 'Simulated.', notifySettings: tlStub('peerNotifySettings'), settings: tlStub('peerSettings'), commonChatsCount: 0 }),
  }
}

export function resolveUsername(world: World, req: TlRequest): unknown {
  const name = String(req.username ?? '').toLowerCase()
  const user = [world.self, ...world.users].find((u) => u.username?.toLowerCase() === name)
  if (user) return { _: 'contacts.resolvedPeer', peer: { _: 'peerUser', userId: user.id }, chats: [], users: [tlUser(user)] }
  const chat = world.chats.find((c) => c.username?.toLowerCase() === name)
  if (chat) return { _: 'contacts.resolvedPeer', peer: { _: 'peerChannel', channelId: chat.id }, chats: [tlChat(chat)], users: [] }
  throw new RpcError(400, 'USERNAME_NOT_OCCUPIED')
}

export function getFullChannel(world: World, req: TlRequest): unknown {
  const chat = chatOfInput(world, req.channel)
  return {
    _: 'messages.chatFull', chats: [chat, world.linkedChat(chat.id)].filter((c) => c !== undefined).map(tlChat), users: [],
    fullChat: tlStub('channelFull', {
      id: chat.id, about: chat.about, participantsCount: chat.kind === 'channel' ? 12345 : chat.memberIds.length + 1,
      readInboxMaxId: chat.maxId, readOutboxMaxId: chat.maxId, chatPhoto: tlStub('photoEmpty', { id: Long.ZERO }),
      notifySettings: tlStub('peerNotifySettings'), pts: chat.maxId, canViewParticipants: chat.kind !== 'channel',
      linkedChatId: world.linkedChat(chat.id)?.id,
    }),
  }
}

export function getFullChat(world: World, req: TlRequest): unknown {
  const chat = world.chat(Number(req.chatId))
  if (!chat || chat.kind !== 'group') throw new RpcError(400, 'CHAT_ID_INVALID')
  const participants = [tlStub('chatParticipantCreator', { userId: world.self.id }), ...chat.memberIds.map((id) => tlStub('chatParticipant', { userId: id, inviterId: world.self.id, date: chat.created }))]
  return {
    _: 'messages.chatFull', chats: [tlChat(chat)],
    users: [world.self, ...chat.memberIds.map((id) => world.user(id)!)].map(tlUser),
    fullChat: tlStub('chatFull', {
      id: chat.id, about: chat.about, notifySettings: tlStub('peerNotifySettings'),
      participants: tlStub('chatParticipants', { chatId: chat.id, participants, version: 1 }),
    }),
  }
}

export function updatesState(world: World): unknown {
  const pts = world.chats.filter((c) => !isChannel(c)).reduce((n, c) => n + c.maxId - c.minId + 1, 0)
  return { _: 'updates.state', pts, qts: 0, date: Math.floor(Date.now() / 1000), seq: 1, unreadCount: 0 }
}
