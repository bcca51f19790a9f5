export function greet(name: string) {
  return `hello ${name} (npm-fixture/shared/greet)`
}
