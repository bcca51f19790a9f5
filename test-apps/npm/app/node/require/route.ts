import legacy, { summary } from '@/lib/legacy.cjs'
import data from '@/lib/data.json'
import dataWithAttribute from '@/lib/data.json' with { type: 'json' }

export function GET() {
  return Response.json({
    summary: summary(),
    defaultIsModuleExports: legacy.summary === summary,
    json: data.items,
    jsonWithAttribute: dataWithAttribute.name,
  })
}
