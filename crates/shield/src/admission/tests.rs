//! The admission control's tests: shedding order, and the limit against a simulated server.

use super::*;

/// A limit that does not adapt: at 10, the four classes are admitted under 10, 9, 7 and 5
/// requests in flight.
fn fixed(limit: usize) -> Admission {
    Admission::new(AdmissionConfig {
        min_limit: limit,
        max_limit: limit,
        initial_limit: limit,
        ..AdmissionConfig::for_cores(1)
    })
}

#[test]
fn admission_is_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Admission>();
    assert_send_sync::<Permit>();
}

#[test]
fn lower_classes_are_shed_first() {
    let admission = fixed(10);
    let mut permits = Vec::new();
    let admits = |class| admission.try_admit(class).is_ok();
    // Each class is refused once the requests in flight reach its share.
    for (in_flight, refused) in [
        (5, Class::Anonymous),
        (7, Class::SignIn),
        (9, Class::SignedIn),
        (10, Class::Priority),
    ] {
        while admission.in_flight() < in_flight {
            permits.push(admission.try_admit(Class::Priority).unwrap());
        }
        let still_admitted: Vec<Class> = Class::ALL
            .into_iter()
            .filter(|class| class.index() < refused.index())
            .collect();
        assert_eq!(admission.spare(refused), 0);
        assert!(admission.try_admit(refused).is_err(), "{refused:?}");
        for class in still_admitted {
            assert!(admission.spare(class) > 0);
            // Admitted, and released at once by dropping the permit.
            assert!(admits(class), "{class:?} at {in_flight}");
        }
        assert_eq!(admission.in_flight(), in_flight);
    }
    assert_eq!(admission.shed_count(Class::Anonymous), 1);
    assert_eq!(admission.shed_count(Class::Priority), 1);

    // Finishing or dropping permits frees room, lowest classes last.
    permits
        .pop()
        .unwrap()
        .finish(Duration::from_millis(5), Outcome::Served);
    assert!(admits(Class::Priority));
    assert!(!admits(Class::SignedIn));
    permits.truncate(4);
    assert_eq!(admission.in_flight(), 4);
    assert_eq!(admission.spare(Class::Anonymous), 1);
    assert!(admits(Class::Anonymous));
    drop(permits);
    assert_eq!(admission.in_flight(), 0);
}

#[test]
fn a_request_standing_by_takes_only_a_place_nobody_needs_and_is_never_counted_shed() {
    let admission = fixed(10);
    let mut permits: Vec<Permit> = (0..4)
        .map(|_| admission.try_admit(Class::Priority).unwrap())
        .collect();
    // Under the lowest class's share (5): let in, and counted as its own class.
    permits.push(admission.try_admit_standing_by(Class::SignedIn).unwrap());
    assert_eq!(admission.admitted_count(Class::SignedIn), 1);
    // At it: not let in, though a signed-in request would be, and nothing counted as shed.
    assert!(admission.try_admit_standing_by(Class::SignedIn).is_none());
    assert_eq!(admission.shed_count(Class::SignedIn), 0);
    assert!(admission.try_admit(Class::SignedIn).is_ok());
}

#[test]
fn lower_classes_are_told_to_retry_later() {
    let admission = fixed(10);
    let _permits: Vec<Permit> = (0..10)
        .map(|_| admission.try_admit(Class::Priority).unwrap())
        .collect();
    let retry = |class| admission.try_admit(class).unwrap_err().retry_after_seconds;
    assert_eq!(retry(Class::Priority), 1);
    assert!(retry(Class::SignedIn) >= 1);
    assert!(retry(Class::Anonymous) > retry(Class::SignedIn));
    assert!(retry(Class::SignIn) > retry(Class::SignedIn));
}

#[test]
fn nonsense_settings_are_brought_into_range() {
    let admission = Admission::new(AdmissionConfig {
        min_limit: 0,
        max_limit: 0,
        initial_limit: 50,
        tolerance: f64::NAN,
        smoothing: -1.0,
        min_window: 0,
        shares: [2.0, f64::NAN, -1.0, 0.5],
        latency_target: Duration::ZERO,
        latency_floor: Duration::MAX,
    });
    assert_eq!(admission.limit(), 1);
    assert_eq!(admission.spare(Class::Priority), 1);
    assert_eq!(admission.spare(Class::SignedIn), 0);
    let permit = admission.try_admit(Class::Priority).unwrap();
    permit.finish(Duration::ZERO, Outcome::Served);
    assert_eq!(admission.limit(), 1);
}

/// A deterministic server for the limit to measure: `capacity` requests are worked on
/// at full speed, more share the same capacity (processor sharing), so past it latency
/// grows in proportion to the requests in flight, as in a queue. Time goes by in ticks
/// of a millisecond; each request needs `base_ms` of work give or take half of it, and
/// one in a hundred ten times more.
struct Server {
    capacity: f64,
    base_ms: f64,
    running: Vec<Job>,
    now: u64,
    random: u64,
    arrivals: f64,
}

