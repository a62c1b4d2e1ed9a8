#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| gmkit_fuzz::kat_json::run(data));
