//! Moderator routes (bearer token): create cases, trigger pictures, run the scheduler's handlers,
//! inspect, cancel and retry jobs, pause and resume schedules, and read the spend and set the budget.

use std::time::{Duration, Instant};

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::auth::Moderator;
use super::error::{ApiError, ApiJson};
use super::player::check_case_id;
use crate::domain::history::Origin;
use crate::domain::{JobRecord, JobState, Slot};
use crate::pipeline::PipelineError;
use crate::scheduler::ListJobs;
use crate::store::JobFilter;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/case/create", post(create_case))
        .route("/api/case/{case_id}/generate-images", post(generate_images))
        .route("/internal/menu/generate-images-manual", post(menu_generate))
        .route("/internal/scheduler/generate-case-images", post(scheduler_generate))
        .route("/internal/scheduler/daily-case", post(scheduler_daily))
        .route("/internal/cases", get(list_cases))
        .route("/internal/jobs", get(list_jobs))
        .route("/internal/jobs/{id}", delete(cancel_job))
        .route("/internal/jobs/{id}/retry", post(retry_job))
        .route("/internal/jobs/{id}/history", get(job_history))
        .route("/internal/schedules/{id}/pause", post(pause_schedule))
        .route("/internal/schedules/{id}/resume", post(resume_schedule))
        .route("/internal/spend", get(spend))
        .route("/internal/budget", put(set_budget))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpendQuery {
    days: Option<u32>,
}

/// The ledger of the last `days` UTC days (default 14, at most 366) and the budget in force.
async fn spend(
    _: Moderator,
    State(s): State<AppState>,
    query: Result<Query<SpendQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::bad_request(super::codes::Code::BadQuery, e.body_text()))?;
    let days = query.days.unwrap_or(14);
    if !(1..=366).contains(&days) {
        return Err(ApiError::bad_request(
            super::codes::Code::BadDays,
            "days must be from 1 to 366",
        ));
    }
    let report = s.app.by(Origin::Moderator).spend_report(days).await?;
    Ok(Json(json!(report)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct BudgetBody {
    /// USD a UTC day may spend; `null` goes back to the configured budget. Required: a body that forgets
    /// it must not clear the budget.
    #[serde(deserialize_with = "Option::deserialize")]
    daily_usd: Option<f64>,
}

/// Sets the moderator's daily budget for every process, and wakes the jobs the budget paused.
async fn set_budget(
    _: Moderator,
    State(s): State<AppState>,
    ApiJson(body): ApiJson<BudgetBody>,
) -> Result<Json<Value>, ApiError> {
    if let Some(usd) = body.daily_usd
        && !(usd.is_finite() && (0.0..=1e9).contains(&usd))
    {
        return Err(ApiError::bad_request(
            super::codes::Code::BadBudget,
            "dailyUsd must be a number from 0 to 1000000000, or null",
        ));
    }
    let woken = s.app.by(Origin::Moderator).set_budget(body.daily_usd).await?;
    let report = s.app.by(Origin::Moderator).spend_report(1).await?;
    Ok(Json(json!({
        "success": true,
        "budgetUsd": report.budget_usd,
        "budgetSource": report.budget_source,
        "jobsResumed": woken,
    })))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateBody {
    /// Make the daily case of this date (a string when present: `null` is refused, as the schema says);
    /// checked as a case date after the body's shape.
    #[serde(default, deserialize_with = "present_string")]
    date: Option<String>,
}

fn present_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    String::deserialize(d).map(Some)
}

async fn create_case(
    _: Moderator,
    State(s): State<AppState>,
    body: Option<ApiJson<serde_json::Map<String, Value>>>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    // Read as a JSON object first: serde would take an array for a struct's fields.
    let body: CreateBody = match body {
        Some(ApiJson(fields)) => serde_json::from_value(Value::Object(fields))
            .map_err(|e| ApiError::unprocessable(format!("invalid body: {e}")))?,
        None => CreateBody::default(),
    };
    let date = body
        .date
        .as_deref()
        .map(crate::domain::parse_case_date)
        .transpose()
        .map_err(|e| ApiError::bad_request(super::codes::Code::BadDate, format!("date: {e}")))?;
    let created = s.app.by(Origin::Moderator).create_case(date).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "success": true, "case": created.case, "imageGenerationQueued": true, "jobId": created.job_id })),
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct GenerateBody {
    /// Slots to paint again even though finished, e.g. `["suspect-1"]`.
    #[serde(default)]
    repaint: Vec<String>,
}