struct Job {
    permit: Permit,
    started: u64,
    work_left: f64,
}

/// What happened over a stretch of ticks.
#[derive(Debug, Default)]
struct Stretch {
    /// The lowest limit over the whole stretch (the rest is over its second half).
    dip: usize,
    lowest_limit: usize,
    highest_limit: usize,
    mean_latency_ms: f64,
    /// Requests completed, as a fraction of what the server can complete at most.
    utilisation: f64,
    completed: u64,
    shed: u64,
}

impl Server {
    fn new(capacity: f64, base_ms: f64) -> Server {
        Server {
            capacity,
            base_ms,
            running: Vec::new(),
            now: 0,
            random: 0x2545_f491_4f6c_dd1d,
            arrivals: 0.0,
        }
    }

    /// A number in [0, 1) from a xorshift generator.
    fn uniform(&mut self) -> f64 {
        self.random ^= self.random << 13;
        self.random ^= self.random >> 7;
        self.random ^= self.random << 17;
        (self.random >> 11) as f64 / (1u64 << 53) as f64
    }

    /// The requests per tick the server completes at full capacity.
    fn throughput(&self) -> f64 {
        self.capacity / self.base_ms
    }

    /// Offers `load` times the server's throughput for `ticks`; reports on the last half.
    fn run(&mut self, admission: &Admission, load: f64, ticks: u64) -> Stretch {
        let mut stretch = Stretch {
            dip: usize::MAX,
            lowest_limit: usize::MAX,
            ..Stretch::default()
        };
        let mut latency_sum = 0.0;
        for tick in 0..ticks {
            let measured = tick >= ticks / 2;
            self.arrivals += load * self.throughput();
            while self.arrivals >= 1.0 {
                self.arrivals -= 1.0;
                match admission.try_admit(Class::Priority) {
                    Ok(permit) => {
                        let mut work = self.base_ms * (0.5 + self.uniform());
                        if self.uniform() < 0.01 {
                            work *= 10.0;
                        }
                        self.running.push(Job {
                            permit,
                            started: self.now,
                            work_left: work,
                        });
                    }
                    Err(_) => stretch.shed += u64::from(measured),
                }
            }
            self.now += 1;
            let speed = (self.capacity / self.running.len() as f64).min(1.0);
            let mut i = 0;
            while i < self.running.len() {
                self.running[i].work_left -= speed;
                if self.running[i].work_left <= 0.0 {
                    let job = self.running.swap_remove(i);
                    let latency = self.now - job.started;
                    job.permit
                        .finish(Duration::from_millis(latency), Outcome::Served);
                    if measured {
                        latency_sum += latency as f64;
                        stretch.completed += 1;
                    }
                } else {
                    i += 1;
                }
            }
            stretch.dip = stretch.dip.min(admission.limit());
            if measured {
                stretch.lowest_limit = stretch.lowest_limit.min(admission.limit());
                stretch.highest_limit = stretch.highest_limit.max(admission.limit());
            }
        }
        stretch.mean_latency_ms = latency_sum / stretch.completed.max(1) as f64;
        // A request needs `base_ms` of work on average, plus the slow hundredth's 9 × more.
        let most = self.capacity / (self.base_ms * 1.09) * (ticks - ticks / 2) as f64;
        stretch.utilisation = stretch.completed as f64 / most;
        stretch
    }
}

fn assert_near_capacity(stretch: &Stretch, capacity: f64) {
    eprintln!("capacity {capacity}: {stretch:?}");
    assert!(stretch.lowest_limit as f64 >= 0.6 * capacity, "{stretch:?}");
    assert!(
        stretch.highest_limit as f64 <= 1.6 * capacity,
        "{stretch:?}"
    );
    assert!(stretch.mean_latency_ms <= 100.0, "{stretch:?}");
    // Shedding the excess costs no throughput: the server is kept busy.
    assert!(stretch.utilisation >= 0.9, "{stretch:?}");
}

#[test]
fn the_limit_finds_the_capacity_and_follows_it() {
    // Starting at 80 under full load: the first windows are all queued, and a probe
    // finds the no-load latency.
    let admission = Admission::new(AdmissionConfig::for_cores(4));
    let mut server = Server::new(40.0, 20.0);
    // Twice as many requests offered as the server can take, for 20 s at a time.
    let stretch = server.run(&admission, 2.0, 20_000);
    assert_near_capacity(&stretch, 40.0);
    assert!(stretch.shed > 0);

    server.capacity = 20.0;
    let stretch = server.run(&admission, 2.0, 20_000);
    assert_near_capacity(&stretch, 20.0);

    server.capacity = 40.0;
    let stretch = server.run(&admission, 2.0, 20_000);
    assert_near_capacity(&stretch, 40.0);
}

