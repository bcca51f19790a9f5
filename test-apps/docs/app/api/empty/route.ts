// The reference's bare signature: the handler returns nothing.
export async function GET(request: Request) {}
