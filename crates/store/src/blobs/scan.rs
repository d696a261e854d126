//! Asking ClamAV's daemon, clamd, whether a file carries a virus.
//!
//! clamd listens on a Unix socket (its `LocalSocket` setting) or on TCP (`TCPSocket`). One
//! connection scans one file with the `INSTREAM` command, so clamd needs no access to our
//! files:
//!
//! 1. we send `zINSTREAM\0` (the `z` prefix means "commands and replies end with a NUL
//!    byte");
//! 2. we send the file as chunks, each preceded by its length as 4 bytes, big-endian;
//! 3. a chunk of length zero (four zero bytes) ends the file;
//! 4. clamd answers one line, ended by NUL, and closes the connection:
//!    `stream: OK` (clean), `stream: Eicar-Test-Signature FOUND` (infected, with the name of
//!    the signature that matched), or an error such as `INSTREAM size limit exceeded. ERROR`
//!    when the file is larger than clamd's `StreamMaxLength` (clamd then answers at once and
//!    hangs up, even in the middle of our chunks).
//!
//! The file is read from disk one chunk at a time, never whole in memory. Every step has a
//! deadline, so a clamd that hangs cannot hold an upload forever. A well-kept client crate
//! exists (`clamav-client`), but it has no deadlines, returns the reply as raw bytes for us to
//! parse, and gives up on a broken pipe before reading clamd's own reason; the protocol is
//! small enough to keep here.

use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// Where clamd listens, as written on the command line: `unix:/run/clamav/clamd.ctl` or
/// `tcp:127.0.0.1:3310`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClamdAddress {
    /// A Unix socket's path (clamd's `LocalSocket`).
    Unix(PathBuf),
    /// A host and port (clamd's `TCPAddr` and `TCPSocket`).
    Tcp(String),
}

/// Text that is neither `unix:<path>` nor `tcp:<host>:<port>`.
#[derive(Debug, thiserror::Error)]
#[error("expected unix:/path/to/clamd.ctl or tcp:host:port, got {0:?}")]
pub struct InvalidClamdAddress(String);

impl FromStr for ClamdAddress {
    type Err = InvalidClamdAddress;

    fn from_str(text: &str) -> Result<ClamdAddress, InvalidClamdAddress> {
        let invalid = || InvalidClamdAddress(text.to_owned());
        if let Some(path) = text.strip_prefix("unix:").filter(|p| !p.is_empty()) {
            return Ok(ClamdAddress::Unix(PathBuf::from(path)));
        }
        let host_port = text.strip_prefix("tcp:").ok_or_else(invalid)?;
        let (host, port) = host_port.rsplit_once(':').ok_or_else(invalid)?;
        if host.is_empty() || port.parse::<u16>().is_err() {
            return Err(invalid());
        }
        Ok(ClamdAddress::Tcp(host_port.to_owned()))
    }
}

impl fmt::Display for ClamdAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClamdAddress::Unix(path) => write!(f, "unix:{}", path.display()),
            ClamdAddress::Tcp(host_port) => write!(f, "tcp:{host_port}"),
        }
    }
}

/// What clamd said of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// No signature matched.
    Clean,
    /// A signature matched; its name, e.g. `Win.Test.EICAR_HDB-1`.
    Infected {
        /// The signature's name as clamd reported it.
        signature: String,
    },
}

