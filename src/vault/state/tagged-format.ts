// The tagged body format's constants, shared by its writer (tagged-writer.ts) and reader
// (tagged-body.ts, where the format is described).

/** First byte of a body in this format (never the first byte of a MessagePack value). */
export const MARK = 0xc1
export const VERSION = 1

/**
 * Field names written as one byte (their index + 1). APPEND ONLY: stored rows name fields by
 * their place here. A name not listed is written out in full (key byte 0xff).
 */
export const KEYS = [
  // Message
  'id', 'chatId', 'topicId', 'date', 'editDate', 'sender', 'signature', 'text', 'entities', 'replyTo',
  'forward', 'viaBot', 'groupedId', 'views', 'forwards', 'replies', 'comments', 'reactions', 'media',
  'service', 'pinned', 'silent', 'out',
  // Peer, Entity, FormattedText
  'kind', 'name', 'username', 'type', 'offset', 'length', 'url', 'language', 'userId', 'documentId', 'collapsed',
  // FileRef
  'uniqueId', 'mime', 'size', 'width', 'height', 'duration', 'performer', 'title', 'emoji', 'ref', 'unavailable',
  // Media
  'file', 'spoiler', 'ttlSeconds', 'question', 'answers', 'totalVoters', 'closed', 'quiz', 'multiple',
  'publicVoters', 'solution', 'voters', 'chosen', 'correct', 'lat', 'long', 'accuracy', 'address', 'provider',
  'period', 'heading', 'firstName', 'lastName', 'phone', 'vcard', 'value', 'description', 'shortName',
  'currency', 'totalAmount', 'test', 'quantity', 'months', 'stars', 'untilDate', 'channels', 'countries',
  'prize', 'winners', 'results', 'peerId', 'storyId', 'via', 'siteName', 'photo', 'starsAmount', 'files',
  'items', 'done', 'what',
  // ServiceAction, Reaction, ReplyTo, Forward, comments
  'users', 'userIds', 'values', 'messageId', 'count', 'quote', 'from', 'fromPeer', 'savedFrom', 'groupId', 'maxId',
] as const
export const CODE = new Map<string, number>(KEYS.map((k, i) => [k, i + 1]))
export const END = 0
export const INLINE_KEY = 0xff

// value tags; 0x00-0x3f: that small integer; 0x80-0xbf: a UTF-8 string of (tag & 0x3f) bytes
export const T_UINT = 0x40 // varint
export const T_NEG = 0x41 // varint of the negated integer
export const T_F64 = 0x42 // 8 bytes, little-endian
export const T_STR8 = 0x43 // UTF-8, 1-byte length
export const T_STR32 = 0x44 // UTF-8, varint length
export const T_UTF16 = 0x45 // varint count of code units, then 2 bytes each
export const T_FALSE = 0x46
export const T_TRUE = 0x47
export const T_NULL = 0x48
export const T_UNDEFINED = 0x49
export const T_ARRAY = 0x4a // varint count, values
export const T_OBJECT = 0x4b // (key, value)* END
export const SHORT_STR = 0x80

/** A value the format does not carry (a class instance, a bigint, a function, a symbol). */
export class NotPlain extends Error {}
