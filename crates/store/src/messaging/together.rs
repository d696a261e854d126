//! Writing a batch of sends in two trips to SQLite's thread, its transaction included.
//!
//! Each trip to the thread sqlx runs SQLite on costs a hand-over each way, and under load
//! those hand-overs, not SQLite, bound how many messages one writer stores a second. The
//! ordinary sends of a batch (clean or held, no draft to replace, from senders with nothing
//! else in the batch) are therefore decided together: one script reads every sender's
//! state and every school's audit chain head, the jobs are decided in order in memory (a
//! sender's second message in the batch counts the first against the limits), and one
//! script writes them all. Anything out of the ordinary — a threat, a pupil crossing the
//! mass-mailing limit, a draft to replace — is left to be written on its own, after.
//!
//! The group is a transaction of its own, begun in the first trip and committed in the
//! second: if anything fails, it is rolled back and every job is handed back to be written
//! alone, so one bad message never costs the others theirs.

use super::batch::Queued;
use super::entries::Entries;
use super::model::MessageStatus;
use super::record::SenderState;
use super::send::Lockdown;
use crate::audit::ChainHead;
use crate::script::Script;
use crate::Result;
use cartable_core::{SchoolId, UserId};
use sqlx::{AnyConnection, Row};
use std::collections::{HashMap, HashSet};

/// A job's sender and the answer they wait for, once the job is decided.
pub(crate) type Answered = (
    tokio::sync::oneshot::Sender<Result<(super::model::SendOutcome, Lockdown)>>,
    Result<(super::model::SendOutcome, Lockdown)>,
);

/// Splits a batch into the jobs that can be written together and those to write alone
/// (every job of a sender who has one of the latter in the batch, in order).
pub(crate) fn split(batch: Vec<Queued>) -> (Vec<Queued>, Vec<Queued>) {
    let alone: HashSet<UserId> = batch
        .iter()
        .filter(|(job, _)| !job.is_ordinary())
        .map(|(job, _)| job.account.id.clone())
        .collect();
    batch
        .into_iter()
        .partition(|(job, _)| !alone.contains(&job.account.id))
}

/// Decides and writes `jobs` together in a transaction of their own on `conn` (which must
/// not be in one). Returns the answers decided — committed, or refused — and the jobs still
/// to write alone.
pub(crate) async fn write_together(
    conn: &mut AnyConnection,
    jobs: Vec<Queued>,
) -> (Vec<Answered>, Vec<Queued>) {
    if jobs.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut check = Script::default();
    check.push("BEGIN IMMEDIATE");
    let schools: Vec<SchoolId> = jobs
        .iter()
        .map(|(job, _)| job.school.clone())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    for school in &schools {
        let head = ChainHead::hold(&mut check, school.as_str());
        check.push(format!("SELECT {head}"));
    }
    for (i, (job, _)) in jobs.iter().enumerate() {
        let sender = check.params.text(job.account.id.as_str());
        let columns = job.check_columns(&mut check.params, &sender);
        let i = check.params.int(i64::try_from(i).unwrap_or(i64::MAX));
        check.push(format!(
            "SELECT {i} AS job, {columns} FROM users WHERE id = {sender}"
        ));
    }
    let read = match check.run(conn).await {
        Ok(rows) => read_checks(&rows, &schools),
        Err(error) => Err(error),
    };
    let Ok((mut heads, mut states)) = read else {
        return (Vec::new(), undo(conn, jobs).await);
    };
    let mut write = Script::default();
    let mut entries = Entries::default();
    let mut answered = Vec::new();
    let mut written = Vec::new();
    let mut alone = Vec::new();
    let mut stopped: HashSet<UserId> = HashSet::new();
    let mut sent: HashMap<UserId, (u32, u32)> = HashMap::new();
    let mut from_device: HashMap<(UserId, Option<String>), u32> = HashMap::new();
    for (i, (mut job, answer)) in jobs.into_iter().enumerate() {
        let sender = job.account.id.clone();
        let device = (sender.clone(), job.message.origin.device.clone());
        let (Some(mut state), Some(head), false) = (
            states.remove(&i),
            heads.get_mut(&job.school),
            stopped.contains(&sender),
        ) else {
            alone.push((job, answer));
            continue;
        };
        // What this sender's earlier messages in the batch add to what the database holds.
        let (messages, people) = sent.get(&sender).copied().unwrap_or_default();
        state.recent.messages_last_minute =
            state.recent.messages_last_minute.saturating_add(messages);
        state.recent.recipients_last_hour =
            state.recent.recipients_last_hour.saturating_add(people);
        state.device_reach = state
            .device_reach
            .saturating_add(from_device.get(&device).copied().unwrap_or_default());
        let screening = job.screening.clone();
        match job.decide(&state) {
            Err(refusal) => answered.push((answer, Err(refusal))),
            Ok(MessageStatus::Blocked) => {
                // Crossing the mass-mailing limit locks the account: that is written alone,
                // and so is everything after it from the same sender.
                job.screening = screening;
                stopped.insert(sender);
                alone.push((job, answer));
            }
            Ok(status) => {
                job.writes(&mut write, &mut entries, head, status);
                let entry = sent.entry(sender).or_default();
                entry.0 = entry.0.saturating_add(1);
                entry.1 = entry.1.saturating_add(job.reach);
                *from_device.entry(device).or_default() += job.reach;
                written.push((job, answer, status));
            }
        }
    }
    entries.push(&mut write);
    write.push("COMMIT");
    if write.run(conn).await.is_err() {
        let mut back: Vec<Queued> = written
            .into_iter()
            .map(|(job, answer, _)| (job, answer))
            .collect();
        back.extend(alone);
        return (answered, undo(conn, back).await);
    }
    for (job, answer, status) in written {
        answered.push((answer, Ok((job.outcome(status), Lockdown::default()))));
    }
    (answered, alone)
}

/// The chain heads (one row per school, first) and each job's sender state by position.
fn read_checks(
    rows: &[sqlx::any::AnyRow],
    schools: &[SchoolId],
) -> Result<(HashMap<SchoolId, ChainHead>, HashMap<usize, SenderState>)> {
    let (head_rows, job_rows) = rows.split_at(schools.len().min(rows.len()));
    let mut heads = HashMap::new();
    for (school, row) in schools.iter().zip(head_rows) {
        heads.insert(school.clone(), ChainHead::read(row)?);
    }
    let mut states = HashMap::new();
    for row in job_rows {
        let i: i64 = row.try_get("job")?;
        states.insert(
            usize::try_from(i).unwrap_or(usize::MAX),
            SenderState::read(row)?,
        );
    }
    Ok((heads, states))
}

/// Rolls back whatever the group wrote and hands its jobs back to be written alone.
async fn undo(conn: &mut AnyConnection, jobs: Vec<Queued>) -> Vec<Queued> {
    // A failed commit may have ended the transaction already: then there is nothing to undo.
    if let Err(error) = sqlx::query("ROLLBACK").execute(&mut *conn).await {
        tracing::debug!(%error, "no group of sends to roll back");
    }
    jobs
}
