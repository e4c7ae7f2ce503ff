// createHandler: the simulated Telegram's method table, behind the knobs every call passes
// (hidden rate limits, takeout checks, injected INTERNAL errors). Unknown methods get an
// RpcError, never a hang.
import { Rng } from '../world/hash.ts'
import { RpcError, type CallContext, type Handler, type TlRequest } from '../types.ts'
import type { World } from '../world/types.ts'
import { AuthDesk, type AccountOptions } from './auth.ts'
import { AuthTransfer, getConfig, getFullChannel, getFullChat, getFullUser, getUsers, resolveUsername, TakeoutDesk, updatesState } from './account.ts'
import { getDialogs, getForumTopics, getPeerDialogs } from './dialogs.ts'
import { getFile, getFileHashes } from './files.ts'
import { getChannelMessages, getDiscussionMessage, getHistory, getMessages, getReplies } from './history.ts'
import type { DcInfo, SimKnobs } from './knobs.ts'
import { RateLimiter } from './rate-limit.ts'
import { getSearchCounters, search } from './search.ts'
import { transcribeAudio } from './transcribe.ts'

export { defaultKnobs, type DcInfo, type SimKnobs } from './knobs.ts'
export { LOGIN_CODE, type AccountOptions } from './auth.ts'

type Route = (req: TlRequest, ctx: CallContext) => unknown

/** Methods that never fail on purpose: connection setup and login must get through for anything to work. */
const SETUP = new Set([
  'help.getConfig', 'help.getNearestDc', 'auth.exportAuthorization', 'auth.importAuthorization',
  // a retried checkPassword would reuse a spent SRP round: login is exempt from injected errors
  'auth.sendCode', 'auth.signIn', 'account.getPassword', 'auth.checkPassword', 'auth.exportLoginToken',
  'auth.importLoginToken', 'auth.logOut',
])

export function createHandler(
  world: World, knobs: SimKnobs, dcs: () => DcInfo[], account: AccountOptions = {}, served: { fileBytes: number } = { fileBytes: 0 },
): Handler {
  const limiter = new RateLimiter(knobs.rateLimits, Date.now, knobs.floodWaitSeconds)
  const takeout = new TakeoutDesk(knobs.takeoutInitDelaySeconds)
  const auth = new AuthTransfer()
  const login = new AuthDesk(world, account)
  const chaos = new Rng(knobs.seed ^ 0x5eed)
  const referenceRng = new Rng(knobs.seed ^ 0xf11e)
  const fileRules = { expireNow: () => knobs.fileReferenceExpiredRate > 0 && referenceRng.chance(knobs.fileReferenceExpiredRate) }

  const routes: Record<string, Route> = {
    'help.getConfig': (_req, ctx) => getConfig(dcs(), ctx),
    'help.getNearestDc': (_req, ctx) => ({ _: 'nearestDc', country: 'XX', thisDc: ctx.dcId, nearestDc: ctx.dcId }),
    'updates.getState': () => updatesState(world),
    'users.getUsers': (req) => getUsers(world, req),
    'users.getFullUser': (req) => getFullUser(world, req),
    'contacts.resolveUsername': (req) => resolveUsername(world, req),
    'messages.getDialogs': (req) => getDialogs(world, req),
    'messages.getPeerDialogs': (req) => getPeerDialogs(world, req),
    'messages.getHistory': (req) => getHistory(world, req),
    'messages.getReplies': (req) => getReplies(world, req),
    'messages.getDiscussionMessage': (req) => getDiscussionMessage(world, req),
    'messages.getMessages': (req) => getMessages(world, req),
    'messages.search': (req) => search(world, req),
    'messages.getSearchCounters': (req) => getSearchCounters(world, req),
    'channels.getMessages': (req) => getChannelMessages(world, req),
    'channels.getFullChannel': (req) => getFullChannel(world, req),
    'messages.getFullChat': (req) => getFullChat(world, req),
    'messages.getForumTopics': (req) => getForumTopics(world, req),
    'channels.getForumTopics': (req) => getForumTopics(world, req),
    'account.initTakeoutSession': (_req, ctx) => takeout.init(ctx),
    'account.finishTakeoutSession': (_req, ctx) => takeout.finish(ctx),
    'messages.transcribeAudio': (req) => transcribeAudio(world, req),
    'upload.getFile': (req, ctx) => {
      const answer = getFile(world, req, ctx, fileRules)
      served.fileBytes += answer.bytes.length
      return answer
    },
    'upload.getFileHashes': (req, ctx) => getFileHashes(world, req, ctx),
    'auth.exportAuthorization': () => auth.export(),
    'auth.importAuthorization': (req, ctx) => {
      const answer = auth.import(world, req)
      login.authorize(ctx)
      return answer
    },
    'auth.sendCode': (req) => login.sendCode(req),
    'auth.signIn': (req, ctx) => login.signIn(req, ctx),
    'account.getPassword': () => login.getPassword(),
    'auth.checkPassword': (req, ctx) => login.checkPassword(req, ctx),
    'auth.exportLoginToken': (req, ctx) => login.exportLoginToken(req, ctx),
    'auth.importLoginToken': (req, ctx) => login.importLoginToken(req, ctx),
    'auth.logOut': () => login.logOut(),
  }

  return (req, ctx) => {
    const route = routes[req._]
    if (!route) throw new RpcError(400, 'METHOD_NOT_SIMULATED')
    login.gate(req._, ctx)
    if (!SETUP.has(req._)) {
      limiter.check(ctx.authKeyId, req._)
      if (knobs.internalErrorRate > 0 && chaos.chance(knobs.internalErrorRate)) throw new RpcError(500, 'INTERNAL')
      if (ctx.takeoutId !== undefined && req._ !== 'account.finishTakeoutSession') takeout.check(ctx.takeoutId)
    }
    return route(req, ctx)
  }
}
