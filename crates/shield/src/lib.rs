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

pub mod proof_of_work;
pub mod signin_throttle;
pub mod waiting_room;

pub use proof_of_work::{Challenge, PowRefusal, SpentChallenges};
pub use signin_throttle::{RetryAfter, SignInThrottle, ThrottleConfig, ThrottleKey};
pub use waiting_room::{Ticket, Turn, WaitingRoom};