/// Why clamd gave no verdict. Uploads are refused then (fail closed): an unscanned file is
/// never accepted while a scanner is configured.
#[derive(Debug, thiserror::Error)]
pub enum ScanFailure {
    /// Nothing answers at the address (clamd stopped, wrong path, refused connection).
    #[error("clamd at {address} cannot be reached: {source}")]
    Unreachable {
        /// The configured address.
        address: String,
        /// The connection error.
        source: std::io::Error,
    },
    /// clamd took longer than allowed to accept the connection, the file or to answer.
    #[error("clamd did not answer within {0:?}")]
    TimedOut(Duration),
    /// The connection broke off, or clamd hung up without an answer.
    #[error("the exchange with clamd broke off: {0}")]
    Broken(#[source] std::io::Error),
    /// clamd answered with an error instead of a verdict (e.g. the file is over its
    /// `StreamMaxLength`).
    #[error("clamd could not scan the file: {0}")]
    Refused(String),
}

/// A clamd to ask, with how long to wait for it. Cloning is cheap.
#[derive(Debug, Clone)]
pub struct Clamd {
    address: ClamdAddress,
    connect_timeout: Duration,
    reply_timeout: Duration,
}

/// The command that starts a scan of streamed content.
const INSTREAM: &[u8] = b"zINSTREAM\0";
/// The length prefix of the empty chunk that ends the content.
const END_OF_STREAM: [u8; 4] = [0; 4];
/// Bytes read from the file and sent per chunk.
const CHUNK: usize = 64 * 1024;
/// The longest reply read; a verdict line is a few dozen bytes.
const MAX_REPLY: usize = 4096;

impl Clamd {
    /// A clamd at `address`, given 5 seconds to accept a connection and 2 minutes for each
    /// later step (taking a chunk, and answering once the file is sent: a large archive
    /// takes a while to unpack and scan).
    pub fn new(address: ClamdAddress) -> Clamd {
        Clamd {
            address,
            connect_timeout: Duration::from_secs(5),
            reply_timeout: Duration::from_secs(120),
        }
    }

    /// The same clamd with other deadlines: to connect, and for every later step.
    pub fn with_timeouts(self, connect: Duration, reply: Duration) -> Clamd {
        Clamd {
            connect_timeout: connect,
            reply_timeout: reply,
            ..self
        }
    }

