//! Every error code the API answers with, once: its HTTP status and what it means (in the manner of
//! meilisearch's `make_error_codes!`). Every error answer is built from this table (`ApiError`, the
//! envelope the edge puts on axum's and tower's own answers, the routes with extra fields); the OpenAPI
//! document's `Error.code` enum and the table in `docs/http.md` list the same codes, and
//! `tests/error_codes.rs` fails when they disagree.

use axum::http::StatusCode;

macro_rules! error_codes {
    ($($variant:ident = ($code:literal, $status:ident, $meaning:literal);)*) => {
        /// An error code of the API's `{error, code}` answers.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in the table's order.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The code as clients see it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// The HTTP status every answer with this code carries.
            pub fn status(self) -> StatusCode {
                match self {
                    $(Code::$variant => StatusCode::$status,)*
                }
            }

            /// What the code means, for the docs' table.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Code::$variant => $meaning,)*
                }
            }
        }
    };
}

error_codes! {
    BadRequest = ("bad_request", BAD_REQUEST, "the request could not be read as a route asks (a path that is not UTF-8, a malformed query)");
    BadJson = ("bad_json", BAD_REQUEST, "the body is not well-formed JSON");
    BadBody = ("bad_body", BAD_REQUEST, "the body could not be read");
    BadDate = ("bad_date", BAD_REQUEST, "a date that is not exactly YYYY-MM-DD, not a day of the calendar, or outside 2000-01-01..9999-12-31");
    BadCaseId = ("bad_case_id", BAD_REQUEST, "a case id that is not 1-64 characters of a-z, 0-9 and -");
    BadJobId = ("bad_job_id", BAD_REQUEST, "a job id that is not one this system makes");
    BadJob = ("bad_job", BAD_REQUEST, "a job naming no registered task, or a bad cron expression");
    BadImageName = ("bad_image_name", BAD_REQUEST, "an image path outside the image store's names");
    BadQuery = ("bad_query", BAD_REQUEST, "a query string the route does not take");
    BadDays = ("bad_days", BAD_REQUEST, "days outside 1..366");
    BadBudget = ("bad_budget", BAD_REQUEST, "a daily budget that is not a number of USD from 0 up, or null");
    Unauthorized = ("unauthorized", UNAUTHORIZED, "a moderator route without the moderator token (Authorization: Bearer <token>)");
    NotFound = ("not_found", NOT_FOUND, "no such case, job, schedule or picture (or a coming case, for players)");
    NoRoute = ("no_route", NOT_FOUND, "no route has this path");
    NoStatus = ("no_status", NOT_FOUND, "the case has no image-generation status record (the answer names the caseId)");
    NoSuchSlot = ("no_such_slot", NOT_FOUND, "a repaint names a slot the case does not have");
    MethodNotAllowed = ("method_not_allowed", METHOD_NOT_ALLOWED, "the route does not take this method");
    RequestTimeout = ("request_timeout", REQUEST_TIMEOUT, "the request took too long to arrive");
    Conflict = ("conflict", CONFLICT, "the change conflicts with the current state (a daily case that exists, a repaint while a job runs, a job in a state that forbids it)");
    ScheduleNotAJob = ("schedule_not_a_job", CONFLICT, "a cancel of a recurring schedule: pause it instead");
    BudgetSpent = ("budget_spent", CONFLICT, "the daily budget cannot pay for writing the case");
    PayloadTooLarge = ("payload_too_large", PAYLOAD_TOO_LARGE, "a body over 64 KiB");
    UriTooLong = ("uri_too_long", URI_TOO_LONG, "a path or query over the server's limit");
    UnsupportedMediaType = ("unsupported_media_type", UNSUPPORTED_MEDIA_TYPE, "a body that is not Content-Type: application/json");
    InvalidBody = ("invalid_body", UNPROCESSABLE_ENTITY, "JSON of the wrong shape (a missing or unknown field, a wrong type, a malformed slot name)");
    Internal = ("internal", INTERNAL_SERVER_ERROR, "the server failed; the detail is in its log, never in the answer");
    Unavailable = ("unavailable", SERVICE_UNAVAILABLE, "the store, the image store or the case provider is down; try again shortly");
    TooManyStreams = ("too_many_streams", SERVICE_UNAVAILABLE, "the cap on open event streams is reached; poll the status or retry after Retry-After");
}

impl Code {
    /// The code for an answer that carries only a status (from axum or tower, before a route ran).
    pub fn for_status(status: StatusCode) -> Code {
        match status {
            StatusCode::UNAUTHORIZED => Code::Unauthorized,
            StatusCode::NOT_FOUND => Code::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => Code::MethodNotAllowed,
            StatusCode::REQUEST_TIMEOUT => Code::RequestTimeout,
            StatusCode::CONFLICT => Code::Conflict,
            StatusCode::PAYLOAD_TOO_LARGE => Code::PayloadTooLarge,
            StatusCode::URI_TOO_LONG => Code::UriTooLong,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Code::UnsupportedMediaType,
            StatusCode::UNPROCESSABLE_ENTITY => Code::InvalidBody,
            StatusCode::SERVICE_UNAVAILABLE => Code::Unavailable,
            s if s.is_server_error() => Code::Internal,
            _ => Code::BadRequest,
        }
    }

    /// The `{error, code}` body of an answer with this code.
    pub fn body(self, message: &str) -> serde_json::Value {
        serde_json::json!({ "error": message, "code": self.as_str() })
    }

    /// The whole answer: this code's status and the `{error, code}` body.
    pub fn answer(self, message: &str) -> axum::response::Response {
        use axum::response::IntoResponse;
        (self.status(), axum::Json(self.body(message))).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_is_written_once_and_each_status_finds_a_code_with_that_status() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "{} twice", code.as_str());
        }
        for status in [400, 401, 404, 405, 408, 409, 413, 414, 415, 422, 500, 502, 503] {
            let status = StatusCode::from_u16(status).unwrap();
            let code = Code::for_status(status);
            assert!(
                code.status() == status || (status.is_server_error() && code == Code::Internal),
                "{status} -> {code:?}"
            );
        }
    }
}
