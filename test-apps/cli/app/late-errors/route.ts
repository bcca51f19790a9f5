// Answers, then fails where no handler can catch it: a throwing timer, a
// throwing microtask and a rejected promise nobody awaits. They are logged;
// the isolate keeps serving (the count keeps going up).
let count = 0

export async function GET() {
  count += 1
  setTimeout(() => {
    throw new Error('timer threw after the answer')
  }, 0)
  queueMicrotask(() => {
    throw new Error('microtask threw')
  })
  Promise.reject(new Error('rejection nobody handles'))
  return Response.json({ count })
}
