//! `/documents`: my own space and my classes' shared spaces — folders, files, the trash.
//! The forms that change them are in [`super::documents_forms`].

use super::chrome::{datetime, render, Chrome};
use crate::auth::CurrentUser;
use crate::documents::{
    document_id, item_permit, open_folder, space_permit, FolderView, SpacePath,
};
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::session_cache::CachedSession;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use cartable_core::authz::Permit;
use cartable_core::documents::{Access, Space};
use cartable_core::DocumentId;
use cartable_store::documents::{Document, TrashItem};
use cartable_store::ClassRef;

/// The most folders a move form offers.
const MAX_DESTINATIONS: usize = 500;

/// A space in the side list.
pub struct SpaceLink {
    href: String,
    name: String,
    current: bool,
}

/// An item as a row.
pub struct Row {
    href: String,
    name: String,
    is_folder: bool,
    size: String,
    author: String,
    changed: String,
}

impl Row {
    fn of(d: &Document, lang: Lang) -> Row {
        Row {
            href: format!("/documents/items/{}", d.id),
            name: d.name.clone(),
            is_folder: d.is_folder,
            size: if d.is_folder {
                String::new()
            } else {
                human_size(d.size, lang)
            },
            author: d.author.clone(),
            changed: datetime(d.updated_at),
        }
    }
}

/// The rename, move and delete forms of one item.
pub struct Manage {
    id: String,
    name: String,
    parent: String,
    destinations: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "documents.html")]
struct FolderPage {
    c: Chrome,
    heading: String,
    spaces: Vec<SpaceLink>,
    space: String,
    crumbs: Vec<(String, String)>,
    parent: String,
    rows: Vec<Row>,
    used: String,
    writable: bool,
    manage: Option<Manage>,
}

#[derive(Template)]
#[template(path = "document.html")]
struct FilePage {
    c: Chrome,
    heading: String,
    back: String,
    row: Row,
    kind: String,
    download: String,
    writable: bool,
    manage: Option<Manage>,
}

#[derive(Template)]
#[template(path = "documents_trash.html")]
struct TrashPage {
    c: Chrome,
    heading: String,
    back: String,
    items: Vec<(Row, String, String)>,
    writable: bool,
}

/// A size as people read it: `12 ko`, `3,4 Mo` (`12 KB`, `3.4 MB`).
pub fn human_size(bytes: u64, lang: Lang) -> String {
    let units: [&str; 4] = match lang {
        Lang::Fr => ["o", "ko", "Mo", "Go"],
        Lang::En => ["B", "KB", "MB", "GB"],
    };
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < units.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    let text = if unit == 0 || value >= 10.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    };
    let text = match lang {
        Lang::Fr => text.replace('.', ","),
        Lang::En => text,
    };
    format!("{text} {}", units[unit])
}

/// Where a folder of a space is shown (`None`: its root).
pub fn folder_href(space: &str, folder: Option<&DocumentId>) -> String {
    match folder {
        Some(id) => format!("/documents/items/{id}"),
        None => format!("/documents/spaces/{space}"),
    }
}

/// The classes whose spaces the viewer is offered.
async fn classes(state: &AppState, session: &CachedSession) -> WebResult<Vec<ClassRef>> {
    let me = session.user().ok_or(WebError::Forbidden)?;
    Ok(state
        .store
        .document_classes(me, session.profile.role, &session.profile.school_id)
        .await?)
}

/// The page's title for a space, and the side list with it marked.
async fn heading_and_spaces(
    state: &AppState,
    session: &CachedSession,
    lang: Lang,
    space: &str,
) -> WebResult<(String, Vec<SpaceLink>)> {
    let t = lang.text().docs;
    let classes = classes(state, session).await?;
    let heading = match classes.iter().find(|c| c.id.as_str() == space) {
        Some(class) => format!("{} {}", t.class_documents, class.name),
        None => t.my_documents.to_owned(),
    };
    let mut spaces = vec![SpaceLink {
        href: "/documents/spaces/me".to_owned(),
        name: t.my_documents.to_owned(),
        current: space == "me",
    }];
    spaces.extend(classes.into_iter().map(|class| SpaceLink {
        href: format!("/documents/spaces/{}", class.id),
        current: class.id.as_str() == space,
        name: class.name,
    }));
    Ok((heading, spaces))
}

/// The manage forms of `item`, with the folders it may move to (not itself nor under it).
async fn manage(state: &AppState, permit: &Permit, item: &Document) -> WebResult<Manage> {
    let folders = state
        .store
        .document_folders(permit, MAX_DESTINATIONS)
        .await?;
    let own_path = folders
        .iter()
        .find(|(id, _)| *id == item.id)
        .map(|(_, path)| format!("{path}/"));
    let destinations = folders
        .into_iter()
        .filter(|(id, path)| {
            *id != item.id
                && own_path
                    .as_ref()
                    .is_none_or(|own| !path.starts_with(own.as_str()))
        })
        .map(|(id, path)| (id.to_string(), path))
        .collect();
    Ok(Manage {
        id: item.id.to_string(),
        name: item.name.clone(),
        parent: item
            .parent
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        destinations,
    })
}

