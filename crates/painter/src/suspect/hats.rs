//! Hats, fitted to the head: fedora, bowler, top hat, cloche, beret, pillbox, flat cap, peaked cap.

use super::super::canvas::{
    Blend, Canvas, Point, Rgb, arc_pts, ellipse_pts, hex, mix, mul, scale, smoothstep, stroke_pts,
};
use super::{Hat, Head, Lights, Sitter, ellipsoid_n};

pub(super) fn hat(canvas: &mut Canvas, sitter: &Sitter) {
    let Sitter { look, lights, head, .. } = *sitter;
    let Head { x: hx, rx, turn, .. } = head;
    let col = look.hat_col;
    let cx = hx + turn * rx * 0.15;
    let tilt = -turn * 0.12;
    let face = head.outline(1.0);
    let fit = HatFit {
        col,
        cx,
        tilt,
        face,
        lights,
    };
    match look.hat {
        Hat::None => {}
        Hat::Fedora => fedora(canvas, sitter, &fit),
        Hat::Bowler => bowler(canvas, sitter, &fit),
        Hat::Topper => top_hat(canvas, sitter, &fit),
        Hat::Cloche => cloche(canvas, sitter, &fit),
        Hat::Beret => beret(canvas, sitter, &fit),
        Hat::Pillbox => pillbox(canvas, sitter, &fit),
        Hat::FlatCap => flat_cap(canvas, sitter, &fit),
        Hat::Peaked => peaked_cap(canvas, sitter, &fit),
    }
}

/// Where a hat sits on the head: its colour, its centre line, its tilt, the face its brim shades,
/// and the lights on it.
struct HatFit<'a> {
    col: Rgb,
    cx: f32,
    tilt: f32,
    face: Vec<Point>,
    lights: &'a Lights,
}

impl HatFit<'_> {
    /// The hat's colour lit as a part of an ellipsoid (half-axes ex, ey) centred at height ecy.
    fn shade(&self, x: f32, y: f32, ex: f32, ey: f32, ecy: f32) -> Rgb {
        let n = ellipsoid_n(x, y, self.cx, ecy, ex, ey);
        mul(self.col, self.lights.at(n))
    }

    /// The shadow a brim throws over the eyes.
    fn brim_shadow(&self, canvas: &mut Canvas, y0: f32, depth: f32, k: f32) {
        canvas.fill_with(&self.face, Blend::Multiply, |_, y| {
            ([0.0; 3], k * smoothstep(y0 + depth, y0 + depth * 0.55, y))
        });
    }
}

/// A fedora: a wide brim, a pinched crown and a band.
fn fedora(canvas: &mut Canvas, sitter: &Sitter, fit: &HatFit) {
    let Sitter { style, lights, .. } = *sitter;
    let Head { y: hy, rx, ry, .. } = sitter.head;
    let HatFit { col, cx, tilt, .. } = *fit;
    let by = hy - ry * 0.46;
    let (brx, bry) = (rx * 1.75, ry * 0.2);
    fit.brim_shadow(canvas, by, ry * 0.55, 0.8);
    let brim = ellipse_pts(cx, by, brx, bry, tilt, 48);
    canvas.fill_with(&brim, Blend::Over, |x, y| (fit.shade(x, y, brx, bry * 3.0, by), 1.0));
    let top = by - ry * 0.78;
    let crown = vec![
        (cx - rx * 1.0, by + 2.0),
        (cx - rx * 0.92, top + ry * 0.2),
        (cx - rx * 0.75, top),
        (cx - rx * 0.2, top + ry * 0.1),
        (cx, top + ry * 0.16),
        (cx + rx * 0.2, top + ry * 0.1),
        (cx + rx * 0.75, top),
        (cx + rx * 0.92, top + ry * 0.2),
        (cx + rx * 1.0, by + 2.0),
    ];
    canvas.fill_with(&crown, Blend::Over, |x, y| {
        (fit.shade(x, y, rx * 1.05, ry, by - ry * 0.3), 1.0)
    });
    // The pinch: two dents catching less light.
    canvas.fill_mode(
        &[
            (cx - rx * 0.1, top + ry * 0.17),
            (cx + rx * 0.1, top + ry * 0.17),
            (cx, by - ry * 0.35),
        ],
        [0.0; 3],
        0.3,
        Blend::Multiply,
    );
    let band_col = if style.seed.is_multiple_of(3) {
        mix(style.accent, hex(0x100808), 0.3)
    } else {
        hex(0x080808)
    };
    let band = [
        (cx - rx * 1.0, by + 2.0),
        (cx - rx * 0.98, by - ry * 0.17),
        (cx + rx * 0.98, by - ry * 0.17),
        (cx + rx * 1.0, by + 2.0),
    ];
    canvas.fill_with(&band, Blend::Over, |x, y| {
        (mul(band_col, lights.at(ellipsoid_n(x, y, cx, by, rx * 1.1, ry))), 1.0)
    });
    // The front of the brim, over the crown's base.
    let front: Vec<Point> = brim
        .iter()
        .copied()
        .filter(|p| p.1 >= by - 1.0 || (p.0 - cx).abs() > rx * 1.02)
        .collect();
    canvas.fill_with(&front, Blend::Over, |x, y| (fit.shade(x, y, brx, bry * 3.0, by), 1.0));
    canvas.stroke(
        &arc_pts(cx, by, brx, bry, 0.15, std::f32::consts::PI - 0.15, 24),
        1.5,
        mul(col, lights.rim),
        0.6,
    );
}

