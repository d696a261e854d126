//! Documents: a personal space per person and a shared space per class, with folders,
//! uploads, downloads with Range, renames, moves and a trash kept 30 days.

use super::documents_dto::*;
use super::dto::ErrorBody;
use super::json::ApiJson;
use crate::auth::CurrentUser;
use crate::continuity::invalid;
use crate::documents::{
    change, document_id, item_permit, open_folder, parent_id, receive_file, space_permit, Change,
    FolderView, SpacePath,
};
use crate::error::{WebError, WebResult};
use crate::files::download::file_response;
use crate::files::upload::multipart_error;
use crate::state::AppState;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use cartable_core::documents::{Access, DocName, DocumentRefusal};
use cartable_store::documents::MAX_DOCUMENT_BYTES;
use cartable_store::BlobDigest;
use serde::Deserialize;
use utoipa::IntoParams;

/// The largest upload request: one file and room for the form around it.
pub const UPLOAD_BODY_LIMIT: usize = MAX_DOCUMENT_BYTES as usize + 64 * 1024;

/// Where an upload goes.
#[derive(Debug, Deserialize, IntoParams)]
pub struct UploadQuery {
    /// The folder; absent for the space's root.
    pub parent: Option<String>,
}

fn listing(view: &FolderView) -> ListingDto {
    ListingDto::of(
        view.space.clone(),
        &view.listing,
        view.used,
        view.quota.0,
        view.writable,
    )
}

/// The spaces I may open: mine, then my classes' (a pupil's class, a parent's children's,
/// a teacher's, every class of the school for its staff).
#[utoipa::path(get, path = "/api/v1/documents/spaces", tag = "documents",
    responses((status = 200, description = "My spaces", body = [SpaceDto])))]
pub async fn spaces(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
) -> WebResult<Json<Vec<SpaceDto>>> {
    let me = session.user().ok_or(WebError::Forbidden)?;
    let mut spaces = vec![SpaceDto {
        id: "me".to_owned(),
        kind: "personal".to_owned(),
        name: String::new(),
        writable: true,
    }];
    let classes = state
        .store
        .document_classes(me, session.profile.role, &session.profile.school_id)
        .await?;
    for class in classes {
        let space = SpacePath::Class(class.id.clone());
        if space_permit(&state, &session, &space, Access::Read)
            .await
            .is_err()
        {
            continue;
        }
        let writable = space_permit(&state, &session, &space, Access::Write)
            .await
            .is_ok();
        spaces.push(SpaceDto {
            id: class.id.to_string(),
            kind: "class".to_owned(),
            name: class.name,
            writable,
        });
    }
    Ok(Json(spaces))
}

/// The root of a space (`me`, or a class's id), with its use and quota.
#[utoipa::path(get, path = "/api/v1/documents/spaces/{space}", tag = "documents",
    params(("space" = String, Path, description = "`me` or a class id")),
    responses(
        (status = 200, description = "The root folder", body = ListingDto),
        (status = 403, description = "Not of this class", body = ErrorBody),
        (status = 404, description = "No such class", body = ErrorBody),
    ))]
pub async fn root(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(space): Path<String>,
) -> WebResult<Json<ListingDto>> {
    let space = SpacePath::parse(&space)?;
    let permit = space_permit(&state, &session, &space, Access::Read).await?;
    let view = open_folder(&state, &session, &permit, None).await?;
    Ok(Json(listing(&view)))
}

/// The trash of a space: what was deleted, restorable for 30 days; older is purged.
#[utoipa::path(get, path = "/api/v1/documents/spaces/{space}/trash", tag = "documents",
    params(("space" = String, Path, description = "`me` or a class id")),
    responses(
        (status = 200, description = "The trash, newest first", body = [TrashItemDto]),
        (status = 403, description = "Not of this class", body = ErrorBody),
    ))]
pub async fn trash(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(space): Path<String>,
) -> WebResult<Json<Vec<TrashItemDto>>> {
    let space = SpacePath::parse(&space)?;
    let permit = space_permit(&state, &session, &space, Access::Read).await?;
    let items = state.store.documents_trash(&permit, state.now()).await?;
    Ok(Json(items.iter().map(TrashItemDto::from).collect()))
}

