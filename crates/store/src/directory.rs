//! Academies and schools.

use crate::error::decode;
use crate::{Result, School, Store};
use cartable_core::directory::SchoolName;
use cartable_core::id::AcademyId;
use cartable_core::{Clock, SchoolId, SystemClock, Uai};
use rand::rngs::OsRng;
use sqlx::any::AnyRow;
use sqlx::Row;

const SCHOOL_COLUMNS: &str = "id, academy_id, uai, name";

fn school_from_row(row: &AnyRow) -> Result<School> {
    Ok(School {
        id: decode(row.try_get("id")?)?,
        academy_id: decode(row.try_get("academy_id")?)?,
        uai: decode(row.try_get("uai")?)?,
        name: row.try_get("name")?,
    })
}

impl Store {
    /// The academy of this name, created if it does not exist yet.
    pub async fn ensure_academy(&self, name: &SchoolName) -> Result<AcademyId> {
        let id = AcademyId::random(&mut OsRng);
        sqlx::query(
            "INSERT INTO academies (id, name, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(id.as_str())
        .bind(name.as_str())
        .bind(SystemClock.now().0)
        .execute(&self.pool)
        .await?;
        let row = sqlx::query("SELECT id FROM academies WHERE name = $1")
            .bind(name.as_str())
            .fetch_one(&self.pool)
            .await?;
        decode(row.try_get("id")?)
    }

    /// The school with this UAI, created in `academy` if it does not exist yet. An existing
    /// school keeps its academy and name.
    pub async fn ensure_school(
        &self,
        academy: &AcademyId,
        uai: &Uai,
        name: &SchoolName,
    ) -> Result<School> {
        let id = SchoolId::random(&mut OsRng);
        sqlx::query(
            "INSERT INTO schools (id, academy_id, uai, name, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (uai) DO NOTHING",
        )
        .bind(id.as_str())
        .bind(academy.as_str())
        .bind(uai.as_str())
        .bind(name.as_str())
        .bind(SystemClock.now().0)
        .execute(&self.pool)
        .await?;
        self.school_by_uai(uai)
            .await?
            .ok_or(crate::StoreError::NotFound)
    }

    /// The school with this UAI.
    pub async fn school_by_uai(&self, uai: &Uai) -> Result<Option<School>> {
        let sql = format!("SELECT {SCHOOL_COLUMNS} FROM schools WHERE uai = $1");
        let row = sqlx::query(&sql)
            .bind(uai.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(school_from_row).transpose()
    }

    /// The school with this id.
    pub async fn school(&self, id: &SchoolId) -> Result<Option<School>> {
        let sql = format!("SELECT {SCHOOL_COLUMNS} FROM schools WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(school_from_row).transpose()
    }

    /// How many schools the platform holds.
    pub async fn school_count(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM schools")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// The schools an actor with this role in `school` acts on: an admin acts on every
    /// school of their academy, everyone else on their own school.
    pub(crate) async fn acting_schools(
        &self,
        school: &SchoolId,
        role: cartable_core::Role,
    ) -> Result<Vec<SchoolId>> {
        if role != cartable_core::Role::Admin {
            return Ok(vec![school.clone()]);
        }
        let rows = sqlx::query(
            "SELECT id FROM schools WHERE academy_id = \
             (SELECT academy_id FROM schools WHERE id = $1) ORDER BY id",
        )
        .bind(school.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| decode(r.try_get("id")?)).collect()
    }
}
