//! `cartable serve`'s protection flags: trusted school networks, rate limits, the
//! under-attack mode, and a way to serve without the shield (to measure what it changes).

use anyhow::Context;
use cartable_shield::{AttackSetting, Cidr, RateLimitConfig, TrustedNetworks};
use cartable_web::shield::ShieldConfig;
use clap::Args;

/// The shield's settings on the command line.
#[derive(Debug, Clone, Args)]
pub struct ShieldArgs {
    /// `off` serves without admission control, rate limits, waiting room or proof of work:
    /// only to measure what the shield changes (`cartable-surge --compare`).
    #[arg(long = "shield", env = "CARTABLE_SHIELD", default_value = "on", value_parser = ["on", "off"])]
    pub mode: String,
    /// A school network whose addresses get the high ceilings a whole school behind one NAT
    /// address needs, e.g. `192.0.2.0/24` (repeat the flag, or separate with commas).
    #[arg(
        long = "trusted-network",
        env = "CARTABLE_TRUSTED_NETWORKS",
        value_delimiter = ','
    )]
    pub trusted_networks: Vec<String>,
    /// A rate limit as `name=per_second/burst`, e.g. `address=30/600`. Names: session,
    /// device, address, subnet, trusted-address, signin-address, signin-subnet,
    /// signin-trusted-address.
    #[arg(
        long = "rate-limit",
        env = "CARTABLE_RATE_LIMITS",
        value_delimiter = ','
    )]
    pub rate_limits: Vec<String>,
    /// Under-attack mode at start: `auto` (on while anonymous traffic floods), `on`, `off`.
    #[arg(long, env = "CARTABLE_ATTACK_MODE", default_value = "auto", value_parser = ["auto", "on", "off"])]
    pub attack_mode: String,
    /// Leading zero bits of the proof of work (each one doubles the work).
    #[arg(long, env = "CARTABLE_POW_DIFFICULTY", default_value_t = cartable_web::shield::challenge::DEFAULT_DIFFICULTY,
        value_parser = clap::value_parser!(u8).range(1..=i64::from(cartable_shield::proof_of_work::MAX_DIFFICULTY)))]
    pub pow_difficulty: u8,
    /// Connections one address may hold open.
    #[arg(long, env = "CARTABLE_CONNECTIONS_PER_ADDRESS", default_value_t = 512)]
    pub connections_per_address: u32,
}

impl ShieldArgs {
    /// The shield's configuration, or `None` when it is switched off.
    pub fn config(&self) -> anyhow::Result<Option<ShieldConfig>> {
        if self.mode == "off" {
            return Ok(None);
        }
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let mut config = ShieldConfig::for_cores(cores);
        let networks = self
            .trusted_networks
            .iter()
            .map(|text| text.parse::<Cidr>())
            .collect::<Result<Vec<_>, _>>()
            .context("--trusted-network")?;
        let trusted = TrustedNetworks::new(networks);
        config.rate_limits = RateLimitConfig {
            trusted: trusted.clone(),
            ..RateLimitConfig::default()
        };
        for setting in &self.rate_limits {
            config.rate_limits.set(setting).context("--rate-limit")?;
        }
        config.connections.trusted = trusted;
        config.connections.per_address = self.connections_per_address.max(1);
        config.attack = AttackSetting::parse(&self.attack_mode).unwrap_or(AttackSetting::Auto);
        config.pow_difficulty = self.pow_difficulty;
        Ok(Some(config))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Probe {
        #[command(flatten)]
        shield: ShieldArgs,
    }

    fn parse(args: &[&str]) -> anyhow::Result<Option<ShieldConfig>> {
        let mut all = vec!["probe"];
        all.extend_from_slice(args);
        Probe::try_parse_from(all)?.shield.config()
    }

    #[test]
    fn flags_reach_the_configuration() {
        let config = parse(&[
            "--trusted-network",
            "192.0.2.0/24,2001:db8::/48",
            "--rate-limit",
            "address=5/50",
            "--rate-limit",
            "session=40/400",
            "--attack-mode",
            "on",
            "--pow-difficulty",
            "12",
        ])
        .unwrap()
        .unwrap();
        assert!(config
            .rate_limits
            .trusted
            .contains("192.0.2.7".parse().unwrap()));
        assert!(config
            .connections
            .trusted
            .contains("2001:db8::1".parse().unwrap()));
        assert_eq!(config.rate_limits.address.to_string(), "5/50");
        assert_eq!(config.rate_limits.session.to_string(), "40/400");
        assert_eq!(config.attack, AttackSetting::On);
        assert_eq!(config.pow_difficulty, 12);
        assert!(parse(&["--shield", "off"]).unwrap().is_none());
    }

    #[test]
    fn bad_flags_are_refused_with_what_is_wrong() {
        let error = parse(&["--trusted-network", "192.0.2.0"]).unwrap_err();
        assert!(format!("{error:#}").contains("192.0.2.0"), "{error:#}");
        let error = parse(&["--rate-limit", "adress=5/50"]).unwrap_err();
        assert!(format!("{error:#}").contains("adress"), "{error:#}");
        assert!(parse(&["--pow-difficulty", "40"]).is_err());
        assert!(parse(&["--attack-mode", "maybe"]).is_err());
    }
}
