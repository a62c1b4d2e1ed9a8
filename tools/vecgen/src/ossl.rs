//! Thin wrappers over the vendored OpenSSL: the reference implementation the generator trusts.

use std::ffi::{c_int, CString};

use foreign_types::ForeignTypeRef;
use openssl::cipher::{Cipher, CipherRef};
use openssl::cipher_ctx::CipherCtx;
use openssl::hash::{hash, MessageDigest};
use openssl::pkey::PKey;
use openssl::sign::Signer;
use openssl::symm::{Crypter, Mode};

extern "C" {
    // OpenSSL 3.x, not bound by openssl-sys 0.9.
    fn EVP_CIPHER_CTX_set_params(
        ctx: *mut openssl_sys::EVP_CIPHER_CTX,
        params: *const openssl_sys::OSSL_PARAM,
    ) -> c_int;
}

fn fetch(name: &str) -> Cipher {
    Cipher::fetch(None, name, None).unwrap_or_else(|e| panic!("OpenSSL lacks {name}: {e}"))
}

/// Version string of the OpenSSL the generator is linked against.
pub fn version() -> &'static str {
    openssl::version::version()
}

/// One SM4 key schedule, both directions, for building modes block by block.
pub struct Sm4 {
    enc: Crypter,
    dec: Crypter,
}

impl Sm4 {
    pub fn new(key: &[u8]) -> Sm4 {
        assert_eq!(key.len(), 16);
        let c = openssl::symm::Cipher::sm4_ecb();
        let mut enc = Crypter::new(c, Mode::Encrypt, key, None).unwrap();
        enc.pad(false);
        let mut dec = Crypter::new(c, Mode::Decrypt, key, None).unwrap();
        dec.pad(false);
        Sm4 { enc, dec }
    }

    pub fn encrypt(&mut self, b: &[u8; 16]) -> [u8; 16] {
        let mut out = [0u8; 32];
        let n = self.enc.update(b, &mut out).unwrap();
        assert_eq!(n, 16);
        out[..16].try_into().unwrap()
    }

    pub fn decrypt(&mut self, b: &[u8; 16]) -> [u8; 16] {
        let mut out = [0u8; 32];
        let n = self.dec.update(b, &mut out).unwrap();
        assert_eq!(n, 16);
        out[..16].try_into().unwrap()
    }
}

fn run(
    cipher: &CipherRef,
    enc: bool,
    key: &[u8],
    iv: Option<&[u8]>,
    data: &[u8],
    padding: bool,
    xts_standard: Option<&str>,
) -> Result<Vec<u8>, openssl::error::ErrorStack> {
    let mut ctx = CipherCtx::new()?;
    if enc {
        ctx.encrypt_init(Some(cipher), Some(key), iv)?;
    } else {
        ctx.decrypt_init(Some(cipher), Some(key), iv)?;
    }
    if let Some(std) = xts_standard {
        set_xts_standard(&mut ctx, std);
    }
    ctx.set_padding(padding);
    let mut out = Vec::new();
    ctx.cipher_update_vec(data, &mut out)?;
    ctx.cipher_final_vec(&mut out)?;
    Ok(out)
}

fn set_xts_standard(ctx: &mut CipherCtx, std: &str) {
    let key = CString::new("xts_standard").unwrap();
    let val = CString::new(std).unwrap();
    // SAFETY: the builder and params are freed below; ctx is a live EVP_CIPHER_CTX.
    unsafe {
        let bld = openssl_sys::OSSL_PARAM_BLD_new();
        assert!(!bld.is_null());
        assert_eq!(
            openssl_sys::OSSL_PARAM_BLD_push_utf8_string(bld, key.as_ptr(), val.as_ptr(), 0),
            1
        );
        let params = openssl_sys::OSSL_PARAM_BLD_to_param(bld);
        assert!(!params.is_null());
        let rc = EVP_CIPHER_CTX_set_params(ctx.as_ptr(), params);
        openssl_sys::OSSL_PARAM_free(params);
        openssl_sys::OSSL_PARAM_BLD_free(bld);
        assert_eq!(rc, 1, "xts_standard={std} refused");
    }
}

/// SM4 in ECB/CBC/CFB/OFB/CTR ("SM4-ECB", ...), no padding unless `padding`.
pub fn sm4_mode(
    name: &str,
    enc: bool,
    key: &[u8],
    iv: &[u8],
    data: &[u8],
    padding: bool,
) -> Result<Vec<u8>, openssl::error::ErrorStack> {
    let c = fetch(name);
    let iv = if name == "SM4-ECB" { None } else { Some(iv) };
    run(&c, enc, key, iv, data, padding, None)
}

