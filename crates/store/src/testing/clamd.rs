//! A stand-in for ClamAV's clamd, for tests of the antivirus hook without ClamAV.
//!
//! It listens on a Unix socket in a temporary directory, reads each connection's `INSTREAM`
//! exchange strictly by the protocol (command, length-prefixed chunks, empty chunk), keeps
//! what it received so a test can check the framing, and answers what the test decided.

use crate::{Clamd, ClamdAddress};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{UnixListener, UnixStream};

/// clamd's answer for clean content.
pub const CLEAN: &[u8] = b"stream: OK\0";
/// A verdict of infection, as clamd words it.
pub const FOUND: &[u8] = b"stream: Cartable.Test.Signature FOUND\0";
/// The signature named in [`FOUND`].
pub const SIGNATURE: &str = "Cartable.Test.Signature";
/// The error clamd gives for content over its `StreamMaxLength`.
pub const SIZE_LIMIT: &[u8] = b"INSTREAM size limit exceeded. ERROR\0";
/// Content that [`FakeClamd::flagging`] reports as infected.
pub const MARKER: &[u8] = b"CARTABLE-TEST-VIRUS";

/// One scan request as the fake received it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Received {
    /// The first 10 bytes: `zINSTREAM\0` from a correct client.
    pub command: Vec<u8>,
    /// The length of each chunk, in order.
    pub chunks: Vec<usize>,
    /// The chunks joined: the file's bytes.
    pub content: Vec<u8>,
    /// Whether the empty chunk that ends the stream arrived.
    pub ended: bool,
}

/// How the fake answers a request: the reply's bytes (then it hangs up; empty bytes is
/// hanging up without a word), or `None` to keep the connection open and say nothing.
pub type Answer = dyn Fn(&Received) -> Option<&'static [u8]> + Send + Sync;

/// A fake clamd running until dropped.
pub struct FakeClamd {
    dir: tempfile::TempDir,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl FakeClamd {
    /// A fake answering every request with `answer`.
    pub fn start(
        answer: impl Fn(&Received) -> Option<&'static [u8]> + Send + Sync + 'static,
    ) -> std::io::Result<FakeClamd> {
        let dir = tempfile::tempdir()?;
        let listener = UnixListener::bind(dir.path().join("clamd.ctl"))?;
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = received.clone();
        let answer: Arc<Answer> = Arc::new(answer);
        let task = tokio::spawn(async move {
            while let Ok((peer, _)) = listener.accept().await {
                tokio::spawn(serve(peer, answer.clone(), log.clone()));
            }
        });
        Ok(FakeClamd {
            dir,
            received,
            task,
        })
    }

    /// A fake that finds [`SIGNATURE`] in content holding [`MARKER`] and nothing in the rest.
    pub fn flagging() -> std::io::Result<FakeClamd> {
        FakeClamd::start(|received| {
            let infected = received
                .content
                .windows(MARKER.len())
                .any(|window| window == MARKER);
            Some(if infected { FOUND } else { CLEAN })
        })
    }

    /// Its address.
    pub fn address(&self) -> ClamdAddress {
        ClamdAddress::Unix(self.dir.path().join("clamd.ctl"))
    }

    /// A client for it, with deadlines of a second (tests of silence need not wait long).
    pub fn clamd(&self) -> Clamd {
        Clamd::new(self.address()).with_timeouts(Duration::from_secs(1), Duration::from_secs(1))
    }

    /// Every request received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for FakeClamd {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads one request by the protocol, records it, and answers.
async fn serve(mut peer: UnixStream, answer: Arc<Answer>, log: Arc<Mutex<Vec<Received>>>) {
    let mut received = Received {
        command: vec![0; 10],
        ..Received::default()
    };
    if peer.read_exact(&mut received.command).await.is_err() {
        return;
    }
    loop {
        let mut prefix = [0u8; 4];
        if peer.read_exact(&mut prefix).await.is_err() {
            break;
        }
        let len = usize::try_from(u32::from_be_bytes(prefix)).unwrap_or(usize::MAX);
        if len == 0 {
            received.ended = true;
            break;
        }
        let mut chunk = vec![0; len];
        if peer.read_exact(&mut chunk).await.is_err() {
            break;
        }
        received.chunks.push(len);
        received.content.extend_from_slice(&chunk);
    }
    let reply = answer(&received);
    log.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(received);
    match reply {
        Some(bytes) => {
            let _ = peer.write_all(bytes).await;
        }
        None => std::future::pending().await,
    }
}
