// Types of the next/* modules edgeroute serves to route handlers. They
// match Next.js 16's public API for what edgeroute implements; with `next`
// installed, its own types describe the same API.

declare module 'next/server' {
  export interface RequestCookie { name: string; value: string }
  export interface ResponseCookie extends RequestCookie {
    path?: string
    expires?: Date | number
    maxAge?: number
    domain?: string
    secure?: boolean
    httpOnly?: boolean
    sameSite?: 'strict' | 'lax' | 'none'
    partitioned?: boolean
    priority?: 'low' | 'medium' | 'high'
  }
  // Not exported at run time: the types of request.cookies / response.cookies.
  export interface RequestCookies extends Iterable<RequestCookie> {
    readonly size: number
    get(name: string | RequestCookie): RequestCookie | undefined
    getAll(name?: string | RequestCookie): RequestCookie[]
    has(name: string): boolean
    set(name: string, value: string): RequestCookies
    set(cookie: RequestCookie): RequestCookies
    delete(names: string): boolean
    delete(names: string[]): boolean[]
    clear(): RequestCookies
    toString(): string
  }
  export interface ResponseCookies {
    get(name: string | ResponseCookie): ResponseCookie | undefined
    getAll(name?: string | ResponseCookie): ResponseCookie[]
    has(name: string): boolean
    set(name: string, value: string, cookie?: Partial<ResponseCookie>): ResponseCookies
    set(options: ResponseCookie): ResponseCookies
    delete(name: string): ResponseCookies
    delete(options: Omit<ResponseCookie, 'value' | 'expires'>): ResponseCookies
    toString(): string
  }
  export interface NextURL {
    href: string
    readonly origin: string
    protocol: string
    username: string
    password: string
    host: string
    hostname: string
    port: string
    pathname: string
    search: string
    readonly searchParams: URLSearchParams
    hash: string
    basePath: string
    clone(): NextURL
    toString(): string
    toJSON(): string
  }
  export class NextRequest extends Request {
    constructor(input: URL | RequestInfo, init?: RequestInit)
    readonly cookies: RequestCookies
    readonly nextUrl: NextURL
  }
  export class NextResponse<Body = unknown> extends Response {
    constructor(body?: BodyInit | null, init?: ResponseInit & { url?: string })
    readonly cookies: ResponseCookies
    static json<JsonBody>(body: JsonBody, init?: ResponseInit): NextResponse<JsonBody>
    static redirect(url: string | NextURL | URL, init?: number | ResponseInit): NextResponse
    static rewrite(destination: string | NextURL | URL, init?: ResponseInit): NextResponse
    static next(init?: ResponseInit): NextResponse
  }
  export const URLPattern: typeof globalThis.URLPattern
  export function after(task: Promise<unknown> | (() => unknown)): void
  export function connection(): Promise<void>
}

declare module 'next/headers' {
  import type { RequestCookie, ResponseCookie } from 'next/server'
  export interface ReadonlyHeaders extends Headers {}
  export interface CookieStore {
    readonly size: number
    get(name: string | RequestCookie): ResponseCookie | undefined
    getAll(name?: string | RequestCookie): ResponseCookie[]
    has(name: string): boolean
    set(name: string, value: string, cookie?: Partial<ResponseCookie>): CookieStore
    set(options: ResponseCookie): CookieStore
    delete(name: string): CookieStore
    delete(options: Omit<ResponseCookie, 'value' | 'expires'>): CookieStore
    toString(): string
  }
  export interface DraftMode {
    readonly isEnabled: boolean
    enable(): void
    disable(): void
  }
  export function headers(): Promise<ReadonlyHeaders>
  export function cookies(): Promise<CookieStore>
  export function draftMode(): Promise<DraftMode>
}

declare module 'next/navigation' {
  export enum RedirectType { push = 'push', replace = 'replace' }
  export function redirect(url: string, type?: RedirectType | 'push' | 'replace'): never
  export function permanentRedirect(url: string, type?: RedirectType | 'push' | 'replace'): never
  export function notFound(): never
  export function forbidden(): never
  export function unauthorized(): never
}

declare module 'next/cache' {
  export function revalidatePath(path: string, type?: 'layout' | 'page'): void
  export function revalidateTag(
    tag: string,
    profile?: string | { stale?: number; revalidate?: number; expire?: number },
  ): void
  /** Server Actions only: throws in a route handler. */
  export function updateTag(tag: string): void
  /** Server Actions only: throws in a route handler. */
  export function refresh(): void
  export function unstable_noStore(): void
  export function unstable_cache<Args extends unknown[], Result>(
    callback: (...args: Args) => Promise<Result> | Result,
    keyParts?: string[],
    options?: { revalidate?: number | false; tags?: string[] },
  ): (...args: Args) => Promise<Result>
}
