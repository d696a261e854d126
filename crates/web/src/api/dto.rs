//! The API's request and response bodies, described for the OpenAPI document.
//!
//! They mirror the store's records field for field; keeping them here lets the store stay
//! free of HTTP and documentation concerns.

use cartable_store::{
    ChildSummary, ClassOverview, ClassRef, Profile, PupilHome, RoleCount, School, SchoolOverview,
    SessionRow, TeacherRef, Teaching,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An error: a stable code to act on and a sentence for people.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable snake_case code, e.g. `invalid_credentials`, `throttled`, `invalid_json`.
    pub error: String,
    /// What went wrong, in English.
    pub message: String,
    /// For `throttled` and `busy`: seconds to wait (also in `Retry-After`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<i64>,
    /// For `invalid_directory`: every bad line of the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<LineErrorDto>>,
    /// For `recipients_refused`: each recipient the policy refuses, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<Vec<RefusedDto>>,
    /// For `messaging_off`: the school's explanation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A recipient the messaging policy refuses.
#[derive(Debug, Serialize, ToSchema)]
pub struct RefusedDto {
    /// As written, e.g. `school:<id>`.
    pub recipient: String,
    /// Stable code: `unknown`, `not_a_contact`, `classmates_closed`, `collective`,
    /// `school_wide`, `too_many_people`, `new_device`.
    pub reason: String,
    /// The same in English.
    pub message: String,
}

/// A bad line of a directory file.
#[derive(Debug, Serialize, ToSchema)]
pub struct LineErrorDto {
    /// Line number (the header is line 1; 0 for the file as a whole).
    pub line: usize,
    /// Why the line was refused.
    pub reason: String,
}

/// `POST /api/v1/session`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SignInRequest {
    /// The login.
    pub login: String,
    /// The password.
    pub password: String,
    /// A pupil's request for a 30-day session.
    #[serde(default)]
    pub stay_signed_in: bool,
}

/// Who I am.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileDto {
    /// My id.
    pub id: String,
    /// My name as shown.
    pub display_name: String,
    /// pupil, parent, teacher, staff, head or admin.
    pub role: String,
    /// My school.
    pub school_id: String,
    /// My classes (pupil, teacher).
    pub class_ids: Vec<String>,
    /// My children (parent).
    pub children_ids: Vec<String>,
}

impl From<&Profile> for ProfileDto {
    fn from(p: &Profile) -> Self {
        ProfileDto {
            id: p.id.to_string(),
            display_name: p.display_name.clone(),
            role: p.role.as_str().to_owned(),
            school_id: p.school_id.to_string(),
            class_ids: p.class_ids.iter().map(ToString::to_string).collect(),
            children_ids: p.children_ids.iter().map(ToString::to_string).collect(),
        }
    }
}

/// One of my sessions.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionDto {
    /// Its id, to revoke it.
    pub id: String,
    /// Opened at (Unix seconds).
    pub created_at: i64,
    /// Last used at, to within a few minutes (Unix seconds).
    pub last_seen_at: i64,
    /// Ends at (Unix seconds).
    pub expires_at: i64,
    /// The browser or app.
    pub user_agent: String,
    /// The address it was opened from.
    pub ip: String,
    /// Whether this is the session making the request.
    pub current: bool,
}

impl SessionDto {
    /// The API form of a session row.
    pub fn new(row: &SessionRow, current: bool) -> Self {
        SessionDto {
            id: row.id.to_string(),
            created_at: row.created_at.0,
            last_seen_at: row.last_seen_at.0,
            expires_at: row.expires_at.0,
            user_agent: row.user_agent.clone(),
            ip: row.ip.clone(),
            current,
        }
    }
}

/// A class.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ClassRefDto {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

impl From<&ClassRef> for ClassRefDto {
    fn from(c: &ClassRef) -> Self {
        ClassRefDto {
            id: c.id.to_string(),
            name: c.name.clone(),
        }
    }
}

/// A teacher and their subject.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeacherRefDto {
    /// The teacher's name.
    pub display_name: String,
    /// The subject.
    pub subject: String,
}

impl From<&TeacherRef> for TeacherRefDto {
    fn from(t: &TeacherRef) -> Self {
        TeacherRefDto {
            display_name: t.display_name.clone(),
            subject: t.subject.clone(),
        }
    }
}

