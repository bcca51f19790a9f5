//! The route matcher against a reference; see `edgeroute_routes::fuzzing`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| edgeroute_routes::fuzzing::check_route_match(data));
