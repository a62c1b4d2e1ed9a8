#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| gmkit_fuzz::sm2_encrypted_keys::run(data));