#[test]
fn slower_pages_are_not_mistaken_for_queueing() {
    let admission = Admission::new(AdmissionConfig::for_cores(4));
    let mut server = Server::new(40.0, 20.0);
    // A quiet start teaches the no-load latency without a probe.
    server.run(&admission, 0.3, 5_000);
    assert_near_capacity(&server.run(&admission, 2.0, 20_000), 40.0);
    // The morning's pages take twice as long, even unloaded: the server still holds 40
    // requests without queueing. Latency doubles at once, the limit first shrinks as if
    // it were queueing, then a probe measures the new no-load latency.
    server.base_ms = 40.0;
    let stretch = server.run(&admission, 2.0, 40_000);
    eprintln!("{stretch:?}");
    // Without the probe, the limit would sink to its minimum before learning.
    assert!(stretch.dip as f64 >= 0.4 * 40.0, "{stretch:?}");
    assert!(stretch.lowest_limit as f64 >= 0.6 * 40.0, "{stretch:?}");
    assert!(stretch.utilisation >= 0.9, "{stretch:?}");
    assert!(stretch.highest_limit as f64 <= 1.6 * 40.0, "{stretch:?}");
}

#[test]
fn a_light_load_does_not_raise_the_limit() {
    let admission = Admission::new(AdmissionConfig::for_cores(4));
    let before = admission.limit();
    let mut server = Server::new(40.0, 20.0);
    // Requests in flight stay around 12 (30 % of 40) under a limit of 80.
    let stretch = server.run(&admission, 0.3, 20_000);
    eprintln!("{stretch:?}");
    assert_eq!(stretch.shed, 0);
    assert!(stretch.highest_limit <= before, "{stretch:?}");
}

#[test]
fn failures_shrink_the_limit() {
    let admission = Admission::new(AdmissionConfig::for_cores(4));
    let before = admission.limit();
    for _ in 0..10 {
        let permits: Vec<Permit> = (0..before)
            .filter_map(|_| admission.try_admit(Class::SignedIn).ok())
            .collect();
        for permit in permits {
            permit.finish(Duration::from_millis(20), Outcome::Failed);
        }
    }
    assert!(admission.limit() < before / 2, "{}", admission.limit());
    assert!(admission.limit() >= 4);
}

#[test]
fn a_few_milliseconds_of_queue_on_fast_pages_do_not_shrink_the_limit() {
    let admission = Admission::new(AdmissionConfig::for_cores(1));
    let before = admission.limit();
    // Pages of a third of a millisecond when alone, then ten times that with a full
    // house: far under the 20 ms floor, so nobody is turned away for it.
    let mut latency = Duration::from_micros(300);
    for round in 0..200 {
        if round == 20 {
            latency = Duration::from_millis(3);
        }
        let permits: Vec<Permit> = (0..before)
            .filter_map(|_| admission.try_admit(Class::Priority).ok())
            .collect();
        for permit in permits {
            permit.finish(latency, Outcome::Served);
        }
    }
    assert!(
        admission.limit() >= before,
        "{} < {before}",
        admission.limit()
    );
}

#[test]
fn ignored_and_dropped_requests_teach_nothing() {
    let admission = Admission::new(AdmissionConfig::for_cores(4));
    let before = admission.limit();
    for _ in 0..1000 {
        let permit = admission.try_admit(Class::SignedIn).unwrap();
        permit.finish(Duration::from_secs(10), Outcome::Ignored);
        drop(admission.try_admit(Class::SignedIn).unwrap());
    }
    assert_eq!(admission.limit(), before);
    assert_eq!(admission.in_flight(), 0);
}

#[test]
fn many_threads_admit_and_finish() {
    let threads = 8;
    let rounds = 5_000;
    for admission in [fixed(16), Admission::new(AdmissionConfig::for_cores(1))] {
        // A fixed limit is never exceeded; an adaptive one moves under the threads' feet.
        let max = if admission.shared.config.min_limit == 16 {
            16
        } else {
            admission.shared.config.max_limit
        };
        std::thread::scope(|scope| {
            for t in 0..threads {
                let admission = &admission;
                scope.spawn(move || {
                    for round in 0..rounds {
                        let class = Class::ALL[(t + round) % 4];
                        if let Ok(permit) = admission.try_admit(class) {
                            assert!(admission.in_flight() <= max);
                            let latency = Duration::from_micros((round % 50) as u64 * 100);
                            let outcome = if round % 97 == 0 {
                                Outcome::Failed
                            } else {
                                Outcome::Served
                            };
                            permit.finish(latency, outcome);
                        }
                    }
                });
            }
        });
        assert_eq!(admission.in_flight(), 0);
        let counted: u64 = Class::ALL
            .iter()
            .map(|&c| admission.admitted_count(c) + admission.shed_count(c))
            .sum();
        assert_eq!(counted, (threads * rounds) as u64);
    }
}
