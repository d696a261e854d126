//! How many TCP connections one address may hold open, and the server in all.
//!
//! Each open connection costs a file descriptor and a task. A slowloris attacker opens
//! thousands and feeds them a byte now and then; the header-read timeout cuts each one after
//! a few seconds, and this cap keeps one address from holding more than an undeclared school's
//! share (a school's NAT address, declared trusted, gets room for a whole school). The total cap
//! keeps the server below its file-descriptor limit: past it, new connections are closed at
//! once instead of making `accept` fail for everyone.

use crate::network::TrustedNetworks;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// The caps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionCapConfig {
    /// Connections one address may hold: a browser opens up to six, and a school that did
    /// not declare its network still puts a few hundred pupils behind its one address.
    pub per_address: u32,
    /// Connections one address of a trusted school network may hold.
    pub per_trusted_address: u32,
    /// Connections the server holds in all.
    pub total: u32,
    /// The schools' networks.
    pub trusted: TrustedNetworks,
}

impl Default for ConnectionCapConfig {
    fn default() -> Self {
        ConnectionCapConfig {
            per_address: 512,
            per_trusted_address: 8192,
            total: 16_000,
            trusted: TrustedNetworks::default(),
        }
    }
}

/// Why a connection was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Its address holds its share already.
    PerAddress,
    /// The server holds all it can.
    Total,
}

impl Refused {
    /// Its name, for the metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            Refused::PerAddress => "per_address",
            Refused::Total => "total",
        }
    }
}

#[derive(Debug, Default)]
struct Counts {
    total: u32,
    per_address: HashMap<IpAddr, u32>,
}

/// The open connections, counted by address.
#[derive(Debug)]
pub struct ConnectionCap {
    config: ConnectionCapConfig,
    counts: Arc<Mutex<Counts>>,
}

/// One open connection: closing it (dropping this) gives its place back.
#[derive(Debug)]
pub struct OpenConnection {
    address: IpAddr,
    counts: Arc<Mutex<Counts>>,
}

fn lock(counts: &Mutex<Counts>) -> MutexGuard<'_, Counts> {
    counts.lock().unwrap_or_else(PoisonError::into_inner)
}

impl ConnectionCap {
    /// No connection open yet.
    pub fn new(config: ConnectionCapConfig) -> ConnectionCap {
        ConnectionCap {
            config,
            counts: Arc::default(),
        }
    }

    /// Takes a place for a connection from `address`, or says why there is none.
    pub fn open(&self, address: IpAddr) -> Result<OpenConnection, Refused> {
        let cap = if self.config.trusted.contains(address) {
            self.config.per_trusted_address
        } else {
            self.config.per_address
        };
        let mut counts = lock(&self.counts);
        if counts.total >= self.config.total {
            return Err(Refused::Total);
        }
        let held = counts.per_address.entry(address).or_insert(0);
        if *held >= cap {
            return Err(Refused::PerAddress);
        }
        *held += 1;
        counts.total += 1;
        Ok(OpenConnection {
            address,
            counts: self.counts.clone(),
        })
    }

    /// Connections open now.
    pub fn open_count(&self) -> u32 {
        lock(&self.counts).total
    }
}

impl Drop for OpenConnection {
    fn drop(&mut self) {
        let mut counts = lock(&self.counts);
        counts.total = counts.total.saturating_sub(1);
        if let Some(held) = counts.per_address.get_mut(&self.address) {
            *held -= 1;
            if *held == 0 {
                counts.per_address.remove(&self.address);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn cap() -> ConnectionCap {
        ConnectionCap::new(ConnectionCapConfig {
            per_address: 3,
            per_trusted_address: 10,
            total: 12,
            trusted: TrustedNetworks::new(vec!["192.0.2.0/24".parse().unwrap()]),
        })
    }

    #[test]
    fn one_address_holds_its_share_and_gets_it_back_on_close() {
        let cap = cap();
        let held: Vec<_> = (0..3)
            .map(|_| cap.open(ip("198.51.100.9")).unwrap())
            .collect();
        assert_eq!(
            cap.open(ip("198.51.100.9")).unwrap_err(),
            Refused::PerAddress
        );
        // Its neighbour is not affected.
        let neighbour = cap.open(ip("198.51.100.10")).unwrap();
        drop(held);
        assert!(cap.open(ip("198.51.100.9")).is_ok());
        drop(neighbour);
        assert_eq!(cap.open_count(), 0);
        assert!(lock(&cap.counts).per_address.is_empty());
    }

    #[test]
    fn a_trusted_school_address_holds_more_and_the_total_caps_all() {
        let cap = cap();
        let school: Vec<_> = (0..10)
            .map(|_| cap.open(ip("192.0.2.1")).unwrap())
            .collect();
        assert_eq!(cap.open(ip("192.0.2.1")).unwrap_err(), Refused::PerAddress);
        let _two: Vec<_> = (0..2)
            .map(|_| cap.open(ip("203.0.113.1")).unwrap())
            .collect();
        assert_eq!(cap.open(ip("203.0.113.2")).unwrap_err(), Refused::Total);
        drop(school);
        assert!(cap.open(ip("203.0.113.2")).is_ok());
    }
}
