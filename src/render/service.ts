// Service messages -> one readable sentence per Telegram MessageAction (layer 227), plus a fallback for newer ones.
import type { ServiceAction } from '../model/types.ts'
import type { RenderContext } from './context.ts'
import { escapeInline, wikiLink } from './escape.ts'
import { money, names, period, plural } from './format.ts'
import { clockFor, duration } from './time.ts'
import { isolate } from './bidi.ts'

/*
 * Contract with the TL -> model mapper: `values` keys are the camelCase names of the TL
 * arguments (total_amount -> totalAmount, winners_count -> winnersCount), numbers as numbers,
 * `true` flags as booleans, Bool arguments as booleans. Nested objects are flattened into the
 * few values a sentence needs: `gift` (title or emoji of a star gift), `stars`, `emoticon`
 * (chat theme), `reason` (call end: missed | busy | hangup | disconnect), `answer` (poll option
 * text), `birthday` (text), `price` / `resaleAmount` (stars), `tasks` (count or titles).
 * Peers named by an action go to `users` (display names) or `userIds`; its title to `title`.
 */

/** What a sentence can ask about its action. */
class Facts {
  constructor(private a: ServiceAction, private ctx: RenderContext, readonly who: string, private chatId: number | undefined, readonly mine?: boolean) {}

  /** `channel` or `group`, as the chat is (issue 13: a channel never "changed the group name"). */
  get place(): string {
    return this.chatId !== undefined && this.ctx.chatKind?.(this.chatId) === 'channel' ? 'channel' : 'group'
  }

  get title(): string {
    return this.a.title ? `«${escapeInline(this.a.title)}»` : ''
  }
  /** Named users (escaped); `fallback` when none are given. */
  users(fallback = 'someone'): string {
    const list = this.userList()
    return list.length ? names(list) : fallback
  }
  /** Named users, escaped, in order. */
  userList(): string[] {
    const list = this.a.users?.length ? this.a.users : (this.a.userIds ?? []).map((id) => this.ctx.userName(id) ?? `user ${id}`)
    return list.map((n) => isolate(escapeInline(n)))
  }
  userCount(): number {
    return this.a.users?.length ?? this.a.userIds?.length ?? 0
  }
  num(key: string): number | undefined {
    const v = this.a.values?.[key]
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
    return Number.isFinite(n) ? n : undefined
  }
  str(key: string): string | undefined {
    const v = this.a.values?.[key]
    return v === undefined || v === '' || typeof v === 'boolean' ? undefined : escapeInline(String(v))
  }
  flag(key: string): boolean {
    const v = this.a.values?.[key]
    return v === true || v === 'true' || v === 1
  }
  has(key: string): boolean {
    return this.a.values?.[key] !== undefined
  }
  /** ` for 12.50 USD` style phrase from an amount and a currency value, or ''. */
  amount(amountKey = 'totalAmount', currencyKey = 'currency', prefix = ' for '): string {
    const n = this.num(amountKey)
    const cur = this.a.values?.[currencyKey]
    if (n === undefined) return ''
    return prefix + (typeof cur === 'string' && cur !== '' ? money(n, cur) : String(n))
  }
  stars(key = 'stars', prefix = ' '): string {
    const n = this.num(key)
    return n === undefined ? '' : prefix + plural(n, 'Star')
  }
  date(key: string, prefix: string): string {
    const n = this.num(key)
    return n === undefined || n <= 0 ? '' : prefix + clockFor(this.ctx.timeZone).dateTime(n)
  }
  /** A link to the message the action refers to, or the plain label. */
  message(label: string): string {
    const id = this.a.messageId
    if (id === undefined) return label
    const note = this.chatId !== undefined ? this.ctx.noteFor(this.chatId, id) : undefined
    return note !== undefined ? wikiLink(`${note}#^m${id}`, label) : label
  }
  quoted(key: string): string {
    const s = this.str(key)
    return s === undefined ? '' : ` «${s}»`
  }
}

type Sentence = (f: Facts) => string

const onOff = (f: Facts, key: string): boolean => f.flag(key)

