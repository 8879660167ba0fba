//! Player routes: today's case, a case, its image status and the live status stream. No solution ever.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use futures_util::Stream;
use serde_json::{Value, json};
use tokio::sync::broadcast::error::RecvError;

use super::AppState;
use super::auth::is_moderator;
use super::codes::Code;
use super::error::ApiError;
use crate::app::App;
use crate::domain::ImageStatus;

/// How often an event stream re-reads the record in case a change came from another process.
const RESYNC: Duration = Duration::from_secs(2);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/case/today", get(today))
        .route("/api/case/{case_id}", get(case))
        .route("/api/image-status/{case_id}", get(status))
        .route("/api/image-status/{case_id}/events", get(events))
}

pub fn check_case_id(id: &str) -> Result<(), ApiError> {
    if crate::ids::is_valid_case_id(id) {
        Ok(())
    } else {
        Err(ApiError::bad_request(
            Code::BadCaseId,
            "a case id is 1-64 characters of a-z, 0-9 and -",
        ))
    }
}

/// Today's date (UTC) on the app's clock.
fn today_of(s: &AppState) -> NaiveDate {
    chrono::DateTime::from_timestamp_millis(s.app.now_ms())
        .unwrap_or_default()
        .date_naive()
}

/// Whether a case id names a case of a coming date (`case-YYYY-MM-DD...`: every id carries its case's
/// date), which players may not see before its day. Moderators see it.
pub fn is_ahead(s: &AppState, case_id: &str) -> bool {
    case_id
        .strip_prefix("case-")
        .and_then(|rest| rest.get(..10))
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .is_some_and(|date| date > today_of(s))
}

async fn today(State(s): State<AppState>) -> Result<Json<Value>, ApiError> {
    let today = today_of(&s);
    let case = match s.app.case(&crate::pipeline::daily_case_id(today)).await? {
        Some(c) => c,
        // No daily case yet today: the newest case of today or before stands in (a case painted ahead
        // of its date is not shown before it).
        None => {
            let mut found = None;
            for id in s.app.case_ids(50).await? {
                if is_ahead(&s, &id) {
                    continue;
                }
                found = s.app.case(&id).await?;
                if found.is_some() {
                    break;
                }
            }
            found.ok_or_else(|| ApiError::not_found("no case has been opened yet"))?
        }
    };
    Ok(Json(case.public_view()))
}

