//! The case page, the dashboard and their assets, embedded in the binary.

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::get;

use super::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(|| page(include_str!("../web/case.html"))))
        .route("/admin", get(|| page(include_str!("../web/admin.html"))))
        .route(
            "/assets/style.css",
            get(|| asset("text/css; charset=utf-8", include_str!("../web/style.css"))),
        )
        .route(
            "/assets/case.js",
            get(|| asset("text/javascript; charset=utf-8", include_str!("../web/case.js"))),
        )
        .route(
            "/assets/admin.js",
            get(|| asset("text/javascript; charset=utf-8", include_str!("../web/admin.js"))),
        )
}

async fn page(html: &'static str) -> impl IntoResponse {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        html,
    )
}

async fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
}
