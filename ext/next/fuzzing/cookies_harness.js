// The cookies fuzz target's harness (edgeroute_next::fuzzing): the public
// next/server API on one case, answered as JSON for the Rust oracle.
import { NextRequest, NextResponse } from "next/server";

const NOW = 1_700_000_000_000;
// normalizeCookie reads the global Date.now, as Next.js does.
Date.now = () => NOW;

function attempt(run) {
  try {
    return { ok: run() };
  } catch (error) {
    return { error: error?.name ?? String(error) };
  }
}

globalThis.__edgerouteFuzz = (text) => {
  const input = JSON.parse(text);
  const request = attempt(() =>
    new NextRequest("http://fuzz.test/", {
      headers: { cookie: input.header },
    }).cookies.getAll().map(({ name, value }) => [name, value])
  );
  const set = attempt(() => {
    const response = NextResponse.next();
    response.cookies.set(input.name, input.value, input.options);
    return response.headers.getSetCookie();
  });
  const back = set.ok?.length === 1
    ? attempt(() =>
      new NextResponse(null, { headers: [["set-cookie", set.ok[0]]] })
        .cookies.getAll()
    )
    : null;
  return JSON.stringify({ request, set, back });
};
