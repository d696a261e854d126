//! Who each arriving user is and what their morning will be, decided before the run from the
//! seed: the same seed plays the same users, pages and pauses against both servers of a
//! comparison.

use crate::accounts::{self, Account};
use crate::addresses::{self, Population};
use rand::seq::SliceRandom;
use rand::Rng;
use serde::Serialize;
use std::net::IpAddr;

/// Every morning starts with these: home, today's view, the inbox.
pub const FIRST_PAGES: [&str; 3] = ["/home", "/api/v1/home", "/messages"];
/// Then one or two of these.
pub const MORE_PAGES: [&str; 3] = ["/messages?folder=sent", "/api/v1/me", "/api/v1/messages"];
/// Think times are drawn between these (seconds), before `--think-scale`.
pub const THINK_RANGE: (f64, f64) = (0.5, 3.0);

/// How a user gets a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Entry {
    /// Already signed in yesterday ("stay signed in"): the session cookie is there.
    Resume,
    /// Signs in through the JSON API (the mobile app).
    SignInApi,
    /// Signs in through the sign-in form (a browser).
    SignInForm,
}

/// One user's morning.
#[derive(Debug, Clone, PartialEq)]
pub struct UserPlan {
    /// Seconds after the start of the run.
    pub arrival: f64,
    /// Index of the account in the accounts list.
    pub account: usize,
    /// How the user gets a session.
    pub entry: Entry,
    /// The address the user speaks from.
    pub source: IpAddr,
    /// Whether that address is the school's NAT, shared with classmates.
    pub at_school: bool,
    /// The pages asked for, in order.
    pub pages: Vec<&'static str>,
    /// Seconds of thought before each page (the first is 0: it follows the arrival or the
    /// sign-in directly).
    pub thinks: Vec<f64>,
}

/// The knobs of [`plan`].
#[derive(Debug, Clone, Copy)]
pub struct Mix {
    /// Share of users resuming a session.
    pub resume_share: f64,
    /// Share of users behind their school's NAT.
    pub school_share: f64,
    /// Multiplier of think times.
    pub think_scale: f64,
}

/// A morning for each arrival time. Accounts are dealt in a shuffled order, each once before
/// any is used twice.
pub fn plan(arrivals: &[f64], accounts: &[Account], mix: Mix, rng: &mut impl Rng) -> Vec<UserPlan> {
    let schools = accounts::schools(accounts);
    let mut order: Vec<usize> = (0..accounts.len()).collect();
    order.shuffle(rng);
    arrivals
        .iter()
        .enumerate()
        .map(|(n, &arrival)| {
            let account = order.get(n % order.len().max(1)).copied().unwrap_or(0);
            let entry = if rng.gen_bool(mix.resume_share) {
                Entry::Resume
            } else if rng.gen_bool(0.5) {
                Entry::SignInApi
            } else {
                Entry::SignInForm
            };
            let at_school = rng.gen_bool(mix.school_share);
            let source = if at_school {
                let school = accounts.get(account).map_or("", |a| a.school.as_str());
                addresses::school(schools.iter().position(|s| *s == school).unwrap_or(0))
            } else {
                addresses::nth(Population::Home, n as u32)
            };
            let mut pages = FIRST_PAGES.to_vec();
            let mut more = MORE_PAGES.to_vec();
            more.shuffle(rng);
            pages.extend(more.into_iter().take(rng.gen_range(1..=2)));
            let thinks = (0..pages.len())
                .map(|i| {
                    if i == 0 {
                        0.0
                    } else {
                        rng.gen_range(THINK_RANGE.0..=THINK_RANGE.1) * mix.think_scale
                    }
                })
                .collect();
            UserPlan {
                arrival,
                account,
                entry,
                source,
                at_school,
                pages,
                thinks,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    fn accounts(n: usize) -> Vec<Account> {
        (0..n)
            .map(|i| Account {
                login: format!("user{i}"),
                password: format!("pw{i}"),
                role: "pupil".into(),
                school: format!("school{}", i % 3),
            })
            .collect()
    }

    fn mix() -> Mix {
        Mix {
            resume_share: 0.7,
            school_share: 0.2,
            think_scale: 1.0,
        }
    }

    #[test]
    fn shares_follow_the_mix() {
        let arrivals: Vec<f64> = (0..2000).map(f64::from).collect();
        let plans = plan(
            &arrivals,
            &accounts(500),
            mix(),
            &mut StdRng::seed_from_u64(1),
        );
        let share = |f: &dyn Fn(&UserPlan) -> bool| {
            plans.iter().filter(|p| f(p)).count() as f64 / plans.len() as f64
        };
        let resume = share(&|p| p.entry == Entry::Resume);
        assert!((0.65..0.75).contains(&resume), "{resume}");
        let api = share(&|p| p.entry == Entry::SignInApi);
        assert!((0.12..0.18).contains(&api), "{api}");
        let school = share(&|p| p.at_school);
        assert!((0.16..0.24).contains(&school), "{school}");
    }

    #[test]
    fn mornings_are_realistic() {
        let arrivals = [0.0, 1.0, 2.0];
        let plans = plan(
            &arrivals,
            &accounts(10),
            mix(),
            &mut StdRng::seed_from_u64(2),
        );
        for p in &plans {
            assert_eq!(&p.pages[..3], &FIRST_PAGES);
            assert!((4..=5).contains(&p.pages.len()));
            assert_eq!(p.thinks.len(), p.pages.len());
            assert_eq!(p.thinks[0], 0.0);
            assert!(p.thinks[1..].iter().all(|t| (0.5..=3.0).contains(t)));
            assert!(p.source.is_loopback());
        }
    }

    #[test]
    fn at_school_users_share_their_schools_address() {
        let arrivals: Vec<f64> = (0..300).map(f64::from).collect();
        let all = accounts(30);
        let plans = plan(&arrivals, &all, mix(), &mut StdRng::seed_from_u64(3));
        for p in plans.iter().filter(|p| p.at_school) {
            let school: usize = all[p.account].school[6..].parse().unwrap();
            assert_eq!(p.source, addresses::school(school));
        }
        let homes: Vec<IpAddr> = plans
            .iter()
            .filter(|p| !p.at_school)
            .map(|p| p.source)
            .collect();
        let distinct: std::collections::HashSet<_> = homes.iter().collect();
        assert_eq!(distinct.len(), homes.len());
    }

    #[test]
    fn accounts_are_dealt_before_reuse() {
        let arrivals: Vec<f64> = (0..10).map(f64::from).collect();
        let plans = plan(
            &arrivals,
            &accounts(10),
            mix(),
            &mut StdRng::seed_from_u64(4),
        );
        let used: std::collections::HashSet<usize> = plans.iter().map(|p| p.account).collect();
        assert_eq!(used.len(), 10);
    }

    #[test]
    fn no_thinking_at_scale_zero() {
        let plans = plan(
            &[0.0],
            &accounts(1),
            Mix {
                think_scale: 0.0,
                ..mix()
            },
            &mut StdRng::seed_from_u64(5),
        );
        assert!(plans[0].thinks.iter().all(|t| *t == 0.0));
    }
}