async fn generate_images(
    _: Moderator,
    State(s): State<AppState>,
    Path(case_id): Path<String>,
    body: Option<ApiJson<GenerateBody>>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    check_case_id(&case_id)?;
    let names = body.map(|b| b.0).unwrap_or_default().repaint;
    let named = names
        .iter()
        .map(|name| Slot::parse_name(name).map(|(slot, old)| (name, slot, old)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(ApiError::unprocessable)?;
    let repaint: Vec<Slot> = named.iter().map(|(_, slot, _)| *slot).collect();
    let job_id = s.app.by(Origin::Moderator).repaint(&case_id, &repaint).await?;
    let mut answer = json!({ "success": true, "caseId": case_id, "jobId": job_id });
    if let Some(note) =
        crate::domain::old_slot_names_note(named.iter().map(|(name, slot, old)| (name.as_str(), *slot, *old)))
    {
        answer["deprecated"] = json!(note);
    }
    Ok((StatusCode::ACCEPTED, Json(answer)))
}

/// The plan's menu item: paints what is missing of the latest case.
async fn menu_generate(_: Moderator, State(s): State<AppState>) -> Result<Json<Value>, ApiError> {
    let case = s
        .app
        .by(Origin::Moderator)
        .latest_case()
        .await?
        .ok_or(PipelineError::NoCases)?;
    let job_id = s.app.by(Origin::Moderator).queue_images(&case.id).await?;
    Ok(Json(json!({
        "success": true,
        "caseId": case.id,
        "message": format!("Image generation queued for {} (job {job_id})", case.id),
    })))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TaskData {
    case_id: String,
}

#[derive(Debug, Deserialize)]
struct TaskRequest<T> {
    data: T,
}

/// The plan's job handler: runs the case's job now, or joins the one queued or running, and answers
/// when it ends, or past `http.wait_limit` with 202 and the job id to follow.
async fn scheduler_generate(
    _: Moderator,
    State(s): State<AppState>,
    ApiJson(req): ApiJson<TaskRequest<TaskData>>,
) -> Result<Response, ApiError> {
    let case_id = req.data.case_id;
    check_case_id(&case_id)?;
    let started = Instant::now();
    let job_id = s.app.by(Origin::Moderator).queue_images(&case_id).await?;
    let Some(job) = wait_for_job(&s, &job_id).await? else {
        return Ok(still_running(&job_id, &case_id));
    };
    match job.state {
        JobState::Completed => Ok(Json(json!({
            "status": "ok",
            "caseId": case_id,
            "duration": format!("{:.1}s", started.elapsed().as_secs_f64()),
        }))
        .into_response()),
        state => Err(ApiError::conflict(format!(
            "job {job_id} ended {}: {}",
            state.as_str(),
            job.last_error.as_deref().unwrap_or("no error recorded")
        ))),
    }
}

/// The answer of a route that stopped waiting: 202, with the job to follow.
fn still_running(job_id: &str, case_id: &str) -> Response {
    (
        StatusCode::ACCEPTED,
        Json(json!({
            "status": "running",
            "jobId": job_id,
            "caseId": case_id,
            "message": "the job is still queued or running; follow it with GET /internal/jobs or the case's status",
        })),
    )
        .into_response()
}

/// Waits for the job to end, up to `http.wait_limit`; `None` when it is still queued or running then.
async fn wait_for_job(s: &AppState, id: &str) -> Result<Option<JobRecord>, ApiError> {
    let deadline = Instant::now() + s.app.by(Origin::Moderator).config().http.wait_limit;
    loop {
        let job = s
            .app
            .job(id)
            .await?
            .ok_or_else(|| ApiError::not_found("job vanished"))?;
        if !job.state.is_active() {
            return Ok(Some(job));
        }
        if Instant::now() >= deadline {
            return Ok(None);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Runs the daily case task now for today (idempotent: the case of a date is made once).
async fn scheduler_daily(_: Moderator, State(s): State<AppState>) -> Result<Response, ApiError> {
    let now = s.app.by(Origin::Moderator).now_ms();
    let id = s.app.by(Origin::Moderator).run_daily_now().await?;
    let case_id = crate::pipeline::daily_case_id(
        chrono::DateTime::from_timestamp_millis(now)
            .unwrap_or_default()
            .date_naive(),
    );
    let Some(job) = wait_for_job(&s, &id).await? else {
        return Ok(still_running(&id, &case_id));
    };
    match job.state {
        JobState::Completed => Ok(Json(json!({ "status": "ok", "caseId": case_id, "jobId": id })).into_response()),
        state => Err(ApiError::conflict(format!(
            "job {id} ended {}: {}",
            state.as_str(),
            job.last_error.unwrap_or_default()
        ))),
    }
}

async fn list_cases(_: Moderator, State(s): State<AppState>) -> Result<Json<Value>, ApiError> {
    let mut cases = Vec::new();
    for id in s.app.by(Origin::Moderator).case_ids(50).await? {
        let Some(case) = s.app.by(Origin::Moderator).case(&id).await? else {
            continue;
        };
        let status = s.app.by(Origin::Moderator).status(&id).await?;
        cases.push(json!({
            "id": case.id, "title": case.title, "date": case.date, "createdAt": case.created_at, "status": status,
        }));
    }
    Ok(Json(json!({ "cases": cases })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JobsQuery {
    /// Only one-off jobs in this state (schedules are left out), as `jobs list --state`.
    state: Option<String>,
    /// At most this many one-off jobs (1-1000, default 200).
    limit: Option<usize>,
}

/// One-off jobs, newest first, then the recurring schedules: the same list as `sleuths jobs list --json`.
async fn list_jobs(
    _: Moderator,
    State(s): State<AppState>,
    query: Result<Query<JobsQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::bad_request(super::codes::Code::BadQuery, e.body_text()))?;
    let state = match query.state.as_deref() {
        None => None,
        Some(name) => Some(JobState::parse(name).ok_or_else(|| {
            ApiError::bad_request(
                super::codes::Code::BadQuery,
                format!("state: unknown state {name:?} (queued, running, completed, failed, cancelled)"),
            )
        })?),
    };
    let limit = query.limit.unwrap_or(200);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::bad_request(
            super::codes::Code::BadQuery,
            "limit: must be from 1 to 1000",
        ));
    }
    let what = ListJobs {
        jobs: Some(JobFilter {
            states: state.into_iter().collect(),
            name: None,
            limit: Some(limit),
        }),
        schedules: state.is_none(),
    };
    Ok(Json(
        json!({ "jobs": s.app.by(Origin::Moderator).list_jobs(&what).await? }),
    ))
}

fn check_job_id(id: &str) -> Result<(), ApiError> {
    let ok = !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'));
    if ok {
        Ok(())
    } else {
        Err(ApiError::bad_request(
            super::codes::Code::BadJobId,
            "not a valid job id",
        ))
    }
}

async fn cancel_job(_: Moderator, State(s): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    check_job_id(&id)?;
    s.app.by(Origin::Moderator).cancel_job(&id).await?;
    Ok(Json(json!({ "success": true, "id": id })))
}

/// What happened to a job, oldest first: the same document as `sleuths jobs history JOB --json`.
async fn job_history(
    _: Moderator,
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<crate::domain::history::History>, ApiError> {
    check_job_id(&id)?;
    match s.app.job_history(&id).await? {
        Some(history) => Ok(Json(history)),
        None => Err(ApiError::not_found(format!("job {id:?} not found"))),
    }
}

async fn retry_job(_: Moderator, State(s): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    check_job_id(&id)?;
    let job = s.app.by(Origin::Moderator).retry_job(&id).await?;
    Ok(Json(json!({ "success": true, "job": job })))
}

async fn pause_schedule(
    _: Moderator,
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    check_job_id(&id)?;
    let schedule = s.app.by(Origin::Moderator).pause_schedule(&id).await?;
    Ok(Json(json!({ "success": true, "schedule": schedule })))
}

async fn resume_schedule(
    _: Moderator,
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    check_job_id(&id)?;
    let schedule = s.app.by(Origin::Moderator).resume_schedule(&id).await?;
    Ok(Json(json!({ "success": true, "schedule": schedule })))
}
