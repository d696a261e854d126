//! The OpenAPI 3 document of the JSON API, generated from the handlers' annotations.

use super::continuity_dto::*;
use super::dto::*;
use super::messages_dto::*;
use super::school_dto::*;
use axum::Json;
use utoipa::OpenApi;

/// The API description served at `/api/v1/openapi.json`.
#[derive(OpenApi)]
#[openapi(
    info(title = "Cartable API", description = "The JSON API of Cartable, a school digital workspace."),
    paths(
        super::session::sign_in,
        super::session::sign_out,
        super::session::me,
        super::session::list,
        super::session::revoke,
        super::home::home,
        super::today::today,
        super::class_log::log,
        super::class_log::write,
        super::class_log::copy,
        super::class_log::set_homework,
        super::class_log::homework,
        super::class_log::tick,
        super::class_log::attachment,
        super::timetable::week,
        super::timetable::import,
        super::timetable::change,
        super::news::publish,
        super::news::school,
        super::school::accounts,
        super::school::import,
        super::school::reset,
        super::activate::activate,
        super::messages::send,
        super::messages::list,
        super::messages::read,
        super::messages::report,
        super::messages::trash,
        super::messages::attachment,
        super::groups::create,
        super::groups::mine,
        super::moderation::queue,
        super::moderation::decide,
        super::moderation::switches,
        super::moderation::set_switches,
        super::moderation::set_academy_switches,
        super::moderation::policy,
        super::moderation::set_policy,
        super::moderation::incident,
        super::moderation::academy_incident,
        super::shield::show,
        super::shield::switch,
    ),
    components(schemas(ErrorBody, LineErrorDto, SignInRequest, ProfileDto, SessionDto, HomeDto, AccountRowDto, AccountListDto,
        ImportReportDto, ResetResponse, ActivateRequest, ActivateResponse, RefusedDto,
        SendRequest, SendResponse, SenderDto, RecipientDto, MailboxEntryDto, MailboxDto, AttachmentDto,
        MessageDto, ReportRequest, TrashRequest, ModerationItemDto, ReportDto, DecisionRequest,
        DecisionResponse, SwitchesDto, IncidentRequest, IncidentResponseDto, NewGroupRequest, GroupDto,
        super::shield::ShieldDto, super::shield::AttackModeRequest,
        TodayDto, DayPupilDto, ChildRefDto, LiveClassDto, DayLessonDto, WeekLessonDto,
        HomeworkFileDto, HomeworkDto, NewsDto, LessonEntryDto,
        super::class_log::NewLessonRequest, super::class_log::NewHomeworkRequest,
        super::class_log::CopyRequest, super::class_log::DoneRequest, super::class_log::CreatedDto,
        super::timetable::TimetableReportDto, super::timetable::LessonChangeRequest,
        super::news::NewsRequest)),
    tags((name = "session", description = "Signing in and out, my account"),
         (name = "home", description = "My home page's data"),
         (name = "continuity", description = "Learning from home: my day, the class log, homework, timetables, news"),
         (name = "school", description = "A school's accounts, for its head and staff"),
         (name = "messages", description = "My mailbox: send, read, report"),
         (name = "moderation", description = "Held and reported messages, switches, policy, incident response"),
         (name = "shield", description = "Admission, waiting room and under-attack mode of this node")),
)]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`.
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
