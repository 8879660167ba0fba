//! The image store: where picture bytes live (never in the database or JSON), and how pictures become a
//! web-ready JPEG and a thumbnail under a deterministic name per slot.

pub mod encode;
pub mod local;
pub mod object;

use async_trait::async_trait;

use crate::domain::Slot;
pub use crate::ids::is_safe_name;

/// A picture as a provider hands it over.
pub enum Picture {
    /// Encoded bytes (PNG, JPEG, WebP...) as a remote model returns them; the magic bytes decide the type.
    Encoded(Vec<u8>),
    /// Raw pixels, as a local renderer makes them (saves an encode and decode).
    Pixels(image::RgbImage),
}

/// The picture format the magic bytes say (`png`, `jpeg`, `webp`), if it is one this system reads.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("jpeg")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else {
        None
    }
}

pub use encode::{Encoded, encode};
pub use local::LocalImages;
pub use object::ObjectImages;

#[derive(Debug, thiserror::Error)]
pub enum ImageStoreError {
    #[error("invalid image name {0:?}")]
    BadName(String),
    #[error("image store I/O failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Backend(String),
}

/// Stores picture files by name (`{caseId}/{kind}-{index}.jpg`).
#[async_trait]
pub trait ImageStore: Send + Sync {
    /// Writes the file atomically: readers see the old bytes or the new, never a partial file.
    async fn put(&self, name: &str, bytes: &[u8]) -> Result<(), ImageStoreError>;
    async fn get(&self, name: &str) -> Result<Option<Vec<u8>>, ImageStoreError>;
}

/// The file name of a slot's full picture.
pub fn full_name(case_id: &str, slot: Slot) -> String {
    format!("{case_id}/{}-{}.jpg", slot.kind, slot.index)
}

/// The file name of a slot's thumbnail.
pub fn thumb_name(case_id: &str, slot: Slot) -> String {
    format!("{case_id}/{}-{}.thumb.jpg", slot.kind, slot.index)
}

/// The public URL of a stored picture. The version query changes with the bytes, so the file can be
/// cached forever and a repaint still shows.
pub fn url(name: &str, bytes: &[u8]) -> String {
    format!("/images/{name}?v={:08x}", content_hash(bytes) as u32)
}

/// A fast, stable hash of picture bytes (FNV-1a), for URL versions and ETags.
pub fn content_hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ *b as u64).wrapping_mul(0x100_0000_01b3)
    })
}
