// NextResponse.redirect needs an absolute URL: a relative one throws; the
// error is caught and returned (name and message) as JSON.
import { NextResponse } from 'next/server'
import { errorInfo } from '../../_lib/mask'

export function GET() {
  try {
    return NextResponse.redirect('/relative')
  } catch (e) {
    return Response.json(errorInfo(e), { status: 400 })
  }
}
