//! The HTTP API: player routes, moderator routes, images, operations and pages, merged in one router.

pub mod auth;
pub mod error;
pub mod images;
pub mod moderator;
pub mod ops;
pub mod pages;
pub mod player;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::app::App;
use crate::metrics::HttpLabels;
use error::ApiError;

/// Largest request body accepted.
pub const BODY_LIMIT: usize = 64 * 1024;

/// What every handler gets. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub admin_token: Arc<str>,
    pub status_cache: Arc<player::StatusCache>,
}

impl AppState {
    pub fn new(app: App, admin_token: &str) -> Self {
        let status_cache = Arc::new(player::StatusCache::new(&app.pipeline.store));
        AppState {
            app,
            admin_token: Arc::from(admin_token),
            status_cache,
        }
    }
}

/// The whole API.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(player::router())
        .merge(moderator::router())
        .merge(images::router())
        .merge(ops::router())
        .merge(pages::router())
        .fallback(|| async {
            ApiError::NotFound {
                code: "no_route",
                message: "no such route".into(),
            }
        })
        .method_not_allowed_fallback(|| async {
            (
                axum::http::StatusCode::METHOD_NOT_ALLOWED,
                axum::Json(serde_json::json!({"error": "method not allowed", "code": "method_not_allowed"})),
            )
        })
        .layer(middleware::from_fn_with_state(state.clone(), count_requests))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TraceLayer::new_for_http().make_span_with(
            |req: &Request| tracing::info_span!("http", method = %req.method(), path = %req.uri().path()),
        ))
        .with_state(state)
}

/// Counts requests by matched route and status, and answers over-long bodies with the envelope.
async fn count_requests(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".into());
    let method = req.method().to_string();
    let started = Instant::now();
    let mut res = next.run(req).await;
    if res.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE && !is_json(&res) {
        res = ApiError::PayloadTooLarge.into_response();
    }
    let labels = HttpLabels {
        method,
        route,
        status: res.status().as_u16(),
    };
    s.app.pipeline.metrics.http_requests.get_or_create(&labels).inc();
    tracing::debug!(
        status = res.status().as_u16(),
        duration_ms = started.elapsed().as_millis() as u64,
        "request"
    );
    res
}

fn is_json(res: &Response) -> bool {
    res.headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"))
}

/// Serves until `shutdown` resolves, then lets open requests finish for up to `grace`.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> std::io::Result<()> {
    let app = router(state);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown.await;
        let _ = tx.send(());
    });
    let server = tokio::spawn(async move { server.await });
    // Event streams never end by themselves: give open requests `grace`, then stop.
    let _ = rx.await;
    match tokio::time::timeout(grace, server).await {
        Ok(joined) => joined.map_err(std::io::Error::other)?,
        Err(_) => Ok(()),
    }
}
