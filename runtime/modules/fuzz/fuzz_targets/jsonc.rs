//! The tsconfig reader; see `edgeroute_modules::fuzzing`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| edgeroute_modules::fuzzing::check_jsonc(data));
