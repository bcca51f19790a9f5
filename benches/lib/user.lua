-- benches/handlers: GET /users/42 with a session cookie and a user-agent.
wrk.headers["cookie"] = "theme=dark; session=abc123"
wrk.headers["user-agent"] = "bench"
