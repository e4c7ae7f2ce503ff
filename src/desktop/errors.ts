// The one error type the Desktop-export reader throws, so callers can tell "bad export" from a bug.

/** A Telegram Desktop export that cannot be read; the message names the file and the place. */
export class DesktopExportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'DesktopExportError'
  }
}
