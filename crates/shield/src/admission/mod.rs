//! Admission control: an adaptive limit on the requests being served at once, shared by
//! classes of requests so that, as load grows, the least important are turned away first.
//!
//! Every request that reaches the handlers asks [`Admission::try_admit`] first, before any
//! database work. It gets either a [`Permit`], held while the request is served, or a
//! [`Shed`]: the web layer then answers at once, with the waiting-room page for a browser
//! or a `503` with `Retry-After` for an API client. Turning a request away costs a few
//! atomic operations, no lock and no allocation, so a flood is refused as cheaply as it
//! arrives.
//!
//! # Why limit concurrency, and why adapt the limit
//!
//! By Little's law, the requests in flight are the rate at which they arrive times the time
//! each one takes. A server has a capacity: past some number of requests in flight its
//! processors and database connections are all busy, and every further request only waits
//! in a queue. Its answers come no faster, each one comes later, and once the wait exceeds
//! the clients' patience they give up and retry, doubling the load. Capping the requests in
//! flight just above that capacity keeps the server at full speed while the excess is turned
//! away in microseconds instead of waiting for seconds. Shedding there loses no throughput:
//! a queue would have served the same number of requests, only later.
//!
//! Capacity is not a number one can configure: it changes with the hardware, the pages
//! requested, the database's health, the backup running at night. So the limit is measured
//! instead, the way TCP Vegas measures a network path and Netflix's `concurrency-limits`
//! measures a service: from the latency of the requests themselves.
//!
//! # How the limit adapts
//!
//! Each finished request reports its latency and an [`Outcome`]. Samples are gathered in
//! windows of `max(limit, min_window)` requests; counting requests rather than seconds keeps
//! the logic free of clocks, and makes a window long enough for every slot of the limit to
//! have served about once. When a window closes:
//!
//! 1. Its latency is the mean of its samples without the slowest tenth: an average moves
//!    smoothly as queues build up, and trimming keeps one three-second export from counting
//!    as congestion.
//! 2. The *no-load latency* is what the server takes when nothing queues (see below).
//! 3. The window's *target* is `tolerance ×` the no-load latency, but never less than
//!    `latency_floor` (queueing that costs a few milliseconds is no reason to turn anyone
//!    away) nor more than `latency_target`, the latency promised to users. (If even the unloaded server is
//!    slower than that, no limit can meet it; the target is then halfway to the tolerance.)
//! 4. If the window's latency is over target, the limit is multiplied by the *gradient*
//!    `target / latency`. Queueing is what makes latency exceed the no-load one, so this is
//!    the number of requests the server would hold at the target. Failed requests (errors,
//!    timeouts) are an overload signal too: a window where a fraction `f` failed has a
//!    gradient of at most `1 − f`. The gradient is floored at 0.5, so one window at most
//!    halves the limit.
//! 5. Otherwise, if the limit was *used* (a request was shed, or those in flight reached
//!    90 % of the limit), it grows by `√limit`: a small limit quickly, a large one
//!    carefully. A limit nobody presses against says nothing about capacity, and raising it
//!    then would only let a later surge in unchecked. The same `√limit` is added after a
//!    decrease due to failures, so that a steady trickle of errors (a bug on one page) holds
//!    the limit where the two balance, around `1 / f²`, instead of wearing it down to the
//!    minimum.
//! 6. The limit moves a fraction `smoothing` of the way towards the new value, and stays
//!    within `[min_limit, max_limit]`.
//!
//! Under a steady overload the limit settles where latency is at the target, about
//! `tolerance ×` the capacity, and follows a change of capacity within a few windows. This
//! is, with small changes, the gradient algorithm of Netflix's library.
//!
//! ## Learning the no-load latency
//!
//! Everything rests on the no-load latency, and a busy server never shows it: every one of
//! its requests waits in the queue. It is learned in three ways:
//!
//! - from *quiet* windows, where the requests in flight stayed under half the limit (or the
//!   limit is down to twice its minimum): their latency is the server's own;
//! - from any window faster than it: the server has become quicker;
//! - from a *probe*: after 64 busy windows in a row, or when latency has brought the limit
//!   below half its highest value since the last probe, the classes' shares are applied to
//!   half the limit until `min_window` requests admitted since then are served. Those few
//!   requests, served with half the usual company, measure the server without a queue;
//!   requests admitted before the probe are still draining the queue and are not counted.
//!   The limit itself does not change during the probe.
//!
//! Busy windows never raise it: their latency includes queueing, and letting it in would
//! raise the baseline that measures queueing, so the limit would creep up until latency
//! reached `latency_target`. Probes cost a little throughput (half the limit for one short
//! window in sixty-four) and fix two cases quiet windows cannot: a server started during
//! the morning rush, whose first windows are all queued, and requests that became slower
//! (the 9:00 surge brings heavier pages), which latency alone cannot tell from queueing:
//! the limit shrinks, and the probe then shows the queue is not the cause.
//!
//! # Classes and reserves
//!
//! All classes share the one limit, but a class is only admitted while the requests in
//! flight (of every class) stay under its *share* of the limit: by default 50 % for
//! [`Class::Anonymous`], 70 % for [`Class::SignIn`], 90 % for [`Class::SignedIn`] and all of
//! it for [`Class::Priority`]. As load grows, anonymous pages are turned away first, then
//! sign-ins, and the pupils and teachers already at work keep room. A flood of anonymous
//! requests can fill only half of the limit, whatever its size. The limit itself is measured
//! over every class: while only anonymous visitors press against their half, it grows until
//! their latency reaches the target; when signed-in users then arrive, latency rises, the
//! limit shrinks, and the anonymous share shrinks with it.
//!
//! # What the caller must do
//!
//! Measure a request's latency from its admission to its answer, and report it with
//! [`Permit::finish`]. Report [`Outcome::Ignored`] for a request whose duration does not
//! tell how busy the server is (a long download, a sign-in held back on purpose by the
//! throttle), and [`Outcome::Failed`] for a server error or a timeout. A permit dropped
//! without `finish` (the client went away) frees its place and teaches nothing. Every
//! request must end, by a timeout if need be: windows close only as requests finish.
//!
//! # Limits of the method
//!
//! One latency stands for all requests. If the mix changes (sign-ins, with their password
//! hashing, crowd out page views at 9:00), the limit briefly shrinks until a probe learns
//! the new no-load latency. A server whose requests are slow even unloaded gets a limit
//! that avoids queueing, not one that meets `latency_target`: shedding cannot make a slow
//! page fast.

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// The kinds of request the web layer tells apart, highest priority first: when the server
/// is full, the lower classes are turned away first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    /// Requests that must get through even when signed-in users are being turned away: a
    /// teacher or pupil whose live class starts now.
    Priority,
    /// A signed-in user's request: someone already at work.
    SignedIn,
    /// A sign-in attempt: the way in, but one that costs a password hash.
    SignIn,
    /// Everyone else: public pages, and anybody's first request.
    Anonymous,
}

