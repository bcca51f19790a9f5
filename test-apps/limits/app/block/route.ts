// Holds its thread for `?ms=` milliseconds without using CPU: Atomics.wait
// sleeps in the kernel. The CPU limit counts CPU time, so it lets this
// answer; a limit on wall time would stop it.
export async function GET(request: Request) {
  const ms = Number(new URL(request.url).searchParams.get("ms") ?? "600");
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const woke = Atomics.wait(cell, 0, 0, ms);
  return new Response(woke);
}
