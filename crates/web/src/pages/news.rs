//! `/news`: the news the viewer may read (the whole school's for everyone, every class's for
//! the head and staff, their classes' for teachers) and, for those who may publish, the form
//! to publish to the school or one class. Publishing goes through the same call as the API;
//! a refusal (the screening's, or a bad field) shows the form again with what was typed.

use super::chrome::{local_datetime, render, Chrome, PageForm};
use crate::api::news::{publish_news, NewsRequest};
use crate::auth::CurrentUser;
use crate::continuity::read_permit;
use crate::csrf;
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::session_cache::CachedSession;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use cartable_core::authz::{authorize, Action};
use cartable_core::Role;
use cartable_store::continuity::NewsItem;
use cartable_store::ClassRef;
use serde::Deserialize;

/// Where news can go, as the form's `class` choice: `""` for the whole school.
struct Target {
    value: String,
    name: String,
}

/// What the author typed, shown again when the news is refused.
#[derive(Debug, Default, Deserialize)]
pub struct NewsForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    class: String,
}

#[derive(Template)]
#[template(path = "news.html")]
struct NewsPage {
    c: Chrome,
    news: Vec<NewsItem>,
    targets: Vec<Target>,
    typed: NewsForm,
    published: bool,
    problem: Option<String>,
    /// The school's time zone, for the times shown.
    zone: jiff::tz::TimeZone,
}

impl NewsPage {
    fn when(&self, item: &NewsItem) -> String {
        local_datetime(item.published_at, &self.zone)
    }
}

/// The news the viewer reads, and the classes they may publish to: every class for those
/// who run the school; for a teacher, the classes they teach; none for pupils and parents,
/// who read the school's news here and their class's on their day.
async fn news_and_classes(
    state: &AppState,
    session: &CachedSession,
) -> WebResult<(Vec<NewsItem>, Vec<ClassRef>)> {
    let school = &session.profile.school_id;
    if let Ok(view) = authorize(&session.info.actor, Action::ViewSchool(school.clone())) {
        let news = state.store.school_news(school).await?;
        return Ok((news, state.store.school_classes(&view).await?));
    }
    let mut classes: Vec<ClassRef> = Vec::new();
    if session.profile.role == Role::Teacher {
        let me = session.user().ok_or(WebError::Forbidden)?;
        for teaching in state.store.teacher_home(me).await? {
            if !classes.contains(&teaching.class) {
                classes.push(teaching.class);
            }
        }
    }
    let mut readable = Vec::with_capacity(classes.len());
    for class in &classes {
        readable.push(read_permit(state, session, &class.id).await?);
    }
    Ok((state.store.news_for(school, &readable).await?, classes))
}

/// Renders the page with what was typed and why it was refused, if it was.
async fn show(
    state: &AppState,
    lang: Lang,
    session: &CachedSession,
    typed: NewsForm,
    published: bool,
    problem: Option<(String, StatusCode)>,
) -> WebResult<Response> {
    let school = session.profile.school_id.clone();
    let (news, classes) = news_and_classes(state, session).await?;
    let c = Chrome::signed_in(state, lang, |t| t.n.news_title, session);
    let mut targets = Vec::with_capacity(classes.len() + 1);
    if authorize(&session.info.actor, Action::PublishSchoolNews(school)).is_ok() {
        targets.push(Target {
            value: String::new(),
            name: c.t.d.school_wide.to_owned(),
        });
    }
    targets.extend(classes.into_iter().map(|class| Target {
        value: class.id.to_string(),
        name: class.name,
    }));
    let (problem, status) = match problem {
        Some((text, status)) => (Some(text), status),
        None => (None, StatusCode::OK),
    };
    let mut response = render(&NewsPage {
        c,
        news,
        targets,
        typed,
        published,
        problem,
        zone: crate::continuity::zone(state, session).await?,
    })?;
    *response.status_mut() = status;
    Ok(response)
}

/// Whether news was just published.
#[derive(Debug, Deserialize)]
pub struct NewsQuery {
    #[serde(default)]
    published: bool,
}

/// `GET /news`.
pub async fn page(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
    Query(query): Query<NewsQuery>,
) -> WebResult<Response> {
    let typed = NewsForm::default();
    show(&state, lang, &session, typed, query.published, None).await
}

/// Why news was not published, in words; errors that are not about what was typed go to
/// the error page instead.
fn explain(lang: Lang, error: WebError) -> Result<String, WebError> {
    let reason = match error {
        WebError::NewsRefused => lang.error("news_refused").to_owned(),
        WebError::InvalidInput(detail) => format!("{} ({detail})", lang.error("invalid_input")),
        other => return Err(other),
    };
    Ok(format!("{} {reason}", lang.text().n.not_published))
}

/// `POST /news` (`csrf`, `title`, `body`, `class`): publishes, or shows the form again with
/// what was typed and why not.
pub async fn publish(
    State(state): State<AppState>,
    lang: Lang,
    CurrentUser(session): CurrentUser,
    PageForm(form): PageForm<NewsForm>,
) -> WebResult<Response> {
    csrf::check_session(&state.signer, &session.key, &form.csrf)?;
    let request = NewsRequest {
        title: form.title.clone(),
        body: form.body.clone(),
        class: Some(form.class.clone()),
    };
    match publish_news(&state, &session, &request).await {
        Ok(_) => Ok(Redirect::to("/news?published=true").into_response()),
        Err(error) => {
            let status = error.status();
            let problem = Some((explain(lang, error)?, status));
            show(&state, lang, &session, form, false, problem).await
        }
    }
}
