//! The bodies of the school's account routes and of activation, described for the OpenAPI
//! document.

use cartable_store::{AccountRow, ImportReport};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// An account in a school's list.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountRowDto {
    /// Its id.
    pub id: String,
    /// Its login.
    pub login: String,
    /// Its name.
    pub display_name: String,
    /// Its role.
    pub role: String,
    /// pending, active or locked.
    pub status: String,
    /// A pupil's class (for a parent, a child's class).
    pub class: Option<String>,
}

impl From<&AccountRow> for AccountRowDto {
    fn from(a: &AccountRow) -> Self {
        AccountRowDto {
            id: a.id.to_string(),
            login: a.login.to_string(),
            display_name: a.display_name.clone(),
            role: a.role.as_str().to_owned(),
            status: a.status.as_str().to_owned(),
            class: a.class.clone(),
        }
    }
}

/// Filters and page of the accounts list; an empty value means "any".
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountsQuery {
    /// Only accounts of this role: pupil, parent, teacher, staff, head or admin.
    pub role: Option<String>,
    /// Only the pupils of this class (an id from `/api/v1/home`), their parents and the
    /// class's teachers.
    pub class: Option<String>,
    /// Only accounts whose login, first or last name holds this text (case-blind for
    /// unaccented letters; at most 100 characters).
    pub q: Option<String>,
    /// Which page of 50 accounts, from 1 (the default).
    pub page: Option<String>,
}

/// One page of a school's accounts.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountListDto {
    /// The accounts of this page, by last name, first name, login.
    pub accounts: Vec<AccountRowDto>,
    /// How many accounts match the filters, across all pages.
    pub total: i64,
    /// This page's number, from 1.
    pub page: usize,
    /// How many pages the matching accounts fill (at least 1).
    pub pages: usize,
    /// Accounts per page.
    pub per_page: usize,
}

/// What an import changed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReportDto {
    /// Accounts created (pending activation).
    pub created: usize,
    /// Accounts changed.
    pub updated: usize,
    /// Accounts already as in the file.
    pub unchanged: usize,
    /// Classes created.
    pub classes_created: usize,
}

impl From<ImportReport> for ImportReportDto {
    fn from(r: ImportReport) -> Self {
        ImportReportDto {
            created: r.created,
            updated: r.updated,
            unchanged: r.unchanged,
            classes_created: r.classes_created,
        }
    }
}

/// A fresh activation code, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResetResponse {
    /// The account.
    pub id: String,
    /// Its login.
    pub login: String,
    /// Its holder's name.
    pub display_name: String,
    /// The code to hand over (`XXXXX-XXXXX`).
    pub code: String,
    /// When the code stops working (Unix seconds).
    pub expires_at: i64,
}

/// `POST /api/v1/activate`: the login and the code printed together on the code sheet, both
/// required, so that guessing a code alone is of no use.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ActivateRequest {
    /// The login printed next to the code.
    #[schema(example = "lea.martin")]
    pub login: String,
    /// The activation code as typed (case, spaces and dashes do not matter).
    #[schema(example = "ABCDE-FGHJK")]
    pub code: String,
    /// The new password.
    pub password: String,
}

/// An activated account: sign in with this login and the new password.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivateResponse {
    /// The login.
    pub login: String,
    /// The holder's name.
    pub display_name: String,
}