/// Creates a folder.
#[utoipa::path(post, path = "/api/v1/documents/spaces/{space}/folders", tag = "documents",
    params(("space" = String, Path, description = "`me` or a class id")),
    request_body = NewFolderRequest,
    responses(
        (status = 201, description = "Created", body = DocumentDto),
        (status = 400, description = "A name that is not valid (`name_with_slash`, `name_reserved`…), or a parent that is a file", body = ErrorBody),
        (status = 403, description = "May not write this space", body = ErrorBody),
        (status = 404, description = "No such parent folder in this space", body = ErrorBody),
        (status = 409, description = "`name_taken`, or `folders_too_deep`", body = ErrorBody),
    ))]
pub async fn create_folder(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(space): Path<String>,
    ApiJson(body): ApiJson<NewFolderRequest>,
) -> WebResult<(StatusCode, Json<DocumentDto>)> {
    let space = SpacePath::parse(&space)?;
    let permit = space_permit(&state, &session, &space, Access::Write).await?;
    let name = DocName::parse(&body.name)?;
    let parent = parent_id(body.parent.as_deref())?;
    let author = session.user().ok_or(WebError::Forbidden)?;
    let id = state
        .store
        .create_document_folder(&permit, author, parent.as_ref(), &name, state.now())
        .await?;
    let folder = state.store.document(&permit, &id).await?;
    Ok((StatusCode::CREATED, Json(DocumentDto::from(&folder))))
}

/// Uploads a file: `multipart/form-data` with one `file` field (its name becomes the
/// document's). Up to 50 MiB and what is left of the space's quota (the trash counts); PDF,
/// pictures, office documents, text, sound, video or zip, told from the content. A refused
/// file is stopped as it streams in and nothing of it is kept.
#[utoipa::path(post, path = "/api/v1/documents/spaces/{space}/files", tag = "documents",
    params(("space" = String, Path, description = "`me` or a class id"), UploadQuery),
    responses(
        (status = 201, description = "Stored", body = DocumentDto),
        (status = 400, description = "No file, an empty file, or a name that is not valid", body = ErrorBody),
        (status = 403, description = "May not write this space", body = ErrorBody),
        (status = 409, description = "`name_taken`: the folder has an item of this name", body = ErrorBody),
        (status = 413, description = "`file_too_large` (over 50 MiB) or `quota_exceeded`", body = ErrorBody),
        (status = 415, description = "`file_type_not_allowed`", body = ErrorBody),
        (status = 422, description = "`file_infected`: the antivirus found a threat; the file is quarantined", body = ErrorBody),
        (status = 503, description = "`antivirus_unavailable`: no verdict from the antivirus, nothing kept", body = ErrorBody),
    ))]
pub async fn upload(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(space): Path<String>,
    Query(query): Query<UploadQuery>,
    form: Result<Multipart, MultipartRejection>,
) -> WebResult<(StatusCode, Json<DocumentDto>)> {
    let space = SpacePath::parse(&space)?;
    let permit = space_permit(&state, &session, &space, Access::Write).await?;
    let parent = parent_id(query.parent.as_deref())?;
    let mut form = form.map_err(|r| invalid(r.body_text()))?;
    let field = form
        .next_field()
        .await
        .map_err(multipart_error)?
        .ok_or_else(|| invalid("no file field"))?;
    if field.name() != Some("file") {
        return Err(invalid(format!("unexpected field {:?}", field.name())));
    }
    let document = receive_file(&state, &session, &permit, parent.as_ref(), field).await?;
    Ok((StatusCode::CREATED, Json(DocumentDto::from(&document))))
}

/// One item.
#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "documents",
    params(("id" = String, Path, description = "The folder or file")),
    responses(
        (status = 200, description = "The item", body = DocumentDto),
        (status = 404, description = "No such item, or not one I may see", body = ErrorBody),
    ))]
pub async fn item(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
) -> WebResult<Json<DocumentDto>> {
    let id = document_id(&id)?;
    let permit = item_permit(&state, &session, &id, Access::Read).await?;
    let item = state.store.document(&permit, &id).await?;
    Ok(Json(DocumentDto::from(&item)))
}

/// A folder's content.
#[utoipa::path(get, path = "/api/v1/documents/{id}/items", tag = "documents",
    params(("id" = String, Path, description = "The folder")),
    responses(
        (status = 200, description = "The folder", body = ListingDto),
        (status = 400, description = "`not_a_folder`", body = ErrorBody),
        (status = 404, description = "No such folder, or not one I may see", body = ErrorBody),
    ))]