async fn case(
    State(s): State<AppState>,
    Path(case_id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    check_case_id(&case_id)?;
    let not_found = || ApiError::not_found(format!("case {case_id:?} not found"));
    let case = s.app.case(&case_id).await?.ok_or_else(not_found)?;
    let ahead = NaiveDate::parse_from_str(&case.date, "%Y-%m-%d").is_ok_and(|d| d > today_of(&s));
    if ahead && !is_moderator(&headers, &s) {
        return Err(not_found());
    }
    Ok(Json(case.public_view()))
}

/// How long a cached status record is served without a look at the store. Changes this process sees
/// (all of them with Redis; its own with SQLite) replace the entry at once; this bounds the rest.
const FRESH: Duration = Duration::from_millis(500);

/// Status records as JSON bytes, so the endpoint players poll is a map lookup. Before each lookup it
/// applies every change the store has announced, so a reader never sees a record older than one this
/// process has already written.
pub struct StatusCache {
    inner: std::sync::Mutex<CacheInner>,
}

struct CacheInner {
    changes: tokio::sync::broadcast::Receiver<crate::store::StatusChange>,
    entries: std::collections::HashMap<String, (axum::body::Bytes, std::time::Instant)>,
}

impl CacheInner {
    fn put(&mut self, case_id: &str, status: &ImageStatus) -> axum::body::Bytes {
        let body = axum::body::Bytes::from(serde_json::to_vec(status).unwrap_or_default());
        if self.entries.len() > 10_000 {
            self.entries.clear();
        }
        self.entries
            .insert(case_id.to_owned(), (body.clone(), std::time::Instant::now()));
        body
    }

    fn catch_up(&mut self) {
        loop {
            match self.changes.try_recv() {
                Ok(change) => {
                    self.put(&change.case_id, &change.status);
                }
                Err(tokio::sync::broadcast::error::TryRecvError::Lagged(_)) => self.entries.clear(),
                Err(_) => return,
            }
        }
    }
}

impl StatusCache {
    pub fn new(app: &crate::app::App) -> Self {
        let inner = CacheInner {
            changes: app.status_changes(),
            entries: Default::default(),
        };
        StatusCache {
            inner: std::sync::Mutex::new(inner),
        }
    }

    fn get(&self, case_id: &str) -> Option<axum::body::Bytes> {
        let mut inner = self.inner.lock().ok()?;
        inner.catch_up();
        let (body, at) = inner.entries.get(case_id)?;
        (at.elapsed() < FRESH).then(|| body.clone())
    }

    fn put(&self, case_id: &str, status: &ImageStatus) -> axum::body::Bytes {
        match self.inner.lock() {
            Ok(mut inner) => inner.put(case_id, status),
            Err(_) => axum::body::Bytes::from(serde_json::to_vec(status).unwrap_or_default()),
        }
    }
}

fn json_bytes(body: axum::body::Bytes) -> Response {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response()
}

async fn status(
    State(s): State<AppState>,
    Path(case_id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    check_case_id(&case_id)?;
    if is_ahead(&s, &case_id) && !is_moderator(&headers, &s) {
        return Ok(no_status(&case_id));
    }
    if let Some(body) = s.status_cache.get(&case_id) {
        return Ok(json_bytes(body));
    }
    Ok(match s.app.status(&case_id).await? {
        Some(status) => json_bytes(s.status_cache.put(&case_id, &status)),
        None => no_status(&case_id),
    })
}

fn no_status(case_id: &str) -> Response {
    (
        Code::NoStatus.status(),
        Json({
            let mut body = Code::NoStatus.body("no image-generation status for this case");
            body["caseId"] = json!(case_id);
            body
        }),
    )
        .into_response()
}

/// One `status` event per change (the whole record), starting with the current record; the stream ends
/// after `completed` or `failed`.
async fn events(
    State(s): State<AppState>,
    Path(case_id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    check_case_id(&case_id)?;
    if is_ahead(&s, &case_id) && !is_moderator(&headers, &s) {
        return Ok(no_status(&case_id));
    }
    let Ok(permit) = s.streams.clone().try_acquire_owned() else {
        // Past the cap: a client (the case page) falls back to polling and tries again later.
        let mut res = (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(Code::TooManyStreams.body("too many open event streams; poll the status or retry later")),
        )
            .into_response();
        res.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from_static("10"),
        );
        return Ok(res);
    };
    let app = App::clone(&s.app);
    // Subscribe before the first read, so no change falls between the two.
    let rx = app.status_changes();
    let first = app.status(&case_id).await?;
    if first.is_none() {
        return status(State(s), Path(case_id), headers).await;
    }
    let stream = status_stream(app, case_id, rx, first, permit);
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response())
}

struct Follow {
    app: crate::app::App,
    case_id: String,
    rx: tokio::sync::broadcast::Receiver<crate::store::StatusChange>,
    next: Option<ImageStatus>,
    last: Option<ImageStatus>,
    done: bool,
    /// The stream's place under `http.max_event_streams`, given back when the stream ends.
    _permit: tokio::sync::OwnedSemaphorePermit,
}

/// Whether `status` should follow `last` on a stream: it differs, and is not an older state of the same
/// run (a re-read and a queued change can arrive out of order).
fn is_newer(status: &ImageStatus, last: &ImageStatus) -> bool {
    if status == last || status.updated_at < last.updated_at {
        return false;
    }
    let same_run = status.job_id == last.job_id && status.started_at == last.started_at;
    !(same_run
        && (status.progress.current < last.progress.current || (last.status.is_final() && !status.status.is_final())))
}

fn status_stream(
    app: crate::app::App,
    case_id: String,
    rx: tokio::sync::broadcast::Receiver<crate::store::StatusChange>,
    first: Option<ImageStatus>,
    permit: tokio::sync::OwnedSemaphorePermit,
) -> impl Stream<Item = Result<Event, Infallible>> {
    let state = Follow {
        app,
        case_id,
        rx,
        next: first,
        last: None,
        done: false,
        _permit: permit,
    };
    futures_util::stream::unfold(state, |mut f| async move {
        if f.done {
            return None;
        }
        loop {
            if let Some(status) = f.next.take()
                && f.last.as_ref().is_none_or(|last| is_newer(&status, last))
            {
                f.done = status.status.is_final();
                let event = Event::default().event("status").json_data(&status).unwrap_or_default();
                f.last = Some(status);
                return Some((Ok(event), f));
            }
            f.next = tokio::select! {
                msg = f.rx.recv() => match msg {
                    Ok(change) if change.case_id == f.case_id => Some((*change.status).clone()),
                    Ok(_) => None,
                    Err(RecvError::Lagged(_)) => f.app.status(&f.case_id).await.ok().flatten(),
                    Err(RecvError::Closed) => return None,
                },
                _ = tokio::time::sleep(RESYNC) => f.app.status(&f.case_id).await.ok().flatten(),
            };
        }
    })
}
