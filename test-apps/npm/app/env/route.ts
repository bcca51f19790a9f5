export const runtime = "edge"

export function GET() {
  const { GREETING, ONLY_IN_ENV, FROM_REAL, EXPANDED, MODE_FILE, NODE_ENV, NEXT_RUNTIME } = process.env
  return Response.json({
    GREETING,
    ONLY_IN_ENV,
    FROM_REAL,
    EXPANDED,
    MODE_FILE,
    NODE_ENV,
    NEXT_RUNTIME,
    processKeys: Object.keys(process).sort(),
    exit: typeof (process as unknown as Record<string, unknown>).exit,
    cwd: typeof (process as unknown as Record<string, unknown>).cwd,
  })
}
