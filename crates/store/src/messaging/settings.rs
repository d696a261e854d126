//! Each school's messaging policy and emergency switches, as JSON documents core validates.

use super::moderation::Moderator;
use crate::audit::append_audit;
use crate::{Result, Store, StoreError};
use cartable_core::audit::{AuditEvent, AuditKind};
use cartable_core::authz::{Action, Permit};
use cartable_core::messaging::{MessagingPolicy, MessagingSwitches};
use cartable_core::{SchoolId, Timestamp};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

/// A school's messaging settings as stored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SchoolMessaging {
    /// The policy the head edits.
    pub policy: MessagingPolicy,
    /// The switches in force.
    pub switches: MessagingSwitches,
}

/// Reads a school's settings; a school that never changed them has the defaults. A stored
/// document that no longer reads (a bug, a hand edit) reads as the defaults with messaging
/// off for pupils and parents, the safe side, rather than failing every send.
pub(crate) async fn load<'e>(
    executor: impl Executor<'e, Database = Any>,
    school: &SchoolId,
) -> Result<SchoolMessaging> {
    let row = sqlx::query("SELECT policy, switches FROM school_messaging WHERE school_id = $1")
        .bind(school.as_str())
        .fetch_optional(executor)
        .await?;
    match row {
        Some(row) => from_row(&row),
        None => Ok(SchoolMessaging::default()),
    }
}

/// The settings in a row's `policy` and `switches` columns (NULL for a school that never
/// changed them), read as [`load`] reads them.
pub(crate) fn from_row(row: &AnyRow) -> Result<SchoolMessaging> {
    let policy: Option<String> = row.try_get("policy")?;
    let switches: Option<String> = row.try_get("switches")?;
    let (Some(policy), Some(switches)) = (policy, switches) else {
        return Ok(SchoolMessaging::default());
    };
    let policy = serde_json::from_str(&policy).unwrap_or_default();
    let switches = serde_json::from_str(&switches).unwrap_or_else(|_| MessagingSwitches {
        off_for: vec![cartable_core::Role::Pupil, cartable_core::Role::Parent],
        reason: "messaging settings unreadable".to_owned(),
    });
    Ok(SchoolMessaging { policy, switches })
}

impl Store {
    /// A school's messaging settings.
    pub async fn school_messaging(&self, school: &SchoolId) -> Result<SchoolMessaging> {
        load(&self.pool, school).await
    }

    /// Every school with a switch on, for the banner every node shows (polled each second).
    pub async fn switched_off_schools(&self) -> Result<Vec<(SchoolId, MessagingSwitches)>> {
        let rows =
            sqlx::query("SELECT school_id, switches FROM school_messaging WHERE switches <> $1")
                .bind(off_nothing())
                .fetch_all(&self.pool)
                .await?;
        let mut schools = Vec::new();
        for row in rows {
            let school: String = row.try_get("school_id")?;
            let switches: String = row.try_get("switches")?;
            if let (Ok(school), Ok(switches)) = (
                school.parse::<SchoolId>(),
                serde_json::from_str::<MessagingSwitches>(&switches),
            ) {
                if switches.any_off() {
                    schools.push((school, switches));
                }
            }
        }
        Ok(schools)
    }

    /// Saves a school's policy (validated by core first). The permit must be
    /// `EditMessagingPolicy` for that school.
    pub async fn set_messaging_policy(
        &self,
        permit: &Permit,
        policy: &MessagingPolicy,
        by: &Moderator,
        now: Timestamp,
    ) -> Result<()> {
        let Action::EditMessagingPolicy(school) = permit.action() else {
            return Err(StoreError::Forbidden);
        };
        policy.validate().map_err(StoreError::Policy)?;
        let (_turn, mut tx) = self.begin_write().await?;
        let mut settings = load(&mut *tx, school).await?;
        settings.policy = policy.clone();
        save(&mut tx, school, &settings, by, now).await?;
        let details = serde_json::to_string(policy)?;
        append_audit(
            &mut tx,
            &event(by, school, AuditKind::PolicyChanged, details, now),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets the switches of every school the permits cover, in one transaction: an academy
    /// admin turns a role off in all of the academy's schools at once. Each permit must be
    /// `SwitchMessaging`.
    pub async fn set_messaging_switches(
        &self,
        permits: &[Permit],
        switches: &MessagingSwitches,
        by: &Moderator,
        now: Timestamp,
    ) -> Result<Vec<SchoolId>> {
        let mut schools = Vec::new();
        for permit in permits {
            let Action::SwitchMessaging(school) = permit.action() else {
                return Err(StoreError::Forbidden);
            };
            schools.push(school.clone());
        }
        let (_turn, mut tx) = self.begin_write().await?;
        for school in &schools {
            let mut settings = load(&mut *tx, school).await?;
            settings.switches = switches.clone();
            save(&mut tx, school, &settings, by, now).await?;
            let details = serde_json::to_string(switches)?;
            let kind = AuditKind::MessagingSwitched;
            append_audit(&mut tx, &event(by, school, kind, details, now)).await?;
        }
        tx.commit().await?;
        Ok(schools)
    }
}

/// The audit event of a settings change.
fn event(
    by: &Moderator,
    school: &SchoolId,
    kind: AuditKind,
    details: String,
    now: Timestamp,
) -> AuditEvent {
    AuditEvent {
        at: now,
        school: Some(school.clone()),
        actor: Some(by.user.clone()),
        ip: Some(by.ip.clone()),
        session: by.session.clone(),
        kind,
        target: Some(school.to_string()),
        details,
    }
}

/// The stored form of "no switch on".
fn off_nothing() -> String {
    serde_json::to_string(&MessagingSwitches::default()).unwrap_or_default()
}

async fn save(
    tx: &mut sqlx::Transaction<'_, Any>,
    school: &SchoolId,
    settings: &SchoolMessaging,
    by: &Moderator,
    now: Timestamp,
) -> Result<()> {
    let policy = serde_json::to_string(&settings.policy)?;
    let switches = serde_json::to_string(&settings.switches)?;
    sqlx::query(
        "INSERT INTO school_messaging (school_id, policy, switches, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (school_id) DO UPDATE SET \
         policy = excluded.policy, switches = excluded.switches, \
         updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(school.as_str())
    .bind(policy)
    .bind(switches)
    .bind(now.0)
    .bind(by.user.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