async fn folder_page(
    state: &AppState,
    session: &CachedSession,
    lang: Lang,
    permit: &Permit,
    view: FolderView,
) -> WebResult<Response> {
    let (heading, spaces) = heading_and_spaces(state, session, lang, &view.space).await?;
    let manage = match (&view.listing.folder, view.writable) {
        (Some(folder), true) => Some(manage(state, permit, folder).await?),
        _ => None,
    };
    let t = lang.text().docs;
    let page = FolderPage {
        c: Chrome::signed_in(state, lang, |t| t.docs.nav, session),
        heading,
        spaces,
        crumbs: view
            .listing
            .path
            .iter()
            .map(|c| (format!("/documents/items/{}", c.id), c.name.clone()))
            .collect(),
        parent: view
            .listing
            .folder
            .as_ref()
            .map(|f| f.id.to_string())
            .unwrap_or_default(),
        rows: view
            .listing
            .items
            .iter()
            .map(|d| Row::of(d, lang))
            .collect(),
        used: format!(
            "{} {} {} ({})",
            human_size(view.used, lang),
            t.of,
            human_size(view.quota.0, lang),
            t.trash_counts
        ),
        writable: view.writable,
        manage,
        space: view.space,
    };
    render(&page)
}

/// `GET /documents`: my own space.
pub async fn mine(state: State<AppState>, lang: Lang, user: CurrentUser) -> WebResult<Response> {
    space(state, lang, user, Path("me".to_owned())).await
}

/// `GET /documents/spaces/{space}`: a space's root.
pub async fn space(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
    Path(space): Path<String>,
) -> WebResult<Response> {
    let space = SpacePath::parse(&space)?;
    let permit = space_permit(&state, &session, &space, Access::Read).await?;
    let view = open_folder(&state, &session, &permit, None).await?;
    folder_page(&state, &session, lang, &permit, view).await
}

/// `GET /documents/items/{id}`: a folder's content, or a file's details.
pub async fn item(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let id = document_id(&id)?;
    let permit = item_permit(&state, &session, &id, Access::Read).await?;
    let item = state.store.document(&permit, &id).await?;
    if item.is_folder {
        let view = open_folder(&state, &session, &permit, Some(&id)).await?;
        return folder_page(&state, &session, lang, &permit, view).await;
    }
    let space = space_segment(&permit)?;
    let writable = crate::documents::may_write(&state, &session, &permit).await;
    let (heading, _) = heading_and_spaces(&state, &session, lang, &space).await?;
    let page = FilePage {
        c: Chrome::signed_in(&state, lang, |t| t.docs.nav, &session),
        heading,
        back: folder_href(&space, item.parent.as_ref()),
        kind: item.content_type.clone().unwrap_or_default(),
        download: format!("/documents/items/{id}/file"),
        manage: if writable {
            Some(manage(&state, &permit, &item).await?)
        } else {
            None
        },
        writable,
        row: Row::of(&item, lang),
    };
    render(&page)
}

/// `GET /documents/spaces/{space}/trash`.
pub async fn trash(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
    Path(space): Path<String>,
) -> WebResult<Response> {
    let space = SpacePath::parse(&space)?;
    let permit = space_permit(&state, &session, &space, Access::Read).await?;
    let items: Vec<TrashItem> = state.store.documents_trash(&permit, state.now()).await?;
    let segment = space_segment(&permit)?;
    let (heading, _) = heading_and_spaces(&state, &session, lang, &segment).await?;
    let page = TrashPage {
        c: Chrome::signed_in(&state, lang, |t| t.docs.trash, &session),
        heading,
        back: folder_href(&segment, None),
        items: items
            .iter()
            .map(|t| {
                (
                    Row::of(&t.item, lang),
                    datetime(t.trashed_at),
                    datetime(t.restorable_until),
                )
            })
            .collect(),
        writable: crate::documents::may_write(&state, &session, &permit).await,
    };
    render(&page)
}

/// The path segment of the space a permit opens.
pub fn space_segment(permit: &Permit) -> WebResult<String> {
    Space::of_permit(permit)
        .map(|(space, _)| SpacePath::segment(&space))
        .ok_or(WebError::Forbidden)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally_in_both_languages() {
        assert_eq!(human_size(0, Lang::Fr), "0 o");
        assert_eq!(human_size(1536, Lang::Fr), "1,5 ko");
        assert_eq!(human_size(1536, Lang::En), "1.5 KB");
        assert_eq!(human_size(200 * 1024 * 1024, Lang::Fr), "200 Mo");
        assert_eq!(human_size(3 * 1024 * 1024 * 1024, Lang::En), "3.0 GB");
    }
}
