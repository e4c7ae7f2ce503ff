// TL MessageMedia -> model Media: files, polls, places, contacts, giveaways, stories, paid media, to-do lists.
import type { tl } from '@mtcute/core'
import type { FileRef, Media, PollAnswer } from '../../model/types.ts'
import { bareId, longNumber, snakeName } from './convert.ts'
import { mapEntities, mapFormatted } from './entities.ts'
import { documentFile, photoFile } from './files.ts'
import type { PeerIndex } from './peers.ts'

/** Media of a message; messageMediaEmpty and a missing field are no media at all. */
export function mapMedia(m: tl.TypeMessageMedia | undefined, peers: PeerIndex): Media | undefined {
  if (!m) return undefined
  switch (m._) {
    case 'messageMediaEmpty': return undefined
    case 'messageMediaPhoto': {
      if (!m.photo || m.photo._ !== 'photo') return { type: 'unsupported', what: 'expired_photo' }
      return withFileFlags(photoFile(m.photo), m.spoiler, m.ttlSeconds)
    }
    case 'messageMediaDocument': {
      if (!m.document || m.document._ !== 'document') return { type: 'unsupported', what: 'expired_document' }
      return withFileFlags(documentFile(m.document, m), m.spoiler, m.ttlSeconds)
    }
    case 'messageMediaWebPage': return mapWebPage(m.webpage)
    case 'messageMediaGeo': {
      if (m.geo._ !== 'geoPoint') return { type: 'unsupported', what: 'empty_geo' }
      const g = m.geo
      return g.accuracyRadius ? { type: 'geo', lat: g.lat, long: g.long, accuracy: g.accuracyRadius } : { type: 'geo', lat: g.lat, long: g.long }
    }
    case 'messageMediaVenue': {
      const g = m.geo._ === 'geoPoint' ? m.geo : { lat: 0, long: 0 }
      const out: Media = { type: 'venue', lat: g.lat, long: g.long, title: m.title, address: m.address }
      if (m.provider) out.provider = m.provider
      return out
    }
    case 'messageMediaGeoLive': {
      const g = m.geo._ === 'geoPoint' ? m.geo : { lat: 0, long: 0 }
      const out: Media = { type: 'geo_live', lat: g.lat, long: g.long, period: m.period }
      if (m.heading !== undefined) out.heading = m.heading
      return out
    }
    case 'messageMediaContact': {
      const out: Media = { type: 'contact', firstName: m.firstName, phone: m.phoneNumber }
      if (m.lastName) out.lastName = m.lastName
      if (m.userId) out.userId = m.userId
      if (m.vcard) out.vcard = m.vcard
      return out
    }
    case 'messageMediaPoll': return mapPoll(m)
    case 'messageMediaDice': return { type: 'dice', emoji: m.emoticon, value: m.value }
    case 'messageMediaGame': {
      const out: Media = { type: 'game', title: m.game.title }
      if (m.game.description) out.description = m.game.description
      if (m.game.shortName) out.shortName = m.game.shortName
      return out
    }
    case 'messageMediaInvoice': {
      const out: Media = { type: 'invoice', title: m.title, currency: m.currency, totalAmount: longNumber(m.totalAmount)! }
      if (m.description) out.description = m.description
      if (m.test) out.test = true
      return out
    }
    case 'messageMediaGiveaway': {
      const out: Media = { type: 'giveaway', quantity: m.quantity, untilDate: m.untilDate }
      if (m.months) out.months = m.months
      if (m.stars) out.stars = longNumber(m.stars)
      if (m.channels.length) out.channels = m.channels.slice()
      if (m.countriesIso2?.length) out.countries = m.countriesIso2.slice()
      if (m.prizeDescription) out.prize = m.prizeDescription
      return out
    }
    case 'messageMediaGiveawayResults': {
      const out: Media = {
        type: 'giveaway', quantity: m.winnersCount + m.unclaimedCount, untilDate: m.untilDate,
        winners: m.winnersCount, results: true, channels: [longNumber(m.channelId)!],
      }
      if (m.months) out.months = m.months
      if (m.stars) out.stars = longNumber(m.stars)
      if (m.prizeDescription) out.prize = m.prizeDescription
      return out
    }
    case 'messageMediaStory':
      // `via` is the display name of whoever posted the story.
      return { type: 'story', peerId: bareId(m.peer), storyId: m.id, via: peers.name(m.peer) }
    case 'messageMediaPaidMedia': {
      const files: FileRef[] = []
      for (const em of m.extendedMedia) {
        // A preview (not bought) has no file to fetch; only bought media carry one.
        if (em._ !== 'messageExtendedMedia') continue
        const inner = mapMedia(em.media, peers)
        if (inner?.type === 'file') files.push(inner.file)
      }
      return { type: 'paid', starsAmount: longNumber(m.starsAmount)!, files }
    }
    case 'messageMediaToDo': {
      const done = new Set<number>()
      if (m.completions) for (const c of m.completions) done.add(c.id)
      return {
        type: 'todo',
        title: mapFormatted(m.todo.title),
        items: m.todo.list.map((it) => (done.has(it.id)
          ? { id: it.id, title: mapFormatted(it.title), done: true }
          : { id: it.id, title: mapFormatted(it.title) })),
      }
    }
    default:
      // unsupported, videoStream and constructors from later layers
      return { type: 'unsupported', what: snakeName((m as { _: string })._, 'messageMedia') }
  }
}

function withFileFlags(file: FileRef, spoiler: boolean | undefined, ttl: number | undefined): Media {
  const out: Media = { type: 'file', file }
  if (spoiler) out.spoiler = true
  if (ttl) out.ttlSeconds = ttl
  return out
}

function mapWebPage(w: tl.TypeWebPage): Media | undefined {
  if (w._ === 'webPage') {
    const out: Media = { type: 'webpage', url: w.url }
    if (w.siteName) out.siteName = w.siteName
    if (w.title) out.title = w.title
    if (w.description) out.description = w.description
    if (w.photo?._ === 'photo') out.photo = photoFile(w.photo)
    return out
  }
  // pending/empty previews still name the link; notModified says nothing.
  if ((w._ === 'webPageEmpty' || w._ === 'webPagePending') && w.url) return { type: 'webpage', url: w.url }
  return undefined
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function mapPoll(m: tl.RawMessageMediaPoll): Media {
  const poll = m.poll
  const res = m.results
  const answers: PollAnswer[] = poll.answers.map((a) => {
    const out: PollAnswer = { text: mapFormatted(a.text) }
    if (a._ !== 'pollAnswer' || !res.results) return out
    const r = res.results.find((v) => sameBytes(v.option, a.option))
    if (r) {
      if (r.voters !== undefined) out.voters = r.voters
      if (r.chosen) out.chosen = true
      if (r.correct) out.correct = true
    }
    return out
  })
  const out: Media = { type: 'poll', question: mapFormatted(poll.question), answers }
  if (res.totalVoters !== undefined) out.totalVoters = res.totalVoters
  if (poll.closed) out.closed = true
  if (poll.quiz) out.quiz = true
  if (poll.multipleChoice) out.multiple = true
  if (poll.publicVoters) out.publicVoters = true
  if (res.solution) out.solution = { text: res.solution, entities: mapEntities(res.solutionEntities) }
  return out
}
