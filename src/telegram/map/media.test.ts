import { describe, expect, it } from 'vitest'
import Long from 'long'
import type { tl } from '@mtcute/core'
import type { Media } from '../../model/types.ts'
import { parseFileRef, toInputFileLocation } from './file-ref.ts'
import { extensionFor } from './files.ts'
import { mapMedia } from './media.ts'
import { PeerIndex } from './peers.ts'
import { doc, fileReference, mediaByKind } from './test-fixtures.ts'
import { stubTl } from './test-stub.ts'

const peers = PeerIndex.from([], [stubTl<tl.RawChannel>('channel', { id: 7, title: 'Chan', broadcast: true })])
const map = (kind: string): Media | undefined => mapMedia(mediaByKind[kind], peers)
const fileOf = (kind: string) => {
  const m = map(kind)
  if (m?.type !== 'file') throw new Error(`${kind}: not a file`)
  return m
}

describe('mapMedia: files', () => {
  it('maps a photo to its largest size, with spoiler and ttl', () => {
    const m = fileOf('photo')
    expect(m.spoiler).toBe(true)
    expect(m.ttlSeconds).toBe(30)
    expect(m.file).toMatchObject({
      kind: 'photo', uniqueId: 'photo:5000000000000000001', name: 'photo_5000000000000000001.jpg',
      width: 1280, height: 960, size: 80000, mime: 'image/jpeg',
    })
    expect(parseFileRef(m.file.ref!)).toEqual({
      t: 'photo', id: '5000000000000000001', accessHash: '-42', fileReference: 'AAEC+v8=', dcId: 2, thumbSize: 'y',
    })
  })

  it.each([
    ['video', 'video', 'clip.mp4'],
    ['video_note', 'video_note', 'video_note_7000000000000000002.mp4'],
    ['animation', 'animation', 'animation_7000000000000000002.mp4'],
    ['sticker', 'sticker', 'sticker_7000000000000000002.webp'],
    ['voice', 'voice', 'voice_7000000000000000002.ogg'],
    ['audio', 'audio', 'song.mp3'],
    ['file', 'file', 'file_7000000000000000002.pdf'],
  ])('maps a %s document to kind %s named %s', (label, kind, name) => {
    const f = fileOf(label).file
    expect(f.kind).toBe(kind)
    expect(f.name).toBe(name)
    expect(f.uniqueId).toBe('doc:7000000000000000002')
    expect(f.size).toBe(123456)
  })

  it('keeps document details: duration, dimensions, performer, title, emoji', () => {
    expect(fileOf('video').file).toMatchObject({ width: 640, height: 360, duration: 13, mime: 'video/mp4' })
    expect(fileOf('audio').file).toMatchObject({ performer: 'Band', title: 'Song', duration: 200 })
    expect(fileOf('sticker').file.emoji).toBe('😺')
  })

  it('voice by attribute alone, without the media flag', () => {
    const m = mapMedia(stubTl('messageMediaDocument', {
      document: doc([stubTl('documentAttributeAudio', { voice: true, duration: 3 })], 'audio/ogg'),
    }), peers)
    expect(m?.type === 'file' && m.file.kind).toBe('voice')
  })

  it('builds input file locations from refs, with Long ids', () => {
    const loc = toInputFileLocation(fileOf('video').file.ref!) as tl.RawInputDocumentFileLocation
    expect(loc._).toBe('inputDocumentFileLocation')
    expect(Long.isLong(loc.id) && loc.id.toString()).toBe('7000000000000000002')
    expect(loc.accessHash.toString()).toBe('99')
    expect(Array.from(loc.fileReference)).toEqual(Array.from(fileReference))
    expect(loc.thumbSize).toBe('')
    const ploc = toInputFileLocation(fileOf('photo').file.ref!) as tl.RawInputPhotoFileLocation
    expect(ploc).toMatchObject({ _: 'inputPhotoFileLocation', thumbSize: 'y' })
    expect(ploc.accessHash.toString()).toBe('-42')
  })

  it('rejects refs it did not write', () => {
    expect(() => parseFileRef('{"t":"x"}')).toThrow(/not a Telegram file ref/)
    expect(() => parseFileRef('null')).toThrow()
  })

  it('marks expired photos and documents unsupported', () => {
    expect(mapMedia(stubTl('messageMediaPhoto'), peers)).toEqual({ type: 'unsupported', what: 'expired_photo' })
    expect(mapMedia(stubTl('messageMediaDocument'), peers)).toEqual({ type: 'unsupported', what: 'expired_document' })
  })

  it('derives extensions from MIME types', () => {
    expect(extensionFor('image/jpeg')).toBe('jpg')
    expect(extensionFor('application/x-tgsticker')).toBe('tgs')
    expect(extensionFor('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('bin')
    expect(extensionFor(undefined)).toBe('bin')
  })
})

describe('mapMedia: everything else', () => {
  it('maps web pages with their photo', () => {
    const m = map('webpage')
    expect(m).toMatchObject({ type: 'webpage', url: 'https://ex.org/a', siteName: 'Ex', title: 'A', description: 'About A' })
    expect(m?.type === 'webpage' && m.photo?.uniqueId).toBe('photo:5')
    expect(mapMedia(stubTl('messageMediaWebPage', { webpage: stubTl('webPagePending', { url: 'https://p' }) }), peers))
      .toEqual({ type: 'webpage', url: 'https://p' })
  })

  it('maps places and contacts', () => {
    expect(map('geo')).toEqual({ type: 'geo', lat: 52.5, long: 13.4, accuracy: 20 })
    expect(map('venue')).toEqual({ type: 'venue', lat: 52.5, long: 13.4, title: 'Cafe', address: 'Main St 1', provider: 'foursquare' })
    expect(map('geo_live')).toEqual({ type: 'geo_live', lat: 52.5, long: 13.4, period: 900, heading: 90 })
    expect(map('contact')).toEqual({ type: 'contact', firstName: 'Ann', lastName: 'Lee', phone: '+123', userId: 1 })
  })

  it('maps polls with per-option results and the quiz solution', () => {
    expect(map('poll')).toEqual({
      type: 'poll', question: { text: 'Best? 🐈', entities: [] }, totalVoters: 10, closed: true, quiz: true,
      answers: [
        { text: { text: 'Cats', entities: [] }, voters: 7, chosen: true, correct: true },
        { text: { text: 'Dogs', entities: [] }, voters: 3 },
      ],
      solution: { text: 'Cats, obviously', entities: [{ type: 'bold', offset: 0, length: 4 }] },
    })
  })

  it('maps dice, games, invoices, giveaways and stories', () => {
    expect(map('dice')).toEqual({ type: 'dice', emoji: '🎲', value: 6 })
    expect(map('game')).toEqual({ type: 'game', title: 'Tetris', description: 'Blocks', shortName: 'tetris' })
    expect(map('invoice')).toEqual({ type: 'invoice', title: 'Book', description: 'A book', currency: 'EUR', totalAmount: 1299, test: true })
    expect(map('giveaway')).toEqual({ type: 'giveaway', quantity: 3, months: 6, untilDate: 1700000000, channels: [7], countries: ['DE'] })
    expect(map('giveaway_results')).toEqual({
      type: 'giveaway', quantity: 3, winners: 2, results: true, channels: [7], stars: 500, untilDate: 1700000001,
    })
    expect(map('story')).toEqual({ type: 'story', peerId: 7, storyId: 33, via: 'Chan' })
  })

  it('maps paid media (bought files only) and to-do lists', () => {
    const paid = map('paid')
    expect(paid?.type === 'paid' && paid.starsAmount).toBe(50)
    expect(paid?.type === 'paid' && paid.files.map((f) => f.uniqueId)).toEqual(['photo:6'])
    expect(map('todo')).toEqual({
      type: 'todo', title: { text: 'Chores', entities: [] },
      items: [{ id: 1, title: { text: 'Dishes', entities: [] } }, { id: 2, title: { text: 'Laundry', entities: [] }, done: true }],
    })
  })

  it('maps unsupported kinds by name and treats empty media as none', () => {
    expect(map('unsupported')).toEqual({ type: 'unsupported', what: 'unsupported' })
    expect(map('video_stream')).toEqual({ type: 'unsupported', what: 'video_stream' })
    expect(mapMedia(stubTl('messageMediaEmpty'), peers)).toBeUndefined()
    expect(mapMedia(undefined, peers)).toBeUndefined()
  })

  it('maps every MessageMedia constructor of the schema without throwing', async () => {
    const { constructorsOf } = await import('./test-stub.ts')
    for (const name of constructorsOf('MessageMedia')) {
      for (const full of [false, true]) {
        const m = mapMedia(stubTl(name, {}, { full }) as tl.TypeMessageMedia, peers)
        if (name !== 'messageMediaEmpty') expect(m, name).toBeDefined()
        expect(JSON.parse(JSON.stringify(m ?? null)), name).toEqual(m ?? null)
      }
    }
  })
})
