//! `/images/...`: pictures from the image store, with ETags and immutable caching. Nothing outside the
//! store is reachable: names are checked segment by segment before any lookup.

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::AppState;
use super::error::ApiError;

pub fn router() -> Router<AppState> {
    Router::new().route("/images/{*name}", get(image))
}

async fn image(State(s): State<AppState>, Path(name): Path<String>, headers: HeaderMap) -> Result<Response, ApiError> {
    if !crate::images::is_safe_name(&name) || !name.ends_with(".jpg") {
        return Err(ApiError::bad_request(
            super::codes::Code::BadImageName,
            "not a valid image name",
        ));
    }
    // A case painted ahead of its date keeps its pictures from players until its day.
    if super::player::is_ahead(&s, &name) && !super::auth::is_moderator(&headers, &s) {
        return Err(ApiError::not_found("no such image"));
    }
    let bytes = s
        .app
        .picture(&name)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .ok_or_else(|| ApiError::not_found("no such image"))?;
    let etag = format!("\"{:016x}\"", crate::images::content_hash(&bytes));
    let mut res = if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Body::from(bytes).into_response()
    };
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    Ok(res)
}
