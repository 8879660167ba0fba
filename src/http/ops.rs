//! Operations: liveness, readiness, Prometheus metrics, and the OpenAPI document.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use super::AppState;

/// The OpenAPI document, kept true by a test that walks it against the router.
pub const OPENAPI: &str = include_str!("openapi.json");

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/api/openapi.json", get(openapi))
}

async fn healthz() -> impl IntoResponse {
    Json(json!({ "status": "ok" }))
}

/// Ready when the store and the image store answer (a lookup of a name that never exists).
async fn readyz(State(s): State<AppState>) -> impl IntoResponse {
    match s.app.readiness().await.err() {
        None => (StatusCode::OK, Json(json!({ "status": "ready" }))),
        Some((what, e)) => {
            tracing::warn!(error = %e, "not ready: {what}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(super::codes::Code::Unavailable.body(what)),
            )
        }
    }
}

async fn metrics(State(s): State<AppState>) -> impl IntoResponse {
    let m = s.app.metrics();
    m.unconfirmed_writes.set(s.app.unconfirmed_writes() as i64);
    match s.app.job_counts().await {
        Ok(counts) => m.set_job_counts(&counts),
        Err(e) => tracing::warn!(error = %e, "could not count jobs for /metrics"),
    }
    match s.app.spend_report(1).await {
        Ok(report) => {
            m.spend_today_usd.set(report.days.last().map_or(0.0, |d| d.spent_usd));
            m.budget_usd.set(report.budget_usd.unwrap_or(-1.0));
        }
        Err(e) => tracing::warn!(error = %e, "could not read the spend for /metrics"),
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        m.render(),
    )
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}
