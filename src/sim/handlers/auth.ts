// Signing in to the simulated Telegram: phone code, 2FA password checked with real SRP, QR tokens,
// log out. Sign-in state is kept per auth key, as Telegram keeps it per authorization.
import { createHash, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import Long from 'long'
import { tlStub } from '../tl-schema.ts'
import { RpcError, type CallContext, type TlRequest } from '../types.ts'
import type { World } from '../world/types.ts'
import { tlUser } from './peers.ts'

const pbkdf2Async = promisify(pbkdf2)

/** The code the simulated Telegram "sends" to the app; `tobs sim serve --logged-out` prints it. */
export const LOGIN_CODE = '12345'

export interface AccountOptions {
  /** every auth key starts signed out (default: signed in, as the sim always was) */
  loggedOut?: boolean
  /** 2FA password of the account; none by default */
  password?: string
  passwordHint?: string
  /** the login code (default LOGIN_CODE) */
  code?: string
  /** how long after the first auth.exportLoginToken the simulated phone "scans" the QR code */
  qrScanDelayMs?: number
}

// Telegram's 2048-bit safe prime and generator for SRP (core.telegram.org/api/srp).
export const SRP_P = BigInt('0x' +
  'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4db' +
  'fa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64' +
  '2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b41' +
  '0dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4' +
  'e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf' +
  '6f4fadf034b10403119cd8e3b92fcc5b')
export const SRP_G = 3n

const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return new Uint8Array(h.digest())
}
const toBig = (b: Uint8Array) => (b.length ? BigInt('0x' + Buffer.from(b).toString('hex')) : 0n)
const to256 = (n: bigint) => new Uint8Array(Buffer.from(n.toString(16).padStart(512, '0'), 'hex'))

export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n
  base %= mod
  for (; exp > 0n; exp >>= 1n) {
    if (exp & 1n) result = (result * base) % mod
    base = (base * base) % mod
  }
  return result
}

/** The salted password hash x (PH2 of the SRP page) and the verifier v = g^x the server keeps. */
export async function srpVerifier(password: string, salt1: Uint8Array, salt2: Uint8Array): Promise<bigint> {
  const sh = (data: Uint8Array, salt: Uint8Array) => sha256(salt, data, salt)
  const ph1 = sh(sh(Buffer.from(password, 'utf8'), salt1), salt2)
  const x = toBig(sh(new Uint8Array(await pbkdf2Async(ph1, salt1, 100_000, 64, 'sha512')), salt2))
  return modPow(SRP_G, x, SRP_P)
}

const K = toBig(sha256(to256(SRP_P), to256(SRP_G)))

/** Server half of one SRP round: secret b and public B = k*v + g^b. */
export function srpServerStart(v: bigint): { b: bigint; B: Uint8Array } {
  const b = toBig(randomBytes(256))
  return { b, B: to256((K * v + modPow(SRP_G, b, SRP_P)) % SRP_P) }
}

export interface SrpCheck { v: bigint; b: bigint; B: Uint8Array; salt1: Uint8Array; salt2: Uint8Array; A: Uint8Array; M1: Uint8Array }

/** Recomputes the client's proof M1 from the server side: S = (A * v^u)^b, K = H(S). */
export function srpVerify(c: SrpCheck): boolean {
  const A = toBig(c.A)
  // A = 0 (mod p) would make S = 0 for any password
  if (A <= 1n || A >= SRP_P - 1n || c.A.length > 256 || c.M1.length !== 32) return false
  const A256 = to256(A)
  const u = toBig(sha256(A256, c.B))
  const S = modPow((A * modPow(c.v, u, SRP_P)) % SRP_P, c.b, SRP_P)
  const hp = sha256(to256(SRP_P))
  const hg = sha256(to256(SRP_G))
  const M1 = sha256(hp.map((x, i) => x ^ hg[i]!), sha256(c.salt1), sha256(c.salt2), A256, c.B, sha256(to256(S)))
  return timingSafeEqual(M1, c.M1)
}

type KeyState = 'out' | 'password' | 'in'

/** auth.* methods that need a signed-in key; every other auth.* and help.* method is open. */
const NEEDS_SIGN_IN = new Set(['auth.exportAuthorization', 'auth.logOut'])

export class AuthDesk {
  private readonly states = new Map<string, KeyState>()
  /** state of a key never seen: 'in' for the classic always-signed-in sim */
  private fallback: KeyState
  private readonly codes = new Map<string, string>() // phone_code_hash -> phone
  private readonly rounds = new Map<string, { b: bigint; B: Uint8Array }>() // srp_id -> round
  private readonly qr = new Map<string, { token: Uint8Array; at: number }>() // auth key -> token
  private readonly salt1 = new Uint8Array(randomBytes(40))
  private readonly salt2 = new Uint8Array(randomBytes(16))
  private verifier?: Promise<bigint>

  constructor(private readonly world: World, private readonly opts: AccountOptions = {}, private readonly now: () => number = Date.now) {
    this.fallback = opts.loggedOut ? 'out' : 'in'
  }

  private state(ctx: CallContext): KeyState {
    return this.states.get(ctx.authKeyId) ?? this.fallback
  }

  /** Throws what Telegram answers a key that may not call `method` yet. */
  gate(method: string, ctx: CallContext): void {
    const state = this.state(ctx)
    if (state === 'in') return
    const open = method.startsWith('help.') || method === 'account.getPassword' ||
      (method.startsWith('auth.') && !NEEDS_SIGN_IN.has(method))
    if (open) return
    throw new RpcError(401, state === 'password' ? 'SESSION_PASSWORD_NEEDED' : 'AUTH_KEY_UNREGISTERED')
  }

