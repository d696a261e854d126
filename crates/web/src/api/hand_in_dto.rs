//! What the assignment routes answer: hand-ins, their reviews, and the teacher's list.

use super::continuity_dto::FileDto;
use cartable_core::continuity::Timing;
use cartable_store::continuity::{HandIn, HandInStatus};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a pupil handed in, and the teacher's review once written.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct HandInDto {
    /// The homework.
    pub homework: String,
    /// The pupil's account.
    pub pupil_id: String,
    /// The pupil's name.
    pub pupil: String,
    /// Her text (may be empty).
    pub body: String,
    /// When it was last handed in, in seconds since the epoch.
    pub handed_in_at: i64,
    /// Whether it came after the deadline.
    pub late: bool,
    /// Its files.
    pub files: Vec<FileDto>,
    /// The teacher's review, once written.
    pub review: Option<ReviewDto>,
}

/// A teacher's feedback on a hand-in.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReviewDto {
    /// What the teacher wrote.
    pub feedback: String,
    /// The mark out of 20, if given.
    pub mark: Option<f64>,
    /// When, in seconds since the epoch.
    pub reviewed_at: i64,
}

impl From<&HandIn> for HandInDto {
    fn from(h: &HandIn) -> HandInDto {
        let files = h
            .files
            .iter()
            .enumerate()
            .map(|(position, file)| {
                let url = format!(
                    "/api/v1/homework/{}/hand-ins/{}/files/{position}",
                    h.homework_id, h.pupil_id
                );
                FileDto::of(file, url)
            })
            .collect();
        HandInDto {
            homework: h.homework_id.to_string(),
            pupil_id: h.pupil_id.to_string(),
            pupil: h.pupil.clone(),
            body: h.body.clone(),
            handed_in_at: h.handed_in_at.0,
            late: h.late,
            files,
            review: h.review.as_ref().map(|r| ReviewDto {
                feedback: r.feedback.clone(),
                mark: r.mark.map(|m| m.value()),
                reviewed_at: r.reviewed_at.0,
            }),
        }
    }
}

/// How a hand-in was taken.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct HandedInDto {
    /// `on_time` or `late`.
    pub timing: String,
    /// What is now handed in.
    pub hand_in: HandInDto,
}

impl HandedInDto {
    /// The answer to a hand-in taken with `timing`.
    pub fn of(timing: Timing, hand_in: &HandIn) -> HandedInDto {
        let timing = match timing {
            Timing::OnTime => "on_time",
            Timing::Late => "late",
        };
        HandedInDto {
            timing: timing.to_owned(),
            hand_in: HandInDto::from(hand_in),
        }
    }
}

/// One pupil of the class on the teacher's list.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct HandInStatusDto {
    /// The pupil's account.
    pub pupil_id: String,
    /// The pupil's name.
    pub pupil: String,
    /// What she handed in, or `null` if nothing yet.
    pub hand_in: Option<HandInDto>,
}

impl From<&HandInStatus> for HandInStatusDto {
    fn from(s: &HandInStatus) -> HandInStatusDto {
        HandInStatusDto {
            pupil_id: s.pupil_id.to_string(),
            pupil: s.pupil.clone(),
            hand_in: s.hand_in.as_ref().map(HandInDto::from),
        }
    }
}
