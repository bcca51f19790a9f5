'use cache'

// Every export of a file marked 'use cache' is cached.
export async function fileLevel(name: string) {
  const res = await fetch(`${process.env.COUNTER_URL}/count/file-${name}`)
  return (await res.json()) as { name: string; n: number }
}
