//! Incident response in one action: after a wave of hijacked accounts, end every session of
//! a school's (or an academy's) accounts of some roles, require new passwords, and tell each
//! owner why.
//!
//! "A new password" means going back through activation with a fresh one-time code from the
//! school, for every role: after a theft the old password proves nothing, so it must not be
//! what lets someone choose the next one.

use super::alerts::notify_owners;
use super::moderation::Moderator;
use crate::audit::append_audit;
use crate::error::decode;
use crate::{Result, Store, StoreError};
use cartable_core::audit::{AuditEvent, AuditKind};
use cartable_core::authz::{Action, Permit};
use cartable_core::{Role, Timestamp, UserId};
use serde_json::json;
use sqlx::Row;

/// What an incident response did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IncidentReport {
    /// Accounts whose sessions ended and that need a new password.
    pub accounts: u64,
    /// Sessions ended.
    pub sessions: u64,
}

impl Store {
    /// For every school a permit covers (each `RespondToIncident`) and each role in `roles`
    /// its author manages: ends every session, clears the passwords so that the accounts go
    /// back to activation (the head prints class sheets of new codes for pupils and parents
    /// and gives adults theirs), and notifies each account's owner. One transaction: all of
    /// it or none.
    pub async fn respond_to_incident(
        &self,
        permits: &[Permit],
        roles: &[Role],
        by: &Moderator,
        now: Timestamp,
    ) -> Result<IncidentReport> {
        let mut report = IncidentReport::default();
        let (_turn, mut tx) = self.begin_write().await?;
        for permit in permits {
            let Action::RespondToIncident(school) = permit.action() else {
                return Err(StoreError::Forbidden);
            };
            let mut school_report = IncidentReport::default();
            for &role in roles {
                if !permit.covers_account(school, role) {
                    return Err(StoreError::Forbidden);
                }
                let users: Vec<UserId> = sqlx::query(
                    "SELECT id FROM users WHERE school_id = $1 AND role = $2 AND status = 'active'",
                )
                .bind(school.as_str())
                .bind(role.as_str())
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|row| decode(row.try_get("id")?))
                .collect::<Result<_>>()?;
                let ended = sqlx::query(
                    "UPDATE sessions SET revoked_at = $1 WHERE revoked_at IS NULL AND user_id IN \
                     (SELECT id FROM users WHERE school_id = $2 AND role = $3)",
                )
                .bind(now.0)
                .bind(school.as_str())
                .bind(role.as_str())
                .execute(&mut *tx)
                .await?
                .rows_affected();
                sqlx::query(
                    "UPDATE users SET status = 'pending', password_hash = NULL, \
                     activation_digest = NULL, activation_expires_at = NULL \
                     WHERE school_id = $1 AND role = $2 AND status = 'active'",
                )
                .bind(school.as_str())
                .bind(role.as_str())
                .execute(&mut *tx)
                .await?;
                let body = "Par sécurité, l'établissement a fermé toutes vos sessions et \
                     effacé votre mot de passe. Il vous remettra un nouveau code d'activation \
                     pour en choisir un nouveau sur la page « Activer mon compte ».";
                notify_owners(
                    &mut tx,
                    school,
                    &users,
                    "Sécurité : vos sessions ont été fermées",
                    body,
                    now,
                )
                .await?;
                school_report.accounts += u64::try_from(users.len()).unwrap_or(u64::MAX);
                school_report.sessions += ended;
            }
            let event = AuditEvent {
                at: now,
                school: Some(school.clone()),
                actor: Some(by.user.clone()),
                ip: Some(by.ip.clone()),
                session: by.session.clone(),
                kind: AuditKind::IncidentResponse,
                target: None,
                details: json!({
                    "roles": roles,
                    "accounts": school_report.accounts,
                    "sessions_ended": school_report.sessions,
                })
                .to_string(),
            };
            append_audit(&mut tx, &event).await?;
            report.accounts += school_report.accounts;
            report.sessions += school_report.sessions;
        }
        tx.commit().await?;
        // Every owner of a whole school was told.
        self.changed_widely();
        Ok(report)
    }
}
