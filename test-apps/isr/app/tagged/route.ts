export const dynamic = 'force-static'

// A prerendered GET whose fetch is tagged: revalidateTag('counted') and
// revalidatePath('/tagged') reach the stored answer.
export async function GET() {
  const res = await fetch(`${process.env.COUNTER_URL}/count/tagged`, {
    cache: 'force-cache',
    next: { tags: ['counted'] },
  })
  return Response.json(await res.json())
}
