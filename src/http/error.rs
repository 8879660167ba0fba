//! The error envelope at the HTTP edge: `{error, code}` with the right status, and a JSON extractor that
//! answers malformed bodies with the same envelope.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use super::codes::Code;
use crate::casegen::CaseGenError;
use crate::pipeline::PipelineError;
use crate::scheduler::SchedulerError;
use crate::store::StoreError;

/// An error as the client sees it: a code of the table (`codes.rs`) and a message for people. `Internal`
/// details go to the log, never to the client.
#[derive(Debug)]
pub enum ApiError {
    Coded(Code, String),
    Internal(String),
}

impl ApiError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        ApiError::Coded(code, message.into())
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(Code::NotFound, message)
    }

    pub fn bad_request(code: Code, message: impl Into<String>) -> Self {
        ApiError::new(code, message)
    }

    pub fn unauthorized() -> Self {
        ApiError::new(
            Code::Unauthorized,
            "a valid moderator token is required (Authorization: Bearer <token>)",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (code, message) = match self {
            ApiError::Coded(code, message) => (code, message),
            ApiError::Internal(detail) => {
                tracing::error!(error = %detail, "internal error");
                (Code::Internal, "internal error".into())
            }
        };
        let mut res = code.answer(&message);
        if code == Code::Unauthorized {
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
            StoreError::Conflict(m) => ApiError::new(Code::Conflict, m),
            // Redis (or the master holding the deployment's slot) is down or failing over: try again.
            StoreError::Redis(e)
                if e.is_io_error()
                    || e.is_timeout()
                    || e.is_connection_refusal()
                    || e.is_connection_dropped()
                    || e.is_cluster_error() =>
            {
                tracing::warn!(error = %e, "store unavailable");
                ApiError::new(Code::Unavailable, "the store is unavailable; try again shortly")
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<PipelineError> for ApiError {
    fn from(e: PipelineError) -> Self {
        match e {
            PipelineError::CaseNotFound(_) | PipelineError::NoCases => ApiError::not_found(e.to_string()),
            PipelineError::CaseExists(_) | PipelineError::Busy { .. } => ApiError::new(Code::Conflict, e.to_string()),
            PipelineError::NoSuchSlot { .. } => ApiError::new(Code::NoSuchSlot, e.to_string()),
            PipelineError::BadCaseId(_) => ApiError::new(Code::BadCaseId, e.to_string()),
            PipelineError::BudgetSpent { message, .. } => ApiError::new(Code::BudgetSpent, message),
            PipelineError::DateOutOfRange(_) => ApiError::new(Code::BadDate, e.to_string()),
            PipelineError::Store(s) => s.into(),
            // A remote case model that is down, out of quota or answering nonsense: worth trying again.
            PipelineError::CaseGen(g @ (CaseGenError::Remote(_) | CaseGenError::NoValidCase { .. })) => {
                tracing::error!(error = %g, "case provider failed");
                ApiError::new(
                    Code::Unavailable,
                    "the case provider could not write a case; try again later",
                )
            }
            PipelineError::CaseGen(g) => ApiError::Internal(g.to_string()),
        }
    }
}

impl From<SchedulerError> for ApiError {
    fn from(e: SchedulerError) -> Self {
        match e {
            SchedulerError::NotFound(_) | SchedulerError::ScheduleNotFound(_) => ApiError::not_found(e.to_string()),
            SchedulerError::ScheduleNotAJob(_) => ApiError::new(Code::ScheduleNotAJob, e.to_string()),
            SchedulerError::Conflict(m) => ApiError::new(Code::Conflict, m),
            SchedulerError::UnknownTask(..) | SchedulerError::Cron(_) => ApiError::new(Code::BadJob, e.to_string()),
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
            Err(JsonRejection::JsonDataError(e)) => Err(ApiError::new(Code::InvalidBody, e.body_text())),
            Err(JsonRejection::JsonSyntaxError(e)) => Err(ApiError::new(Code::BadJson, e.body_text())),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiError::new(
                Code::UnsupportedMediaType,
                "expected Content-Type: application/json",
            )),
            Err(JsonRejection::BytesRejection(e)) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ApiError::new(Code::PayloadTooLarge, "the request body is too large"))
            }
            Err(e) => Err(ApiError::new(Code::BadBody, e.body_text())),
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

impl ApiError {
    /// 422: JSON of the wrong shape.
    pub fn unprocessable(message: impl Into<String>) -> Self {
        ApiError::new(Code::InvalidBody, message)
    }

    /// 409: the change conflicts with the current state.
    pub fn conflict(message: impl Into<String>) -> Self {
        ApiError::new(Code::Conflict, message)
    }
}
