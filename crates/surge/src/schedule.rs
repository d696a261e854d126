//! When users arrive: the arrival rate over the run, and the arrival times drawn from it.
//!
//! Arrivals are open-loop: they come when the schedule says, whatever the server does. Times
//! are drawn as a Poisson process whose rate follows the shape (each gap exponential, so
//! bursts happen as they do in real life), from a seeded generator: the same seed gives the
//! same morning, which is what makes a comparison of two servers fair.

use rand::Rng;
use serde::Serialize;

/// The spike rises to its peak over this share of the run...
const SPIKE_RISE: f64 = 0.1;
/// ...then decays exponentially with this share of the run as time constant: about three
/// quarters of the users arrive in the first fifth of the run, as most pupils of a ten-minute
/// morning rush arrive in its first two minutes.
const SPIKE_DECAY: f64 = 0.1;
/// Stragglers keep arriving at this share of the peak until the end.
const SPIKE_FLOOR: f64 = 0.05;
/// Step of the numerical integration of the rate, in seconds.
const STEP: f64 = 0.005;

/// The shape of the arrival rate over the run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// The 9:00 spike: a quick rise to `rate` (in the first tenth of the run), then a decay.
    #[default]
    Spike,
    /// A constant `rate`.
    Steady,
    /// `rate` for the first third, then `step_factor` × `rate`.
    Step,
}

/// An arrival rate over a run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ramp {
    /// The shape.
    pub shape: Shape,
    /// Users per second: the spike's peak, the steady rate, the step's first rate.
    pub rate: f64,
    /// Length of the run, in seconds.
    pub duration: f64,
    /// The step's multiplier.
    pub step_factor: f64,
}

impl Ramp {
    /// Users per second arriving at `t` seconds into the run (0 outside the run).
    pub fn rate_at(&self, t: f64) -> f64 {
        if !(0.0..self.duration).contains(&t) {
            return 0.0;
        }
        match self.shape {
            Shape::Steady => self.rate,
            Shape::Step if t < self.duration / 3.0 => self.rate,
            Shape::Step => self.rate * self.step_factor,
            Shape::Spike => {
                let rise = SPIKE_RISE * self.duration;
                let level = if t < rise {
                    t / rise
                } else {
                    (-(t - rise) / (SPIKE_DECAY * self.duration)).exp()
                };
                self.rate * level.max(SPIKE_FLOOR)
            }
        }
    }

    /// The arrival times, in seconds from the start, in order.
    pub fn arrivals(&self, rng: &mut impl Rng) -> Vec<f64> {
        let mut times = Vec::new();
        // The next arrival happens when the integrated rate reaches `next`.
        let mut integrated = 0.0;
        let mut next = exponential(rng);
        let mut t = 0.0;
        while t < self.duration {
            let dt = STEP.min(self.duration - t);
            let gained = self.rate_at(t) * dt;
            while integrated + gained >= next && gained > 0.0 {
                times.push(t + dt * (next - integrated) / gained);
                next += exponential(rng);
            }
            integrated += gained;
            t += dt;
        }
        times
    }
}

/// An exponentially distributed number of mean 1.
fn exponential(rng: &mut impl Rng) -> f64 {
    let u: f64 = rng.gen();
    -(1.0 - u).ln()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    fn ramp(shape: Shape, rate: f64, duration: f64) -> Ramp {
        Ramp {
            shape,
            rate,
            duration,
            step_factor: 10.0,
        }
    }

    fn count_between(times: &[f64], from: f64, to: f64) -> usize {
        times.iter().filter(|t| (from..to).contains(*t)).count()
    }

    #[test]
    fn steady_arrives_at_its_rate() {
        let times = ramp(Shape::Steady, 50.0, 100.0).arrivals(&mut StdRng::seed_from_u64(1));
        let n = times.len() as f64;
        assert!((4_700.0..5_300.0).contains(&n), "{n}");
        assert!(times.windows(2).all(|w| w[0] <= w[1]));
        assert!(times.iter().all(|t| (0.0..100.0).contains(t)));
    }

    #[test]
    fn the_spike_puts_most_users_early() {
        let times = ramp(Shape::Spike, 100.0, 100.0).arrivals(&mut StdRng::seed_from_u64(2));
        let early = count_between(&times, 0.0, 20.0) as f64;
        let share = early / times.len() as f64;
        assert!(share > 0.6, "only {share} in the first fifth");
        // It rises to the peak, then falls.
        let peak = count_between(&times, 8.0, 12.0);
        assert!(peak > count_between(&times, 0.0, 4.0));
        assert!(peak > count_between(&times, 50.0, 54.0) * 5);
        // Stragglers still arrive at the end.
        assert!(count_between(&times, 90.0, 100.0) > 0);
    }

    #[test]
    fn the_step_multiplies_the_rate() {
        let times = ramp(Shape::Step, 20.0, 90.0).arrivals(&mut StdRng::seed_from_u64(3));
        let before = count_between(&times, 0.0, 30.0) as f64 / 30.0;
        let after = count_between(&times, 30.0, 90.0) as f64 / 60.0;
        let factor = after / before;
        assert!((8.0..12.5).contains(&factor), "factor {factor}");
    }

    #[test]
    fn the_same_seed_gives_the_same_morning() {
        let r = ramp(Shape::Spike, 30.0, 20.0);
        let a = r.arrivals(&mut StdRng::seed_from_u64(7));
        let b = r.arrivals(&mut StdRng::seed_from_u64(7));
        let c = r.arrivals(&mut StdRng::seed_from_u64(8));
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn no_rate_outside_the_run() {
        let r = ramp(Shape::Steady, 5.0, 10.0);
        assert_eq!(r.rate_at(-1.0), 0.0);
        assert_eq!(r.rate_at(10.0), 0.0);
        assert_eq!(r.rate_at(3.0), 5.0);
    }
}
