// Telegram Desktop export (result.json) reader and writer: the public surface of src/desktop.
export { openDesktopExport, type DesktopChat, type DesktopExport } from './reader.ts'
export { writeDesktopAccount, writeDesktopExport, type DesktopChatOut, type WriteDesktopOptions } from './writer.ts'
export { DesktopExportError } from './errors.ts'
