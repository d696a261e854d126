//! The blob store: files in and out by content, limits enforced while streaming, nothing left
//! behind by a refused upload. No database here, so these run once, not per backend.

use bytes::Bytes;
use cartable_store::{BlobDigest, BlobError, BlobStore, ContentKind, KindSet, UploadLimits};
use futures_util::{stream, Stream, StreamExt};
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::Poll;
use tempfile::TempDir;
use tokio::io::AsyncReadExt;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

/// `data` as a stream of `size`-byte chunks.
fn chunks(data: &[u8], size: usize) -> impl Stream<Item = Result<Bytes, Infallible>> {
    let parts: Vec<_> = data
        .chunks(size)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    stream::iter(parts)
}

async fn store() -> (TempDir, BlobStore) {
    let dir = tempfile::tempdir().unwrap();
    let blobs = BlobStore::open(dir.path().join("blobs")).await.unwrap();
    (dir, blobs)
}

/// Every file under `dir`, as paths relative to it, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(path.strip_prefix(root).unwrap().to_owned());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn text_limits() -> UploadLimits {
    UploadLimits {
        max_bytes: 1024 * 1024,
        allowed: KindSet::of(&[ContentKind::PlainText]),
    }
}

/// The start of a 64-bit Linux executable (infer wants a whole ELF header).
fn elf() -> Vec<u8> {
    let mut header = b"\x7fELF\x02\x01\x01".to_vec();
    header.resize(64, 0);
    header
}

