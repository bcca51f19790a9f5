import 'server-only'

export function secretGreeting(name: string) {
  return `server-only says hello to ${name}`
}
