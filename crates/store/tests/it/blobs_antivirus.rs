//! The antivirus hook: the clamd protocol against a fake clamd (and against the real one when
//! it is installed), and what the blob store does with each verdict.

use bytes::Bytes;
use cartable_store::testing::clamd::{FakeClamd, CLEAN, FOUND, MARKER, SIGNATURE, SIZE_LIMIT};
use cartable_store::{
    BlobDigest, BlobError, BlobStore, Clamd, ClamdAddress, ScanFailure, UploadLimits, Verdict,
};
use futures_util::stream;
use std::convert::Infallible;
use std::path::Path;
use std::time::Duration;

/// An ASCII text of 150,000 bytes (cut anywhere, still text): more than two of the client's
/// 64 KiB chunks.
fn homework() -> Vec<u8> {
    "Exercice 3 page 42 : resoudre les equations.\n"
        .repeat(3500)
        .into_bytes()[..150_000]
        .to_vec()
}

/// `data` as an upload arriving in chunks of 10,000 bytes.
fn upload(data: &[u8]) -> impl futures_util::Stream<Item = Result<Bytes, Infallible>> {
    let parts: Vec<_> = data
        .chunks(10_000)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    stream::iter(parts)
}

/// How many entries `dir` holds (0 if it does not exist).
fn entries(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| d.count())
}

fn sha256(data: &[u8]) -> BlobDigest {
    use sha2::Digest;
    let hex: String = sha2::Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    BlobDigest::parse(&hex).unwrap()
}

#[tokio::test]
async fn clamd_receives_the_file_in_framed_chunks_and_answers_a_verdict() {
    let content = homework();
    let fake = FakeClamd::start(|_| Some(CLEAN)).unwrap();
    assert_eq!(
        fake.clamd().scan(&content[..]).await.unwrap(),
        Verdict::Clean
    );
    let received = fake.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].command, b"zINSTREAM\0");
    assert!(received[0].ended, "the empty chunk ends the stream");
    assert_eq!(received[0].content, content);
    assert_eq!(received[0].chunks, [65_536, 65_536, 150_000 - 2 * 65_536]);

    let fake = FakeClamd::start(|_| Some(FOUND)).unwrap();
    assert_eq!(
        fake.clamd().scan(&b"X5O!P%@AP"[..]).await.unwrap(),
        Verdict::Infected {
            signature: SIGNATURE.into()
        }
    );
    assert_eq!(fake.received()[0].content, b"X5O!P%@AP");
}

#[tokio::test]
async fn no_verdict_is_a_failure_never_a_clean_file() {
    let refusing = FakeClamd::start(|_| Some(SIZE_LIMIT)).unwrap();
    let refused = refusing.clamd().scan(&b"gros"[..]).await;
    assert!(
        matches!(&refused, Err(ScanFailure::Refused(text)) if text == "INSTREAM size limit exceeded. ERROR"),
        "{refused:?}"
    );

    let silent = FakeClamd::start(|_| None).unwrap();
    let waited = silent.clamd().scan(&b"bonjour"[..]).await;
    assert!(
        matches!(waited, Err(ScanFailure::TimedOut(d)) if d == Duration::from_secs(1)),
        "{waited:?}"
    );

    let hanging_up = FakeClamd::start(|_| Some(b"")).unwrap();
    let broken = hanging_up.clamd().scan(&b"bonjour"[..]).await;
    assert!(matches!(broken, Err(ScanFailure::Broken(_))), "{broken:?}");

    let dir = tempfile::tempdir().unwrap();
    let nobody = Clamd::new(ClamdAddress::Unix(dir.path().join("absent.ctl")));
    let unreachable = nobody.scan(&b"bonjour"[..]).await;
    assert!(
        matches!(unreachable, Err(ScanFailure::Unreachable { .. })),
        "{unreachable:?}"
    );
}