impl Class {
    /// Every class, highest priority first: the order of [`AdmissionConfig::shares`], and
    /// the rows of the metrics page.
    pub const ALL: [Class; 4] = [
        Class::Priority,
        Class::SignedIn,
        Class::SignIn,
        Class::Anonymous,
    ];

    /// The class's name as a metric label.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Priority => "priority",
            Class::SignedIn => "signed_in",
            Class::SignIn => "sign_in",
            Class::Anonymous => "anonymous",
        }
    }

    /// Its position in [`Class::ALL`].
    fn index(self) -> usize {
        self as usize
    }

    /// The `Retry-After` of a shed request of this class when demand matches capacity, and
    /// the longest one ever asked, in seconds. Users already at work retry soon, but not all
    /// at once when demand is several times the capacity (each retry that finds the server
    /// full costs it work); anonymous visitors, who add most of the load in a flood, are
    /// spread out over longer.
    fn retry_after_range(self) -> (f64, u64) {
        match self {
            Class::Priority => (1.0, 1),
            Class::SignedIn => (1.0, 5),
            Class::SignIn => (2.0, 15),
            Class::Anonymous => (4.0, 30),
        }
    }
}

/// How the limit starts, how far it may move, and how fast it adapts.
#[derive(Debug, Clone, PartialEq)]
pub struct AdmissionConfig {
    /// The limit never goes below this: some requests always get through, so their
    /// latencies can show the server has recovered.
    pub min_limit: usize,
    /// The limit never goes above this, however fast the server answers.
    pub max_limit: usize,
    /// The limit at start, until the first windows have measured the server.
    pub initial_limit: usize,
    /// The latency promised to users: the limit shrinks when a window's latency is over it.
    pub latency_target: Duration,
    /// How many times the no-load latency a window may take before the limit shrinks: the
    /// queueing accepted. At least 1.
    pub tolerance: f64,
    /// Latency under which queueing is never a reason to shrink: pages that answer in a
    /// third of a millisecond unloaded still feel instant at a few milliseconds, and
    /// shrinking the limit there would turn pupils away to save them a millisecond.
    pub latency_floor: Duration,
    /// The fraction of the way the limit moves towards each window's estimate, in (0, 1]:
    /// smaller is steadier, larger reacts faster.
    pub smoothing: f64,
    /// The fewest samples in a window, so that a small limit is not adjusted on a handful of
    /// requests.
    pub min_window: usize,
    /// The fraction of the limit that may be in flight for a request of each class to be
    /// admitted, in the order of [`Class::ALL`]; each in [0, 1].
    pub shares: [f64; 4],
}