const SENTENCES: Record<string, Sentence> = {
  empty: () => 'empty service message',
  chat_create: (f) => `${f.who} created the ${f.place} ${f.title}` + (f.userCount() ? ` with ${f.users()}` : ''),
  chat_edit_title: (f) => `${f.who} changed the ${f.place} name to ${f.title}`,
  chat_edit_photo: (f) => `${f.who} changed the ${f.place} photo`,
  chat_delete_photo: (f) => `${f.who} removed the ${f.place} photo`,
  chat_add_user: (f) => (f.userCount() === 0 || f.users() === f.who ? `${f.who} joined the ${f.place}` : `${f.who} added ${f.users()}`),
  chat_delete_user: (f) => (f.userCount() === 0 || f.users() === f.who ? `${f.who} left the ${f.place}` : `${f.who} removed ${f.users()}`),
  chat_joined_by_link: (f) => `${f.who} joined the ${f.place} via an invite link` + (f.userCount() ? ` from ${f.users()}` : ''),
  channel_create: (f) => `Channel ${f.title} created`,
  chat_migrate_to: () => 'This group was upgraded to a supergroup',
  channel_migrate_from: (f) => `Upgraded from the group ${f.title}`,
  pin_message: (f) => `${f.who} pinned ${f.message('a message')}`,
  history_clear: () => 'Chat history was cleared',
  game_score: (f) => `${f.who} scored ${f.num('score') ?? 0} in ${f.message('a game')}`,
  payment_sent_me: (f) => `${f.who} paid${f.amount()}` + (f.flag('recurringInit') ? ' and started a subscription' : '') + f.date('subscriptionUntilDate', ', subscribed until '),
  payment_sent: (f) => `Payment sent${f.amount()} for ${f.message('an invoice')}` + (f.flag('recurringInit') ? ', subscription started' : '') + f.date('subscriptionUntilDate', ', subscribed until '),
  phone_call: (f) => {
    // Telegram's words: incoming or outgoing (when we know who called), missed, declined
    const video = f.flag('video') ? 'video call' : 'call'
    const reason = f.str('reason')
    const len = f.num('duration')
    const dir = f.mine === undefined ? '' : f.mine ? 'Outgoing ' : 'Incoming '
    const kind = dir === '' ? video[0]!.toUpperCase() + video.slice(1) : dir + video
    if (reason === 'missed') return dir === '' ? `Missed ${video}` : f.mine ? `${kind}, not answered` : `${kind}, missed`
    if (reason === 'busy') return `${kind} declined (busy)`
    return kind + (len ? ` (${duration(len)})` : '') + (reason === 'disconnect' ? ', disconnected' : '')
  },
  screenshot_taken: (f) => `${f.who} took a screenshot`,
  custom_action: (f) => f.str('message') ?? f.str('text') ?? (f.title || 'custom service message'),
  bot_allowed: (f) =>
    f.flag('attachMenu') ? 'You added this bot to the attachment menu'
      : f.has('domain') ? `You allowed this bot to message you after logging in on ${f.str('domain')}`
      : f.has('app') ? `You allowed this bot to message you when opening the app${f.quoted('app')}`
      : 'You allowed this bot to message you',
  secure_values_sent_me: (f) => `${f.who} shared Telegram Passport data with this bot` + (f.str('types') ? `: ${f.str('types')}` : ''),
  secure_values_sent: (f) => `Telegram Passport data sent to this bot` + (f.str('types') ? `: ${f.str('types')}` : ''),
  contact_sign_up: (f) => `${f.who} joined Telegram`,
  geo_proximity_reached: (f) => {
    const d = f.num('distance')
    const within = d === undefined ? 'close' : d >= 1000 ? `within ${(d / 1000).toFixed(1)} km` : `within ${d} m`
    const [from, to] = f.userList()
    return `${from ?? 'Someone'} came ${within}` + (to !== undefined ? ` of ${to}` : '')
  },
  group_call: (f) => (f.num('duration') !== undefined ? `Video chat ended (${duration(f.num('duration')!)})` : `${f.who} started a video chat`),
  invite_to_group_call: (f) => `${f.who} invited ${f.users()} to the video chat`,
  set_messages_ttl: (f) => {
    const p = f.num('period') ?? 0
    return p > 0 ? `${f.who} set messages to auto-delete after ${period(p)}` : `${f.who} turned off auto-delete`
  },
  group_call_scheduled: (f) => `${f.who} scheduled a video chat` + f.date('scheduleDate', ' for '),
  set_chat_theme: (f) => (f.str('emoticon') ? `${f.who} changed the chat theme to ${f.str('emoticon')}` : `${f.who} changed the chat theme`),
  chat_joined_by_request: (f) => `${f.who} was accepted into the ${f.place}`,
  web_view_data_sent_me: (f) => `${f.who} sent data from the button${f.quoted('text')} to this bot`,
  web_view_data_sent: (f) => `Data from the button${f.quoted('text')} was sent to the bot`,
  gift_premium: (f) => `${f.who} gifted Telegram Premium for ${premiumLength(f)}${f.amount('amount')}`,
  topic_create: (f) => `${f.who} created the topic ${f.title}`,
  topic_edit: (f) => {
    const changes: string[] = []
    if (f.title) changes.push(`renamed the topic to ${f.title}`)
    if (f.has('closed')) changes.push(onOff(f, 'closed') ? 'closed the topic' : 'reopened the topic')
    if (f.has('hidden')) changes.push(onOff(f, 'hidden') ? 'hid the topic' : 'unhid the topic')
    if (f.has('iconEmojiId')) changes.push('changed the topic icon')
    return `${f.who} ${changes.length ? names(changes) : 'edited the topic'}`
  },
  suggest_profile_photo: (f) => `${f.who} suggested a new profile photo`,
  requested_peer: (f) => `${f.who} shared ${f.users('a chat')} with the bot`,
  requested_peer_sent_me: (f) => `${f.who} shared ${f.users('a chat')} with this bot`,
  set_chat_wall_paper: (f) =>
    f.flag('same') ? `${f.who} set the same wallpaper` : `${f.who} set a new wallpaper${f.flag('forBoth') ? ' for both sides' : ''}`,
  gift_code: (f) =>
    `${f.flag('viaGiveaway') ? 'Giveaway prize' : 'Gift code'}: Telegram Premium for ${premiumLength(f)}` +
    (f.flag('unclaimed') ? ' (unclaimed)' : '') + f.amount('amount'),
  giveaway_launch: (f) => `${f.who} started a giveaway` + f.stars('stars', ' of '),
  giveaway_results: (f) =>
    `Giveaway finished: ${plural(f.num('winnersCount') ?? 0, 'winner')}` +
    (f.num('unclaimedCount') ? `, ${f.num('unclaimedCount')} unclaimed` : '') + (f.flag('stars') ? ' (Stars)' : ''),
  boost_apply: (f) => `${f.who} boosted the ${f.place}` + ((f.num('boosts') ?? 1) > 1 ? ` ${f.num('boosts')} times` : ''),
  payment_refunded: (f) => `Payment refunded${f.amount()}` + (f.userCount() ? ` by ${f.users()}` : ''),
  gift_stars: (f) => `${f.who} gifted${f.stars() || ' Stars'}${f.amount('amount', 'currency', ' for ')}`,
  prize_stars: (f) => `${f.flag('unclaimed') ? 'Unclaimed giveaway prize' : 'Won in a giveaway'}:${f.stars() || ' Stars'}`,
  star_gift: (f) => {
    let s = `${f.who} sent a gift${f.quoted('gift')}` + f.stars('stars', ' worth ')
    if (f.flag('converted')) s += ', converted to Stars'
    if (f.flag('upgraded')) s += ', upgraded'
    if (f.flag('refunded')) s += ', refunded'
    return s
  },
  star_gift_unique: (f) => {
    const what = f.flag('upgrade') ? 'upgraded a gift to a unique collectible' : f.flag('transferred') ? 'transferred a unique gift' : 'sent a unique gift'
    return `${f.who} ${what}${f.quoted('gift')}` + (f.flag('refunded') ? ' (refunded)' : '') + f.stars('resaleAmount', ', bought for ')
  },
  paid_messages_refunded: (f) => `${plural(f.num('stars') ?? 0, 'Star')} refunded for ${plural(f.num('count') ?? 0, 'paid message')}`,
  paid_messages_price: (f) => {
    const n = f.num('stars') ?? 0
    return n > 0 ? `Sending a message now costs ${plural(n, 'Star')}` : 'Messages are free to send again'
  },
  conference_call: (f) => {
    const kind = f.flag('video') ? 'Group video call' : 'Group call'
    if (f.flag('missed')) return `Missed ${kind.toLowerCase()}`
    if (f.flag('active')) return `${kind} in progress`
    return kind + (f.num('duration') ? ` (${duration(f.num('duration')!)})` : '') + (f.userCount() ? ` with ${f.users()}` : '')
  },
  todo_completions: (f) => {
    const done = f.num('completed') ?? 0
    const undone = f.num('incompleted') ?? 0
    const parts = [done ? `marked ${plural(done, 'task')} as done` : '', undone ? `marked ${plural(undone, 'task')} as not done` : ''].filter(Boolean)
    return `${f.who} ${parts.length ? names(parts) : 'updated the checklist'}`
  },
  todo_append_tasks: (f) => `${f.who} added ${f.num('tasks') !== undefined ? plural(f.num('tasks')!, 'task') : f.str('tasks') ?? 'tasks'} to the checklist`,
  suggested_post_approval: (f) =>
    f.flag('rejected')
      ? `Suggested post rejected${f.quoted('rejectComment')}`
      : f.flag('balanceTooLow') ? 'Suggested post approved, but the balance is too low'
      : `Suggested post approved${f.stars('price', ' for ')}${f.date('scheduleDate', ', scheduled for ')}`,
  suggested_post_success: (f) => `Suggested post published${f.stars('price', ', earned ')}`,
  suggested_post_refund: (f) => (f.flag('payerInitiated') ? 'Suggested post refunded: the payer deleted it' : 'Suggested post refunded: it was deleted too early'),
  gift_ton: (f) => `${f.who} gifted${f.amount('cryptoAmount', 'cryptoCurrency', ' ') || ' TON'}${f.amount('amount', 'currency', ' (') ? f.amount('amount', 'currency', ' (') + ')' : ''}`,
  suggest_birthday: (f) => `${f.who} suggested a birthday` + (f.str('birthday') ? `: ${f.str('birthday')}` : ''),
  star_gift_purchase_offer: (f) => {
    const state = f.flag('accepted') ? ' (accepted)' : f.flag('declined') ? ' (declined)' : ''
    return `${f.who} offered${f.stars('price') || ' Stars'} for the gift${f.quoted('gift')}${state}${f.date('expiresAt', ', valid until ')}`
  },
  star_gift_purchase_offer_declined: (f) => `The offer of${f.stars('price') || ' Stars'} for the gift${f.quoted('gift')} ${f.flag('expired') ? 'expired' : 'was declined'}`,
  new_creator_pending: (f) => `${f.users('Someone')} will become the new owner`,
  change_creator: (f) => `${f.users('Someone')} is now the owner`,
  no_forwards_toggle: (f) => `${f.who} ${f.flag('newValue') ? 'restricted' : 'allowed'} saving and forwarding content`,
  no_forwards_request: (f) =>
    `${f.who} asked to ${f.flag('newValue') ? 'restrict' : 'allow'} saving and forwarding content` + (f.flag('expired') ? ' (request expired)' : ''),
  poll_append_answer: (f) => `${f.who} added the option${f.quoted('answer')} to the poll`,
  poll_delete_answer: (f) => `${f.who} removed the option${f.quoted('answer')} from the poll`,
  managed_bot_created: (f) => `${f.who} created the bot ${f.users('a bot')}`,
}

