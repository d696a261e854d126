//! Cartable's protection: what keeps the platform up and its accounts safe when someone
//! floods it or guesses passwords.
//!
//! Everything here is pure, in-memory logic with time passed in, so each rule is tested at any
//! instant without a server; the web crate wires it into the request path.
//!
//! - [`SignInThrottle`]: growing delays after failed sign-ins, per account, per device and per
//!   IP address, so password guessing slows to a crawl without letting anyone lock a pupil
//!   out of their own account.
//! - [`proof_of_work`]: the hashcash puzzle an anonymous browser solves while the platform is
//!   under attack, each solution accepted once.
//! - [`waiting_room`]: the first-come-first-served queue of browsers the server cannot admit
//!   yet, with their place and the time to wait.
//! - [`rate_limit`]: how many requests a session, a device, an address and a subnet may make
//!   (GCRA), with the school networks an operator trusts.
//! - [`connection_cap`]: how many connections one address, and the server in all, may hold.
//! - [`network`]: addresses, subnets and the operator's trusted school networks.
//! - [`under_attack`]: when anonymous browsers must solve the proof of work, switched by an
//!   administrator or by a flood.
//! - [`admission`]: the adaptive limit on requests served at once, learned from their
//!   latency, with reserves so that anonymous visitors are turned away before sign-ins, and
//!   sign-ins before users already at work.

pub mod admission;
pub mod connection_cap;
pub mod network;
pub mod proof_of_work;
pub mod rate_limit;
pub mod signin_throttle;
pub mod under_attack;
pub mod waiting_room;

pub use admission::{Admission, AdmissionConfig, Class, Outcome, Permit, Shed};
pub use connection_cap::{ConnectionCap, ConnectionCapConfig, OpenConnection};
pub use network::{Cidr, TrustedNetworks};
pub use proof_of_work::{Challenge, PowRefusal, SpentChallenges};
pub use rate_limit::{Caller, Limited, Rate, RateLimitConfig, RateLimits};
pub use signin_throttle::{RetryAfter, SignInThrottle, ThrottleConfig, ThrottleKey};
pub use under_attack::{AttackSetting, AttackThresholds, UnderAttack};
pub use waiting_room::{Judged, Ticket, Turn, WaitingRoom};