impl AdmissionConfig {
    /// Defaults for a server with `cores` processor cores.
    ///
    /// - Initial limit 20 per core: a typical page spends about a twentieth of its time on
    ///   the processor and the rest waiting for the database, so twenty requests keep a
    ///   core busy. It is only the starting guess.
    /// - Minimum 4: the priority class always has room, and samples keep coming.
    /// - Maximum 1000: well past what the database pool serves at once; beyond it, requests
    ///   would only queue for a connection.
    /// - Target 100 ms: the delay under which a page still feels instantaneous.
    /// - Floor 20 ms: what queueing may cost before it counts, however fast the pages.
    /// - Tolerance 1.2: latency may exceed the no-load latency by a fifth before the limit
    ///   shrinks. A window's mean over dozens of requests varies by a few percent, well
    ///   within that, and the queue stays short: at the target, one request in six waits.
    /// - Smoothing 0.5 and windows of at least 32 samples: the limit follows a change of
    ///   capacity within a few windows without jumping on one window's luck.
    /// - Shares 100 %, 90 %, 70 %, 50 %: see the module documentation.
    pub fn for_cores(cores: usize) -> Self {
        let (min_limit, max_limit) = (4, 1000);
        AdmissionConfig {
            min_limit,
            max_limit,
            initial_limit: cores.max(1).saturating_mul(20).clamp(min_limit, max_limit),
            latency_target: Duration::from_millis(100),
            tolerance: 1.2,
            latency_floor: Duration::from_millis(20),
            smoothing: 0.5,
            min_window: 32,
            shares: [1.0, 0.9, 0.7, 0.5],
        }
    }

    /// The same settings brought into their ranges, so that a mistyped setting degrades
    /// the behaviour instead of panicking or dividing by zero.
    fn sanitised(mut self) -> Self {
        self.min_limit = self.min_limit.max(1);
        self.max_limit = self.max_limit.max(self.min_limit);
        self.initial_limit = self.initial_limit.clamp(self.min_limit, self.max_limit);
        // `f64::max` returns the other operand for NaN.
        self.tolerance = self.tolerance.max(1.0);
        self.smoothing = if self.smoothing > 0.0 {
            self.smoothing.min(1.0)
        } else {
            1.0
        };
        self.min_window = self.min_window.max(1);
        for share in &mut self.shares {
            *share = share.clamp(0.0, 1.0);
            if share.is_nan() {
                *share = 0.0;
            }
        }
        self
    }
}

