//! The guard that keeps the harness on this machine.
//!
//! A load-and-attack tool pointed at someone else's server is an attack. `cartable-surge`
//! therefore refuses any base URL whose host is not an IPv4 loopback address (127.0.0.0/8, or
//! `localhost`, read as 127.0.0.1). IPv6's `::1` is refused too: the harness speaks from many
//! 127.x.y.z source addresses, which only an IPv4 loopback server can answer.

use reqwest::Url;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// A base URL that passed the check.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The URL, with `localhost` replaced by 127.0.0.1.
    pub url: Url,
    /// The server's socket address.
    pub addr: SocketAddr,
    /// The `Host` header to send (`127.0.0.1:8090`).
    pub host: String,
}

/// Why a base URL is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Not a URL at all.
    Unparsable(String),
    /// Neither http nor https.
    Scheme(String),
    /// A host that is not an IPv4 loopback address.
    NotLoopback(String),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Unparsable(base) => write!(f, "{base:?} is not a URL"),
            Refused::Scheme(scheme) => write!(f, "scheme {scheme:?}: only http and https"),
            Refused::NotLoopback(host) => write!(
                f,
                "host {host:?} is not an IPv4 loopback address: cartable-surge only plays \
                 against a server on this machine (127.0.0.0/8 or localhost)"
            ),
        }
    }
}

impl std::error::Error for Refused {}

/// Checks that `base` names a server on IPv4 loopback.
pub fn check(base: &str) -> Result<Checked, Refused> {
    let mut url = Url::parse(base).map_err(|_| Refused::Unparsable(base.to_owned()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Refused::Scheme(url.scheme().to_owned()));
    }
    let host = url.host_str().unwrap_or_default().to_owned();
    let ip = if host.eq_ignore_ascii_case("localhost") {
        Ipv4Addr::LOCALHOST
    } else {
        match host.parse::<Ipv4Addr>() {
            Ok(ip) if ip.is_loopback() => ip,
            _ => return Err(Refused::NotLoopback(host)),
        }
    };
    url.set_host(Some(&ip.to_string()))
        .map_err(|_| Refused::Unparsable(base.to_owned()))?;
    let port = url.port_or_known_default().unwrap_or(80);
    let addr = SocketAddr::new(IpAddr::V4(ip), port);
    Ok(Checked {
        host: match url.port() {
            Some(port) => format!("{ip}:{port}"),
            None => ip.to_string(),
        },
        url,
        addr,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_addresses_pass() {
        let checked = check("http://127.0.0.1:8090").unwrap();
        assert_eq!(checked.addr, "127.0.0.1:8090".parse().unwrap());
        assert_eq!(checked.host, "127.0.0.1:8090");
        assert!(check("http://127.5.6.7:1/").is_ok());
        assert!(check("https://127.0.0.1").is_ok());
    }

    #[test]
    fn localhost_is_read_as_127_0_0_1() {
        let checked = check("http://localhost:8080/").unwrap();
        assert_eq!(checked.url.as_str(), "http://127.0.0.1:8080/");
        assert_eq!(checked.addr.port(), 8080);
    }

    #[test]
    fn default_port_is_the_schemes() {
        assert_eq!(check("http://127.0.0.1").unwrap().addr.port(), 80);
    }

    #[test]
    fn anything_else_is_refused() {
        for base in [
            "http://10.0.0.1:8080",
            "http://192.168.1.10",
            "http://example.org",
            "http://127.0.0.1.example.org",
            "http://[::1]:8080",
            "http://0.0.0.0:8080",
        ] {
            assert!(
                matches!(check(base), Err(Refused::NotLoopback(_))),
                "{base} passed"
            );
        }
        assert!(matches!(check("ftp://127.0.0.1"), Err(Refused::Scheme(_))));
        assert!(matches!(check("not a url"), Err(Refused::Unparsable(_))));
    }
}
