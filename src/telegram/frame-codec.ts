// MTProto's intermediate transport, read without copying each frame twice (issue 11). mtcute's codec
// waits until fuman's FramedReader holds a whole frame, whose buffer grows by doubling to get there
// (16 KiB to 2 MiB for a 1 MiB file part, ~4 MiB allocated) and is then swapped for a fresh 16 KiB
// one, and copies the frame out; the reader, suspended in its next read, kept the last 2 MiB buffer
// alive on every connection (a heap snapshot of the media bench: 14 MB). This codec moves the bytes
// out of the reader as they arrive, into one frame buffer per connection that the next frame
// reuses: mtcute decrypts a frame (into a buffer of its own) before it reads the next one.
import { IntermediatePacketCodec, TransportError } from '@mtcute/core'
import { TcpTransport } from '@mtcute/node'

/** What the codec is given to read from (fuman's Bytes). */
export interface FrameSource {
  readonly available: number
  readSync(bytes: number): Uint8Array
}

export class StreamingIntermediateCodec extends IntermediatePacketCodec {
  private buffer = new Uint8Array(0)
  /** the frame being filled: its length and how much of it has arrived */
  private length = -1
  private filled = 0

  override decode(reader: FrameSource, eof: boolean): Uint8Array | null {
    if (eof) return null
    if (this.length < 0) {
      // as mtcute's codec: the length and the first 4 bytes (a transport error's code) together
      if (reader.available < 8) return null
      const length = uint32le(reader.readSync(4))
      if (length === 4) throw new TransportError(-(uint32le(reader.readSync(4)) | 0))
      if (this.buffer.length < length) this.buffer = new Uint8Array(length)
      this.length = length
      this.filled = 0
    }
    const chunk = reader.readSync(Math.min(reader.available, this.length - this.filled))
    this.buffer.set(chunk, this.filled)
    this.filled += chunk.length
    if (this.filled < this.length) return null
    const frame = this.buffer.subarray(0, this.length)
    this.length = -1
    // an unencrypted message (auth key id 0) goes to a promise waiting for it: it keeps its own bytes
    return isUnencrypted(frame) ? frame.slice() : frame
  }

  override reset(): void {
    super.reset()
    this.buffer = new Uint8Array(0)
    this.length = -1
  }
}

/** mtcute's TCP transport with the codec above. */
export class StreamingTcpTransport extends TcpTransport {
  override packetCodec(): IntermediatePacketCodec {
    return new StreamingIntermediateCodec()
  }
}

function uint32le(b: Uint8Array): number {
  return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0
}

function isUnencrypted(frame: Uint8Array): boolean {
  for (let i = 0; i < 8; i++) if (frame[i] !== 0) return false
  return true
}
