// Test data: realistic TL photos, documents and one message per media kind, shared by the media and message tests.
import Long from 'long'
import type { tl } from '@mtcute/core'
import { stubTl } from './test-stub.ts'

export const fileReference = new Uint8Array([0, 1, 2, 250, 255])

export function photo(id = '5000000000000000001'): tl.RawPhoto {
  return stubTl<tl.RawPhoto>('photo', {
    id: Long.fromString(id), accessHash: Long.fromString('-42'), fileReference, dcId: 2,
    sizes: [
      stubTl<tl.RawPhotoStrippedSize>('photoStrippedSize', { type: 'i', bytes: new Uint8Array(3) }),
      stubTl<tl.RawPhotoSize>('photoSize', { type: 'm', w: 320, h: 240, size: 9000 }),
      stubTl<tl.RawPhotoSizeProgressive>('photoSizeProgressive', { type: 'y', w: 1280, h: 960, sizes: [1000, 5000, 80000] }),
      stubTl<tl.RawPhotoSize>('photoSize', { type: 'x', w: 800, h: 600, size: 40000 }),
    ],
  })
}

export function doc(attributes: tl.TypeDocumentAttribute[], mimeType: string, id = '7000000000000000002'): tl.RawDocument {
  return stubTl<tl.RawDocument>('document', {
    id: Long.fromString(id), accessHash: Long.fromNumber(99), fileReference, dcId: 4, mimeType, size: 123456, attributes,
  })
}

const video = (extra: Partial<tl.RawDocumentAttributeVideo> = {}): tl.RawDocumentAttributeVideo =>
  stubTl<tl.RawDocumentAttributeVideo>('documentAttributeVideo', { duration: 12.6, w: 640, h: 360, ...extra })
const audio = (extra: Partial<tl.RawDocumentAttributeAudio> = {}): tl.RawDocumentAttributeAudio =>
  stubTl<tl.RawDocumentAttributeAudio>('documentAttributeAudio', { duration: 200, ...extra })
const fileName = (n: string): tl.RawDocumentAttributeFilename => stubTl('documentAttributeFilename', { fileName: n })
const twe = (text: string): tl.RawTextWithEntities => ({ _: 'textWithEntities', text, entities: [] })
const geo: tl.RawGeoPoint = stubTl<tl.RawGeoPoint>('geoPoint', { lat: 52.5, long: 13.4, accuracyRadius: 20 })

/** One MessageMedia of every kind the model knows, by a label. */
export const mediaByKind: Record<string, tl.TypeMessageMedia> = {
  photo: stubTl('messageMediaPhoto', { photo: photo(), spoiler: true, ttlSeconds: 30 }),
  video: stubTl('messageMediaDocument', { document: doc([video(), fileName('clip.mp4')], 'video/mp4') }),
  video_note: stubTl('messageMediaDocument', { round: true, document: doc([video({ roundMessage: true })], 'video/mp4') }),
  animation: stubTl('messageMediaDocument', { document: doc([video(), stubTl('documentAttributeAnimated')], 'video/mp4') }),
  sticker: stubTl('messageMediaDocument', {
    document: doc([stubTl('documentAttributeSticker', { alt: '😺', stickerset: { _: 'inputStickerSetEmpty' } })], 'image/webp'),
  }),
  voice: stubTl('messageMediaDocument', { voice: true, document: doc([audio({ voice: true })], 'audio/ogg') }),
  audio: stubTl('messageMediaDocument', {
    document: doc([audio({ performer: 'Band', title: 'Song' }), fileName('song.mp3')], 'audio/mpeg'),
  }),
  file: stubTl('messageMediaDocument', { document: doc([], 'application/pdf') }),
  webpage: stubTl('messageMediaWebPage', {
    webpage: stubTl('webPage', { url: 'https://ex.org/a', displayUrl: 'ex.org/a', siteName: 'Ex', title: 'A', description: 'About A', photo: photo('5') }),
  }),
  geo: stubTl('messageMediaGeo', { geo }),
  venue: stubTl('messageMediaVenue', { geo, title: 'Cafe', address: 'Main St 1', provider: 'foursquare' }),
  geo_live: stubTl('messageMediaGeoLive', { geo, period: 900, heading: 90 }),
  contact: stubTl('messageMediaContact', { phoneNumber: '+123', firstName: 'Ann', lastName: 'Lee', vcard: '', userId: 1 }),
  poll: stubTl('messageMediaPoll', {
    poll: stubTl('poll', {
      id: Long.fromNumber(1), quiz: true, closed: true, question: twe('Best? 🐈'),
      answers: [
        stubTl('pollAnswer', { text: twe('Cats'), option: new Uint8Array([0]) }),
        stubTl('pollAnswer', { text: twe('Dogs'), option: new Uint8Array([1]) }),
      ],
    }),
    results: stubTl('pollResults', {
      totalVoters: 10, solution: 'Cats, obviously', solutionEntities: [stubTl('messageEntityBold', { offset: 0, length: 4 })],
      results: [
        stubTl('pollAnswerVoters', { option: new Uint8Array([0]), voters: 7, recentVoters: [], chosen: true, correct: true }),
        stubTl('pollAnswerVoters', { option: new Uint8Array([1]), voters: 3, recentVoters: [] }),
      ],
    }),
  }),
  dice: stubTl('messageMediaDice', { value: 6, emoticon: '🎲' }),
  game: stubTl('messageMediaGame', { game: stubTl('game', { title: 'Tetris', description: 'Blocks', shortName: 'tetris', photo: { _: 'photoEmpty', id: Long.ZERO } }) }),
  invoice: stubTl('messageMediaInvoice', { title: 'Book', description: 'A book', currency: 'EUR', totalAmount: Long.fromNumber(1299), test: true }),
  giveaway: stubTl('messageMediaGiveaway', { channels: [7], countriesIso2: ['DE'], quantity: 3, months: 6, untilDate: 1700000000 }),
  giveaway_results: stubTl('messageMediaGiveawayResults', {
    channelId: Long.fromNumber(7), launchMsgId: 5, winnersCount: 2, unclaimedCount: 1, winners: [], stars: Long.fromNumber(500), untilDate: 1700000001,
  }),
  story: stubTl('messageMediaStory', { peer: { _: 'peerChannel', channelId: 7 }, id: 33 }),
  paid: stubTl('messageMediaPaidMedia', {
    starsAmount: Long.fromNumber(50),
    extendedMedia: [
      { _: 'messageExtendedMedia', media: stubTl('messageMediaPhoto', { photo: photo('6') }) },
      stubTl('messageExtendedMediaPreview', { w: 10, h: 10 }),
    ],
  }),
  todo: stubTl('messageMediaToDo', {
    todo: stubTl('todoList', { title: twe('Chores'), list: [{ _: 'todoItem', id: 1, title: twe('Dishes') }, { _: 'todoItem', id: 2, title: twe('Laundry') }] }),
    completions: [stubTl('todoCompletion', { id: 2, completedBy: { _: 'peerUser', userId: 1 }, date: 5 })],
  }),
  unsupported: stubTl('messageMediaUnsupported'),
  video_stream: stubTl('messageMediaVideoStream', { call: stubTl('inputGroupCall') }),
}
