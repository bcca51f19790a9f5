// NextResponse.json with an init: status and extra headers are kept,
// content-type is application/json.
import { NextResponse } from 'next/server'

export function GET() {
  return NextResponse.json({ hello: 'world' }, { status: 201, headers: { 'x-custom': 'yes' } })
}

// An init content-type wins over application/json.
export function POST() {
  return NextResponse.json({ ok: true }, { headers: { 'content-type': 'application/vnd.api+json' } })
}
