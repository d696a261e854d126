//! HTTP clients, one per source address, reused: each keeps its connections alive as a
//! browser does, so the harness opens few sockets and the server sees realistic keep-alive.
//!
//! Clients follow no redirect (each 303 is an answer to count, and its `Set-Cookie` must be
//! kept), keep no cookies of their own (each virtual user has its [`CookieJar`]) and use no
//! proxy from the environment (the traffic must go straight to loopback).
//!
//! [`CookieJar`]: crate::cookies::CookieJar

use reqwest::redirect::Policy;
use reqwest::Client;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// Idle connections kept per client.
const IDLE_PER_CLIENT: usize = 8;
/// How long an idle connection is kept.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// A client speaking from `source`, giving up on a request after `timeout`.
pub fn build(source: IpAddr, timeout: Duration) -> reqwest::Result<Client> {
    Client::builder()
        .local_address(source)
        .redirect(Policy::none())
        .no_proxy()
        .timeout(timeout)
        .connect_timeout(timeout)
        .pool_max_idle_per_host(IDLE_PER_CLIENT)
        .pool_idle_timeout(IDLE_TIMEOUT)
        .tcp_nodelay(true)
        .user_agent("cartable-surge")
        .build()
}

/// Clients shared by everyone speaking from the same address (a school's NAT, a bot).
#[derive(Debug)]
pub struct ClientPool {
    timeout: Duration,
    clients: Mutex<HashMap<IpAddr, Client>>,
}

impl ClientPool {
    /// An empty pool whose clients time out after `timeout`.
    pub fn new(timeout: Duration) -> Self {
        ClientPool {
            timeout,
            clients: Mutex::new(HashMap::new()),
        }
    }

    /// The client of `source`, built on first use.
    pub fn get(&self, source: IpAddr) -> reqwest::Result<Client> {
        let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(client) = clients.get(&source) {
            return Ok(client.clone());
        }
        let client = build(source, self.timeout)?;
        clients.insert(source, client.clone());
        Ok(client)
    }

    /// A client for one user's own address: not kept, so its connections close when the
    /// user leaves.
    pub fn own(&self, source: IpAddr) -> reqwest::Result<Client> {
        build(source, self.timeout)
    }
}
