// Plain relative module (not a route: no route.ts in this folder).
export function shout(text: string): string {
  return text.toUpperCase() + '!'
}

export interface Greeting {
  text: string
  loud: boolean
}
