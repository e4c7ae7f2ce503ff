// --optimize-images: EXIF rotation applied, longest edge bounded, re-encoded as WebP or JPEG (sharp).
import type Sharp from 'sharp'

// sharp (libvips: ~14 MB of RSS once loaded) is loaded by the process that converts images
// (image-child.ts) and by nothing else: the export that only decides what to convert never needs it
let loaded: typeof Sharp | undefined
async function sharpLib(): Promise<typeof Sharp> {
  return loaded ??= (await import('sharp')).default
}

export interface ImageOptions {
  /** longest edge in pixels; larger images are scaled down, smaller ones kept */
  maxEdge: number
  /** 1-100 */
  quality: number
  format: 'webp' | 'jpeg'
}

export const IMAGE_DEFAULTS: ImageOptions = { maxEdge: 2560, quality: 80, format: 'webp' }

export interface ImageResult { width: number; height: number; bytes: number }

/** Writes the optimised image to `to`; rejects on a file sharp cannot read. */
export async function optimizeImage(from: string, to: string, opts: ImageOptions): Promise<ImageResult> {
  // rotate() without arguments applies the EXIF orientation and drops the tag, so viewers that
  // ignore EXIF see the picture the right way up
  const sharp = await sharpLib()
  let img = sharp(from, { failOn: 'error' }).rotate()
    .resize({ width: opts.maxEdge, height: opts.maxEdge, fit: 'inside', withoutEnlargement: true })
  img = opts.format === 'webp' ? img.webp({ quality: opts.quality }) : img.jpeg({ quality: opts.quality, mozjpeg: true })
  const info = await img.toFile(to)
  return { width: info.width, height: info.height, bytes: info.size }
}

/** libvips threads per image: with N processing workers each image gets cores / N. */
export function imageThreads(workers: number, cores: number): number {
  return Math.max(1, Math.floor(cores / Math.max(1, workers)))
}

/** sharp's settings in the process that runs it (image-child.ts). */
export async function configureSharp(threads: number): Promise<void> {
  const sharp = await sharpLib()
  sharp.concurrency(threads)
  // libvips' operation cache holds decoded pictures for reuse we never make: ~200 MB of RSS in a demo
  sharp.cache(false)
}
