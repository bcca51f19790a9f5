// Never answers and keeps an interval running: after its 504 the retired
// isolate has work forever, and must end all the same.
export const maxDuration = 1

export async function GET() {
  setInterval(() => {}, 50)
  await new Promise(() => {})
}
