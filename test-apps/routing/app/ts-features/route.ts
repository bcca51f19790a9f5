import type { Greeting } from '../lib/util'
import { shout } from '../lib/util'

enum Color {
  Red = 'red',
  Green = 'green',
}

enum Level {
  Low,
  High,
}

class Greeter {
  constructor(private readonly name: string, public loud: boolean = true) {}

  greet(): Greeting {
    const text = `hi ${this.name}`
    return { text: this.loud ? shout(text) : text, loud: this.loud }
  }
}

export async function GET(request: Request): Promise<Response> {
  const greeter = new Greeter('edgeroute')
  const value: Greeting = greeter.greet()
  return Response.json({ color: Color.Green, level: Level.High, levelName: Level[Level.High], greeting: value })
}