/// SM4-XTS with `xts_standard` "GB" (GB/T 17964-2021) or "IEEE" (IEEE Std 1619-2007).
pub fn sm4_xts(std: &str, enc: bool, key: &[u8], tweak: &[u8], data: &[u8]) -> Result<Vec<u8>, ()> {
    let c = fetch("SM4-XTS");
    run(&c, enc, key, Some(tweak), data, false, Some(std)).map_err(|_| ())
}

fn aead_init(name: &str, enc: bool, key: &[u8], iv: &[u8], tag_len: usize) -> CipherCtx {
    let c = fetch(name);
    let mut ctx = CipherCtx::new().unwrap();
    if enc {
        ctx.encrypt_init(Some(&c), None, None).unwrap();
    } else {
        ctx.decrypt_init(Some(&c), None, None).unwrap();
    }
    ctx.set_iv_length(iv.len()).unwrap();
    if name == "SM4-CCM" && enc {
        ctx.set_tag_length(tag_len).unwrap();
    }
    if enc {
        ctx.encrypt_init(None, Some(key), Some(iv)).unwrap();
    } else {
        ctx.decrypt_init(None, Some(key), Some(iv)).unwrap();
    }
    ctx
}

/// SM4-GCM or SM4-CCM encryption: (ciphertext, tag of `tag_len` bytes).
pub fn aead_seal(
    name: &str,
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    pt: &[u8],
    tag_len: usize,
) -> (Vec<u8>, Vec<u8>) {
    let mut ctx = aead_init(name, true, key, iv, tag_len);
    if name == "SM4-CCM" {
        ctx.set_data_len(pt.len()).unwrap();
    }
    if !aad.is_empty() {
        ctx.cipher_update(aad, None).unwrap();
    }
    let mut out = vec![0u8; pt.len() + 16];
    let mut n = ctx.cipher_update(pt, Some(&mut out)).unwrap();
    n += ctx.cipher_final(&mut out[n..]).unwrap();
    out.truncate(n);
    let mut tag = vec![0u8; tag_len];
    ctx.tag(&mut tag).unwrap();
    (out, tag)
}

/// SM4-GCM or SM4-CCM decryption; `None` when OpenSSL rejects the tag.
pub fn aead_open(
    name: &str,
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    ct: &[u8],
    tag: &[u8],
) -> Option<Vec<u8>> {
    let c = fetch(name);
    let mut ctx = CipherCtx::new().unwrap();
    ctx.decrypt_init(Some(&c), None, None).unwrap();
    ctx.set_iv_length(iv.len()).ok()?;
    if name == "SM4-CCM" {
        ctx.set_tag(tag).ok()?;
    }
    ctx.decrypt_init(None, Some(key), Some(iv)).ok()?;
    if name == "SM4-CCM" {
        ctx.set_data_len(ct.len()).ok()?;
    }
    if !aad.is_empty() {
        ctx.cipher_update(aad, None).ok()?;
    }
    let mut out = vec![0u8; ct.len() + 16];
    let mut n = ctx.cipher_update(ct, Some(&mut out)).ok()?;
    if name != "SM4-CCM" {
        ctx.set_tag(tag).ok()?;
        n += ctx.cipher_final(&mut out[n..]).ok()?;
    }
    out.truncate(n);
    Some(out)
}

pub fn sm3(data: &[u8]) -> Vec<u8> {
    hash(MessageDigest::sm3(), data).unwrap().to_vec()
}

pub fn hmac_sm3(key: &[u8], data: &[u8]) -> Vec<u8> {
    // OpenSSL refuses an empty HMAC key; HMAC zero-pads the key to the block, so "" and one
    // zero byte are the same key (RFC 2104 step 1).
    let pkey = PKey::hmac(if key.is_empty() { &[0u8] } else { key }).unwrap();
    let mut s = Signer::new(MessageDigest::sm3(), &pkey).unwrap();
    s.update(data).unwrap();
    s.sign_to_vec().unwrap()
}

pub fn cmac_sm4(key: &[u8], data: &[u8]) -> Vec<u8> {
    let pkey = PKey::cmac(&openssl::symm::Cipher::sm4_cbc(), key).unwrap();
    let mut s = Signer::new_without_digest(&pkey).unwrap();
    s.update(data).unwrap();
    s.sign_to_vec().unwrap()
}
