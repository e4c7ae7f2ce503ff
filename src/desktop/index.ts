// Telegram Desktop export (result.json) reader: the public surface of src/desktop.
export { openDesktopExport, type DesktopChat, type DesktopExport } from './reader.ts'
export { DesktopExportError } from './errors.ts'
