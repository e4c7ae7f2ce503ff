// --transcode: H.264/AAC MP4 with ffmpeg, VA-API when the machine has a render node and ffmpeg
// takes it (tried once; a failure falls back to the CPU encoder for the rest of the run).
import { existsSync } from 'node:fs'
import { run } from './tools.ts'

export interface VideoOptions {
  /** longest edge in pixels */
  maxEdge: number
  /** x264 constant rate factor: 18 near lossless, 28 small */
  crf: number
  audioKbps: number
}

export const VIDEO_DEFAULTS: VideoOptions = { maxEdge: 1280, crf: 26, audioKbps: 96 }

const RENDER_NODE = '/dev/dri/renderD128'

export class Transcoder {
  private vaapi: boolean

  constructor(private readonly ffmpeg: string, private readonly opts: VideoOptions, hasVaapi = existsSync(RENDER_NODE)) {
    this.vaapi = hasVaapi
  }

  get accel(): 'vaapi' | 'cpu' { return this.vaapi ? 'vaapi' : 'cpu' }

  async transcode(from: string, to: string, signal?: AbortSignal): Promise<void> {
    if (this.vaapi) {
      try {
        await run(this.ffmpeg, this.args(from, to, true), signal)
        return
      } catch (e) {
        if (signal?.aborted) throw e
        this.vaapi = false
      }
    }
    await run(this.ffmpeg, this.args(from, to, false), signal)
  }

  private args(from: string, to: string, vaapi: boolean): string[] {
    const e = this.opts.maxEdge
    // scale the longer edge down to maxEdge, keep the aspect, even sizes (H.264 needs them)
    const fit = `'min(${e},iw)':'min(${e},ih)':force_original_aspect_ratio=decrease:force_divisible_by=2`
    const video = vaapi
      ? ['-vaapi_device', RENDER_NODE, '-vf', `format=nv12,hwupload,scale_vaapi=w=${fit.split(':')[0]}:h=${fit.split(':')[1]}`, '-c:v', 'h264_vaapi', '-qp', String(this.opts.crf)]
      : ['-vf', `scale=${fit}`, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', String(this.opts.crf), '-pix_fmt', 'yuv420p']
    return [
      '-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-i', from,
      ...video, '-c:a', 'aac', '-b:a', `${this.opts.audioKbps}k`, '-movflags', '+faststart', '-f', 'mp4', to,
    ]
  }
}