#[tokio::test]
async fn clamd_over_tcp_speaks_the_same_protocol() {
    // A one-connection TCP clamd: reads up to the empty chunk, answers clean.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let peer = tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut seen = Vec::new();
        let mut buf = [0u8; 1024];
        while !seen.ends_with(&[0, 0, 0, 0]) {
            let n = socket.read(&mut buf).await.unwrap();
            seen.extend_from_slice(&buf[..n]);
        }
        socket.write_all(CLEAN).await.unwrap();
        seen
    });
    let clamd = Clamd::new(format!("tcp:{address}").parse().unwrap());
    assert_eq!(clamd.scan(&b"abc"[..]).await.unwrap(), Verdict::Clean);
    assert_eq!(peer.await.unwrap(), b"zINSTREAM\0\0\0\0\x03abc\0\0\0\0");
}

#[tokio::test]
async fn a_clean_upload_is_stored_and_an_infected_one_is_quarantined() {
    let fake = FakeClamd::flagging().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("blobs");
    let blobs = BlobStore::open(root.clone())
        .await
        .unwrap()
        .with_scanner(fake.clamd());
    let limits = UploadLimits::attachments();

    let clean = homework();
    let stored = blobs.put(upload(&clean), &limits).await.unwrap();
    assert_eq!(stored.digest, sha256(&clean));
    assert_eq!(blobs.open_blob(&stored.digest).await.unwrap().1, 150_000);
    assert_eq!(
        fake.received()[0].content,
        clean,
        "clamd saw the whole file"
    );

    let mut infected = b"Devoir de juin\n".to_vec();
    infected.extend_from_slice(MARKER);
    let refused = blobs.put(upload(&infected), &limits).await;
    assert!(
        matches!(&refused, Err(BlobError::Infected { signature }) if signature == SIGNATURE),
        "{refused:?}"
    );
    let digest = sha256(&infected);
    assert!(matches!(
        blobs.open_blob(&digest).await,
        Err(BlobError::NotFound)
    ));
    assert_eq!(entries(&root.join("tmp")), 0);
    let quarantine = root.join("quarantine");
    assert_eq!(entries(&quarantine), 2);
    assert_eq!(
        std::fs::read(quarantine.join(digest.as_str())).unwrap(),
        infected,
        "kept as received, for an administrator"
    );
    let note: serde_json::Value =
        serde_json::from_slice(&std::fs::read(quarantine.join(format!("{digest}.json"))).unwrap())
            .unwrap();
    assert_eq!(note["signature"], SIGNATURE);
    assert_eq!(note["digest"], digest.as_str());
    assert_eq!(note["size"], infected.len());
    assert_eq!(note["content_type"], "text/plain; charset=utf-8");
    assert!(note["quarantined_at"]
        .as_str()
        .unwrap()
        .parse::<jiff::Timestamp>()
        .is_ok());
}

#[tokio::test]
async fn content_already_stored_is_scanned_again() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("blobs");
    let content = b"Sortie scolaire: autorisation.".to_vec();
    let before = FakeClamd::start(|_| Some(CLEAN)).unwrap();
    let blobs = BlobStore::open(root.clone()).await.unwrap();
    let stored = blobs
        .clone()
        .with_scanner(before.clamd())
        .put(upload(&content), &UploadLimits::attachments())
        .await
        .unwrap();

    // A new signature since: the same content is refused now.
    let after = FakeClamd::start(|_| Some(FOUND)).unwrap();
    let refused = blobs
        .with_scanner(after.clamd())
        .put(upload(&content), &UploadLimits::attachments())
        .await;
    assert!(
        matches!(refused, Err(BlobError::Infected { .. })),
        "{refused:?}"
    );
    assert_eq!(after.received().len(), 1);
    assert!(root
        .join("quarantine")
        .join(stored.digest.as_str())
        .exists());
}

#[tokio::test]
async fn without_a_verdict_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("blobs");
    let blobs = BlobStore::open(root.clone()).await.unwrap();
    let refusing = FakeClamd::start(|_| Some(SIZE_LIMIT)).unwrap();
    let absent = Clamd::new(ClamdAddress::Unix(dir.path().join("absent.ctl")));
    for scanner in [refusing.clamd(), absent] {
        let refused = blobs
            .clone()
            .with_scanner(scanner)
            .put(upload(b"un devoir"), &UploadLimits::attachments())
            .await;
        assert!(
            matches!(refused, Err(BlobError::AntivirusUnavailable(_))),
            "{refused:?}"
        );
    }
    assert!(matches!(
        blobs.open_blob(&sha256(b"un devoir")).await,
        Err(BlobError::NotFound)
    ));
    assert_eq!(entries(&root.join("tmp")), 0);
    assert_eq!(entries(&root.join("quarantine")), 0);
}

