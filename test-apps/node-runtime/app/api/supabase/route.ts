import { createClient } from '@supabase/supabase-js'

// GET /api/supabase?case=all|one|count|missing against the services.mjs
// PostgREST stub.
export async function GET(request: Request) {
  const which = new URL(request.url).searchParams.get('case') ?? 'all'
  const supabase = createClient(process.env.SUPABASE_URL as string, 'anon-key', {
    auth: { persistSession: false, autoRefreshToken: false },
  })
  if (which === 'one') {
    const { data, error, status } = await supabase.from('todos').select('id, task').eq('id', 2).single()
    return Response.json({ status, data, error })
  }
  if (which === 'count') {
    const { data, error, count, status } = await supabase
      .from('todos')
      .select('*', { count: 'exact' })
      .eq('done', false)
      .order('id', { ascending: false })
    return Response.json({ status, count, data, error })
  }
  if (which === 'missing') {
    const { data, error, status, statusText } = await supabase.from('nope').select('*')
    return Response.json({ status, statusText, data, error })
  }
  const { data, error, status } = await supabase.from('todos').select('*')
  return Response.json({ status, data, error })
}