/// How a request served under a [`Permit`] ended, which decides what its latency teaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The handler answered normally: its latency is a sample.
    Served,
    /// A server error or a timeout: counted as a sign of overload, its latency ignored (a
    /// failure can be fast, like a refused database connection).
    Failed,
    /// Its duration says nothing about load: a streamed download, a request that waited on
    /// purpose (a sign-in held back by the throttle). No sample.
    Ignored,
}

/// A request turned away: the server is full for its class right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shed {
    /// The class that was refused, for the metrics and to choose the answer (waiting room
    /// or `503`).
    pub class: Class,
    /// When to try again, for the `Retry-After` header: at least 1 s, longer for the lower
    /// classes and the more requests are being turned away.
    pub retry_after_seconds: u64,
}

impl fmt::Display for Shed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "server busy for {} requests; try again in {} s",
            self.class.as_str(),
            self.retry_after_seconds
        )
    }
}

impl std::error::Error for Shed {}

/// The right to be served, held by an admitted request for as long as it runs.
///
/// Dropping it frees the place; [`Permit::finish`] frees it too and reports the request's
/// latency. It owns a reference to the shared state, so it can move into a response body
/// that outlives the handler.
pub struct Permit {
    shared: Arc<Shared>,
    class: Class,
    /// Admitted during a probe (see the module documentation): its latency measures the
    /// server without a queue.
    probe: bool,
}

impl fmt::Debug for Permit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Permit")
            .field("class", &self.class)
            .finish()
    }
}

impl Permit {
    /// Ends the request: frees its place and reports how long it took from admission to
    /// answer and how it ended, which is what the limit learns from.
    pub fn finish(self, latency: Duration, outcome: Outcome) {
        self.shared.record(latency, outcome, self.probe);
        // Dropping `self` here frees the place.
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        // Each permit was counted in once by `try_admit`, so this cannot go below zero.
        self.shared.in_flight.fetch_sub(1, Relaxed);
    }
}

/// The admission control of one server: shared by every request (it is `Send + Sync`,
/// used through `&self`, typically behind an `Arc`).
pub struct Admission {
    shared: Arc<Shared>,
}

/// What admission and the permits share.
///
/// The atomics are plain counters and gauges: no other memory is published through them,
/// so relaxed ordering is enough. The only lock guards a window's samples, taken once per
/// finished request; admitting and shedding never take it.
struct Shared {
    config: AdmissionConfig,
    in_flight: AtomicUsize,
    /// The limit, rounded, as last computed.
    limit: AtomicUsize,
    /// Per class, the requests in flight under which it is admitted: its share of `limit`
    /// (of half of it during a probe).
    caps: [AtomicUsize; 4],
    /// Whether a probe is under way: permits admitted now are marked.
    probing: AtomicBool,
    /// The most requests in flight since the window began.
    peak: AtomicUsize,
    /// Whether a request was shed since the window began.
    shed_seen: AtomicBool,
    /// Requests offered per request admitted over the last window (an `f64`'s bits).
    pressure: AtomicU64,
    admitted: [AtomicU64; 4],
    shed: [AtomicU64; 4],
    window: Mutex<Window>,
}

/// The state the limit is computed from.
struct Window {
    /// The limit before rounding: small steps add up.
    limit: f64,
    /// The no-load latency in seconds, once a window has been measured.
    no_load: Option<f64>,
    /// Latencies of the window's served requests (of the probe's, during one), in seconds.
    served: Vec<f64>,
    /// Failed requests in the window; during a probe, every request finished.
    failed: usize,
    /// Busy windows in a row: a probe is due after [`PROBE_AFTER`].
    busy_windows: u32,
    /// The highest limit since the last probe: a probe is due if latency brings the limit
    /// below half of it.
    highest: f64,
    /// Whether a probe is under way.
    probing: bool,
    /// The admitted and shed totals when the window began.
    admitted_before: u64,
    shed_before: u64,
}

