//! The face: skin in the split light, eyes, nose and mouth, lines and a scar, beards and moustaches.

use super::super::canvas::{Blend, Canvas, Noise, Point, Rng, bezier, ellipse_pts, hex, mix, mul, scale, stroke_pts};
use super::accessories::earrings;
use super::{Head, Sitter, ellipsoid_n};

pub(super) fn head(canvas: &mut Canvas, sitter: &Sitter, rng: &mut Rng) {
    face_skin(canvas, sitter);
    eyes(canvas, sitter);
    nose_and_mouth(canvas, sitter);
    lines_and_scar(canvas, sitter);
    facial_hair(canvas, sitter, rng);
    earrings(canvas, sitter);
}

/// The ears, the skin of the face, and the shadows that model it.
fn face_skin(canvas: &mut Canvas, sitter: &Sitter) {
    let Sitter { look, lights, head, .. } = *sitter;
    let Head {
        x: hx,
        y: hy,
        rx,
        ry,
        turn,
    } = head;
    let skin = look.skin;
    // Ears first, on the sides.
    for side in [-1.0f32, 1.0] {
        let (ex, ey) = head.point(side * 0.98, 0.02);
        let vis = 1.0 - (side * turn).max(0.0) * 1.5;
        if vis > 0.2 {
            let (erx, ery) = (rx * 0.16 * vis, ry * 0.17);
            canvas.fill_with(
                &ellipse_pts(ex + side * rx * 0.05, ey, erx, ery, 0.0, 20),
                Blend::Over,
                |x, y| {
                    let n = ellipsoid_n(x, y, ex, ey, erx * 2.0, ery * 2.0);
                    (scale(mul(skin, lights.at([n[0] + side * 0.6, n[1], n[2]])), 0.85), 1.0)
                },
            );
        }
    }
    let outline = head.outline(1.0);
    canvas.fill_with(&outline, Blend::Over, |x, y| {
        let n = ellipsoid_n(x, y, hx, hy, rx, ry);
        (mul(skin, lights.face(n)), 1.0)
    });
    let f = |fx: f32, fy: f32| head.point(fx, fy);
    let squeeze = |fx: f32| 1.0 - (fx * turn).max(0.0) * 1.2;
    // Shadows that model the face: eye sockets, cheek, under the nose and lip, the jaw.
    for side in [-1.0f32, 1.0] {
        let (ex, ey) = f(side * 0.38, -0.1);
        canvas.shadow(ex, ey, rx * 0.24 * squeeze(side), ry * 0.11, 0.32);
        let (cx, cy) = f(side * 0.55, 0.32);
        if side * lights.rim_x > 0.0 {
            canvas.shadow(cx, cy, rx * 0.3, ry * 0.2, 0.3);
        }
    }
    let (jx, jy) = f(0.0, 0.92);
    canvas.shadow(jx, jy + ry * 0.05, rx * 0.7, ry * 0.12, 0.35);
}

