//! The command line, and the [`Scenario`] it becomes once checked: what one run plays.

use crate::accounts::{self, Account};
use crate::attack::AttackKind;
use crate::loopback;
use crate::schedule::{Ramp, Shape};
use anyhow::{bail, Context};
use clap::Parser;
use reqwest::Url;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The flags of `cartable-surge`. Every duration is in seconds.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "cartable-surge",
    about = "Plays the 9:00 surge of pupils (and attacks) against a Cartable server on loopback"
)]
pub struct Cli {
    /// The server, on a loopback address (127.0.0.0/8 or localhost).
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub base: String,
    /// The accounts (`login,password,role,school,class`), e.g. the demo's `demo-accounts.csv`.
    #[arg(long)]
    pub users_csv: PathBuf,
    /// How users arrive: the 9:00 `spike`, a `steady` rate, or a `step` up.
    #[arg(long, value_enum, default_value_t = Shape::Spike)]
    pub shape: Shape,
    /// Length of the run (arrivals and attacks), in seconds.
    #[arg(long, default_value_t = 60.0)]
    pub duration: f64,
    /// Users arriving per second: the peak for `spike`, the rate for `steady`, the first
    /// third's rate for `step`.
    #[arg(long, default_value_t = 20.0)]
    pub rate: f64,
    /// How many times `--rate` users arrive per second after the step.
    #[arg(long, default_value_t = 10.0)]
    pub step_factor: f64,
    /// Share of users resuming a session prepared before the run (the rest sign in).
    #[arg(long, default_value_t = 0.7)]
    pub resume_share: f64,
    /// Share of users behind their school's NAT (one address per school) rather than at home.
    #[arg(long, default_value_t = 0.2)]
    pub school_share: f64,
    /// Multiplies every think time (0.5–3 s between pages); 0 for no pause.
    #[arg(long, default_value_t = 1.0)]
    pub think_scale: f64,
    /// How long a browser waits in the waiting room (and for retries) before leaving.
    #[arg(long, default_value_t = 180.0)]
    pub patience: f64,
    /// A request with no answer after this long is a timeout.
    #[arg(long, default_value_t = 10.0)]
    pub timeout: f64,
    /// Retries of a request shed or rate-limited (after its Retry-After).
    #[arg(long, default_value_t = 3)]
    pub max_retries: u32,
    /// Attacks to mix in, comma-separated: anonymous, stuffing, slowloris.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub attack: Vec<AttackKind>,
    /// Anonymous flood requests per second.
    #[arg(long, default_value_t = 200.0)]
    pub flood_rate: f64,
    /// Credential-stuffing attempts per second.
    #[arg(long, default_value_t = 20.0)]
    pub stuffing_rate: f64,
    /// Slowloris connections to hold open.
    #[arg(long, default_value_t = 500)]
    pub slowloris: usize,
    /// Seconds between two header lines of a slowloris connection.
    #[arg(long, default_value_t = 7.0)]
    pub slowloris_interval: f64,
    /// Distinct source addresses of each attack.
    #[arg(long, default_value_t = 1000)]
    pub attack_ips: u32,
    /// Most stuffing attempts in flight at once, and most flood connections (one per bot
    /// address, each pipelining up to 8 requests); a request due beyond is counted as
    /// dropped, not sent. Keeps the harness under its file limit.
    #[arg(long, default_value_t = 2000)]
    pub attack_in_flight: usize,
    /// Seconds over which the resumed sessions are signed in before the run (untimed).
    #[arg(long, default_value_t = 10.0)]
    pub setup_seconds: f64,
    /// After the run, seconds given to users still in their morning to finish.
    #[arg(long, default_value_t = 30.0)]
    pub drain: f64,
    /// Seed of every random choice: the same seed plays the same morning.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Writes the report as JSON here.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Writes the report as an SVG picture here.
    #[arg(long)]
    pub svg: Option<PathBuf>,
    /// Plays the same scenario afterwards against this second server (e.g. `--shield off`).
    #[arg(long)]
    pub compare: Option<String>,
    /// The second server's accounts, if not the same file.
    #[arg(long)]
    pub compare_users_csv: Option<PathBuf>,
}

/// A server to play against, checked to be on loopback, with the accounts it knows.
#[derive(Debug, Clone)]
pub struct Target {
    /// The base URL, without a trailing slash.
    pub base: String,
    /// Its socket address (for the raw slowloris connections).
    pub addr: SocketAddr,
    /// The value of the `Host` header.
    pub host: String,
    /// The accounts users sign in with.
    pub accounts: Vec<Account>,
}

