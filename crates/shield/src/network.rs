//! Where a request comes from, at the grain the shield counts it: one address, its subnet, and
//! whether it belongs to a school network an operator declared trusted.
//!
//! A household or a small office usually holds one IPv4 address or one IPv6 /56, and a
//! botnet's members are spread over many: counting per address *and* per subnet (/24 for
//! IPv4, /56 for IPv6) stops one machine and one rented block alike. A school, on the other
//! hand, puts hundreds of pupils behind one NAT address at 9:00; its network, declared in
//! the configuration as a [`Cidr`], gets the higher ceilings of a [`TrustedNetworks`] list.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

/// Bits of an IPv4 address that name its subnet.
const IPV4_SUBNET_BITS: u8 = 24;
/// Bits of an IPv6 address that name its subnet (what a provider gives one subscriber).
const IPV6_SUBNET_BITS: u8 = 56;

/// A block of addresses, `address/prefix`, as operators write school networks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

/// Why a network could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a network in address/prefix form (e.g. 192.0.2.0/24 or 2001:db8::/48): {0}")]
pub struct BadCidr(String);

impl Cidr {
    /// The block of `prefix` leading bits around `address` (the remaining bits are cleared).
    /// `None` when the prefix is longer than the address.
    pub fn new(address: IpAddr, prefix: u8) -> Option<Cidr> {
        let max = match address {
            IpAddr::V4(_) => 32,
            IpAddr::V6(_) => 128,
        };
        (prefix <= max).then(|| Cidr {
            network: mask(address, prefix),
            prefix,
        })
    }

    /// The subnet the shield counts `address` in: its /24 (IPv4) or /56 (IPv6).
    pub fn subnet_of(address: IpAddr) -> Cidr {
        let prefix = match address {
            IpAddr::V4(_) => IPV4_SUBNET_BITS,
            IpAddr::V6(_) => IPV6_SUBNET_BITS,
        };
        Cidr {
            network: mask(address, prefix),
            prefix,
        }
    }

    /// Whether `address` lies in this block.
    pub fn contains(&self, address: IpAddr) -> bool {
        let same_family = matches!(
            (self.network, address),
            (IpAddr::V4(_), IpAddr::V4(_)) | (IpAddr::V6(_), IpAddr::V6(_))
        );
        same_family && mask(address, self.prefix) == self.network
    }
}

/// `address` with all but its first `prefix` bits cleared.
fn mask(address: IpAddr, prefix: u8) -> IpAddr {
    match address {
        IpAddr::V4(v4) => {
            let bits = u32::from(v4);
            let kept = bits.checked_shr(32 - u32::from(prefix)).unwrap_or(0);
            let masked = kept.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V4(Ipv4Addr::from(masked))
        }
        IpAddr::V6(v6) => {
            let bits = u128::from(v6);
            let kept = bits.checked_shr(128 - u32::from(prefix)).unwrap_or(0);
            let masked = kept.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V6(Ipv6Addr::from(masked))
        }
    }
}

impl FromStr for Cidr {
    type Err = BadCidr;

    fn from_str(text: &str) -> Result<Cidr, BadCidr> {
        let bad = || BadCidr(text.to_owned());
        let (address, prefix) = text.trim().split_once('/').ok_or_else(bad)?;
        let address: IpAddr = address.parse().map_err(|_| bad())?;
        let prefix: u8 = prefix.parse().map_err(|_| bad())?;
        Cidr::new(address, prefix).ok_or_else(bad)
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

/// The school networks an operator declared: requests from them get the high per-address
/// ceilings a whole school behind one NAT address needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedNetworks(Vec<Cidr>);

impl TrustedNetworks {
    /// The given networks.
    pub fn new(networks: Vec<Cidr>) -> TrustedNetworks {
        TrustedNetworks(networks)
    }

    /// Whether `address` belongs to one of them.
    pub fn contains(&self, address: IpAddr) -> bool {
        self.0.iter().any(|network| network.contains(address))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn subnets_are_slash_24_and_slash_56() {
        assert_eq!(
            Cidr::subnet_of(ip("203.0.113.77")).to_string(),
            "203.0.113.0/24"
        );
        assert_eq!(
            Cidr::subnet_of(ip("2001:db8:1234:5678:9abc::1")).to_string(),
            "2001:db8:1234:5600::/56"
        );
        assert_eq!(
            Cidr::subnet_of(ip("203.0.113.1")),
            Cidr::subnet_of(ip("203.0.113.254"))
        );
        assert_ne!(
            Cidr::subnet_of(ip("203.0.113.1")),
            Cidr::subnet_of(ip("203.0.114.1"))
        );
    }

    #[test]
    fn networks_parse_and_contain_their_addresses_only() {
        let school: Cidr = "192.0.2.0/24".parse().unwrap();
        assert!(school.contains(ip("192.0.2.200")));
        assert!(!school.contains(ip("192.0.3.1")));
        assert!(!school.contains(ip("::ffff:192.0.2.1")));
        let host: Cidr = "198.51.100.7/32".parse().unwrap();
        assert!(host.contains(ip("198.51.100.7")));
        assert!(!host.contains(ip("198.51.100.8")));
        let everything: Cidr = "0.0.0.0/0".parse().unwrap();
        assert!(everything.contains(ip("8.8.8.8")));
        let v6: Cidr = "2001:db8::/32".parse().unwrap();
        assert!(v6.contains(ip("2001:db8:ffff::1")));
        assert!(!v6.contains(ip("2001:db9::1")));
        // Host bits are cleared, so a sloppy "192.0.2.5/24" means the /24.
        assert_eq!("192.0.2.5/24".parse::<Cidr>().unwrap(), school);
    }

    #[test]
    fn malformed_networks_are_refused_with_the_text() {
        for text in [
            "192.0.2.0",
            "192.0.2.0/33",
            "2001:db8::/129",
            "school/24",
            "/24",
            "",
        ] {
            let error = text.parse::<Cidr>().unwrap_err();
            assert!(error.to_string().contains(text), "{error}");
        }
    }

    #[test]
    fn trusted_networks_match_any_of_theirs() {
        let trusted = TrustedNetworks::new(vec![
            "192.0.2.0/24".parse().unwrap(),
            "2001:db8:5::/48".parse().unwrap(),
        ]);
        assert!(trusted.contains(ip("192.0.2.9")));
        assert!(trusted.contains(ip("2001:db8:5:1::9")));
        assert!(!trusted.contains(ip("198.51.100.1")));
        assert!(!TrustedNetworks::default().contains(ip("192.0.2.9")));
    }
}
