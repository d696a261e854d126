//! `cartable audit export`: one school's audited events as a JSON document for a complaint.

use super::when::{parse_since, time_zone, Instant};
use crate::cli::Storage;
use anyhow::Context;
use cartable_core::audit::{AuditKind, ChainHash};
use cartable_core::{Clock, Role, SessionId, SystemClock, Uai, UserId};
use cartable_store::{AuditEntry, ChainReport, School, Store};
use jiff::tz::TimeZone;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// What to export, as given on the command line.
pub struct Request<'a> {
    /// The school's UAI, unparsed.
    pub uai: &'a str,
    /// `--since`, unparsed.
    pub since: &'a str,
    /// `--time-zone`, unparsed.
    pub time_zone: &'a str,
    /// Where to write; standard output if `None`.
    pub output: Option<&'a Path>,
}

/// The exported document. Field names are part of what schools hand over: keep them stable.
#[derive(Serialize)]
struct Evidence {
    title: &'static str,
    school: SchoolPart,
    since: Instant,
    exported_at: Instant,
    time_zone: String,
    chain: ChainPart,
    entries: Vec<EntryPart>,
}

#[derive(Serialize)]
struct SchoolPart {
    uai: Uai,
    name: String,
    id: String,
    academy_id: String,
}

/// The school's chain as verified just before the entries were read.
#[derive(Serialize)]
struct ChainPart {
    /// How the chain is built, for whoever checks it.
    method: &'static str,
    /// Whether every entry of the school's chain (not only those exported) verified.
    intact: bool,
    /// How many entries were checked, when intact.
    entries_checked: Option<u64>,
    /// The first entry that is wrong or missing, and why, when broken.
    broken_at: Option<i64>,
    problem: Option<String>,
    /// The last entry's number and hash: write it down to detect any later rewrite.
    head: Option<Head>,
}

#[derive(Serialize)]
struct Head {
    seq: i64,
    hash: ChainHash,
}

#[derive(Serialize)]
struct EntryPart {
    seq: i64,
    time: Instant,
    kind: AuditKind,
    actor: Option<ActorPart>,
    ip: Option<String>,
    session: Option<SessionId>,
    target: Option<String>,
    /// The facts as recorded; a JSON document when they were recorded as one.
    details: serde_json::Value,
    hash: ChainHash,
}

#[derive(Clone, Serialize)]
struct ActorPart {
    id: UserId,
    login: Option<String>,
    name: Option<String>,
    role: Option<Role>,
}

const METHOD: &str = "SHA-256 hash chain per school: each entry's hash covers the previous \
entry's hash, its number and every field of the entry, length-prefixed (cartable_core::audit)";

/// Writes the evidence document for one school since a date.
pub async fn export(storage: &Storage, request: Request<'_>) -> anyhow::Result<()> {
    let uai = Uai::parse(request.uai).with_context(|| format!("--school {:?}", request.uai))?;
    let zone = time_zone(request.time_zone)?;
    let since = parse_since(request.since, &zone)?;
    let store = storage.open().await?;
    let school = store
        .school_by_uai(&uai)
        .await?
        .with_context(|| format!("unknown school {uai}"))?;
    // Verify first, then read: the entries exported are those the verified head covers.
    let report = store.verify_audit_chain(Some(&school.id)).await?;
    let mut entries = store.audit_entries(Some(&school.id), since).await?;
    if let (Ok(_), Some((head, _))) = (&report.outcome, report.head) {
        entries.retain(|entry| entry.seq <= head);
    }
    let count = entries.len();
    let evidence = Evidence {
        title: "Cartable audit export",
        school: school_part(&school),
        since: Instant::new(since, &zone),
        exported_at: Instant::new(SystemClock.now(), &zone),
        time_zone: request.time_zone.to_owned(),
        chain: chain_part(&report),
        entries: entry_parts(&store, entries, &zone).await?,
    };
    let json = serde_json::to_string_pretty(&evidence)?;
    match request.output {
        Some(path) => std::fs::write(path, json + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => writeln!(std::io::stdout().lock(), "{json}")?,
    }
    let state = match &report.outcome {
        Ok(_) => "chain intact".to_owned(),
        Err(broken) => format!("WARNING: {broken}"),
    };
    eprintln!("{uai}: {count} audit entries exported; {state}");
    Ok(())
}

fn school_part(school: &School) -> SchoolPart {
    SchoolPart {
        uai: school.uai.clone(),
        name: school.name.clone(),
        id: school.id.to_string(),
        academy_id: school.academy_id.to_string(),
    }
}

fn chain_part(report: &ChainReport) -> ChainPart {
    ChainPart {
        method: METHOD,
        intact: report.outcome.is_ok(),
        entries_checked: report.outcome.as_ref().ok().copied(),
        broken_at: report.outcome.as_ref().err().map(|b| b.seq),
        problem: report.outcome.as_ref().err().map(|b| b.why.to_string()),
        head: report.head.map(|(seq, hash)| Head { seq, hash }),
    }
}

/// The entries as exported, with each actor's login, name and role looked up once.
async fn entry_parts(
    store: &Store,
    entries: Vec<AuditEntry>,
    zone: &TimeZone,
) -> anyhow::Result<Vec<EntryPart>> {
    let mut actors: HashMap<UserId, ActorPart> = HashMap::new();
    let mut parts = Vec::with_capacity(entries.len());
    for AuditEntry { seq, event, hash } in entries {
        let actor = match event.actor {
            Some(id) => Some(match actors.get(&id) {
                Some(known) => known.clone(),
                None => {
                    let account = store.account(&id).await?;
                    let part = ActorPart {
                        id: id.clone(),
                        login: account.as_ref().map(|a| a.login.to_string()),
                        name: account.as_ref().map(|a| a.display_name()),
                        role: account.as_ref().map(|a| a.role),
                    };
                    actors.insert(id, part.clone());
                    part
                }
            }),
            None => None,
        };
        let details = serde_json::from_str(&event.details)
            .unwrap_or(serde_json::Value::String(event.details));
        parts.push(EntryPart {
            seq,
            time: Instant::new(event.at, zone),
            kind: event.kind,
            actor,
            ip: event.ip,
            session: event.session,
            target: event.target,
            details,
            hash,
        });
    }
    Ok(parts)
}