  /** auth.importAuthorization on another DC signs that DC's key in. */
  authorize(ctx: CallContext): void {
    this.states.set(ctx.authKeyId, 'in')
  }

  sendCode(req: TlRequest): unknown {
    const phone = String(req.phoneNumber ?? '').replace(/\D/g, '')
    if (phone.length < 5) throw new RpcError(400, 'PHONE_NUMBER_INVALID')
    const hash = randomBytes(9).toString('hex')
    this.codes.set(hash, phone)
    const code = this.opts.code ?? LOGIN_CODE
    return tlStub('auth.sentCode', { type: tlStub('auth.sentCodeTypeApp', { length: code.length }), phoneCodeHash: hash })
  }

  signIn(req: TlRequest, ctx: CallContext): unknown {
    const phone = this.codes.get(String(req.phoneCodeHash ?? ''))
    if (phone === undefined) throw new RpcError(400, 'PHONE_CODE_EXPIRED')
    if (String(req.phoneNumber ?? '').replace(/\D/g, '') !== phone) throw new RpcError(400, 'PHONE_NUMBER_INVALID')
    if (!req.phoneCode) throw new RpcError(400, 'PHONE_CODE_EMPTY')
    if (req.phoneCode !== (this.opts.code ?? LOGIN_CODE)) throw new RpcError(400, 'PHONE_CODE_INVALID')
    this.codes.delete(String(req.phoneCodeHash))
    return this.signedIn(ctx)
  }

  /** The last step of any login: the 2FA password if the account has one, else the authorization. */
  private signedIn(ctx: CallContext): unknown {
    if (this.opts.password !== undefined) {
      this.states.set(ctx.authKeyId, 'password')
      throw new RpcError(401, 'SESSION_PASSWORD_NEEDED')
    }
    this.states.set(ctx.authKeyId, 'in')
    return this.authorization()
  }

  private authorization(): unknown {
    return tlStub('auth.authorization', { user: tlUser(this.world.self) })
  }

  private algo(): unknown {
    return tlStub('passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow', {
      salt1: this.salt1, salt2: this.salt2, g: Number(SRP_G), p: to256(SRP_P),
    })
  }

  async getPassword(): Promise<unknown> {
    const common = { newAlgo: this.algo(), newSecureAlgo: tlStub('securePasswordKdfAlgoUnknown'), secureRandom: new Uint8Array(randomBytes(32)) }
    if (this.opts.password === undefined) return tlStub('account.password', { ...common, hasPassword: false })
    this.verifier ??= srpVerifier(this.opts.password, this.salt1, this.salt2)
    const round = srpServerStart(await this.verifier)
    const srpId = Long.fromBytesLE([...randomBytes(8)])
    this.rounds.set(srpId.toString(), round)
    return tlStub('account.password', {
      ...common, hasPassword: true, currentAlgo: this.algo(), srpB: round.B, srpId, hint: this.opts.passwordHint,
    })
  }

  async checkPassword(req: TlRequest, ctx: CallContext): Promise<unknown> {
    if (this.state(ctx) !== 'password') throw new RpcError(400, 'AUTH_RESTART')
    const input = req.password as TlRequest
    if (input?._ !== 'inputCheckPasswordSRP') throw new RpcError(400, 'PASSWORD_HASH_INVALID')
    const round = this.rounds.get(String(input.srpId))
    if (!round || this.verifier === undefined) throw new RpcError(400, 'SRP_ID_INVALID')
    this.rounds.delete(String(input.srpId)) // one proof per round, like Telegram
    const ok = srpVerify({ v: await this.verifier, ...round, salt1: this.salt1, salt2: this.salt2, A: input.A, M1: input.M1 })
    if (!ok) throw new RpcError(400, 'PASSWORD_HASH_INVALID')
    this.states.set(ctx.authKeyId, 'in')
    return this.authorization()
  }

  /**
   * QR login: the first call hands out a token that "expires" when the simulated phone will have
   * scanned it, so the client (which gets no pushed updates here) asks again then and signs in.
   */
  exportLoginToken(_req: TlRequest, ctx: CallContext): unknown {
    const delay = this.opts.qrScanDelayMs ?? 1000
    const t = this.now()
    const pending = this.qr.get(ctx.authKeyId)
    if (pending && t - pending.at >= delay) {
      this.qr.delete(ctx.authKeyId)
      return tlStub('auth.loginTokenSuccess', { authorization: this.signedIn(ctx) })
    }
    const entry = pending ?? { token: new Uint8Array(randomBytes(32)), at: t }
    this.qr.set(ctx.authKeyId, entry)
    return tlStub('auth.loginToken', { expires: Math.ceil((entry.at + delay) / 1000), token: entry.token })
  }

  importLoginToken(req: TlRequest, ctx: CallContext): unknown {
    const delay = this.opts.qrScanDelayMs ?? 1000
    const token = Buffer.from(req.token as Uint8Array)
    for (const [key, entry] of this.qr) {
      if (!token.equals(entry.token)) continue
      if (this.now() - entry.at < delay) return tlStub('auth.loginToken', { expires: Math.ceil((entry.at + delay) / 1000), token: entry.token })
      this.qr.delete(key)
      return tlStub('auth.loginTokenSuccess', { authorization: this.signedIn(ctx) })
    }
    throw new RpcError(400, 'AUTH_TOKEN_INVALID')
  }

  /** The sim's keys are one device: logging out ends its authorization on every DC. */
  logOut(): unknown {
    this.states.clear()
    this.qr.clear()
    this.fallback = 'out'
    return tlStub('auth.loggedOut')
  }
}