    /// Sends `content` to clamd and returns its verdict.
    pub async fn scan(&self, content: impl AsyncRead + Unpin) -> Result<Verdict, ScanFailure> {
        let unreachable = |source| ScanFailure::Unreachable {
            address: self.address.to_string(),
            source,
        };
        match &self.address {
            ClamdAddress::Unix(path) => {
                let connect = tokio::net::UnixStream::connect(path);
                let peer = within(self.connect_timeout, connect, unreachable).await?;
                instream(peer, content, self.reply_timeout).await
            }
            ClamdAddress::Tcp(host_port) => {
                let connect = tokio::net::TcpStream::connect(host_port.as_str());
                let peer = within(self.connect_timeout, connect, unreachable).await?;
                instream(peer, content, self.reply_timeout).await
            }
        }
    }
}

/// Runs one I/O step with a deadline, naming its error with `failed`.
async fn within<T>(
    deadline: Duration,
    step: impl Future<Output = std::io::Result<T>>,
    failed: impl FnOnce(std::io::Error) -> ScanFailure,
) -> Result<T, ScanFailure> {
    match tokio::time::timeout(deadline, step).await {
        Ok(done) => done.map_err(failed),
        Err(_) => Err(ScanFailure::TimedOut(deadline)),
    }
}

/// The `INSTREAM` exchange over a connected `peer`.
async fn instream(
    mut peer: impl AsyncRead + AsyncWrite + Unpin,
    content: impl AsyncRead + Unpin,
    deadline: Duration,
) -> Result<Verdict, ScanFailure> {
    let sent = send(&mut peer, content, deadline).await;
    // Even when sending failed, clamd may have answered before hanging up (a file over its
    // size limit): its reason beats our broken pipe.
    let reply = read_reply(&mut peer, deadline).await;
    match (sent, reply) {
        (_, Ok(reply)) if !reply.is_empty() => verdict(&reply),
        (Err(failure), _) | (Ok(()), Err(failure)) => Err(failure),
        (Ok(()), Ok(_)) => Err(ScanFailure::Broken(std::io::Error::from(
            std::io::ErrorKind::UnexpectedEof,
        ))),
    }
}

/// Sends the command, the content in length-prefixed chunks, and the empty chunk.
async fn send(
    peer: &mut (impl AsyncWrite + Unpin),
    mut content: impl AsyncRead + Unpin,
    deadline: Duration,
) -> Result<(), ScanFailure> {
    within(deadline, peer.write_all(INSTREAM), ScanFailure::Broken).await?;
    let mut chunk = vec![0; CHUNK];
    loop {
        let len = content
            .read(&mut chunk)
            .await
            .map_err(ScanFailure::Broken)?;
        if len == 0 {
            break;
        }
        // A chunk is at most CHUNK bytes: its length always fits the 4-byte prefix.
        let prefix = u32::try_from(len).unwrap_or(u32::MAX).to_be_bytes();
        within(deadline, peer.write_all(&prefix), ScanFailure::Broken).await?;
        within(deadline, peer.write_all(&chunk[..len]), ScanFailure::Broken).await?;
    }
    within(
        deadline,
        peer.write_all(&END_OF_STREAM),
        ScanFailure::Broken,
    )
    .await?;
    within(deadline, peer.flush(), ScanFailure::Broken).await
}

/// Reads clamd's reply up to its NUL (or until clamd closes the connection), at most
/// [`MAX_REPLY`] bytes.
async fn read_reply(
    peer: &mut (impl AsyncRead + Unpin),
    deadline: Duration,
) -> Result<Vec<u8>, ScanFailure> {
    let mut reply = Vec::new();
    let mut buf = [0u8; 256];
    while !reply.contains(&0) && reply.len() < MAX_REPLY {
        let read = within(deadline, peer.read(&mut buf), ScanFailure::Broken).await?;
        if read == 0 {
            break;
        }
        reply.extend_from_slice(&buf[..read]);
    }
    Ok(reply)
}

/// Reads a verdict from clamd's reply line.
fn verdict(reply: &[u8]) -> Result<Verdict, ScanFailure> {
    let line = reply.split(|&b| b == 0).next().unwrap_or_default();
    let line = String::from_utf8_lossy(line);
    let line = line.trim_end();
    if let Some(result) = line.strip_prefix("stream: ") {
        if result == "OK" {
            return Ok(Verdict::Clean);
        }
        if let Some(signature) = result.strip_suffix(" FOUND") {
            return Ok(Verdict::Infected {
                signature: signature.to_owned(),
            });
        }
    }
    Err(ScanFailure::Refused(line.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_a_unix_path_or_a_host_and_port() {
        assert_eq!(
            "unix:/run/clamav/clamd.ctl"
                .parse::<ClamdAddress>()
                .unwrap(),
            ClamdAddress::Unix("/run/clamav/clamd.ctl".into())
        );
        assert_eq!(
            "tcp:127.0.0.1:3310".parse::<ClamdAddress>().unwrap(),
            ClamdAddress::Tcp("127.0.0.1:3310".into())
        );
        assert_eq!(
            "tcp:[::1]:3310"
                .parse::<ClamdAddress>()
                .unwrap()
                .to_string(),
            "tcp:[::1]:3310"
        );
        for bad in [
            "",
            "/run/clamav/clamd.ctl",
            "unix:",
            "tcp:",
            "tcp:localhost",
            "tcp::3310",
            "tcp:localhost:clamd",
            "tcp:localhost:70000",
            "http://localhost:3310",
        ] {
            assert!(bad.parse::<ClamdAddress>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn replies_become_verdicts_or_failures() {
        assert_eq!(verdict(b"stream: OK\0").unwrap(), Verdict::Clean);
        assert_eq!(
            verdict(b"stream: Win.Test.EICAR_HDB-1 FOUND\0").unwrap(),
            Verdict::Infected {
                signature: "Win.Test.EICAR_HDB-1".into()
            }
        );
        // Without the `z` prefix, clamd ends replies with a newline instead.
        assert_eq!(verdict(b"stream: OK\n").unwrap(), Verdict::Clean);
        for error in [
            &b"INSTREAM size limit exceeded. ERROR\0"[..],
            b"stream: Can't allocate memory ERROR\0",
            b"UNKNOWN COMMAND\0",
            b"stream: FOUND-ish\0",
        ] {
            assert!(
                matches!(verdict(error), Err(ScanFailure::Refused(_))),
                "{error:?}"
            );
        }
    }
}