/// The real clamd, started for this test with a database of one signature of ours (it cannot
/// download ClamAV's: no internet), when the `clamd` binary is installed.
#[tokio::test]
async fn the_real_clamd_finds_a_signature_and_refuses_what_is_over_its_limit() {
    let Some(clamd) = real_clamd::start().await else {
        return;
    };
    let blobs_dir = tempfile::tempdir().unwrap();
    let blobs = BlobStore::open(blobs_dir.path().join("blobs"))
        .await
        .unwrap()
        .with_scanner(clamd.client());
    let limits = UploadLimits::attachments();

    let clean = homework();
    assert!(blobs.put(upload(&clean), &limits).await.is_ok());

    let mut infected = clean[..70_000].to_vec();
    infected.extend_from_slice(MARKER);
    let refused = blobs.put(upload(&infected), &limits).await;
    assert!(
        matches!(&refused, Err(BlobError::Infected { signature }) if signature.starts_with("Cartable.Test.Marker")),
        "{refused:?}"
    );

    // Over its StreamMaxLength (1 MiB here): clamd answers an error and hangs up mid-file.
    let large = vec![b'a'; 3 * 1024 * 1024];
    let refused = blobs.put(upload(&large), &limits).await;
    assert!(
        matches!(&refused, Err(BlobError::AntivirusUnavailable(ScanFailure::Refused(text))) if text.contains("size limit")),
        "{refused:?}"
    );
}

/// Starting a private clamd.
mod real_clamd {
    use super::MARKER;
    use cartable_store::{Clamd, ClamdAddress};
    use std::path::{Path, PathBuf};
    use std::time::Duration;

    const BINARY: &str = "/usr/sbin/clamd";

    /// A clamd running in a temporary directory; killed when dropped.
    pub struct RealClamd {
        dir: tempfile::TempDir,
        process: std::process::Child,
    }

    impl RealClamd {
        fn socket(&self) -> PathBuf {
            self.dir.path().join("clamd.ctl")
        }

        pub fn client(&self) -> Clamd {
            Clamd::new(ClamdAddress::Unix(self.socket()))
        }
    }

    impl Drop for RealClamd {
        fn drop(&mut self) {
            let _ = self.process.kill();
            let _ = self.process.wait();
        }
    }

    /// Starts clamd with one signature, `Cartable.Test.Marker`, matching [`MARKER`]
    /// anywhere in a file; `None` (said on stderr) when clamd is not installed.
    pub async fn start() -> Option<RealClamd> {
        if !Path::new(BINARY).exists() {
            eprintln!("skipped: {BINARY} is not installed (Debian package clamav-daemon)");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("db");
        std::fs::create_dir(&database).unwrap();
        // An extended signature: name, any file type, any offset, the bytes in hex.
        let hex: String = MARKER.iter().map(|b| format!("{b:02x}")).collect();
        std::fs::write(
            database.join("cartable.ndb"),
            format!("Cartable.Test.Marker:0:*:{hex}\n"),
        )
        .unwrap();
        let config = dir.path().join("clamd.conf");
        std::fs::write(
            &config,
            format!(
                "LocalSocket {socket}\nForeground yes\nDatabaseDirectory {database}\n\
                 TemporaryDirectory {tmp}\nStreamMaxLength 1M\nLogFile {log}\n",
                socket = dir.path().join("clamd.ctl").display(),
                database = database.display(),
                tmp = dir.path().display(),
                log = dir.path().join("clamd.log").display(),
            ),
        )
        .unwrap();
        let process = std::process::Command::new(BINARY)
            .arg("--config-file")
            .arg(&config)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let clamd = RealClamd { dir, process };
        for _ in 0..300 {
            if tokio::net::UnixStream::connect(clamd.socket())
                .await
                .is_ok()
            {
                return Some(clamd);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let log = std::fs::read_to_string(clamd.dir.path().join("clamd.log")).unwrap_or_default();
        panic!("clamd did not start within 30 s:\n{log}");
    }
}
