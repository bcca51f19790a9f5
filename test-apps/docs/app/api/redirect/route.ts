// "Redirects" (verbatim GET): redirect() from next/navigation throws, Next.js
// answers 307 with a Location. The POST twin is for the form-post case: a POST
// with a form content type counts as a server action and gets 303.
import { redirect } from 'next/navigation'

export async function GET(request: Request) {
  redirect('https://nextjs.org/')
}

export async function POST(request: Request) {
  redirect('https://nextjs.org/')
}
