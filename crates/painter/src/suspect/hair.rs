//! Hair: the mass behind the head and the fringe, parting, waves or curls in front of it.

use super::super::canvas::{
    Blend, Canvas, Point, Rgb, Rng, add, arc_pts, bezier, ellipse_pts, mix, mul, scale, stroke_pts,
};
use super::{Hair, Hat, Head, Sitter, ellipsoid_n};

pub(super) fn back_hair(canvas: &mut Canvas, sitter: &Sitter) {
    let Sitter { look, lights, head, .. } = *sitter;
    let Head {
        x: hx,
        y: hy,
        rx,
        ry,
        turn,
    } = head;
    let hc = look.hair_col;
    let shade = |x: f32, y: f32, cx: f32, cy: f32, ex: f32, ey: f32| -> (Rgb, f32) {
        let n = ellipsoid_n(x, y, cx, cy, ex, ey);
        (mul(hc, lights.at(n)), 1.0)
    };
    match look.hair {
        Hair::Long => {
            let pts = bezier(
                (hx - rx * 1.05, hy - ry * 0.4),
                (hx - rx * 1.5, hy + ry * 0.6),
                (hx - rx * 1.6, hy + ry * 1.4),
                (hx - rx * 1.2, hy + ry * 1.95),
                16,
            );
            let mut outline = pts;
            outline.extend(bezier(
                (hx + rx * 1.2, hy + ry * 1.95),
                (hx + rx * 1.6, hy + ry * 1.4),
                (hx + rx * 1.5, hy + ry * 0.6),
                (hx + rx * 1.05, hy - ry * 0.4),
                16,
            ));
            outline.extend(arc_pts(
                hx,
                hy - ry * 0.2,
                rx * 1.08,
                ry * 0.95,
                0.0,
                -std::f32::consts::PI,
                20,
            ));
            canvas.fill_with(&outline, Blend::Over, |x, y| {
                shade(x, y, hx, hy + ry * 0.5, rx * 1.6, ry * 1.7)
            });
        }
        Hair::Bob | Hair::Waves => {
            let drop = if look.hair == Hair::Bob { 0.62 } else { 0.75 };
            let mut outline = Vec::new();
            for i in 0..=30 {
                let a = std::f32::consts::PI * (1.0 + i as f32 / 30.0);
                outline.push((hx + a.cos() * rx * 1.16, hy - ry * 0.1 + a.sin() * ry * 1.02));
            }
            let wavy = look.hair == Hair::Waves;
            for sgn in [1.0f32, -1.0] {
                let mut side = bezier(
                    (hx + sgn * rx * 1.16, hy - ry * 0.1),
                    (hx + sgn * rx * 1.28, hy + ry * 0.2),
                    (hx + sgn * rx * 1.26, hy + ry * (drop - 0.05)),
                    (hx + sgn * rx * 0.95, hy + ry * drop),
                    14,
                );
                side.push((hx + sgn * rx * 0.62, hy + ry * (drop - 0.1)));
                if wavy {
                    for (k, p) in side.iter_mut().enumerate() {
                        p.0 += (k as f32 * 1.3).sin() * rx * 0.05 * sgn;
                    }
                }
                if sgn < 0.0 {
                    side.reverse();
                }
                outline.extend(side);
            }
            canvas.fill_with(&outline, Blend::Over, |x, y| shade(x, y, hx, hy, rx * 1.25, ry * 1.1));
        }
        Hair::Bun => {
            let bx = hx - turn.signum() * rx * 0.55;
            canvas.fill_with(
                &ellipse_pts(bx, hy - ry * 0.85, rx * 0.48, ry * 0.36, 0.0, 30),
                Blend::Over,
                |x, y| shade(x, y, bx, hy - ry * 0.85, rx * 0.48, ry * 0.36),
            );
        }
        Hair::Curly => {
            // Under a hat only the curls below the brim show.
            let hatted = look.hat != Hat::None;
            for i in 0..16 {
                let a = std::f32::consts::PI * (0.95 + 1.1 * i as f32 / 15.0);
                if hatted && a.sin() < -0.35 {
                    continue;
                }
                let (cx, cy) = (hx + a.cos() * rx * 1.02, hy - ry * 0.05 + a.sin() * ry * 1.0);
                let r = rx * 0.3;
                canvas.fill_with(&ellipse_pts(cx, cy, r, r, 0.0, 18), Blend::Over, |x, y| {
                    shade(x, y, cx, cy, r, r)
                });
            }
        }
        _ => {}
    }
}

