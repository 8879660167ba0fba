//! Moderator authentication: a bearer token from configuration, compared in constant time.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::AppState;
use super::error::ApiError;

/// Proof that the request carried the moderator token. Add it as an argument to a handler.
pub struct Moderator;

impl FromRequestParts<AppState> for Moderator {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if is_moderator(&parts.headers, state) {
            Ok(Moderator)
        } else {
            Err(ApiError::unauthorized())
        }
    }
}

/// Whether the request carries the moderator token (for routes that show moderators more).
pub fn is_moderator(headers: &axum::http::HeaderMap, state: &AppState) -> bool {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer_token)
        .is_some_and(|token| constant_time_eq(token.as_bytes(), state.admin_token.as_bytes()))
}

/// The token of an `Authorization: Bearer TOKEN` header. The scheme name is case-insensitive (RFC 9110
/// section 11.1): `bearer`, `BEARER` and `Bearer` all name it.
fn bearer_token(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim_start().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Compares without stopping at the first difference, so timing does not reveal a matching prefix.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = (a.len() ^ b.len()) as u8 | u8::from(a.len() != b.len());
    for (i, x) in a.iter().enumerate() {
        diff |= x ^ b.get(i % b.len().max(1)).copied().unwrap_or(0);
    }
    diff == 0 && !b.is_empty()
}

#[cfg(test)]
mod tests {
    use super::{bearer_token, constant_time_eq};

    #[test]
    fn the_scheme_name_is_case_insensitive_and_the_token_is_not() {
        for header in ["Bearer tok", "bearer tok", "BEARER tok", "BeArEr   tok  "] {
            assert_eq!(bearer_token(header), Some("tok"), "{header:?}");
        }
        assert_eq!(bearer_token("Basic tok"), None);
        assert_eq!(bearer_token("Bearertok"), None);
        assert_eq!(bearer_token("bearer Tok"), Some("Tok"));
    }

    #[test]
    fn only_the_exact_token_matches() {
        assert!(constant_time_eq(b"s3cret-token", b"s3cret-token"));
        assert!(!constant_time_eq(b"s3cret-tokem", b"s3cret-token"));
        assert!(!constant_time_eq(b"s3cret", b"s3cret-token"));
        assert!(!constant_time_eq(b"s3cret-token-and-more", b"s3cret-token"));
        assert!(!constant_time_eq(b"", b"s3cret-token"));
        assert!(!constant_time_eq(b"", b""));
    }
}
