//! Identifiers: job ids, lease tokens, case ids, and the checks that keep ids safe in paths and keys.

use rand::Rng;

/// A time-ordered, unique job id.
pub fn job_id(now_ms: i64) -> String {
    format!(
        "job-{:011x}-{:06x}",
        now_ms.max(0),
        rand::rng().random_range(0..0x100_0000u32)
    )
}

/// A lease token: 128 random bits.
pub fn token() -> String {
    format!("{:032x}", rand::rng().random::<u128>())
}

/// A short random suffix for non-daily case ids.
pub fn case_suffix() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    (0..6)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// Whether `id` is a well-formed case id: 1-64 characters of `a-z`, `0-9` and `-`.
pub fn is_valid_case_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Checks a relative image name: segments of `[A-Za-z0-9._-]`, no `..`, no leading `/`.
pub fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && name.split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && seg
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        })
}
