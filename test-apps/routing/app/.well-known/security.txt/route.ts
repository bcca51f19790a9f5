// Dot folders: a leading dot and a dot inside the segment name.
export async function GET() {
  return new Response('Contact: mailto:security@example.com\n', {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  })
}