/// A bowler: a round dome on a narrow curled brim.
fn bowler(canvas: &mut Canvas, sitter: &Sitter, fit: &HatFit) {
    let Head { y: hy, rx, ry, .. } = sitter.head;
    let HatFit { cx, tilt, .. } = *fit;
    let by = hy - ry * 0.5;
    fit.brim_shadow(canvas, by, ry * 0.4, 0.7);
    let (brx, bry) = (rx * 1.28, ry * 0.12);
    canvas.fill_with(&ellipse_pts(cx, by, brx, bry, tilt, 40), Blend::Over, |x, y| {
        (fit.shade(x, y, brx, bry * 3.0, by), 1.0)
    });
    let dome = arc_pts(
        cx,
        by,
        rx * 1.02,
        ry * 0.8,
        std::f32::consts::PI,
        std::f32::consts::TAU,
        30,
    );
    canvas.fill_with(&dome, Blend::Over, |x, y| {
        (fit.shade(x, y, rx * 1.02, ry * 0.8, by), 1.0)
    });
    canvas.fill(
        &[
            (cx - rx * 1.01, by),
            (cx - rx * 0.99, by - ry * 0.12),
            (cx + rx * 0.99, by - ry * 0.12),
            (cx + rx * 1.01, by),
        ],
        hex(0x060606),
        0.9,
    );
    let front = arc_pts(cx, by, brx, bry, 0.0, std::f32::consts::PI, 20);
    canvas.fill_with(&front, Blend::Over, |x, y| (fit.shade(x, y, brx, bry * 3.0, by), 1.0));
}

/// A top hat: a tall body, a lit top and a band in the accent colour.
fn top_hat(canvas: &mut Canvas, sitter: &Sitter, fit: &HatFit) {
    let Sitter { style, .. } = *sitter;
    let Head { y: hy, rx, ry, .. } = sitter.head;
    let HatFit { cx, tilt, .. } = *fit;
    let by = hy - ry * 0.48;
    fit.brim_shadow(canvas, by, ry * 0.45, 0.75);
    let (brx, bry) = (rx * 1.35, ry * 0.14);
    canvas.fill_with(&ellipse_pts(cx, by, brx, bry, tilt, 40), Blend::Over, |x, y| {
        (fit.shade(x, y, brx, bry * 3.0, by), 1.0)
    });
    let body = [
        (cx - rx * 0.9, by),
        (cx - rx * 0.95, by - ry * 1.2),
        (cx + rx * 0.95, by - ry * 1.2),
        (cx + rx * 0.9, by),
    ];
    canvas.fill_with(&body, Blend::Over, |x, y| {
        (fit.shade(x, y, rx * 0.95, ry * 3.0, by - ry * 0.6), 1.0)
    });
    canvas.fill_with(
        &ellipse_pts(cx, by - ry * 1.2, rx * 0.95, ry * 0.1, 0.0, 30),
        Blend::Over,
        |x, y| (scale(fit.shade(x, y, rx, ry, by - ry * 1.2), 1.2), 1.0),
    );
    canvas.fill(
        &[
            (cx - rx * 0.9, by),
            (cx - rx * 0.91, by - ry * 0.18),
            (cx + rx * 0.91, by - ry * 0.18),
            (cx + rx * 0.9, by),
        ],
        mix(style.accent, hex(0x080808), 0.5),
        1.0,
    );
    let front = arc_pts(cx, by, brx, bry, 0.0, std::f32::consts::PI, 20);
    canvas.fill_with(&front, Blend::Over, |x, y| (fit.shade(x, y, brx, bry * 3.0, by), 1.0));
}

