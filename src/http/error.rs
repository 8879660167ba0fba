//! The error envelope at the HTTP edge: `{error, code}` with the right status, and a JSON extractor that
//! answers malformed bodies with the same envelope.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::casegen::CaseGenError;
use crate::pipeline::PipelineError;
use crate::scheduler::SchedulerError;
use crate::store::StoreError;

/// An error as the client sees it. `Internal` details go to the log, never to the client. `ConflictWith` is a
/// 409 with a code of its own, for a conflict a client may want to tell apart.
#[derive(Debug)]
pub enum ApiError {
    BadRequest { code: &'static str, message: String },
    Unauthorized,
    NotFound { code: &'static str, message: String },
    Conflict(String),
    ConflictWith { code: &'static str, message: String },
    PayloadTooLarge,
    Unsupported(String),
    Unprocessable(String),
    Unavailable(String),
    Internal(String),
}

impl ApiError {
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::NotFound {
            code: "not_found",
            message: message.into(),
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::BadRequest {
            code,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            ApiError::BadRequest { code, message } => (StatusCode::BAD_REQUEST, code, message),
            ApiError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "a valid moderator token is required (Authorization: Bearer <token>)".into(),
            ),
            ApiError::NotFound { code, message } => (StatusCode::NOT_FOUND, code, message),
            ApiError::Conflict(m) => (StatusCode::CONFLICT, "conflict", m),
            ApiError::ConflictWith { code, message } => (StatusCode::CONFLICT, code, message),
            ApiError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "the request body is too large".into(),
            ),
            ApiError::Unsupported(m) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", m),
            ApiError::Unprocessable(m) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", m),
            ApiError::Unavailable(m) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable", m),
            ApiError::Internal(detail) => {
                tracing::error!(error = %detail, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", "internal error".into())
            }
        };
        let mut res = (status, axum::Json(json!({ "error": message, "code": code }))).into_response();
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut()
                .insert("www-authenticate", axum::http::HeaderValue::from_static("Bearer"));
        }
        res
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { what, id } => ApiError::not_found(format!("{what} {id:?} not found")),
            StoreError::Conflict(m) => ApiError::Conflict(m),
            // Redis (or the master holding the deployment's slot) is down or failing over: try again.
            StoreError::Redis(e)
                if e.is_io_error()
                    || e.is_timeout()
                    || e.is_connection_refusal()
                    || e.is_connection_dropped()
                    || e.is_cluster_error() =>
            {
                tracing::warn!(error = %e, "store unavailable");
                ApiError::Unavailable("the store is unavailable; try again shortly".into())
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<PipelineError> for ApiError {
    fn from(e: PipelineError) -> Self {
        match e {
            PipelineError::CaseNotFound(_) | PipelineError::NoCases => ApiError::not_found(e.to_string()),
            PipelineError::CaseExists(_) | PipelineError::Busy { .. } => ApiError::Conflict(e.to_string()),
            PipelineError::NoSuchSlot { .. } => ApiError::NotFound {
                code: "no_such_slot",
                message: e.to_string(),
            },
            PipelineError::BadCaseId(_) => ApiError::bad_request("bad_case_id", e.to_string()),
            PipelineError::BudgetSpent { message, .. } => ApiError::ConflictWith {
                code: "budget_spent",
                message,
            },
            PipelineError::DateOutOfRange(_) => ApiError::bad_request("bad_date", e.to_string()),
            PipelineError::Store(s) => s.into(),
            // A remote case model that is down, out of quota or answering nonsense: worth trying again.
            PipelineError::CaseGen(g @ (CaseGenError::Remote(_) | CaseGenError::NoValidCase { .. })) => {
                tracing::error!(error = %g, "case provider failed");
                ApiError::Unavailable("the case provider could not write a case; try again later".into())
            }
            PipelineError::CaseGen(g) => ApiError::Internal(g.to_string()),
        }
    }
}

impl From<SchedulerError> for ApiError {
    fn from(e: SchedulerError) -> Self {
        match e {
            SchedulerError::NotFound(_) | SchedulerError::ScheduleNotFound(_) => ApiError::not_found(e.to_string()),
            SchedulerError::ScheduleNotAJob(_) => ApiError::ConflictWith {
                code: "schedule_not_a_job",
                message: e.to_string(),
            },
            SchedulerError::Conflict(m) => ApiError::Conflict(m),
            SchedulerError::UnknownTask(..) | SchedulerError::Cron(_) => {
                ApiError::bad_request("bad_job", e.to_string())
            }
            SchedulerError::Store(s) => s.into(),
        }
    }
}

/// `Json<T>` whose rejections use the envelope: 400 bad syntax, 415 wrong content type, 413 too large,
/// 422 valid JSON of the wrong shape.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(JsonRejection::JsonDataError(e)) => Err(ApiError::Unprocessable(e.body_text())),
            Err(JsonRejection::JsonSyntaxError(e)) => Err(ApiError::bad_request("bad_json", e.body_text())),
            Err(JsonRejection::MissingJsonContentType(_)) => {
                Err(ApiError::Unsupported("expected Content-Type: application/json".into()))
            }
            Err(JsonRejection::BytesRejection(e)) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ApiError::PayloadTooLarge)
            }
            Err(e) => Err(ApiError::bad_request("bad_body", e.body_text())),
        }
    }
}

/// An optional JSON body: absent when the request has no `Content-Type`.
impl<S: Send + Sync, T: DeserializeOwned> axum::extract::OptionalFromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Option<Self>, Self::Rejection> {
        if req.headers().get(axum::http::header::CONTENT_TYPE).is_none() {
            return Ok(None);
        }
        <ApiJson<T> as FromRequest<S>>::from_request(req, state).await.map(Some)
    }
}
