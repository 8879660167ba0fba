//! Turns a provider's picture into a web-ready JPEG (≤ 1024 px) and a thumbnail (≤ 256 px).

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat, RgbImage};

use super::Picture;

/// Longest side of the web-ready picture.
pub const FULL_MAX: u32 = 1024;
/// Longest side of the thumbnail.
pub const THUMB_MAX: u32 = 256;
const QUALITY: u8 = 84;

/// The two files of a slot.
pub struct Encoded {
    pub full: Vec<u8>,
    pub thumb: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum EncodeError {
    #[error("the picture is not an image this system can read (magic bytes: {0})")]
    UnknownFormat(String),
    #[error("the picture could not be decoded: {0}")]
    Decode(String),
    #[error("encoding failed: {0}")]
    Encode(String),
}

/// Decodes (trusting the magic bytes, not any declared type), scales down, and encodes both files.
/// CPU work: call it from a blocking task.
pub fn encode(picture: Picture) -> Result<Encoded, EncodeError> {
    let rgb = match picture {
        Picture::Pixels(p) => p,
        Picture::Encoded(bytes) => decode(&bytes)?,
    };
    let full = fit(rgb, FULL_MAX);
    let thumb = fit_ref(&full, THUMB_MAX);
    Ok(Encoded {
        width: full.width(),
        height: full.height(),
        full: jpeg(&full)?,
        thumb: jpeg(&thumb)?,
    })
}

/// Decodes bytes whose format is told by their magic bytes.
pub fn decode(bytes: &[u8]) -> Result<RgbImage, EncodeError> {
    let format = image::guess_format(bytes).map_err(|_| {
        EncodeError::UnknownFormat(
            bytes
                .iter()
                .take(8)
                .map(|b| format!("{b:02x}"))
                .collect::<Vec<_>>()
                .join(" "),
        )
    })?;
    if !matches!(format, ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP) {
        return Err(EncodeError::UnknownFormat(format!("{format:?} is not supported")));
    }
    let img = image::load_from_memory_with_format(bytes, format).map_err(|e| EncodeError::Decode(e.to_string()))?;
    Ok(img.to_rgb8())
}

fn fit(img: RgbImage, max: u32) -> RgbImage {
    if img.width() <= max && img.height() <= max {
        img
    } else {
        fit_ref(&img, max)
    }
}

fn fit_ref(img: &RgbImage, max: u32) -> RgbImage {
    let (w, h) = img.dimensions();
    if w <= max && h <= max {
        return img.clone();
    }
    let scale = max as f64 / w.max(h) as f64;
    let (nw, nh) = (
        ((w as f64 * scale).round() as u32).max(1),
        ((h as f64 * scale).round() as u32).max(1),
    );
    DynamicImage::ImageRgb8(img.clone())
        .resize_exact(nw, nh, FilterType::Triangle)
        .to_rgb8()
}

fn jpeg(img: &RgbImage) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::with_capacity((img.width() * img.height() / 6) as usize);
    JpegEncoder::new_with_quality(&mut out, QUALITY)
        .encode_image(img)
        .map_err(|e| EncodeError::Encode(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_pictures_are_scaled_to_fit_and_thumbnails_are_small() {
        let img = RgbImage::from_fn(2048, 1024, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let out = encode(Picture::Pixels(img)).unwrap();
        assert_eq!((out.width, out.height), (1024, 512));
        let thumb = decode(&out.thumb).unwrap();
        assert_eq!(thumb.dimensions(), (256, 128));
    }

    #[test]
    fn the_magic_bytes_decide_the_format_and_garbage_is_refused() {
        let img = RgbImage::from_pixel(10, 10, image::Rgb([1, 2, 3]));
        let mut png = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        assert!(encode(Picture::Encoded(png)).is_ok());
        let mut webp = Vec::new();
        DynamicImage::ImageRgb8(RgbImage::from_pixel(10, 10, image::Rgb([1, 2, 3])))
            .write_to(&mut std::io::Cursor::new(&mut webp), ImageFormat::WebP)
            .unwrap();
        assert_eq!(decode(&webp).unwrap().dimensions(), (10, 10));
        assert!(matches!(
            encode(Picture::Encoded(b"<html>nope</html>".to_vec())),
            Err(EncodeError::UnknownFormat(_))
        ));
    }
}
