//! A class's day: the one read behind every pupil's "today" page.

use super::class_log::homework_due;
use super::model::ClassDay;
use super::news::class_news;
use super::timetable::{day_lessons, read_class};
use crate::homes::class_ref;
use crate::{Result, Store, StoreError};
use cartable_core::continuity::SchoolDate;
use cartable_core::Timestamp;

impl Store {
    /// What the permit's class (`ReadClassWork`) has on `day`: its lessons with the day's
    /// changes, the homework due from `day` to the next school day, and the news of the class
    /// and the school since `news_since`. A few indexed reads, the same for every pupil of
    /// the class.
    pub async fn class_day(
        &self,
        permit: &cartable_core::authz::Permit,
        day: SchoolDate,
        news_since: Timestamp,
    ) -> Result<ClassDay> {
        let class = read_class(permit)?;
        let school = permit.school().ok_or(StoreError::Forbidden)?;
        let row =
            sqlx::query("SELECT id AS class_id, name AS class_name FROM classes WHERE id = $1")
                .bind(class.as_str())
                .fetch_optional(&self.pool)
                .await?
                .ok_or(StoreError::NotFound)?;
        let class_ref = class_ref(&row)?;
        let lessons = day_lessons(&self.pool, class, day).await?;
        let homework = homework_due(&self.pool, class, day, day.next_school_day()).await?;
        let news = class_news(&self.pool, school, class, news_since).await?;
        Ok(ClassDay {
            class: class_ref,
            date: day,
            lessons,
            homework,
            news,
        })
    }
}