/// Windows where the requests in flight reached this fraction of the limit used it.
const USED_FRACTION: f64 = 0.9;
/// The fraction of the slowest samples left out of a window's latency.
const TRIMMED: f64 = 0.1;
/// How far the no-load latency moves towards a window's latency when it learns from it.
const NO_LOAD_WEIGHT: f64 = 0.5;
/// Busy windows in a row after which the no-load latency is measured again by a probe.
const PROBE_AFTER: u32 = 64;
/// A probe gives up, keeping the old no-load latency, after this many windows' worth of
/// requests (if the probe's own requests keep being ignored, say).
const PROBE_PATIENCE: usize = 4;

impl fmt::Debug for Admission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Admission")
            .field("limit", &self.limit())
            .field("in_flight", &self.in_flight())
            .finish()
    }
}

impl Admission {
    /// Admission control starting at `config.initial_limit`. Settings out of range are
    /// brought into it (a minimum above the maximum is raised to it, and so on).
    pub fn new(config: AdmissionConfig) -> Self {
        let config = config.sanitised();
        let limit = config.initial_limit;
        let shared = Shared {
            in_flight: AtomicUsize::new(0),
            limit: AtomicUsize::new(limit),
            caps: Class::ALL
                .map(|class| AtomicUsize::new(cap(limit, config.shares[class.index()]))),
            probing: AtomicBool::new(false),
            peak: AtomicUsize::new(0),
            shed_seen: AtomicBool::new(false),
            pressure: AtomicU64::new(1.0_f64.to_bits()),
            admitted: Default::default(),
            shed: Default::default(),
            window: Mutex::new(Window {
                limit: limit as f64,
                no_load: None,
                served: Vec::with_capacity(limit.max(config.min_window)),
                failed: 0,
                busy_windows: 0,
                highest: limit as f64,
                probing: false,
                admitted_before: 0,
                shed_before: 0,
            }),
            config,
        };
        Admission {
            shared: Arc::new(shared),
        }
    }

    /// Admits a request of `class` if the requests in flight are under its share of the
    /// limit, or says when to come back. Never waits: a request that cannot be served now
    /// is answered now.
    pub fn try_admit(&self, class: Class) -> Result<Permit, Shed> {
        let shared = &*self.shared;
        let i = class.index();
        match self.admit_under(class, shared.caps[i].load(Relaxed)) {
            Some(permit) => Ok(permit),
            None => {
                shared.shed[i].fetch_add(1, Relaxed);
                // Read first: in a flood, every core writing the flag would fight over it.
                if !shared.shed_seen.load(Relaxed) {
                    shared.shed_seen.store(true, Relaxed);
                }
                Err(Shed {
                    class,
                    retry_after_seconds: shared.retry_after(class),
                })
            }
        }
    }

    /// Admits a request of `class` standing by: only while the requests in flight are under
    /// the lowest class's share, so that it never takes a place the others would need. Not
    /// being admitted is no refusal (nothing is counted as shed): the caller still holds its
    /// place in a queue.
    pub fn try_admit_standing_by(&self, class: Class) -> Option<Permit> {
        let lowest = Class::ALL[Class::ALL.len() - 1];
        self.admit_under(class, self.shared.caps[lowest.index()].load(Relaxed))
    }

    /// Counts a request of `class` in if fewer than `cap` are in flight.
    fn admit_under(&self, class: Class, cap: usize) -> Option<Permit> {
        let shared = &*self.shared;
        // Counting in only from below the cap, so the cap is never exceeded, even briefly.
        let before = shared
            .in_flight
            .fetch_update(Relaxed, Relaxed, |n| (n < cap).then_some(n + 1))
            .ok()?;
        shared.peak.fetch_max(before + 1, Relaxed);
        shared.admitted[class.index()].fetch_add(1, Relaxed);
        Some(Permit {
            shared: Arc::clone(&self.shared),
            class,
            probe: shared.probing.load(Relaxed),
        })
    }