fn teachers(list: &[TeacherRef]) -> Vec<TeacherRefDto> {
    list.iter().map(TeacherRefDto::from).collect()
}

/// A pupil's class and teachers.
#[derive(Debug, Serialize, ToSchema)]
pub struct PupilHomeDto {
    /// My class.
    pub class: Option<ClassRefDto>,
    /// My teachers by subject.
    pub teachers: Vec<TeacherRefDto>,
}

impl From<&PupilHome> for PupilHomeDto {
    fn from(h: &PupilHome) -> Self {
        PupilHomeDto {
            class: h.class.as_ref().map(ClassRefDto::from),
            teachers: teachers(&h.teachers),
        }
    }
}

/// A parent's child.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChildDto {
    /// The child's id.
    pub id: String,
    /// The child's name.
    pub display_name: String,
    /// The child's class.
    pub class: Option<ClassRefDto>,
}

impl From<&ChildSummary> for ChildDto {
    fn from(c: &ChildSummary) -> Self {
        ChildDto {
            id: c.id.to_string(),
            display_name: c.display_name.clone(),
            class: c.class.as_ref().map(ClassRefDto::from),
        }
    }
}

/// A class and subject a teacher teaches.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeachingDto {
    /// The class.
    pub class: ClassRefDto,
    /// The subject.
    pub subject: String,
    /// Pupils in the class.
    pub pupils: i64,
}

impl From<&Teaching> for TeachingDto {
    fn from(t: &Teaching) -> Self {
        TeachingDto {
            class: (&t.class).into(),
            subject: t.subject.clone(),
            pupils: t.pupils,
        }
    }
}

/// A class as the school's staff see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClassOverviewDto {
    /// The class.
    pub class: ClassRefDto,
    /// Pupils in it.
    pub pupils: i64,
    /// Of which pending activation.
    pub pending: i64,
    /// Its teachers.
    pub teachers: Vec<TeacherRefDto>,
}

/// Accounts of one role by status.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoleCountDto {
    /// The role.
    pub role: String,
    /// Active accounts.
    pub active: i64,
    /// Pending accounts.
    pub pending: i64,
    /// Locked accounts.
    pub locked: i64,
}

/// A school.
#[derive(Debug, Serialize, ToSchema)]
pub struct SchoolDto {
    /// Its id.
    pub id: String,
    /// Its UAI code.
    pub uai: String,
    /// Its name.
    pub name: String,
}

impl From<&School> for SchoolDto {
    fn from(s: &School) -> Self {
        SchoolDto {
            id: s.id.to_string(),
            uai: s.uai.to_string(),
            name: s.name.clone(),
        }
    }
}

/// A school's structure and account counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct SchoolOverviewDto {
    /// The school.
    pub school: SchoolDto,
    /// Its classes.
    pub classes: Vec<ClassOverviewDto>,
    /// Its accounts by role.
    pub counts: Vec<RoleCountDto>,
}

impl From<&SchoolOverview> for SchoolOverviewDto {
    fn from(o: &SchoolOverview) -> Self {
        let class = |c: &ClassOverview| ClassOverviewDto {
            class: (&c.class).into(),
            pupils: c.pupils,
            pending: c.pending,
            teachers: teachers(&c.teachers),
        };
        let count = |c: &RoleCount| RoleCountDto {
            role: c.role.as_str().to_owned(),
            active: c.active,
            pending: c.pending,
            locked: c.locked,
        };
        SchoolOverviewDto {
            school: (&o.school).into(),
            classes: o.classes.iter().map(class).collect(),
            counts: o.counts.iter().map(count).collect(),
        }
    }
}

/// My home: the part for my role is present.
#[derive(Debug, Serialize, ToSchema)]
pub struct HomeDto {
    /// My role.
    pub role: String,
    /// My name.
    pub display_name: String,
    /// For a pupil.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pupil: Option<PupilHomeDto>,
    /// For a parent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub children: Option<Vec<ChildDto>>,
    /// For a teacher.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub teachings: Option<Vec<TeachingDto>>,
    /// For staff, head and admin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school: Option<SchoolOverviewDto>,
}