/// The eyes, each with its lid line and brow.
fn eyes(canvas: &mut Canvas, sitter: &Sitter) {
    let Sitter { look, lights, head, .. } = *sitter;
    let Head {
        x: hx,
        y: hy,
        rx,
        ry,
        turn,
    } = head;
    let lit = |x: f32, y: f32| lights.face(ellipsoid_n(x, y, hx, hy, rx, ry));
    let f = |fx: f32, fy: f32| head.point(fx, fy);
    let squeeze = |fx: f32| 1.0 - (fx * turn).max(0.0) * 1.2;
    // Eyes.
    let eye_white = hex(0xc8c0b4);
    let iris = hex(0x1a1410);
    for side in [-1.0f32, 1.0] {
        let (ex, ey) = f(side * 0.37, -0.08);
        let sq = squeeze(side * 0.37 + 0.1);
        let (erx, ery) = (rx * 0.14 * sq, ry * 0.045);
        let l = lit(ex, ey);
        let almond = [
            (ex - erx, ey),
            (ex - erx * 0.3, ey - ery * 1.1),
            (ex + erx * 0.4, ey - ery * 1.0),
            (ex + erx, ey),
            (ex + erx * 0.2, ey + ery * 0.9),
            (ex - erx * 0.4, ey + ery * 0.8),
        ];
        canvas.fill(&almond, mul(eye_white, scale(l, 0.8)), 1.0);
        let ix = ex + turn * erx * 0.5;
        canvas.ellipse(ix, ey, ery * 1.05, ery * 1.05, scale(iris, 0.8), 1.0);
        canvas.glow(
            ix - lights.rim_x * 2.0,
            ey - 2.0,
            2.2,
            [1.0; 3],
            0.5 * (l[0] + l[1]).min(1.0),
        );
        // Upper lid line and brow.
        canvas.stroke(&[almond[0], almond[1], almond[2], almond[3]], 2.2, hex(0x1a100c), 0.8);
        let brow_col = mul(mix(look.hair_col, hex(0x1a1410), 0.5), scale(l, 0.9));
        let (b0, b1, b2) = (f(side * 0.18, -0.24), f(side * 0.4, -0.3), f(side * 0.62, -0.24));
        let brow = bezier(b0, b1, b1, b2, 8);
        let thick = if look.lipstick { 3.0 } else { 5.5 };
        canvas.fill(&stroke_pts(&brow, thick, thick * 0.5), brow_col, 0.9);
        if look.lipstick {
            canvas.stroke(&[almond[0], almond[1], almond[2], almond[3]], 1.2, hex(0x000000), 0.8);
        }
    }
}

/// The nose (a shadow down the dark side, a bright tip, nostrils) and the mouth.
fn nose_and_mouth(canvas: &mut Canvas, sitter: &Sitter) {
    let Sitter {
        look,
        style,
        lights,
        head,
        ..
    } = *sitter;
    let Head {
        x: hx,
        y: hy,
        rx,
        ry,
        turn,
    } = head;
    let skin = look.skin;
    let lit = |x: f32, y: f32| lights.face(ellipsoid_n(x, y, hx, hy, rx, ry));
    let f = |fx: f32, fy: f32| head.point(fx, fy);
    let squeeze = |fx: f32| 1.0 - (fx * turn).max(0.0) * 1.2;
    // Nose: a shadow down the dark side, a bright tip, nostrils.
    let (n0x, n0y) = f(0.0, -0.05);
    let (ntx, nty) = f(0.03, 0.3);
    let dark_side = lights.rim_x;
    let nose_shadow = [
        (n0x + dark_side * 4.0, n0y),
        (ntx + dark_side * 14.0, nty - 4.0),
        (ntx + dark_side * 10.0, nty + 6.0),
        (ntx + dark_side * 2.0, nty + 4.0),
    ];
    canvas.fill_mode(&nose_shadow, [0.0; 3], 0.35, Blend::Multiply);
    canvas.glow(ntx - dark_side * 3.0, nty - 3.0, rx * 0.1, mul(skin, lights.key), 0.35);
    canvas.ellipse(ntx - 7.0, nty + 5.0, 4.0, 2.2, [0.08, 0.04, 0.03], 0.6);
    canvas.ellipse(ntx + 7.0, nty + 5.0, 4.0, 2.2, [0.08, 0.04, 0.03], 0.6);
    // Mouth.
    let (mx, my) = f(0.02, 0.52);
    let mw = rx * 0.3 * squeeze(0.2);
    let lips = if look.lipstick {
        mix(style.accent, hex(0x8a1018), 0.45)
    } else {
        mix(skin, hex(0x6a3028), 0.5)
    };
    let l = lit(mx, my);
    let upper = [
        (mx - mw, my),
        (mx - mw * 0.3, my - 7.0),
        (mx, my - 5.0),
        (mx + mw * 0.3, my - 7.0),
        (mx + mw, my),
        (mx, my + 1.0),
    ];
    let lower = [
        (mx - mw * 0.9, my),
        (mx + mw * 0.9, my),
        (mx + mw * 0.4, my + 9.0),
        (mx - mw * 0.4, my + 9.0),
    ];
    canvas.fill(&upper, mul(scale(lips, 0.75), l), if look.lipstick { 1.0 } else { 0.7 });
    canvas.fill(&lower, mul(lips, l), if look.lipstick { 1.0 } else { 0.6 });
    canvas.stroke(&[(mx - mw, my), (mx, my + 1.0), (mx + mw, my)], 1.6, hex(0x1a0a08), 0.8);
}

