//! Tests: Next's own answers, recorded by tests/record-next-rules.mjs, replayed.
