//! Known devices: a browser that once signed in to an account gets its own throttling count
//! for that account, so an attacker hammering a pupil's login cannot lock the pupil out.
//!
//! The browser carries `cartable_device = <id>.<signature>`; the server remembers, in a
//! bounded table, which (login, device) pairs have signed in successfully.

use crate::signing::Signer;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::{CryptoRng, RngCore};
use std::collections::HashSet;
use std::sync::{Mutex, PoisonError};

const PURPOSE: &str = "device";

/// How long the device cookie lives: a school year and a bit.
pub const DEVICE_COOKIE_SECONDS: i64 = 400 * 24 * 3600;

/// A fresh device id and the cookie value that carries it.
pub fn new_device(signer: &Signer, rng: &mut (impl RngCore + CryptoRng)) -> (String, String) {
    let mut bytes = [0u8; 16];
    rng.fill_bytes(&mut bytes);
    let id = URL_SAFE_NO_PAD.encode(bytes);
    let value = format!("{id}.{}", signer.sign(PURPOSE, id.as_bytes()));
    (id, value)
}

/// The device id in a cookie value, if the server signed it.
pub fn read_device<'a>(signer: &Signer, value: &'a str) -> Option<&'a str> {
    let (id, signature) = value.split_once('.')?;
    signer
        .verify(PURPOSE, id.as_bytes(), signature)
        .then_some(id)
}

/// The (login, device) pairs that signed in successfully, at most `capacity` of them. When
/// full it starts over: forgetting only ever makes a device count as new again.
#[derive(Debug)]
pub struct DeviceBook {
    pairs: Mutex<HashSet<(String, String)>>,
    capacity: usize,
}

impl DeviceBook {
    /// An empty book holding at most `capacity` pairs.
    pub fn new(capacity: usize) -> DeviceBook {
        DeviceBook {
            pairs: Mutex::new(HashSet::new()),
            capacity: capacity.max(1),
        }
    }

    /// Whether `device` has signed in to `login` before.
    pub fn knows(&self, login: &str, device: &str) -> bool {
        let pairs = self.pairs.lock().unwrap_or_else(PoisonError::into_inner);
        pairs.contains(&(login.to_owned(), device.to_owned()))
    }

    /// Remembers that `device` signed in to `login`.
    pub fn remember(&self, login: &str, device: &str) {
        let mut pairs = self.pairs.lock().unwrap_or_else(PoisonError::into_inner);
        if pairs.len() >= self.capacity {
            pairs.clear();
        }
        pairs.insert((login.to_owned(), device.to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::OsRng;

    #[test]
    fn device_cookies_are_signed() {
        let signer = Signer::new([1; 32]);
        let (id, value) = new_device(&signer, &mut OsRng);
        assert_eq!(read_device(&signer, &value), Some(id.as_str()));
        assert_eq!(read_device(&signer, &format!("x{value}")), None);
        assert_eq!(read_device(&Signer::new([2; 32]), &value), None);
    }

    #[test]
    fn the_book_remembers_pairs_within_its_bound() {
        let book = DeviceBook::new(2);
        book.remember("lea", "d1");
        assert!(book.knows("lea", "d1"));
        assert!(!book.knows("tom", "d1"));
        book.remember("tom", "d1");
        book.remember("ines", "d2");
        assert!(book.knows("ines", "d2"));
        assert!(!book.knows("lea", "d1"));
    }
}