pub async fn children(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
) -> WebResult<Json<ListingDto>> {
    let id = document_id(&id)?;
    let permit = item_permit(&state, &session, &id, Access::Read).await?;
    let view = open_folder(&state, &session, &permit, Some(&id)).await?;
    Ok(Json(listing(&view)))
}

/// A file's content, streamed, with `Range` support, its type and its name.
#[utoipa::path(get, path = "/api/v1/documents/{id}/content", tag = "documents",
    params(("id" = String, Path, description = "The file")),
    responses(
        (status = 200, description = "The file"),
        (status = 206, description = "The range asked for"),
        (status = 400, description = "`not_a_file`", body = ErrorBody),
        (status = 404, description = "No such file, or not one I may see", body = ErrorBody),
    ))]
pub async fn content(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> WebResult<Response> {
    let id = document_id(&id)?;
    let permit = item_permit(&state, &session, &id, Access::Read).await?;
    let file = state.store.document(&permit, &id).await?;
    let (Some(digest), Some(content_type)) = (&file.digest, &file.content_type) else {
        return Err(WebError::Document(DocumentRefusal::NotAFile));
    };
    let digest = BlobDigest::parse(digest).map_err(|_| WebError::NotFound)?;
    file_response(&state.blobs, &digest, &file.name, content_type, &headers).await
}

/// Renames an item.
#[utoipa::path(post, path = "/api/v1/documents/{id}/rename", tag = "documents",
    params(("id" = String, Path, description = "The folder or file")),
    request_body = RenameRequest,
    responses(
        (status = 204, description = "Renamed"),
        (status = 400, description = "A name that is not valid", body = ErrorBody),
        (status = 403, description = "May read but not write this space", body = ErrorBody),
        (status = 404, description = "No such item, or not one I may see", body = ErrorBody),
        (status = 409, description = "`name_taken`", body = ErrorBody),
    ))]
pub async fn rename(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RenameRequest>,
) -> WebResult<StatusCode> {
    let id = document_id(&id)?;
    let name = DocName::parse(&body.name)?;
    change(&state, &session, &id, Change::Rename(name)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Moves an item to another folder of its space (or its root).
#[utoipa::path(post, path = "/api/v1/documents/{id}/move", tag = "documents",
    params(("id" = String, Path, description = "The folder or file")),
    request_body = MoveRequest,
    responses(
        (status = 204, description = "Moved"),
        (status = 400, description = "`not_a_folder`: the destination is a file", body = ErrorBody),
        (status = 403, description = "May read but not write this space", body = ErrorBody),
        (status = 404, description = "No such item or destination in this space", body = ErrorBody),
        (status = 409, description = "`move_into_itself`, `folders_too_deep` or `name_taken`", body = ErrorBody),
    ))]
pub async fn move_to(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MoveRequest>,
) -> WebResult<StatusCode> {
    let id = document_id(&id)?;
    let parent = parent_id(body.parent.as_deref())?;
    change(&state, &session, &id, Change::Move(parent)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Puts an item (and all it holds) in the trash, restorable for 30 days.
#[utoipa::path(delete, path = "/api/v1/documents/{id}", tag = "documents",
    params(("id" = String, Path, description = "The folder or file")),
    responses(
        (status = 204, description = "In the trash"),
        (status = 403, description = "May read but not write this space", body = ErrorBody),
        (status = 404, description = "No such item, or not one I may see", body = ErrorBody),
    ))]
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
) -> WebResult<StatusCode> {
    let id = document_id(&id)?;
    change(&state, &session, &id, Change::Trash).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Brings an item back from the trash, into its folder (or the root if that folder is in
/// the trash too).
#[utoipa::path(post, path = "/api/v1/documents/{id}/restore", tag = "documents",
    params(("id" = String, Path, description = "An item I deleted")),
    responses(
        (status = 204, description = "Restored"),
        (status = 403, description = "May read but not write this space", body = ErrorBody),
        (status = 404, description = "Not in the trash, or purged", body = ErrorBody),
        (status = 409, description = "`name_taken` where it would go back", body = ErrorBody),
    ))]
pub async fn restore(
    State(state): State<AppState>,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
) -> WebResult<StatusCode> {
    let id = document_id(&id)?;
    change(&state, &session, &id, Change::Restore).await?;
    Ok(StatusCode::NO_CONTENT)
}
