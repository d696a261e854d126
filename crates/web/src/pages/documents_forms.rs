//! The documents pages' forms: new folder, upload, rename, move, delete, restore. Each
//! checks its anti-forgery token, does what the API does, and goes back to a page.

use super::chrome::PageForm;
use super::documents::{folder_href, space_segment};
use crate::auth::CurrentUser;
use crate::csrf;
use crate::documents::{
    change, document_id, item_permit, parent_id, receive_file, space_permit, Change, SpacePath,
};
use crate::error::{WebError, WebResult};
use crate::files::upload::{multipart_error, read_text};
use crate::session_cache::CachedSession;
use crate::state::AppState;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use cartable_core::documents::{Access, DocName};
use serde::Deserialize;

/// A form with a name (new folder, rename) or a destination (move).
#[derive(Debug, Deserialize)]
pub struct ItemForm {
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    parent: String,
}

fn back(to: &str) -> Response {
    Redirect::to(to).into_response()
}

fn check(state: &AppState, session: &CachedSession, token: &str) -> WebResult<()> {
    csrf::check_session(&state.signer, &session.key, token)
}

/// `POST /documents/spaces/{space}/folders`: a new folder, then its parent folder.
pub async fn create_folder(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(space): Path<String>,
    PageForm(form): PageForm<ItemForm>,
) -> WebResult<Response> {
    check(&state, &session, &form.csrf)?;
    let space = SpacePath::parse(&space)?;
    let permit = space_permit(&state, &session, &space, Access::Write).await?;
    let name = DocName::parse(&form.name)?;
    let parent = parent_id(Some(&form.parent))?;
    let author = session.user().ok_or(WebError::Forbidden)?;
    state
        .store
        .create_document_folder(&permit, author, parent.as_ref(), &name, state.now())
        .await?;
    Ok(back(&folder_href(
        &space_segment(&permit)?,
        parent.as_ref(),
    )))
}

/// `POST /documents/spaces/{space}/files` (multipart: `csrf`, `parent`, then `file`): the
/// token is checked before a byte of the file is stored.
pub async fn upload(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(space): Path<String>,
    form: Result<Multipart, MultipartRejection>,
) -> WebResult<Response> {
    let space = SpacePath::parse(&space)?;
    let permit = space_permit(&state, &session, &space, Access::Write).await?;
    let mut form = form.map_err(|r| WebError::InvalidInput(r.body_text()))?;
    let (mut token, mut parent) = (String::new(), String::new());
    while let Some(field) = form.next_field().await.map_err(multipart_error)? {
        match field.name().unwrap_or("") {
            "csrf" => token = read_text(field).await?,
            "parent" => parent = read_text(field).await?,
            "file" => {
                check(&state, &session, &token)?;
                let parent = parent_id(Some(&parent))?;
                receive_file(&state, &session, &permit, parent.as_ref(), field).await?;
                return Ok(back(&folder_href(
                    &space_segment(&permit)?,
                    parent.as_ref(),
                )));
            }
            other => {
                return Err(WebError::InvalidInput(format!(
                    "unexpected field {other:?}"
                )))
            }
        }
    }
    check(&state, &session, &token)?;
    Err(WebError::InvalidInput("no file chosen".into()))
}

/// `POST /documents/items/{id}/rename`, then the item.
pub async fn rename(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<ItemForm>,
) -> WebResult<Response> {
    check(&state, &session, &form.csrf)?;
    let id = document_id(&id)?;
    change(
        &state,
        &session,
        &id,
        Change::Rename(DocName::parse(&form.name)?),
    )
    .await?;
    Ok(back(&format!("/documents/items/{id}")))
}

/// `POST /documents/items/{id}/move`, then the item.
pub async fn move_to(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<ItemForm>,
) -> WebResult<Response> {
    check(&state, &session, &form.csrf)?;
    let id = document_id(&id)?;
    change(
        &state,
        &session,
        &id,
        Change::Move(parent_id(Some(&form.parent))?),
    )
    .await?;
    Ok(back(&format!("/documents/items/{id}")))
}

/// `POST /documents/items/{id}/delete`: to the trash, then the folder it was in.
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<ItemForm>,
) -> WebResult<Response> {
    check(&state, &session, &form.csrf)?;
    let id = document_id(&id)?;
    let permit = item_permit(&state, &session, &id, Access::Read).await?;
    let item = state.store.document(&permit, &id).await?;
    change(&state, &session, &id, Change::Trash).await?;
    Ok(back(&folder_href(
        &space_segment(&permit)?,
        item.parent.as_ref(),
    )))
}

/// `POST /documents/items/{id}/restore`, then the trash.
pub async fn restore(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<ItemForm>,
) -> WebResult<Response> {
    check(&state, &session, &form.csrf)?;
    let id = document_id(&id)?;
    let permit = item_permit(&state, &session, &id, Access::Read).await?;
    change(&state, &session, &id, Change::Restore).await?;
    Ok(back(&format!(
        "/documents/spaces/{}/trash",
        space_segment(&permit)?
    )))
}
