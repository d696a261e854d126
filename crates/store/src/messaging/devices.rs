//! The devices each account signed in from: a device never seen for an account is new for
//! a day (it may not reach more than one class), and the account's owner is told of it.

use super::alerts::notify_owners;
use crate::audit::append_audit;
use crate::{NewSession, Result};
use cartable_core::audit::{AuditEvent, AuditKind};
use sqlx::{Any, Row, Transaction};

/// Records the device a session opens from; the first time for this account, tells its
/// owner. Part of opening the session, in its transaction.
pub(crate) async fn record_device(
    tx: &mut Transaction<'_, Any>,
    session: &NewSession,
    device: &str,
) -> Result<()> {
    let inserted = sqlx::query(
        "INSERT INTO user_devices (user_id, device_id, first_seen_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, device_id) DO NOTHING",
    )
    .bind(session.user.as_str())
    .bind(device)
    .bind(session.created_at.0)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(());
    }
    let row = sqlx::query("SELECT school_id FROM users WHERE id = $1")
        .bind(session.user.as_str())
        .fetch_one(&mut **tx)
        .await?;
    let school: cartable_core::SchoolId = crate::error::decode(row.try_get("school_id")?)?;
    let event = AuditEvent {
        at: session.created_at,
        school: Some(school.clone()),
        actor: Some(session.user.clone()),
        ip: Some(session.ip.clone()),
        session: None,
        kind: AuditKind::NewDevice,
        target: Some(session.user.to_string()),
        details: serde_json::json!({ "device": device, "user_agent": session.user_agent })
            .to_string(),
    };
    append_audit(tx, &event).await?;
    let body = format!(
        "Une connexion à votre compte vient d'un appareil jamais vu pour ce compte.\n\n\
         Navigateur : {agent}\nAdresse IP : {ip}\n\n\
         Si ce n'est pas vous, fermez cette session dans « Mes sessions » et prévenez la vie \
         scolaire. Pendant sa première journée, cet appareil ne peut pas écrire à plus d'une \
         classe ni à tout l'établissement.",
        agent = session.user_agent,
        ip = session.ip,
    );
    notify_owners(
        tx,
        &school,
        std::slice::from_ref(&session.user),
        "Nouvel appareil connecté à votre compte",
        &body,
        session.created_at,
    )
    .await
}
