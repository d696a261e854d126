//! Sessions: opened at sign-in, found by the digest of their token, revoked by their owner,
//! by sign-out, or when the account is locked or reset.

use crate::accounts::revoke_user_sessions;
use crate::error::decode;
use crate::{NewSession, Result, SessionInfo, SessionRow, Store, StoreError};
use cartable_core::secret::SecretDigest;
use cartable_core::{Actor, Role, SessionId, Timestamp, UserId};
use rand::rngs::OsRng;
use sqlx::Row;

/// Live sessions one person may hold at once (phone, tablet, a few school computers).
pub const MAX_LIVE_SESSIONS_PER_USER: i64 = 10;

/// Sessions whose last-seen time is written per transaction.
const TOUCH_CHUNK: usize = 500;

impl Store {
    /// Opens a session and returns its id. A person keeps at most
    /// [`MAX_LIVE_SESSIONS_PER_USER`] live sessions: opening one more ends the oldest, so a
    /// stolen account signing in thousands of times cannot pile up sessions.
    pub async fn create_session(&self, new: NewSession) -> Result<SessionId> {
        let id = SessionId::random(&mut OsRng);
        let (_turn, mut tx) = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO sessions (id, token_digest, user_id, created_at, expires_at, last_seen_at, user_agent, ip, device_id) \
             VALUES ($1, $2, $3, $4, $5, $4, $6, $7, $8)",
        )
        .bind(id.as_str())
        .bind(new.token.as_str())
        .bind(new.user.as_str())
        .bind(new.created_at.0)
        .bind(new.expires_at.0)
        .bind(&new.user_agent)
        .bind(&new.ip)
        .bind(new.device.clone())
        .execute(&mut *tx)
        .await?;
        if let Some(device) = &new.device {
            crate::messaging::devices::record_device(&mut tx, &new, device).await?;
        }
        sqlx::query(
            "UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL AND id NOT IN \
             (SELECT id FROM sessions WHERE user_id = $2 AND revoked_at IS NULL \
              ORDER BY created_at DESC, id DESC LIMIT $3)",
        )
        .bind(new.created_at.0)
        .bind(new.user.as_str())
        .bind(MAX_LIVE_SESSIONS_PER_USER)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        if new.device.is_some() {
            // A new device's notice may have reached its owner's inbox.
            self.changed([crate::messaging::own_audience(&new.user).as_str()]);
        }
        Ok(id)
    }

    /// The live session this token opens: not revoked, not expired, of an active account.
    pub async fn session_by_token(
        &self,
        token: &SecretDigest,
        now: Timestamp,
    ) -> Result<Option<SessionInfo>> {
        let row = sqlx::query(
            "SELECT s.id, s.expires_at, u.id AS user_id, u.role, u.school_id, u.login, u.first_name, u.last_name, \
             d.first_seen_at FROM sessions s JOIN users u ON u.id = s.user_id \
             LEFT JOIN user_devices d ON d.user_id = s.user_id AND d.device_id = s.device_id \
             WHERE s.token_digest = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND u.status = 'active'",
        )
        .bind(token.as_str())
        .bind(now.0)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let role: String = row.try_get("role")?;
        let role: Role = role
            .parse()
            .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))?;
        let school = decode(row.try_get("school_id")?)?;
        let first: String = row.try_get("first_name")?;
        let last: String = row.try_get("last_name")?;
        Ok(Some(SessionInfo {
            session_id: decode(row.try_get("id")?)?,
            actor: Actor::person(
                decode(row.try_get("user_id")?)?,
                role,
                self.acting_schools(&school, role).await?,
            ),
            login: decode(row.try_get("login")?)?,
            display_name: format!("{first} {last}"),
            expires_at: Timestamp(row.try_get("expires_at")?),
            device_first_seen: row
                .try_get::<Option<i64>, _>("first_seen_at")?
                .map(Timestamp),
        }))
    }

    /// My live sessions, most recently used first.
    pub async fn list_sessions(&self, user: &UserId, now: Timestamp) -> Result<Vec<SessionRow>> {
        let rows = sqlx::query(
            "SELECT id, created_at, last_seen_at, expires_at, user_agent, ip FROM sessions \
             WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 \
             ORDER BY last_seen_at DESC, created_at DESC",
        )
        .bind(user.as_str())
        .bind(now.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(SessionRow {
                    id: decode(row.try_get("id")?)?,
                    created_at: Timestamp(row.try_get("created_at")?),
                    last_seen_at: Timestamp(row.try_get("last_seen_at")?),
                    expires_at: Timestamp(row.try_get("expires_at")?),
                    user_agent: row.try_get("user_agent")?,
                    ip: row.try_get("ip")?,
                })
            })
            .collect()
    }

    /// Ends one of `user`'s sessions. `false` if no such live session is theirs: nobody can
    /// end someone else's session by guessing its id.
    pub async fn revoke_session(
        &self,
        user: &UserId,
        session: &SessionId,
        now: Timestamp,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
        )
        .bind(now.0)
        .bind(session.as_str())
        .bind(user.as_str())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Ends the session this token opens (sign-out), returning its id if it was live.
    pub async fn revoke_session_by_token(
        &self,
        token: &SecretDigest,
        now: Timestamp,
    ) -> Result<Option<SessionId>> {
        let row =
            sqlx::query("SELECT id FROM sessions WHERE token_digest = $1 AND revoked_at IS NULL")
                .bind(token.as_str())
                .fetch_optional(&self.pool)
                .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let id: SessionId = decode(row.try_get("id")?)?;
        sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2")
            .bind(now.0)
            .bind(id.as_str())
            .execute(&self.pool)
            .await?;
        Ok(Some(id))
    }

    /// Ends every session of `user`, returning their ids.
    pub async fn revoke_all_sessions(
        &self,
        user: &UserId,
        now: Timestamp,
    ) -> Result<Vec<SessionId>> {
        let (_turn, mut tx) = self.begin_write().await?;
        let ended = revoke_user_sessions(&mut tx, user, now).await?;
        tx.commit().await?;
        Ok(ended)
    }

    /// Records when sessions were last used, in one transaction (the web layer batches these
    /// so that page views do not each write to the database).
    pub async fn touch_sessions(&self, seen: &[(SessionId, Timestamp)]) -> Result<()> {
        if seen.is_empty() {
            return Ok(());
        }
        // Short transactions, so sign-ins never wait long behind the write lock.
        for chunk in seen.chunks(TOUCH_CHUNK) {
            let (_turn, mut tx) = self.begin_write().await?;
            for (id, at) in chunk {
                sqlx::query(
                    "UPDATE sessions SET last_seen_at = $1 WHERE id = $2 AND last_seen_at < $1",
                )
                .bind(at.0)
                .bind(id.as_str())
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }

    /// Sessions revoked at or after `since`, with the latest revocation time seen (or `since`
    /// when there is none). Each node polls this so that its session cache forgets sessions
    /// ended elsewhere — on another node or from the command line — within a second.
    pub async fn sessions_revoked_since(
        &self,
        since: Timestamp,
    ) -> Result<(Vec<SessionId>, Timestamp)> {
        let rows = sqlx::query(
            "SELECT id, revoked_at FROM sessions WHERE revoked_at >= $1 ORDER BY revoked_at",
        )
        .bind(since.0)
        .fetch_all(&self.pool)
        .await?;
        let mut latest = since;
        let mut ids = Vec::with_capacity(rows.len());
        for row in &rows {
            ids.push(decode(row.try_get("id")?)?);
            latest = latest.max(Timestamp(row.try_get("revoked_at")?));
        }
        Ok((ids, latest))
    }
}
