import { stripe, WEBHOOK_SECRET } from '../../../../lib/stripe'

// Signs a payload at the current time with generateTestHeaderString, then
// verifies it with constructEvent (default 300 s tolerance), plus a tampered
// payload and a wrong secret. Only deterministic facts are answered.
export async function GET() {
  const payload = JSON.stringify({
    id: 'evt_roundtrip_1',
    object: 'event',
    type: 'checkout.session.completed',
    data: { object: { id: 'cs_test_1', object: 'checkout.session', amount_total: 4200 } },
  })
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET })
  const event = stripe.webhooks.constructEvent(payload, header, WEBHOOK_SECRET)
  const attempt = (body: string, secret: string) => {
    try {
      stripe.webhooks.constructEvent(body, header, secret)
      return 'accepted'
    } catch (e) {
      return (e as { type: string }).type
    }
  }
  return Response.json({
    headerShape: /^t=\d+,v1=[0-9a-f]{64}$/.test(header),
    id: event.id,
    type: event.type,
    tampered: attempt(payload.replace('4200', '1'), WEBHOOK_SECRET),
    wrongSecret: attempt(payload, 'whsec_other'),
  })
}