/// Lines of age on the brow and beside the nose, and a scar.
fn lines_and_scar(canvas: &mut Canvas, sitter: &Sitter) {
    let Sitter { look, head, .. } = *sitter;
    let f = |fx: f32, fy: f32| head.point(fx, fy);
    // Age, scars, facial hair.
    if look.old {
        for k in 0..3 {
            let (a, b) = (f(-0.3, -0.45 - k as f32 * 0.07), f(0.3, -0.45 - k as f32 * 0.07));
            canvas.stroke(&[a, ((a.0 + b.0) / 2.0, a.1 - 3.0), b], 1.2, hex(0x2a1a10), 0.3);
        }
        for side in [-1.0f32, 1.0] {
            let (a, b) = (f(side * 0.2, 0.28), f(side * 0.32, 0.55));
            canvas.stroke(&[a, b], 1.5, hex(0x2a1a10), 0.35);
        }
    }
    if look.scar {
        let (a, b) = (f(0.35, 0.05), f(0.58, 0.45));
        canvas.stroke(&[a, b], 2.5, hex(0xe0b0a0), 0.5);
    }
}

/// A beard along the jaw, and a moustache (with the beard or alone).
fn facial_hair(canvas: &mut Canvas, sitter: &Sitter, rng: &mut Rng) {
    let Sitter { look, lights, head, .. } = *sitter;
    let Head {
        x: hx, y: hy, rx, ry, ..
    } = head;
    let lit = |x: f32, y: f32| lights.face(ellipsoid_n(x, y, hx, hy, rx, ry));
    let f = |fx: f32, fy: f32| head.point(fx, fy);
    let hair_lit = |x: f32, y: f32| mul(look.hair_col, lit(x, y));
    if look.beard {
        // Along the jaw from ear to ear, below the cheekbones, leaving the mouth clear.
        let mut beard: Vec<Point> = Vec::new();
        for i in 0..=24 {
            let a = std::f32::consts::PI * (i as f32 / 24.0);
            let (fx, fy) = (a.cos() * 0.97, 0.05 + a.sin() * 0.93);
            let (x, y) = f(fx, fy.min(0.97));
            beard.push((x, y + ry * 0.1 * a.sin().powi(2)));
        }
        for &(fx, fy) in &[
            (-0.6, 0.32),
            (-0.34, 0.44),
            (-0.26, 0.6),
            (0.0, 0.7),
            (0.26, 0.6),
            (0.34, 0.44),
            (0.6, 0.32),
            (0.97, 0.05),
        ] {
            beard.push(f(fx, fy));
        }
        let tex = Noise::new(rng.next_u64(), 5.0);
        canvas.fill_with(&beard, Blend::Over, |x, y| {
            (scale(hair_lit(x, y), 0.75 + 0.25 * tex.at(x, y * 0.4)), 1.0)
        });
    }
    if look.moustache || look.beard {
        let (l0, l1, l2) = (f(-0.32, 0.5), f(0.0, 0.4), f(0.32, 0.5));
        let stache = [
            l0,
            (l1.0 - rx * 0.15, l1.1 - 2.0),
            (l1.0, l1.1 + 2.0),
            (l1.0 + rx * 0.15, l1.1 - 2.0),
            l2,
            (l1.0, l1.1 + 11.0),
        ];
        canvas.fill_with(&stache, Blend::Over, |x, y| (scale(hair_lit(x, y), 0.8), 1.0));
    }
}
