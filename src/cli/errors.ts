// One line for any failure a user can cause: known errors say what to do; system errors name the path.

export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e)
  const sys = e as NodeJS.ErrnoException
  if (sys.code === 'EACCES' || sys.code === 'EPERM' || sys.code === 'EROFS') {
    return `cannot write ${sys.path ?? 'the vault'}: permission denied`
  }
  if (sys.code === 'ENOSPC') return `no space left on the device holding ${sys.path ?? 'the vault'}`
  if (sys.code === 'ENOTDIR' || sys.code === 'EEXIST') return `${sys.path ?? 'a path'} is in the way (not a folder)`
  if (sys.code === 'ECONNREFUSED') return `connection refused (${sys.message})`
  if (sys.code === 'SQLITE_FULL') return 'the disk holding the vault is full; free some space and run the same command again'
  if (e.name === 'SqliteError') return `state database error: ${e.message}`
  return e.message.split('\n')[0]!
}
