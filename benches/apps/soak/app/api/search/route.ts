// GET /api/search?q=<term>&limit=<n> — NextRequest's nextUrl query and
// NextResponse.json: up to `limit` (default 5) made-up results for q.
import { NextRequest, NextResponse } from 'next/server'
import { tag } from '../../_lib/soak'

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel']

export async function GET(request: NextRequest) {
  const q = (request.nextUrl.searchParams.get('q') ?? '').trim().toLowerCase()
  const limit = Math.min(20, Math.max(1, Number(request.nextUrl.searchParams.get('limit') ?? '5') || 5))
  const results = q
    ? WORDS.filter((w) => w.includes(q) || q.includes(w[0]))
        .slice(0, limit)
        .map((w, i) => ({ rank: i + 1, title: `${w} ${q}`, url: `/docs/${w}?ref=${encodeURIComponent(q)}` }))
    : []
  return NextResponse.json({ q, count: results.length, results }, { headers: tag(request, 'search') })
}