/// A cloche: a bell pulled low, a band and a flower on the side away from the light.
fn cloche(canvas: &mut Canvas, sitter: &Sitter, fit: &HatFit) {
    let Sitter { style, lights, .. } = *sitter;
    let Head { y: hy, rx, ry, .. } = sitter.head;
    let HatFit { cx, .. } = *fit;
    fit.brim_shadow(canvas, hy - ry * 0.32, ry * 0.35, 0.6);
    let mut bell = arc_pts(
        cx,
        hy - ry * 0.3,
        rx * 1.14,
        ry * 0.92,
        std::f32::consts::PI,
        std::f32::consts::TAU,
        30,
    );
    bell.push((cx + rx * 1.2, hy - ry * 0.05));
    bell.push((cx + rx * 0.9, hy - ry * 0.22));
    bell.push((cx, hy - ry * 0.3));
    bell.push((cx - rx * 0.9, hy - ry * 0.22));
    bell.push((cx - rx * 1.2, hy - ry * 0.05));
    canvas.fill_with(&bell, Blend::Over, |x, y| {
        (fit.shade(x, y, rx * 1.15, ry * 0.95, hy - ry * 0.35), 1.0)
    });
    let band = stroke_pts(
        &arc_pts(
            cx,
            hy - ry * 0.3,
            rx * 1.12,
            ry * 0.3,
            std::f32::consts::PI * 1.05,
            std::f32::consts::PI * 1.95,
            20,
        ),
        9.0,
        9.0,
    );
    canvas.fill(&band, mix(style.accent, hex(0x100808), 0.25), 1.0);
    let side = -lights.rim_x;
    let (fx, fy) = (cx + side * rx * 0.75, hy - ry * 0.55);
    for k in 0..5 {
        let a = k as f32 * std::f32::consts::TAU / 5.0;
        canvas.ellipse(
            fx + a.cos() * 7.0,
            fy + a.sin() * 7.0,
            7.0,
            7.0,
            mix(style.accent, [1.0; 3], 0.2),
            1.0,
        );
    }
    canvas.ellipse(fx, fy, 4.0, 4.0, hex(0x1a1010), 1.0);
}

/// A beret tipped to one side, with its stalk.
fn beret(canvas: &mut Canvas, sitter: &Sitter, fit: &HatFit) {
    let Head {
        y: hy, rx, ry, turn, ..
    } = sitter.head;
    let HatFit { col, cx, .. } = *fit;
    let side = if turn > 0.0 { -1.0 } else { 1.0 };
    let (bx, by) = (cx + side * rx * 0.25, hy - ry * 0.72);
    let (brx, bry) = (rx * 1.25, ry * 0.36);
    let beret = ellipse_pts(bx, by, brx, bry, side * 0.18, 40);
    canvas.fill_with(&beret, Blend::Over, |x, y| (fit.shade(x, y, brx, bry * 1.3, by), 1.0));
    canvas.fill(
        &stroke_pts(&[(bx, by - bry * 0.9), (bx + 3.0, by - bry * 1.25)], 5.0, 3.0),
        col,
        1.0,
    );
    canvas.stroke(
        &arc_pts(
            cx,
            hy - ry * 0.45,
            rx * 0.98,
            ry * 0.15,
            0.2,
            std::f32::consts::PI - 0.2,
            16,
        ),
        4.0,
        scale(col, 0.5),
        0.8,
    );
}

/// A pillbox set to one side, with a net veil down to the nose.
fn pillbox(canvas: &mut Canvas, sitter: &Sitter, fit: &HatFit) {
    let Head {
        x: hx,
        y: hy,
        rx,
        ry,
        turn,
        ..
    } = sitter.head;
    let HatFit { cx, .. } = *fit;
    let side = if turn > 0.0 { -1.0 } else { 1.0 };
    let (px, py) = (cx + side * rx * 0.35, hy - ry * 0.82);
    let body = [
        (px - rx * 0.5, py),
        (px - rx * 0.48, py - ry * 0.3),
        (px + rx * 0.48, py - ry * 0.3),
        (px + rx * 0.5, py),
    ];
    canvas.fill_with(&body, Blend::Over, |x, y| {
        (fit.shade(x, y, rx * 0.5, ry * 2.0, py), 1.0)
    });
    canvas.fill_with(
        &ellipse_pts(px, py - ry * 0.3, rx * 0.48, ry * 0.08, 0.0, 24),
        Blend::Over,
        |x, y| (scale(fit.shade(x, y, rx * 0.5, ry, py - ry * 0.3), 1.3), 1.0),
    );
    canvas.fill_with(
        &ellipse_pts(px, py, rx * 0.5, ry * 0.08, 0.0, 24),
        Blend::Over,
        |x, y| (fit.shade(x, y, rx * 0.5, ry, py), 1.0),
    );
    // A net veil down to the nose.
    let veil = [
        (px - rx * 0.5, py),
        (px + rx * 0.5, py),
        (hx + rx * 1.05, hy + ry * 0.05),
        (hx - rx * 1.05, hy + ry * 0.05),
    ];
    canvas.fill_with(&veil, Blend::Multiply, |x, y| {
        let g = (((x + y) / 7.0).fract() < 0.15) || (((x - y) / 7.0).fract() < 0.15);
        ([0.0; 3], if g { 0.45 } else { 0.08 })
    });
}

