// JSX in a route file compiles as Next compiles it: the automatic runtime,
// calls into react/jsx-runtime (no `React` in scope).
export function GET() {
  const element = <p className="note">hello {'world'}</p>
  return Response.json({ type: element.type, props: element.props })
}