/// Everything one run plays, checked: built from the flags by [`Cli::scenario`].
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The server measured first.
    pub target: Target,
    /// The server measured second, with the same seed, if any.
    pub compare: Option<Target>,
    /// When users arrive.
    pub ramp: Ramp,
    /// Share of users resuming a prepared session.
    pub resume_share: f64,
    /// Share of users behind a school NAT.
    pub school_share: f64,
    /// Multiplier of think times.
    pub think_scale: f64,
    /// How long a browser waits before leaving.
    pub patience: Duration,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Retries after a shed or rate-limited answer.
    pub max_retries: u32,
    /// The attacks mixed in.
    pub attacks: Vec<AttackKind>,
    /// Flood requests per second.
    pub flood_rate: f64,
    /// Stuffing attempts per second.
    pub stuffing_rate: f64,
    /// Slowloris connections (0 without the slowloris attack).
    pub slowloris: usize,
    /// Pause between two slowloris header lines.
    pub slowloris_interval: Duration,
    /// Distinct source addresses per attack.
    pub attack_ips: u32,
    /// Most stuffing attempts in flight, and most flood connections.
    pub attack_in_flight: usize,
    /// Spread of the untimed sign-ins before the run.
    pub setup: Duration,
    /// Time given to users still busy when the run ends.
    pub drain: Duration,
    /// The seed.
    pub seed: u64,
    /// Where the JSON report goes.
    pub json: Option<PathBuf>,
    /// Where the SVG report goes.
    pub svg: Option<PathBuf>,
}

fn target(base: &str, csv: &std::path::Path) -> anyhow::Result<Target> {
    let checked = loopback::check(base)?;
    let accounts =
        accounts::read(csv).with_context(|| format!("reading accounts from {}", csv.display()))?;
    if accounts.is_empty() {
        bail!("{} holds no account", csv.display());
    }
    Ok(Target {
        base: base_string(&checked.url),
        addr: checked.addr,
        host: checked.host,
        accounts,
    })
}

/// The URL as a prefix to which paths (`/home`) are appended.
fn base_string(url: &Url) -> String {
    url.as_str().trim_end_matches('/').to_owned()
}

fn seconds(name: &str, value: f64) -> anyhow::Result<Duration> {
    Duration::try_from_secs_f64(value).map_err(|_| anyhow::anyhow!("--{name} must be ≥ 0"))
}

fn share(name: &str, value: f64) -> anyhow::Result<f64> {
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        bail!("--{name} must be between 0 and 1")
    }
}

impl Cli {
    /// Checks the flags (loopback servers, sensible numbers) and reads the accounts.
    pub fn scenario(&self) -> anyhow::Result<Scenario> {
        if !(self.duration > 0.0 && self.duration.is_finite()) {
            bail!("--duration must be > 0");
        }
        if !(self.rate > 0.0 && self.rate.is_finite()) {
            bail!("--rate must be > 0");
        }
        if !(self.step_factor > 0.0 && self.step_factor.is_finite()) {
            bail!("--step-factor must be > 0");
        }
        if self.slowloris_interval <= 0.0 {
            bail!("--slowloris-interval must be > 0");
        }
        if self.attack_ips == 0 || self.attack_ips > 60_000 {
            bail!("--attack-ips must be between 1 and 60000");
        }
        let target = target(&self.base, &self.users_csv)?;
        let compare = match &self.compare {
            Some(base) => Some(self::target(
                base,
                self.compare_users_csv.as_ref().unwrap_or(&self.users_csv),
            )?),
            None => None,
        };
        Ok(Scenario {
            target,
            compare,
            ramp: Ramp {
                shape: self.shape,
                rate: self.rate,
                duration: self.duration,
                step_factor: self.step_factor,
            },
            resume_share: share("resume-share", self.resume_share)?,
            school_share: share("school-share", self.school_share)?,
            think_scale: seconds("think-scale", self.think_scale)?.as_secs_f64(),
            patience: seconds("patience", self.patience)?,
            timeout: seconds("timeout", self.timeout)?,
            max_retries: self.max_retries,
            attacks: self.attack.clone(),
            flood_rate: self.flood_rate.max(0.0),
            stuffing_rate: self.stuffing_rate.max(0.0),
            slowloris: if self.attack.contains(&AttackKind::Slowloris) {
                self.slowloris
            } else {
                0
            },
            slowloris_interval: seconds("slowloris-interval", self.slowloris_interval)?,
            attack_ips: self.attack_ips,
            attack_in_flight: self.attack_in_flight.max(1),
            setup: seconds("setup-seconds", self.setup_seconds)?,
            drain: seconds("drain", self.drain)?,
            seed: self.seed,
            json: self.json.clone(),
            svg: self.svg.clone(),
        })
    }
}

impl Scenario {
    /// Whether `kind` is among the attacks played.
    pub fn attacks_with(&self, kind: AttackKind) -> bool {
        self.attacks.contains(&kind)
    }
}
