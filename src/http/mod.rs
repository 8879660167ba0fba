//! The HTTP API: player routes, moderator routes, images, operations and pages, merged in one router.

pub mod auth;
pub mod codes;
pub mod error;
pub mod images;
pub mod moderator;
pub mod ops;
pub mod pages;
pub mod player;
mod server;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::limit::RequestBodyLimitLayer;

use crate::app::App;
use crate::metrics::HttpLabels;
use error::ApiError;

/// Largest request body accepted.
pub const BODY_LIMIT: usize = 64 * 1024;

/// What every handler gets. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Behind one pointer: axum clones the state for every request and middleware.
    pub app: Arc<App>,
    pub admin_token: Arc<str>,
    pub status_cache: Arc<player::StatusCache>,
    /// One permit per open event stream (`http.max_event_streams`).
    pub streams: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    pub fn new(app: App, admin_token: &str) -> Self {
        let status_cache = Arc::new(player::StatusCache::new(&app));
        let streams = Arc::new(tokio::sync::Semaphore::new(app.config().http.max_event_streams));
        AppState {
            app: Arc::new(app),
            admin_token: Arc::from(admin_token),
            status_cache,
            streams,
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
        .fallback(|| async { ApiError::new(codes::Code::NoRoute, "no such route") })
        .method_not_allowed_fallback(|| async { ApiError::new(codes::Code::MethodNotAllowed, "method not allowed") })
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        // Outermost, so it sees every answer, including those of the layer above (a 413 for a body over
        // the limit, a 400 for a path that is not UTF-8). One layer, since every layer costs each request.
        .layer(middleware::from_fn_with_state(state.clone(), edge))
        .with_state(state)
}

/// The Content-Security-Policy of the pages: scripts and styles from this origin only (no inline
/// script), and no framing by other sites (the dashboard keeps its token in local storage).
const PAGE_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                        connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
                        frame-ancestors 'none'";

/// What every request and answer gets at the edge: a span naming the request for the logs inside it, a
/// count by matched route and status, the error envelope for any 4xx or 5xx that is not JSON yet (from
/// axum's own rejections or tower's layers), and the security headers.
async fn edge(State(s): State<AppState>, req: Request, next: Next) -> Response {
    use axum::http::{HeaderValue, header};
    use tracing::Instrument;
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".into());
    let method = method_label(req.method());
    // With traces on, the span says what an OTLP backend shows (the route, the status), and a request that
    // comes with a W3C `traceparent` is a step of the caller's trace, and so are the jobs it queues. Off,
    // the span is the log lines' context only: every request pays for it.
    let traced = crate::common::trace::enabled();
    let span = if traced {
        tracing::info_span!(
            "http",
            otel.name = %format_args!("{} {route}", req.method()),
            method = %req.method(),
            path = %req.uri().path(),
            http.route = %route,
            http.response.status_code = tracing::field::Empty,
        )
    } else {
        tracing::info_span!("http", method = %req.method(), path = %req.uri().path())
    };
    let continues = traced
        && req
            .headers()
            .get("traceparent")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|tp| crate::common::trace::continue_from(&span, tp));
    // An answer to the moderator may hold what players must not see yet (a coming case, its pictures,
    // the jobs): no shared cache may keep it, and caches must key on the token.
    let moderator = req.headers().contains_key(header::AUTHORIZATION) && auth::is_moderator(req.headers(), &s);
    let started = Instant::now();
    let mut res = if traced {
        let res = crate::common::trace::in_request(continues, next.run(req).instrument(span.clone())).await;
        span.record("http.response.status_code", res.status().as_u16());
        res
    } else {
        next.run(req).instrument(span).await
    };
    let status = res.status();
    s.app
        .metrics()
        .http_requests
        .get_or_create(&HttpLabels {
            method,
            route,
            status: status.as_u16(),
        })
        .inc();
    tracing::debug!(
        status = status.as_u16(),
        duration_ms = started.elapsed().as_millis() as u64,
        "request"
    );
    if (status.is_client_error() || status.is_server_error()) && !is_json(&res) {
        res = envelope(res).await;
    }
    let is_page = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    let headers = res.headers_mut();
    if moderator {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
        headers.append(header::VARY, HeaderValue::from_static("Authorization"));
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if is_page {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(PAGE_CSP));
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    res
}

/// Rewrites a plain error answer as `{error, code}`, keeping its status, its short text as the message,
/// and its headers (an `Allow`, a `Retry-After`).
async fn envelope(res: Response) -> Response {
    use axum::http::StatusCode;
    let (mut parts, body) = res.into_parts();
    let text = axum::body::to_bytes(body, 4096)
        .await
        .ok()
        .and_then(|b| String::from_utf8(b.to_vec()).ok())
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    let status = parts.status;
    let code = codes::Code::for_status(status);
    let message = match (status, text) {
        (StatusCode::PAYLOAD_TOO_LARGE, _) => "the request body is too large".to_owned(),
        // A 5xx says nothing internal.
        (s, _) if s.is_server_error() => s.canonical_reason().unwrap_or("error").to_lowercase(),
        (_, Some(text)) => text,
        (s, None) => s.canonical_reason().unwrap_or("error").to_lowercase(),
    };
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    parts.headers.insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/json"),
    );
    let body = code.body(&message).to_string();
    Response::from_parts(parts, axum::body::Body::from(body))
}

/// The method as a metrics label, from a fixed set: hyper accepts any token as a method, and a label
/// copied from the request would let any client create series (and memory) without end.
fn method_label(method: &axum::http::Method) -> String {
    use axum::http::Method;
    let known = [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::DELETE,
        Method::PATCH,
        Method::HEAD,
        Method::OPTIONS,
        Method::CONNECT,
        Method::TRACE,
    ];
    if known.contains(method) {
        method.as_str().to_owned()
    } else {
        "other".to_owned()
    }
}

fn is_json(res: &Response) -> bool {
    res.headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"))
}

/// Serves until `shutdown` resolves, then lets open requests finish for up to `grace`. Connections are
/// capped and timed out as `http` in the configuration says (`server.rs`).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> std::io::Result<()> {
    let settings = state.app.config().http.clone();
    server::run(listener, router(state), &settings, shutdown, grace).await
}
