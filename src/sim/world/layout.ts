// The fixed cast of the world: the self user, ~10 users and one chat of every kind, with the
// requested message total spread over them. Small and eager; messages are never built here.
import { hash } from './hash.ts'
import type { SimChat, SimTopic, SimUser } from './types.ts'
import type { ChatKind } from '../../model/types.ts'

export const SELF_ID = 777000001
export const BOT_ID = 500000001
/** Chats start 2021-03-01 and spread their messages over about 2.5 years. */
export const EPOCH = 1614556800
export const SPAN_SECONDS = 80_000_000
/** Expected share of ids that are deleted (see ids.ts): used to aim at the requested count. */
export const GAP_SHARE = 0.038

export function accessHashOf(seed: number, id: number): string {
  // positive 53-bit value as a decimal string: a TL long on the wire, exact in JSON
  return String(hash(seed, id, 1) * 0x200000 + (hash(seed, id, 2) & 0x1fffff))
}

export function makeUsers(seed: number): { self: SimUser; users: SimUser[] } {
  const u = (id: number, firstName: string, rest: Partial<SimUser> = {}): SimUser => ({
    id, accessHash: accessHashOf(seed, id), firstName, ...rest,
  })
  const self = u(SELF_ID, 'Sim', { lastName: 'Self', username: 'sim_self', phone: '99966611111', self: true })
  const users = [
    u(100000001, 'Alice', { lastName: 'Archer', username: 'alice' }),
    u(100000002, 'Bob', { lastName: 'Builder', username: 'bob_b' }),
    u(100000003, 'Carol', { lastName: 'Ωmega' }),
    u(100000004, 'Dmitri', { lastName: 'Иванов', username: 'dmitri' }),
    u(100000005, 'Eve 🦊'),
    u(100000006, 'Frank [[Link]]', { username: 'frank_l' }),
    u(100000007, 'Grace', { lastName: '李', username: 'grace_li' }),
    u(100000008, 'Heidi'),
    u(100000009, '../Ivan', { username: 'ivan_dots' }),
    u(BOT_ID, 'Sim Helper', { username: 'sim_helper_bot', bot: true }),
  ]
  return { self, users }
}

interface ChatPlan {
  id: number
  kind: ChatKind
  title: string
  username?: string
  share: number
  minCount: number
  members: number[]
  about: string
}

const PEOPLE = [100000001, 100000002, 100000003, 100000004, 100000005, 100000006, 100000007, 100000008, 100000009]

const PLANS: ChatPlan[] = [
  { id: 1000000101, kind: 'channel', title: 'Sim News 📰', username: 'sim_news', share: 0.28, minCount: 20, members: [], about: 'Daily news from the simulator.' },
  { id: 1000000102, kind: 'forum', title: 'Sim Forum', username: 'sim_forum', share: 0.28, minCount: 40, members: PEOPLE, about: 'A forum with topics.' },
  { id: 1000000103, kind: 'supergroup', title: 'Dev / Talk: "q"?', username: 'sim_dev_talk', share: 0.14, minCount: 20, members: PEOPLE.slice(0, 7), about: 'Title with characters a file system dislikes.' },
  { id: 400000201, kind: 'group', title: 'Family group', share: 0.08, minCount: 15, members: PEOPLE.slice(0, 4), about: '' },
  { id: 100000001, kind: 'private', title: 'Alice Archer', share: 0.07, minCount: 10, members: [100000001], about: '' },
  { id: 100000002, kind: 'private', title: 'Bob Builder', share: 0.04, minCount: 10, members: [100000002], about: '' },
  { id: BOT_ID, kind: 'bot', title: 'Sim Helper', share: 0.03, minCount: 8, members: [BOT_ID], about: 'I help.' },
  { id: SELF_ID, kind: 'saved', title: 'Saved Messages', share: 0.08, minCount: 8, members: [SELF_ID], about: '' },
]

const TOPIC_TITLES = ['Announcements 📢', 'Help', 'Off-topic', 'Help', 'Media & Files / misc']
const TOPIC_AT = [0.003, 0.01, 0.04, 0.15, 0.4]

/** Channels number their messages from 1; private chats and basic groups get disjoint ranges
 *  because Telegram gives them one shared id sequence (messages.getMessages has no peer). */
const PRIVATE_RANGE = 100_000_000

export function makeChats(seed: number, total: number): SimChat[] {
  let privateIndex = 0
  return PLANS.map((p, index): SimChat => {
    const isChannel = p.kind === 'channel' || p.kind === 'supergroup' || p.kind === 'forum'
    const minId = isChannel ? 1 : privateIndex++ * PRIVATE_RANGE + 1
    const span = Math.max(p.minCount, Math.ceil((total * p.share) / (1 - GAP_SHARE)))
    const chat: SimChat = {
      id: p.id, kind: p.kind, title: p.title, accessHash: accessHashOf(seed, p.id),
      minId, maxId: minId + span - 1, memberIds: p.members, about: p.about,
      created: EPOCH + index * 11 * 86400,
    }
    if (p.username) chat.username = p.username
    if (p.kind === 'forum') chat.topics = makeTopics(span)
    return chat
  })
}

function makeTopics(span: number): SimTopic[] {
  const topics: SimTopic[] = [{ id: 1, title: 'General', iconColor: 0x6fb9f0 }]
  let last = 1
  TOPIC_AT.forEach((f, i) => {
    const id = Math.max(last + 1, Math.round(f * span))
    last = id
    const t: SimTopic = { id, title: TOPIC_TITLES[i]!, iconColor: [0xffd67e, 0xcb86db, 0x8eee98, 0xff93b2, 0xfb6f5f][i]! }
    if (i === 2) t.closed = true
    topics.push(t)
  })
  return topics
}
