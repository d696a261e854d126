//! News (actualités): published by the head and staff to the school or a class, by teachers
//! to their classes; read on the pupils' and parents' home pages.

use super::model::NewsItem;
use super::timetable::read_class;
use crate::error::decode;
use crate::{ClassRef, Result, Store, StoreError};
use cartable_core::authz::{Action, Permit};
use cartable_core::continuity::{LongText, ShortText};
use cartable_core::{ClassId, NewsId, SchoolId, Timestamp, UserId};
use rand::rngs::OsRng;
use sqlx::{AnyPool, Row};

/// Most news items a page or a day shows.
pub const NEWS_LIMIT: i64 = 10;

impl Store {
    /// Publishes news under a `PublishSchoolNews` permit (to the whole school) or a
    /// `PublishClassNews` permit (to that class).
    pub async fn publish_news(
        &self,
        permit: &Permit,
        author: &UserId,
        title: &ShortText,
        body: &LongText,
        now: Timestamp,
    ) -> Result<NewsId> {
        let (school, class) = match permit.action() {
            Action::PublishSchoolNews(school) => (school, None),
            Action::PublishClassNews { school, class, .. } => (school, Some(class)),
            _ => return Err(StoreError::Forbidden),
        };
        let id = NewsId::random(&mut OsRng);
        let (_turn, mut tx) = self.begin_write().await?;
        if let Some(class) = class {
            let found = sqlx::query("SELECT 1 AS x FROM classes WHERE id = $1 AND school_id = $2")
                .bind(class.as_str())
                .bind(school.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            if found.is_none() {
                return Err(StoreError::NotFound);
            }
        }
        sqlx::query(
            "INSERT INTO news (id, school_id, class_id, author_id, title, body, published_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id.as_str())
        .bind(school.as_str())
        .bind(class.map(ClassId::as_str))
        .bind(author.as_str())
        .bind(title.as_str())
        .bind(body.as_str())
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The school's news (`ViewSchool` or any class permit of the school): the whole
    /// school's and every class's, newest first, at most [`NEWS_LIMIT`].
    pub async fn school_news(&self, school: &SchoolId) -> Result<Vec<NewsItem>> {
        let rows = sqlx::query(&format!(
            "{NEWS_SELECT} WHERE n.school_id = $1 ORDER BY n.published_at DESC, n.id LIMIT {NEWS_LIMIT}"
        ))
        .bind(school.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(news_item).collect()
    }

    /// The news someone who is not running the school sees on the news page: the whole
    /// school's, and the news of each class they may read (`ReadClassWork` permits of that
    /// school, one per class: a teacher's classes), newest first, at most [`NEWS_LIMIT`].
    /// Other classes' news stays out.
    pub async fn news_for(&self, school: &SchoolId, readable: &[Permit]) -> Result<Vec<NewsItem>> {
        let mut classes = Vec::with_capacity(readable.len());
        for permit in readable {
            if permit.school() != Some(school) {
                return Err(StoreError::Forbidden);
            }
            classes.push(read_class(permit)?);
        }
        let placeholders: Vec<String> = (2..classes.len() + 2).map(|n| format!("${n}")).collect();
        let of_classes = if classes.is_empty() {
            String::new()
        } else {
            format!(" OR n.class_id IN ({})", placeholders.join(", "))
        };
        let sql = format!(
            "{NEWS_SELECT} WHERE n.school_id = $1 AND (n.class_id IS NULL{of_classes}) \
             ORDER BY n.published_at DESC, n.id LIMIT {NEWS_LIMIT}"
        );
        let mut query = sqlx::query(&sql).bind(school.as_str());
        for class in classes {
            query = query.bind(class.as_str());
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter().map(news_item).collect()
    }
}

const NEWS_SELECT: &str = "SELECT n.id, n.class_id, c.name AS class_name, n.title, n.body, \
    n.published_at, u.first_name, u.last_name FROM news n JOIN users u ON u.id = n.author_id \
    LEFT JOIN classes c ON c.id = n.class_id";

fn news_item(row: &sqlx::any::AnyRow) -> Result<NewsItem> {
    let class: Option<String> = row.try_get("class_id")?;
    let class = match class {
        Some(id) => Some(ClassRef {
            id: decode(id)?,
            name: row.try_get("class_name")?,
        }),
        None => None,
    };
    let first: String = row.try_get("first_name")?;
    let last: String = row.try_get("last_name")?;
    Ok(NewsItem {
        id: decode(row.try_get("id")?)?,
        class,
        author: format!("{first} {last}"),
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        published_at: Timestamp(row.try_get("published_at")?),
    })
}

/// The news a class's pupils see: the school's and the class's, published since `since`,
/// newest first, at most [`NEWS_LIMIT`].
pub(crate) async fn class_news(
    pool: &AnyPool,
    school: &SchoolId,
    class: &ClassId,
    since: Timestamp,
) -> Result<Vec<NewsItem>> {
    let rows = sqlx::query(&format!(
        "{NEWS_SELECT} WHERE n.id IN ( \
           SELECT id FROM (SELECT id, published_at FROM news WHERE school_id = $1 AND class_id IS NULL \
             AND published_at >= $3 ORDER BY published_at DESC LIMIT {NEWS_LIMIT}) s \
           UNION ALL \
           SELECT id FROM (SELECT id, published_at FROM news WHERE class_id = $2 \
             AND published_at >= $3 ORDER BY published_at DESC LIMIT {NEWS_LIMIT}) k) \
         ORDER BY n.published_at DESC, n.id LIMIT {NEWS_LIMIT}"
    ))
    .bind(school.as_str())
    .bind(class.as_str())
    .bind(since.0)
    .fetch_all(pool)
    .await?;
    rows.iter().map(news_item).collect()
}
