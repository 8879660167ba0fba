//! What a sitter wears or holds at the face: earrings, spectacles or a monocle, a lit cigarette.

use super::super::canvas::{Blend, Canvas, Rng, arc_pts, bezier, ellipse_pts, hex, mix, smoothstep, stroke_pts};
use super::{Head, Sitter};

/// Earrings, on the ears the turn of the head leaves in sight.
pub(super) fn earrings(canvas: &mut Canvas, sitter: &Sitter) {
    let Sitter { look, style, head, .. } = *sitter;
    let turn = head.turn;
    if look.earrings {
        for side in [-1.0f32, 1.0] {
            let (ex, ey) = head.point(side * 0.98, 0.2);
            if (side * turn) < 0.25 {
                canvas.ellipse(
                    ex + side * 5.0,
                    ey + 8.0,
                    4.0,
                    7.0,
                    mix(style.accent, [1.0; 3], 0.2),
                    1.0,
                );
                canvas.glow(ex + side * 5.0, ey + 6.0, 9.0, style.accent, 0.4);
            }
        }
    }
}

pub(super) fn spectacles(canvas: &mut Canvas, sitter: &Sitter) {
    let Sitter {
        look, head, key_side, ..
    } = *sitter;
    let Head { rx, ry, turn, .. } = head;
    let frame = hex(0x0a0a0a);
    let f = |fx: f32, fy: f32| head.point(fx, fy);
    let sides: &[f32] = if look.monocle { &[1.0] } else { &[-1.0, 1.0] };
    for &side in sides {
        let (ex, ey) = f(side * 0.37, -0.08);
        let sq = 1.0 - (side * turn).max(0.0) * 1.1;
        let (grx, gry) = (rx * 0.2 * sq, ry * 0.12);
        let ring = ellipse_pts(ex, ey, grx, gry, 0.0, 28);
        let inner = ellipse_pts(ex, ey, grx - 3.0, gry - 3.0, 0.0, 28);
        canvas.fill_paths_with(&[&ring, &inner], Blend::Over, |_, _| (frame, 1.0));
        // The rims catch the lamp along their upper edge.
        canvas.stroke(
            &arc_pts(
                ex,
                ey,
                grx - 1.0,
                gry - 1.0,
                std::f32::consts::PI * 1.1,
                std::f32::consts::PI * 1.9,
                12,
            ),
            1.2,
            [0.9, 0.85, 0.75],
            0.45,
        );
        canvas.fill_with(&inner, Blend::Add, |x, y| {
            let g = (((x - ex) - (y - ey) * key_side) / grx * 2.0 + 0.6 * key_side).abs();
            ([0.8, 0.85, 0.9], 0.18 * smoothstep(0.5, 0.0, g))
        });
        if look.monocle {
            let chain = bezier(
                (ex + grx, ey),
                (ex + grx * 2.0, ey + ry * 0.6),
                (ex + grx * 1.5, ey + ry * 1.4),
                (ex + grx * 2.4, ey + ry * 2.0),
                16,
            );
            canvas.stroke(&chain, 1.5, hex(0xb09040), 0.8);
        }
    }
    if !look.monocle {
        let (a, b) = (f(-0.17, -0.1), f(0.17, -0.1));
        canvas.stroke(&[a, ((a.0 + b.0) / 2.0, a.1 - 4.0), b], 2.5, frame, 1.0);
        for side in [-1.0f32, 1.0] {
            let (a, b) = (f(side * 0.57, -0.1), f(side * 0.97, -0.06));
            canvas.stroke(&[a, b], 2.5, frame, 1.0);
        }
    }
}

pub(super) fn cigarette(canvas: &mut Canvas, sitter: &Sitter, rng: &mut Rng) {
    let Sitter { style, head, .. } = *sitter;
    let Head { rx, turn, .. } = head;
    let side = if turn >= 0.0 { 1.0 } else { -1.0 };
    let (mx, my) = head.point(side * 0.22, 0.54);
    let len = rx * 0.75;
    let tip = (mx + side * len, my + len * 0.22);
    canvas.fill(&stroke_pts(&[(mx, my), tip], 6.0, 6.0), hex(0xd8d4c8), 1.0);
    canvas.fill(
        &stroke_pts(&[(mx, my), (mx + side * len * 0.25, my + len * 0.055)], 6.2, 6.2),
        hex(0xb08050),
        1.0,
    );
    canvas.glow(tip.0, tip.1, 14.0, hex(0xff6020), 0.9);
    canvas.glow(tip.0, tip.1, 4.0, [1.0, 0.8, 0.5], 1.0);
    // Smoke curling up.
    let mut p = tip;
    for k in 0..4 {
        let q = (p.0 + rng.range(-30.0, 30.0), p.1 - rng.range(50.0, 80.0));
        let pts = bezier(
            p,
            (p.0 + rng.range(-40.0, 40.0), p.1 - 20.0),
            (q.0 + rng.range(-40.0, 40.0), q.1 + 20.0),
            q,
            16,
        );
        canvas.fill_mode(
            &stroke_pts(&pts, 3.0 + k as f32 * 3.0, 6.0 + k as f32 * 4.0),
            mix(style.moon, [1.0; 3], 0.3),
            0.1 - k as f32 * 0.015,
            Blend::Add,
        );
        p = q;
    }
}