    /// The current concurrency limit: the requests of all classes that may be in flight.
    pub fn limit(&self) -> usize {
        self.shared.limit.load(Relaxed)
    }

    /// The requests being served now.
    pub fn in_flight(&self) -> usize {
        self.shared.in_flight.load(Relaxed)
    }

    /// How many more requests of `class` would be admitted now (fewer during a probe, which
    /// briefly halves the limit): the waiting room calls that many tickets.
    pub fn spare(&self, class: Class) -> usize {
        let cap = self.shared.caps[class.index()].load(Relaxed);
        cap.saturating_sub(self.in_flight())
    }

    /// Requests of `class` turned away since the start, for the metrics page.
    pub fn shed_count(&self, class: Class) -> u64 {
        self.shared.shed[class.index()].load(Relaxed)
    }

    /// Requests of `class` admitted since the start, for the metrics page.
    pub fn admitted_count(&self, class: Class) -> u64 {
        self.shared.admitted[class.index()].load(Relaxed)
    }
}

/// The requests in flight under which a class with `share` is admitted, for `limit`.
fn cap(limit: usize, share: f64) -> usize {
    // The epsilon keeps 10 × 0.7 at 7 despite binary fractions.
    (limit as f64 * share + 1e-9).floor() as usize
}

/// The mean of `samples` without the slowest [`TRIMMED`] fraction; `None` if empty.
fn trimmed_mean(samples: &mut [f64]) -> Option<f64> {
    if samples.is_empty() {
        return None;
    }
    let keep = (samples.len() - (samples.len() as f64 * TRIMMED) as usize).max(1);
    if keep < samples.len() {
        samples.select_nth_unstable_by(keep - 1, f64::total_cmp);
    }
    Some(samples[..keep].iter().sum::<f64>() / keep as f64)
}

impl Shared {
    /// The window only holds samples, so a thread that panicked while holding the lock
    /// left nothing half-done that matters: keep adapting rather than fail every request.
    fn window(&self) -> MutexGuard<'_, Window> {
        self.window.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn retry_after(&self, class: Class) -> u64 {
        let pressure = f64::from_bits(self.pressure.load(Relaxed));
        let (base, longest) = class.retry_after_range();
        // `as` saturates (and maps NaN to 0), so the clamp decides.
        ((base * pressure).ceil() as u64).clamp(1, longest)
    }

    /// The samples a window needs before it closes.
    fn window_size(&self) -> usize {
        self.limit.load(Relaxed).max(self.config.min_window)
    }

    fn record(&self, latency: Duration, outcome: Outcome, probe: bool) {
        if outcome == Outcome::Ignored {
            return;
        }
        let mut window = self.window();
        if window.probing {
            // Only the probe's own requests measure the server without a queue; those
            // admitted before it began are still draining the queue.
            window.failed += 1;
            if probe && outcome == Outcome::Served {
                window.served.push(latency.as_secs_f64());
            }
            let size = self.config.min_window;
            if window.served.len() >= size || window.failed >= PROBE_PATIENCE * size {
                self.end_probe(&mut window);
            }
            return;
        }
        match outcome {
            Outcome::Served => window.served.push(latency.as_secs_f64()),
            _ => window.failed += 1,
        }
        if window.served.len() + window.failed >= self.window_size() {
            self.close(&mut window);
        }
    }

