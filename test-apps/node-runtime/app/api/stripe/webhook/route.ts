import { stripe, WEBHOOK_SECRET } from '../../../../lib/stripe'

// POST /api/stripe/webhook[?receivedAt=<ms>]
// Verifies the Stripe-Signature header over the raw body. The signed
// timestamps in the test cases are fixed, so a case passes `receivedAt` (the
// moment the event is deemed received, in ms) to keep the 300 s tolerance check
// deterministic; without it the real clock is used (and a fixed timestamp is
// "outside the tolerance zone").
export async function POST(request: Request) {
  const raw = await request.text()
  const signature = request.headers.get('stripe-signature')
  const receivedAt = new URL(request.url).searchParams.get('receivedAt')
  try {
    const event = stripe.webhooks.constructEvent(
      raw,
      signature as string,
      WEBHOOK_SECRET,
      undefined,
      undefined,
      receivedAt ? Number(receivedAt) : undefined,
    )
    const object = event.data.object as { id: string; amount?: number; currency?: string }
    return Response.json({ received: true, id: event.id, type: event.type, object: object.id, amount: object.amount })
  } catch (e) {
    const err = e as { type?: string; name?: string; message: string }
    return Response.json({ type: err.type, name: err.name, message: err.message.split('\n')[0].trim() }, { status: 400 })
  }
}
