//! How many argon2id password checks per second this machine does with every core busy:
//! the ceiling that sign-ins per second are measured against in docs/BENCHMARKS.md.
//!
//! `cargo run --release -p cartable-core --example argon2_rate -- [seconds] [threads]`

use cartable_core::password;
use rand::rngs::OsRng;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let threads: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let Ok(stored) = password::hash("cheval bleu du matin", &mut OsRng) else {
        eprintln!("hashing failed");
        std::process::exit(1);
    };
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let counts: Vec<u64> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut n = 0u64;
                    while Instant::now() < deadline {
                        if password::verify("cheval bleu du matin", &stored) {
                            n += 1;
                        }
                    }
                    n
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or(0)).collect()
    });
    let total: u64 = counts.iter().sum();
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "{threads} threads, {elapsed:.1} s: {total} argon2id verifications, {:.1}/s",
        total as f64 / elapsed
    );
}
