// Never yields: only the CPU limit stops it.
export async function GET() {
  while (true) {}
}
