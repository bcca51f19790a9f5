import Stripe from 'stripe'

// Never talks to api.stripe.com: only the webhook helpers are used.
export const stripe = new Stripe('sk_test_fixture_not_a_real_key')
export const WEBHOOK_SECRET = 'whsec_fixture_0123456789abcdef'
