//! What the binary's tests share: the OpenSSL CLI check and scratch directories.
#![allow(dead_code)] // Each test binary uses part of it.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

/// Whether an OpenSSL 3.x `openssl` is on PATH; if not, a notice, and a panic when required.
pub fn have_openssl() -> bool {
    let version = Command::new("openssl").arg("version").output();
    let found = match &version {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
        _ => String::new(),
    };
    if found.starts_with("OpenSSL 3.") {
        return true;
    }
    let why = if found.is_empty() {
        "no `openssl` command".to_string()
    } else {
        format!("OpenSSL 3.x needed, found {}", found.trim())
    };
    if std::env::var("GMKIT_REQUIRE_OPENSSL").as_deref() == Ok("1") {
        panic!("GMKIT_REQUIRE_OPENSSL=1 but {why}");
    }
    eprintln!("notice: {why}; the OpenSSL CLI interop test did not run");
    false
}

/// A scratch directory, removed on drop.
pub struct Dir(pub PathBuf);

impl Dir {
    pub fn new(name: &str) -> Dir {
        let d = std::env::temp_dir().join(format!("gmkit-interop-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        Dir(d)
    }

    pub fn read(&self, file: &str) -> Vec<u8> {
        fs::read(self.0.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
    }

    pub fn write(&self, file: &str, data: &[u8]) {
        fs::write(self.0.join(file), data).unwrap();
    }

    /// `to` = `from` with the last byte's low bit flipped.
    pub fn flip(&self, from: &str, to: &str) {
        let mut b = self.read(from);
        *b.last_mut().unwrap() ^= 1;
        self.write(to, &b);
    }

    pub fn exists(&self, file: &str) -> bool {
        self.0.join(file).exists()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}