function premiumLength(f: Facts): string {
  const months = f.num('months')
  if (months !== undefined) return plural(months, 'month')
  const days = f.num('days')
  if (days !== undefined) return days % 30 === 0 ? plural(days / 30, 'month') : plural(days, 'day')
  return 'a while'
}

/** Whether a type has its own sentence (the rest get the generic fallback). */
export function isKnownService(type: string): boolean {
  return Object.hasOwn(SENTENCES, type)
}

/**
 * A readable Markdown sentence for a service action. `actor` is the display name of whoever
 * did it (untrusted, escaped here); `chatId` lets a pinned/paid message id become a link and says
 * channel or group; `mine` (undefined when unknown) says whether the account itself did it.
 */
export function renderService(action: ServiceAction, ctx: RenderContext, actor?: string, chatId?: number, mine?: boolean): string {
  const who = actor !== undefined && actor !== '' ? isolate(escapeInline(actor)) : 'Someone'
  const sentence = SENTENCES[action.type]
  if (sentence) return sentence(new Facts(action, ctx, who, chatId, mine))
  // a type from a newer layer: its words, never a raw constructor name
  const words = action.type
    .replace(/^messageAction/i, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\s]+/g, ' ')
    .trim()
    .toLowerCase()
  return `service message: ${escapeInline(words || 'unknown')}`
}
