//! The JSON API under `/api/v1`, described by the OpenAPI document at
//! `/api/v1/openapi.json`. Errors are `{"error": code, "message": text}`.

mod activate;
pub mod class_log;
pub mod continuity_dto;
pub mod corrections;
pub mod documents;
pub mod documents_dto;
pub mod dto;
mod groups;
pub mod hand_in;
pub mod hand_in_dto;
pub mod home;
pub mod json;
pub mod messages;
pub mod messages_dto;
mod moderation;
pub mod news;
mod openapi;
pub mod school;
pub mod school_dto;
pub mod session;
pub mod shield;
pub mod timetable;
pub mod today;

pub use openapi::ApiDoc;

use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, patch, post, put};
use axum::Router;

/// Largest directory file accepted.
pub const IMPORT_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// A school id from a path; anything else is an unknown school.
fn school_id(text: &str) -> crate::error::WebResult<cartable_core::SchoolId> {
    text.parse()
        .map_err(|_| crate::error::WebError::UnknownSchool)
}

/// The API's routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/session",
            post(session::sign_in).delete(session::sign_out),
        )
        .route("/api/v1/me", get(session::me))
        .route("/api/v1/sessions", get(session::list))
        .route("/api/v1/sessions/{id}", delete(session::revoke))
        .route("/api/v1/home", get(home::home))
        .route("/api/v1/today", get(today::today))
        .route(
            "/api/v1/classes/{class_id}/log",
            get(class_log::log).post(class_log::write),
        )
        .route("/api/v1/lessons/{lesson_id}/copy", post(class_log::copy))
        .route(
            "/api/v1/lessons/{lesson_id}",
            patch(corrections::edit_lesson).delete(corrections::delete_lesson),
        )
        .route(
            "/api/v1/classes/{class_id}/homework",
            post(class_log::set_homework)
                .layer(DefaultBodyLimit::max(class_log::HOMEWORK_BODY_LIMIT)),
        )
        .route(
            "/api/v1/homework/{homework_id}",
            get(class_log::homework)
                .patch(corrections::edit_homework)
                .delete(corrections::delete_homework),
        )
        .route("/api/v1/homework/{homework_id}/done", put(class_log::tick))
        .route(
            "/api/v1/homework/{homework_id}/attachments/{position}",
            get(class_log::attachment),
        )
        .route(
            "/api/v1/homework/{homework_id}/hand-in",
            put(hand_in::hand_in)
                .layer(DefaultBodyLimit::max(crate::hand_in::HAND_IN_BODY_LIMIT))
                .get(hand_in::mine),
        )
        .route(
            "/api/v1/homework/{homework_id}/hand-ins",
            get(hand_in::list),
        )
        .route(
            "/api/v1/homework/{homework_id}/hand-ins.zip",
            get(hand_in::zip),
        )
        .route(
            "/api/v1/homework/{homework_id}/hand-ins/{pupil_id}",
            get(hand_in::of_pupil),
        )
        .route(
            "/api/v1/homework/{homework_id}/hand-ins/{pupil_id}/files/{position}",
            get(hand_in::file),
        )
        .route(
            "/api/v1/homework/{homework_id}/hand-ins/{pupil_id}/review",
            put(hand_in::review),
        )
        .route("/api/v1/classes/{class_id}/timetable", get(timetable::week))
        .route(
            "/api/v1/schools/{school_id}/timetable",
            post(timetable::import).layer(DefaultBodyLimit::max(IMPORT_BODY_LIMIT)),
        )
        .route(
            "/api/v1/timetable/{slot_id}/changes",
            put(timetable::change),
        )
        .route("/api/v1/news", post(news::publish).get(news::school))
        .route(
            "/api/v1/schools/{school_id}/accounts",
            get(school::accounts),
        )
        .route(
            "/api/v1/schools/{school_id}/import",
            post(school::import).layer(DefaultBodyLimit::max(IMPORT_BODY_LIMIT)),
        )
        .route("/api/v1/accounts/{id}/reset", post(school::reset))
        .route("/api/v1/activate", post(activate::activate))
        .route("/api/v1/messages", post(messages::send).get(messages::list))
        .route("/api/v1/messages/{id}", get(messages::read))
        .route("/api/v1/groups", post(groups::create).get(groups::mine))
        .route("/api/v1/messages/{id}/report", post(messages::report))
        .route("/api/v1/messages/{id}/trash", post(messages::trash))
        .route(
            "/api/v1/messages/{id}/attachments/{position}",
            get(messages::attachment),
        )
        .route(
            "/api/v1/schools/{school_id}/moderation",
            get(moderation::queue),
        )
        .route(
            "/api/v1/schools/{school_id}/moderation/{message_id}",
            post(moderation::decide),
        )
        .route(
            "/api/v1/schools/{school_id}/messaging/switches",
            get(moderation::switches).put(moderation::set_switches),
        )
        .route(
            "/api/v1/academy/messaging/switches",
            put(moderation::set_academy_switches),
        )
        .route(
            "/api/v1/schools/{school_id}/messaging/policy",
            get(moderation::policy).put(moderation::set_policy),
        )
        .route(
            "/api/v1/schools/{school_id}/incident",
            post(moderation::incident),
        )
        .route(
            "/api/v1/academy/incident",
            post(moderation::academy_incident),
        )
        .route("/api/v1/shield", get(shield::show).put(shield::switch))
        .route("/api/v1/documents/spaces", get(documents::spaces))
        .route("/api/v1/documents/spaces/{space}", get(documents::root))
        .route(
            "/api/v1/documents/spaces/{space}/trash",
            get(documents::trash),
        )
        .route(
            "/api/v1/documents/spaces/{space}/folders",
            post(documents::create_folder),
        )
        .route(
            "/api/v1/documents/spaces/{space}/files",
            post(documents::upload).layer(DefaultBodyLimit::max(documents::UPLOAD_BODY_LIMIT)),
        )
        .route(
            "/api/v1/documents/{id}",
            get(documents::item).delete(documents::delete),
        )
        .route("/api/v1/documents/{id}/items", get(documents::children))
        .route("/api/v1/documents/{id}/content", get(documents::content))
        .route("/api/v1/documents/{id}/rename", post(documents::rename))
        .route("/api/v1/documents/{id}/move", post(documents::move_to))
        .route("/api/v1/documents/{id}/restore", post(documents::restore))
        .route("/api/v1/openapi.json", get(openapi::document))
}