/// A flat cap with its short peak.
fn flat_cap(canvas: &mut Canvas, sitter: &Sitter, fit: &HatFit) {
    let Head {
        y: hy, rx, ry, turn, ..
    } = sitter.head;
    let HatFit { col, cx, tilt, .. } = *fit;
    let by = hy - ry * 0.5;
    fit.brim_shadow(canvas, by, ry * 0.4, 0.7);
    let crown = ellipse_pts(cx - turn * rx * 0.1, by - ry * 0.25, rx * 1.12, ry * 0.42, tilt, 36);
    canvas.fill_with(&crown, Blend::Over, |x, y| {
        (fit.shade(x, y, rx * 1.12, ry * 0.5, by - ry * 0.25), 1.0)
    });
    let peak = arc_pts(
        cx + turn * rx * 0.4,
        by - ry * 0.02,
        rx * 0.9,
        ry * 0.16,
        0.0,
        std::f32::consts::PI,
        20,
    );
    canvas.fill_with(&peak, Blend::Over, |x, y| {
        (scale(fit.shade(x, y, rx, ry * 0.3, by), 0.8), 1.0)
    });
    canvas.stroke(
        &[(cx, by - ry * 0.6), (cx + turn * rx * 0.3, by - ry * 0.05)],
        1.5,
        scale(col, 0.5),
        0.7,
    );
}

/// A peaked cap: a stiff crown, a black band, a badge and a shiny peak.
fn peaked_cap(canvas: &mut Canvas, sitter: &Sitter, fit: &HatFit) {
    let Sitter { lights, .. } = *sitter;
    let Head {
        y: hy, rx, ry, turn, ..
    } = sitter.head;
    let HatFit { cx, .. } = *fit;
    let by = hy - ry * 0.5;
    fit.brim_shadow(canvas, by, ry * 0.45, 0.75);
    let crown = [
        (cx - rx * 1.0, by),
        (cx - rx * 1.3, by - ry * 0.45),
        (cx + rx * 1.3, by - ry * 0.45),
        (cx + rx * 1.0, by),
    ];
    canvas.fill_with(&crown, Blend::Over, |x, y| {
        (fit.shade(x, y, rx * 1.3, ry * 2.0, by - ry * 0.3), 1.0)
    });
    canvas.fill_with(
        &ellipse_pts(cx, by - ry * 0.45, rx * 1.3, ry * 0.1, 0.0, 30),
        Blend::Over,
        |x, y| (scale(fit.shade(x, y, rx * 1.3, ry, by - ry * 0.45), 1.2), 1.0),
    );
    canvas.fill(
        &[
            (cx - rx * 1.0, by),
            (cx - rx * 1.02, by - ry * 0.17),
            (cx + rx * 1.02, by - ry * 0.17),
            (cx + rx * 1.0, by),
        ],
        hex(0x050505),
        1.0,
    );
    canvas.ellipse(
        cx + turn * rx * 0.3,
        by - ry * 0.28,
        8.0,
        9.0,
        mul(hex(0xd0a848), lights.at([0.0, 0.0, 1.0])),
        1.0,
    );
    let peak = arc_pts(
        cx + turn * rx * 0.3,
        by,
        rx * 0.85,
        ry * 0.2,
        0.0,
        std::f32::consts::PI,
        20,
    );
    canvas.fill(&peak, hex(0x060606), 1.0);
    canvas.stroke(
        &arc_pts(cx + turn * rx * 0.3, by, rx * 0.85, ry * 0.2, 0.3, 1.2, 8),
        2.0,
        lights.key,
        0.3,
    );
}
