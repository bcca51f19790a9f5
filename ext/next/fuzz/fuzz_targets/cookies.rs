//! The cookie parser and serialiser of `next/server`, run in a real
//! isolate, against the Rust port in `edgeroute_next::fuzzing`.
#![no_main]

use std::cell::RefCell;

use edgeroute_isolate::fuzzing::ScriptHarness;
use edgeroute_next::fuzzing::{HARNESS, check};
use libfuzzer_sys::fuzz_target;

thread_local! {
  static HARNESS_ISOLATE: RefCell<ScriptHarness> = RefCell::new({
    let root = std::env::temp_dir().join("edgeroute-cookie-harness");
    std::fs::create_dir_all(&root).expect("harness folder");
    ScriptHarness::new(&root, HARNESS, "__edgerouteFuzz").expect("harness")
  });
}

fuzz_target!(|data: &[u8]| {
  HARNESS_ISOLATE.with_borrow_mut(|harness| {
    check(data, |json| harness.call(json).expect("harness call"));
  });
});
