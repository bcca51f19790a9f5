// NextResponse.redirect(url, status) with a number: 301/302/303/307/308 are
// accepted; anything else throws a RangeError, returned here as a 400 text.
import { NextResponse } from 'next/server'

export async function GET(_request: Request, { params }: { params: Promise<{ code: string }> }) {
  const { code } = await params
  try {
    return NextResponse.redirect('https://example.com/status', Number(code))
  } catch (e) {
    const err = e as Error
    return new Response(`${err.name}: ${err.message}`, { status: 400 })
  }
}
