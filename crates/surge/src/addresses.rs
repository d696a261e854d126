//! Where each client speaks from: a source address in 127.0.0.0/8, so the server sees the
//! crowd it would see on the Internet (a pupil at home, a whole school behind one NAT, a
//! botnet's thousand addresses) and its per-address limits meet realistic traffic.
//!
//! Linux answers on every 127.x.y.z address without configuration; the harness binds each
//! client socket to its address.
//!
//! Consecutive addresses of a population fall in different /24 subnets (127.P.0.1,
//! 127.P.1.1, … 127.P.255.1, then 127.P.0.2…): the shield also limits per subnet, and pupils
//! at home are spread over many providers' blocks, not packed 254 to a block.

use std::net::{IpAddr, Ipv4Addr};

/// The second byte of the addresses of each population.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Population {
    /// Pupils, parents and teachers at home: 127.1.x.y, one per user.
    Home = 1,
    /// A school's NAT: 127.2.<school>.1, shared by everyone connecting from that school.
    School = 2,
    /// The anonymous flood's bots: 127.66.x.y.
    Flood = 66,
    /// The credential stuffers: 127.77.x.y.
    Stuffing = 77,
    /// The slowloris connections: 127.88.x.y.
    Slowloris = 88,
}

/// Distinct host addresses per population (x.y with y in 1..=254).
pub const PER_POPULATION: u32 = 256 * 254;

/// The `n`-th address of `population` (wrapping after [`PER_POPULATION`]), spread over the
/// population's 256 /24 subnets first.
pub fn nth(population: Population, n: u32) -> IpAddr {
    let n = n % PER_POPULATION;
    let third = (n % 256) as u8;
    let fourth = (n / 256) as u8 + 1;
    IpAddr::V4(Ipv4Addr::new(127, population as u8, third, fourth))
}

/// The NAT address of the school numbered `school`.
pub fn school(school: usize) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(
        127,
        Population::School as u8,
        (school % 256) as u8,
        1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn addresses_are_distinct_loopback_and_never_x_y_0() {
        let all: HashSet<IpAddr> = (0..PER_POPULATION)
            .map(|n| nth(Population::Home, n))
            .collect();
        assert_eq!(all.len(), PER_POPULATION as usize);
        assert!(all.iter().all(IpAddr::is_loopback));
        assert_eq!(
            nth(Population::Flood, 0),
            "127.66.0.1".parse::<IpAddr>().unwrap()
        );
        assert_eq!(
            nth(Population::Stuffing, 1),
            "127.77.1.1".parse::<IpAddr>().unwrap()
        );
        assert_eq!(
            nth(Population::Slowloris, 256),
            "127.88.0.2".parse::<IpAddr>().unwrap()
        );
        assert_eq!(
            nth(Population::Home, PER_POPULATION - 1),
            "127.1.255.254".parse::<IpAddr>().unwrap()
        );
        assert_eq!(school(3), "127.2.3.1".parse::<IpAddr>().unwrap());
    }
}