pub(super) fn front_hair(canvas: &mut Canvas, sitter: &Sitter, rng: &mut Rng) {
    let Sitter { look, lights, head, .. } = *sitter;
    let Head {
        x: hx,
        y: hy,
        rx,
        ry,
        turn,
    } = head;
    let hc = look.hair_col;
    let hatted = matches!(
        look.hat,
        Hat::Fedora | Hat::Bowler | Hat::Cloche | Hat::Topper | Hat::Peaked | Hat::FlatCap
    );
    let shade = move |x: f32, y: f32| -> Rgb {
        let n = ellipsoid_n(x, y, hx, hy - ry * 0.1, rx * 1.12, ry * 1.05);
        mul(hc, lights.at(n))
    };
    let part = turn.signum() * -0.35 + rng.range(-0.1, 0.1);
    let hairline = |depth: f32| -> Vec<Point> {
        // From the right temple back over the forehead to the left temple.
        let (rt, pt, lt) = (
            head.point(0.9, -0.45),
            head.point(part, -depth),
            head.point(-0.9, -0.45),
        );
        bezier(rt, (rt.0 - rx * 0.2, pt.1 + ry * 0.05), (pt.0 + rx * 0.2, pt.1), pt, 10)
            .into_iter()
            .chain(bezier(
                pt,
                (pt.0 - rx * 0.3, pt.1 + ry * 0.02),
                (lt.0 + rx * 0.3, pt.1 + ry * 0.1),
                lt,
                10,
            ))
            .collect()
    };
    let cap = |inflate: f32, depth: f32| -> Vec<Point> {
        let mut v: Vec<Point> = arc_pts(
            hx,
            hy - ry * 0.05,
            rx * inflate,
            ry * inflate,
            std::f32::consts::PI * 1.06,
            std::f32::consts::PI * 1.94,
            24,
        );
        v.reverse();
        let mut out: Vec<Point> = v.into_iter().rev().collect();
        let mut line = hairline(depth);
        line.reverse();
        out.extend(line);
        out
    };
    if look.hair == Hair::Bald {
        if look.old {
            for side in [-1.0f32, 1.0] {
                let (x, y) = head.point(side * 0.95, -0.2);
                canvas.fill_with(
                    &ellipse_pts(x, y, rx * 0.13, ry * 0.2, 0.0, 16),
                    Blend::Over,
                    |px, py| (shade(px, py), 0.9),
                );
            }
        }
        return;
    }
    if hatted && !matches!(look.hair, Hair::Bob | Hair::Waves | Hair::Long | Hair::Curly) {
        // Only the sideburns show under a hat.
        for side in [-1.0f32, 1.0] {
            let a = head.point(side * 0.97, -0.42);
            let b = head.point(side * 0.95, -0.12);
            canvas.fill_with(&stroke_pts(&[a, b], rx * 0.1, rx * 0.05), Blend::Over, |x, y| {
                (scale(shade(x, y), 0.7), 1.0)
            });
        }
        return;
    }
    let (inflate, depth) = match look.hair {
        Hair::Slick => (1.05, 0.66),
        Hair::Short => (1.08, 0.64),
        Hair::Curly => (1.12, 0.6),
        _ => (1.1, 0.6),
    };
    let shape = cap(inflate, depth);
    let sheen = look.hair == Hair::Slick || look.hair == Hair::Waves;
    canvas.fill_with(&shape, Blend::Over, |x, y| {
        let mut col = shade(x, y);
        if sheen {
            let s = (((x - hx) * 0.12 + (y - hy) * 0.35).sin() * 0.5 + 0.5).powi(6);
            col = add(col, scale(lights.key, 0.25 * s));
        }
        (col, 1.0)
    });
    // A few strands catching the light.
    for _ in 0..7 {
        let a = rng.range(std::f32::consts::PI * 1.15, std::f32::consts::PI * 1.85);
        let p0 = (hx + a.cos() * rx * 0.9, hy - ry * 0.05 + a.sin() * ry * 0.95);
        let p1 = (hx + a.cos() * rx * 0.5 + (part * rx), hy - ry * 0.55);
        canvas.fill_mode(
            &stroke_pts(&bezier(p0, ((p0.0 + p1.0) / 2.0, p0.1 - 8.0), p1, p1, 8), 2.0, 0.5),
            mix(hc, lights.key, 0.5),
            0.25,
            Blend::Over,
        );
    }
    if look.hair == Hair::Curly {
        for i in 0..9 {
            let a = std::f32::consts::PI * (1.12 + 0.76 * i as f32 / 8.0);
            let (cx, cy) = (hx + a.cos() * rx * 0.95, hy - ry * 0.1 + a.sin() * ry * 0.95);
            let r = rx * 0.2;
            canvas.fill_with(&ellipse_pts(cx, cy, r, r, 0.0, 16), Blend::Over, |x, y| {
                (mul(hc, lights.at(ellipsoid_n(x, y, cx, cy, r, r))), 1.0)
            });
        }
    }
}
