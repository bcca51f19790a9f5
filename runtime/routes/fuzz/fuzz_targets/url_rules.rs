//! The request-URL rules' invariants; see `edgeroute_routes::fuzzing`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| edgeroute_routes::fuzzing::check_url_rules(data));