    /// Ends a window: computes the next limit from it and starts the next one.
    fn close(&self, window: &mut Window) {
        let config = &self.config;
        let limit = window.limit;
        let peak = self.peak.load(Relaxed) as f64;
        let shed_seen = self.shed_seen.load(Relaxed);
        let served = window.served.len();
        let total = served + window.failed;
        let quiet = 2.0 * peak <= limit || limit <= 2.0 * config.min_limit as f64;

        let mut gradient = 1.0 - window.failed as f64 / total.max(1) as f64;
        // Whether latency, rather than failures, asks for a lower limit.
        let mut slower = false;
        // A window made mostly of failures has too few latencies to say anything more.
        let latency = if 2 * served >= total {
            trimmed_mean(&mut window.served)
        } else {
            None
        };
        if let Some(latency) = latency {
            let no_load = *window.no_load.get_or_insert(latency);
            let target = (config.tolerance * no_load)
                .max(config.latency_floor.as_secs_f64())
                .min(config.latency_target.as_secs_f64())
                .max(no_load * (1.0 + config.tolerance) / 2.0);
            // `f64::min` ignores a NaN (0 / 0): no signal, no change.
            slower = latency > target && target / latency < gradient;
            gradient = gradient.min(target / latency);
            if latency < no_load || quiet {
                window.no_load = Some(no_load + (latency - no_load) * NO_LOAD_WEIGHT);
            }
        }
        let gradient = gradient.clamp(0.5, 1.0);
        let used = shed_seen || peak >= USED_FRACTION * limit;
        let queue = if used && !slower { limit.sqrt() } else { 0.0 };
        let estimate = limit * gradient + queue;
        window.limit = (limit + (estimate - limit) * config.smoothing)
            .max(config.min_limit as f64)
            .min(config.max_limit as f64);
        window.highest = window.highest.max(window.limit);
        // Latency has halved the limit: the server lost half its capacity, or its requests
        // became slower. Only a probe tells which.
        let halved = slower && window.limit < window.highest / 2.0;
        self.limit.store(window.limit.round() as usize, Relaxed);

        let (admitted, shed) = self.totals();
        let (admitted_now, shed_now) = (
            admitted.saturating_sub(window.admitted_before),
            shed.saturating_sub(window.shed_before),
        );
        let pressure = (admitted_now + shed_now) as f64 / admitted_now.max(1) as f64;
        self.pressure.store(pressure.to_bits(), Relaxed);

        window.busy_windows = if quiet { 0 } else { window.busy_windows + 1 };
        // A fixed limit (minimum = maximum) has nothing to learn.
        let adaptive = config.min_limit < config.max_limit;
        if adaptive && (window.busy_windows >= PROBE_AFTER || halved) {
            // Half the limit, and only requests admitted from now on are measured.
            window.probing = true;
            self.probing.store(true, Relaxed);
            self.set_caps((window.limit.round() as usize / 2).max(config.min_limit));
        } else {
            self.set_caps(window.limit.round() as usize);
        }
        self.restart(window);
    }

    /// Ends a probe: its latency is the no-load latency, and the limit is restored.
    fn end_probe(&self, window: &mut Window) {
        if window.served.len() >= self.config.min_window {
            window.no_load = trimmed_mean(&mut window.served);
        }
        window.probing = false;
        window.busy_windows = 0;
        window.highest = window.limit;
        self.probing.store(false, Relaxed);
        self.set_caps(window.limit.round() as usize);
        self.restart(window);
    }

    /// Starts a new window.
    fn restart(&self, window: &mut Window) {
        self.peak.store(self.in_flight.load(Relaxed), Relaxed);
        self.shed_seen.store(false, Relaxed);
        (window.admitted_before, window.shed_before) = self.totals();
        window.served.clear();
        window.failed = 0;
    }

    /// Requests admitted and shed since the start, all classes together.
    fn totals(&self) -> (u64, u64) {
        let sum = |counters: &[AtomicU64; 4]| counters.iter().map(|c| c.load(Relaxed)).sum();
        (sum(&self.admitted), sum(&self.shed))
    }

    fn set_caps(&self, limit: usize) {
        for class in Class::ALL {
            let share = self.config.shares[class.index()];
            self.caps[class.index()].store(cap(limit, share), Relaxed);
        }
    }
}

#[cfg(test)]
mod tests;
