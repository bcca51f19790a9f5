import { cacheLife, cacheTag } from 'next/cache'

// A cached function: one run per distinct argument list until revalidated.
export async function count(name: string) {
  'use cache'
  cacheTag('counted')
  const res = await fetch(`${process.env.COUNTER_URL}/count/${name}`)
  return (await res.json()) as { name: string; n: number }
}

export async function countBriefly(name: string) {
  'use cache'
  cacheLife('brief')
  const res = await fetch(`${process.env.COUNTER_URL}/count/${name}`)
  return (await res.json()) as { name: string; n: number }
}

export async function countForSeconds(name: string) {
  'use cache'
  cacheLife('seconds')
  const res = await fetch(`${process.env.COUNTER_URL}/count/${name}`)
  return (await res.json()) as { name: string; n: number }
}

export async function when(name: string) {
  'use cache'
  const res = await fetch(`${process.env.COUNTER_URL}/count/${name}`)
  const { n } = (await res.json()) as { n: number }
  return { n, at: new Date(0), map: new Map([['k', 1]]), big: 10n, missing: undefined }
}

export async function byOptions(options: { kind: string; page?: number }) {
  'use cache'
  const res = await fetch(`${process.env.COUNTER_URL}/count/options-${options.kind}-${options.page ?? 0}`)
  return (await res.json()) as { name: string; n: number }
}

export const arrow = async (name: string) => {
  'use cache'
  const res = await fetch(`${process.env.COUNTER_URL}/count/arrow-${name}`)
  return (await res.json()) as { name: string; n: number }
}
