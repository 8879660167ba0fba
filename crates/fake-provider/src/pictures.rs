//! Small flat pictures: the fake paints nothing worth looking at, only valid PNG and JPEG bytes of the
//! asked-for shape.

/// A small picture of the ratio `W:H` (longest side 96 px).
pub fn ratio_size(ratio: &str) -> (u32, u32) {
    let (w, h) = ratio
        .split_once(':')
        .and_then(|(w, h)| Some((w.trim().parse::<f64>().ok()?, h.trim().parse::<f64>().ok()?)))
        .filter(|(w, h)| *w > 0.0 && *h > 0.0)
        .unwrap_or((1.0, 1.0));
    let scale = 96.0 / w.max(h);
    (((w * scale).round() as u32).max(1), ((h * scale).round() as u32).max(1))
}

/// `WIDTHxHEIGHT` scaled down to a longest side of 96 px.
pub fn size(size: &str) -> (u32, u32) {
    ratio_size(&size.replace('x', ":"))
}

fn picture(w: u32, h: u32, base: [u8; 3]) -> image::RgbImage {
    image::RgbImage::from_fn(w, h, |x, y| {
        let shade = ((x + y) * 40 / (w + h).max(1)) as u8;
        image::Rgb([
            base[0].saturating_add(shade),
            base[1].saturating_add(shade),
            base[2].saturating_add(shade),
        ])
    })
}

pub fn png(w: u32, h: u32, base: [u8; 3]) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = picture(w, h, base).write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png);
    out
}

pub fn jpeg(w: u32, h: u32, base: [u8; 3]) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = picture(w, h, base).write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Jpeg);
    out
}