/// A zip whose entries have these names (stored, not compressed): enough for sniffing.
fn zip(names: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    for name in names {
        let data = b"<xml/>";
        out.extend_from_slice(b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0");
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
    }
    out
}

#[tokio::test]
async fn a_file_comes_back_as_it_went_in_named_by_its_sha256() {
    let (dir, blobs) = store().await;
    let content = "Devoir de mathématiques pour lundi.\n".repeat(2000);
    let stored = blobs
        .put(
            chunks(content.as_bytes(), 1000),
            &UploadLimits::attachments(),
        )
        .await
        .unwrap();
    // sha256sum of the same text, computed independently.
    let expected = {
        use sha2::Digest;
        let hash = sha2::Sha256::digest(content.as_bytes());
        hash.iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    assert_eq!(stored.digest.as_str(), expected);
    assert_eq!(stored.size, content.len() as u64);
    assert_eq!(stored.content_type, "text/plain; charset=utf-8");
    let hex = stored.digest.as_str();
    assert_eq!(
        files(&dir.path().join("blobs")),
        [PathBuf::from(&hex[..2]).join(&hex[2..4]).join(hex)]
    );

    let (mut file, size) = blobs.open_blob(&stored.digest).await.unwrap();
    assert_eq!(size, content.len() as u64);
    let mut read = String::new();
    file.read_to_string(&mut read).await.unwrap();
    assert_eq!(read, content);
}

#[tokio::test]
async fn the_text_of_a_file_is_read_up_to_a_bound_even_inside_a_character() {
    let (_dir, blobs) = store().await;
    let content = "é".repeat(10); // 20 bytes: a bound of 5 falls inside the third "é"
    let stored = blobs
        .put(chunks(content.as_bytes(), 7), &text_limits())
        .await
        .unwrap();
    assert_eq!(
        blobs.read_text(&stored.digest, 5).await.unwrap(),
        "éé\u{fffd}"
    );
    assert_eq!(
        blobs.read_text(&stored.digest, 1000).await.unwrap(),
        content
    );
    let unknown = BlobDigest::parse(&"0".repeat(64)).unwrap();
    assert!(matches!(
        blobs.read_text(&unknown, 10).await,
        Err(BlobError::NotFound)
    ));
}

#[tokio::test]
async fn the_same_content_twice_is_one_file() {
    let (dir, blobs) = store().await;
    let first = blobs
        .put(chunks(b"bonjour", 7), &text_limits())
        .await
        .unwrap();
    let second = blobs
        .put(chunks(b"bonjour", 2), &text_limits())
        .await
        .unwrap();
    assert_eq!(first, second);
    assert_eq!(files(&dir.path().join("blobs")).len(), 1);
    let other = blobs
        .put(chunks(b"bonsoir", 7), &text_limits())
        .await
        .unwrap();
    assert_ne!(other.digest, first.digest);
    assert_eq!(files(&dir.path().join("blobs")).len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_puts_of_the_same_content_agree() {
    let (dir, blobs) = store().await;
    let content = "Sortie au musée : autorisation à signer.\n".repeat(5000);
    let puts = (0..8).map(|i| {
        let blobs = blobs.clone();
        let content = content.clone();
        tokio::spawn(async move {
            blobs
                .put(chunks(content.as_bytes(), 1000 + i), &text_limits())
                .await
        })
    });
    let mut digests = Vec::new();
    for put in puts.collect::<Vec<_>>() {
        digests.push(put.await.unwrap().unwrap().digest);
    }
    digests.dedup();
    assert_eq!(digests.len(), 1);
    assert_eq!(files(&dir.path().join("blobs")).len(), 1);
    let (mut file, _) = blobs.open_blob(&digests[0]).await.unwrap();
    let mut read = String::new();
    file.read_to_string(&mut read).await.unwrap();
    assert_eq!(read, content);
}

#[tokio::test]
async fn an_upload_past_the_limit_stops_at_once_and_leaves_nothing() {
    let (dir, blobs) = store().await;
    let pulled = AtomicUsize::new(0);
    // A hundred chunks of 4 KiB against a 10 KiB limit: the third chunk crosses it.
    let endless = stream::iter(0..100).map(|_| {
        pulled.fetch_add(1, Ordering::SeqCst);
        Ok::<_, Infallible>(Bytes::from(vec![b'a'; 4096]))
    });
    let limits = UploadLimits {
        max_bytes: 10 * 1024,
        allowed: KindSet::of(&[ContentKind::PlainText]),
    };
    let refused = blobs.put(endless, &limits).await;
    assert!(
        matches!(refused, Err(BlobError::TooLarge { limit: 10240 })),
        "{refused:?}"
    );
    assert_eq!(pulled.load(Ordering::SeqCst), 3);
    assert_eq!(files(&dir.path().join("blobs")), Vec::<PathBuf>::new());

    // Exactly at the limit is fine.
    let fits = blobs
        .put(chunks(&vec![b'a'; 10 * 1024], 4096), &limits)
        .await
        .unwrap();
    assert_eq!(fits.size, 10 * 1024);
}

#[tokio::test]
async fn the_type_comes_from_the_content_not_the_name() {
    let (dir, blobs) = store().await;
    let limits = UploadLimits::attachments();
    // Whatever name the browser gave it ("devoir.pdf"), this is a PNG.
    let png = blobs.put(chunks(PNG, 5), &limits).await.unwrap();
    assert_eq!(png.content_type, "image/png");

    let pdf = blobs
        .put(chunks(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", 8), &limits)
        .await
        .unwrap();
    assert_eq!(pdf.content_type, "application/pdf");

    let docx = zip(&[
        "[Content_Types].xml",
        "_rels/.rels",
        "word/_rels/document.xml.rels",
        "word/document.xml",
    ]);
    let docx = blobs.put(chunks(&docx, 64), &limits).await.unwrap();
    assert_eq!(
        docx.content_type,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    let before = files(&dir.path().join("blobs"));
    assert_eq!(before.len(), 3);

    let refusals: [(&[u8], &str); 5] = [
        (&elf(), "application/x-executable"),
        (
            b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff",
            "application/vnd.microsoft.portable-executable",
        ),
        (b"<!DOCTYPE html>\n<script>alert(1)</script>", "text/html"),
        (
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
            "image/svg+xml",
        ),
        (&zip(&["payload.exe", "readme.txt"]), "application/zip"),
    ];
    for (content, expected) in refusals {
        let refused = blobs.put(chunks(content, 7), &limits).await;
        assert!(
            matches!(refused, Err(BlobError::TypeNotAllowed { detected }) if detected == expected),
            "{expected}: {refused:?}"
        );
    }
    assert_eq!(files(&dir.path().join("blobs")), before);
}

#[tokio::test]
async fn binary_hidden_behind_text_is_refused_mid_stream() {
    let (dir, blobs) = store().await;
    let mut content = vec![b'a'; 40 * 1024];
    content.extend_from_slice(b"\x7fELF\0\0\0");
    content.extend_from_slice(&[b'b'; 40 * 1024]);
    let refused = blobs.put(chunks(&content, 4096), &text_limits()).await;
    assert!(
        matches!(
            refused,
            Err(BlobError::TypeNotAllowed {
                detected: "application/octet-stream"
            })
        ),
        "{refused:?}"
    );
    assert_eq!(files(&dir.path().join("blobs")), Vec::<PathBuf>::new());
}

#[tokio::test]
async fn an_empty_file_or_a_broken_stream_is_refused_and_leaves_nothing() {
    let (dir, blobs) = store().await;
    let empty = blobs.put(chunks(b"", 1), &text_limits()).await;
    assert!(matches!(empty, Err(BlobError::Empty)), "{empty:?}");

    let broken = stream::iter([
        Ok(Bytes::from_static("le début".as_bytes())),
        Err(std::io::Error::other("connection reset")),
    ]);
    let broken = blobs.put(broken, &text_limits()).await;
    assert!(
        matches!(&broken, Err(BlobError::Upload(e)) if e.to_string() == "connection reset"),
        "{broken:?}"
    );
    assert_eq!(files(&dir.path().join("blobs")), Vec::<PathBuf>::new());
}

#[tokio::test]
async fn an_abandoned_upload_leaves_nothing() {
    let (dir, blobs) = store().await;
    // The client sends one chunk, then nothing more, and the request is dropped.
    let (written, was_written) = tokio::sync::oneshot::channel();
    let mut written = Some(written);
    let stalled = stream::iter([Ok::<_, Infallible>(Bytes::from_static(b"moiti"))]).chain(
        stream::poll_fn(move |_| {
            // Asked for a second chunk: the first one is on disk.
            if let Some(written) = written.take() {
                written.send(()).unwrap();
            }
            Poll::Pending
        }),
    );
    let upload = tokio::spawn(async move { blobs.put(stalled, &text_limits()).await });
    was_written.await.unwrap();
    assert_eq!(files(&dir.path().join("blobs/tmp")).len(), 1);

    upload.abort();
    assert!(upload.await.unwrap_err().is_cancelled());
    assert_eq!(files(&dir.path().join("blobs")), Vec::<PathBuf>::new());
}

#[tokio::test]
async fn opening_cleans_what_a_crash_left_in_tmp() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("blobs");
    let blobs = BlobStore::open(root.clone()).await.unwrap();
    let kept = blobs
        .put(chunks(b"garde-moi", 3), &text_limits())
        .await
        .unwrap();
    std::fs::write(root.join("tmp").join("0123.part"), b"half an upload").unwrap();

    let blobs = BlobStore::open(root.clone()).await.unwrap();
    assert_eq!(std::fs::read_dir(root.join("tmp")).unwrap().count(), 0);
    assert_eq!(blobs.open_blob(&kept.digest).await.unwrap().1, 9);
}

#[tokio::test]
async fn only_stored_digests_open_and_no_digest_leaves_the_store() {
    let (dir, blobs) = store().await;
    let unknown = BlobDigest::parse(&"0".repeat(64)).unwrap();
    assert!(matches!(
        blobs.open_blob(&unknown).await,
        Err(BlobError::NotFound)
    ));
    // A file outside the store that a traversal would aim at.
    std::fs::write(dir.path().join("secret"), b"x").unwrap();
    for attempt in [
        "../secret",
        "../../secret",
        "/etc/passwd",
        "..%2fsecret",
        "tmp/0123.part",
    ] {
        assert!(
            matches!(BlobDigest::parse(attempt), Err(BlobError::InvalidDigest)),
            "{attempt}"
        );
    }
}

#[tokio::test]
async fn a_sweep_removes_only_old_files_that_nothing_names() {
    let (dir, blobs) = store().await;
    let limits = UploadLimits::attachments();
    let named = blobs.put_bytes(b"named".to_vec(), &limits).await.unwrap();
    let orphan = blobs.put_bytes(b"orphan".to_vec(), &limits).await.unwrap();
    std::fs::write(dir.path().join("blobs/tmp/in-flight.part"), b"half").unwrap();
    let keep: std::collections::HashSet<String> = [named.digest.to_string()].into();
    let hour = std::time::Duration::from_secs(3600);

    // Stored just now: both stay, whoever names them.
    let recent = blobs
        .sweep(&keep, std::time::SystemTime::now() - hour)
        .await
        .unwrap();
    assert_eq!((recent.kept, recent.removed), (2, 0));

    let old = blobs
        .sweep(&keep, std::time::SystemTime::now() + hour)
        .await
        .unwrap();
    assert_eq!((old.kept, old.removed, old.freed_bytes), (1, 1, 6));
    assert!(blobs.open_blob(&named.digest).await.is_ok());
    assert!(matches!(
        blobs.open_blob(&orphan.digest).await,
        Err(BlobError::NotFound)
    ));
    assert!(
        dir.path().join("blobs/tmp/in-flight.part").exists(),
        "uploads in flight stay"
    );

    // A tool beside the server on a store never used finds nothing to do.
    let empty = BlobStore::beside_server(dir.path().join("nothing-here"));
    let report = empty
        .sweep(&keep, std::time::SystemTime::now())
        .await
        .unwrap();
    assert_eq!(report, cartable_store::SweepReport::default());
}
