// The webhook example with a payload step that can fail, so the catch is reachable.
export async function POST(request: Request) {
  try {
    const text = await request.text()
    // Process the webhook payload
    JSON.parse(text)
  } catch (error) {
    return new Response(`Webhook error: ${error.message}`, {
      status: 400,
    })
  }

  return new Response('Success!', {
    status: 200,
  })
}
