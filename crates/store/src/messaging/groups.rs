//! Groups: named sets of people a teacher or staff member writes to together (a Latin option
//! across classes, the choir). A member must be someone the owner may already write to one
//! by one: a group never widens who can be reached, it only saves picking them each time.

use super::model::SendRefusal;
use super::send::sender_account;
use super::targets::resolve;
use crate::{Result, Store, StoreError};
use cartable_core::authz::{Action, Permit};
use cartable_core::directory::ClassName;
use cartable_core::messaging::{clear, Recipient, Sender};
use cartable_core::{GroupId, SchoolId, Timestamp, UserId};
use rand::rngs::OsRng;
use serde::Serialize;
use sqlx::Row;

/// The most members a group may have.
pub const MAX_GROUP_MEMBERS: usize = 1_000;

/// One of my groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupSummary {
    /// The group.
    pub id: GroupId,
    /// Its name.
    pub name: String,
    /// How many members it has.
    pub members: i64,
}

impl Store {
    /// Creates a group owned by `owner` in the permit's school (`ManageGroups`). Every
    /// member must pass the messaging rule as a recipient of the owner; those who do not are
    /// named in the refusal and nothing is created.
    pub async fn create_group(
        &self,
        permit: &Permit,
        owner: &UserId,
        name: &ClassName,
        members: &[UserId],
        now: Timestamp,
    ) -> Result<GroupId> {
        let Action::ManageGroups(school) = permit.action() else {
            return Err(StoreError::Forbidden);
        };
        if members.is_empty() || members.len() > MAX_GROUP_MEMBERS {
            return Err(StoreError::Refused(SendRefusal::Recipients(Vec::new())));
        }
        let (account, settings) = sender_account(&self.pool, owner, school).await?;
        let policy = settings.policy;
        let recipients: Vec<Recipient> = members.iter().cloned().map(Recipient::User).collect();
        let resolved = resolve(&self.pool, owner, &recipients).await?;
        let rule_sender = Sender {
            role: account.role,
            schools: vec![school.clone()],
            new_device: false,
        };
        let mut refused = resolved.unknown;
        if let Err(more) = clear(&rule_sender, &policy, resolved.targets) {
            refused.extend(more);
        }
        if !refused.is_empty() {
            return Err(StoreError::Refused(SendRefusal::Recipients(refused)));
        }
        let id = GroupId::random(&mut OsRng);
        let (_turn, mut tx) = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO message_groups (id, school_id, owner_id, name, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id.as_str())
        .bind(school.as_str())
        .bind(owner.as_str())
        .bind(name.as_str())
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        for member in members {
            sqlx::query(
                "INSERT INTO message_group_members (group_id, user_id, since) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(id.as_str())
            .bind(member.as_str())
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.memberships_changed();
        Ok(id)
    }

    /// The groups `owner` created in `school`, by name.
    pub async fn my_groups(&self, owner: &UserId, school: &SchoolId) -> Result<Vec<GroupSummary>> {
        let rows = sqlx::query(
            "SELECT g.id, g.name, (SELECT COUNT(*) FROM message_group_members m WHERE m.group_id = g.id) AS members \
             FROM message_groups g WHERE g.owner_id = $1 AND g.school_id = $2 ORDER BY g.name",
        )
        .bind(owner.as_str())
        .bind(school.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(GroupSummary {
                    id: crate::error::decode(row.try_get("id")?)?,
                    name: row.try_get("name")?,
                    members: row.try_get("members")?,
                })
            })
            .collect()
    }
}
