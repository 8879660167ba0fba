//! Weapons and what they leave: a revolver, a knife or letter opener, and loose cartridges.

use super::super::canvas::{Canvas, Point, Rgb, Rng, arc_pts, ellipse_pts, hex, mix, rounded_rect_pts, scale};
use super::{BLACK, Place, Table, rect, sparkle};
use crate::has_word;

/// A blued revolver lying on its side: barrel, frame, fluted cylinder, hammer and a wooden grip.
pub(super) fn revolver(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let steel = hex(0x202226);
    let barrel = [
        (0.0, 0.02),
        (0.2, 0.02),
        (0.2, 0.028),
        (0.19, 0.032),
        (0.185, 0.028),
        (0.0, 0.028),
    ];
    let barrel_body = rect(0.0, 0.0, 0.2, 0.025);
    let frame = [
        (-0.06, -0.012),
        (0.0, -0.012),
        (0.0, 0.03),
        (-0.055, 0.034),
        (-0.075, 0.03),
        (-0.085, 0.015),
    ];
    let cylinder = rounded_rect_pts(-0.055, -0.012, 0.005, 0.033, 0.006);
    let grip = [
        (-0.07, -0.01),
        (-0.04, -0.012),
        (-0.06, -0.1),
        (-0.085, -0.108),
        (-0.11, -0.1),
        (-0.095, -0.02),
    ];
    let guard_o = ellipse_pts(-0.025, -0.028, 0.026, 0.02, 0.0, 30);
    let guard_i = ellipse_pts(-0.025, -0.026, 0.018, 0.013, 0.0, 30);
    let hammer = [(-0.075, 0.028), (-0.09, 0.048), (-0.098, 0.045), (-0.085, 0.02)];
    for s in [&barrel_body[..], &frame[..], &grip[..], &cylinder[..]] {
        t.shadow(canvas, pl, s, 0.02, 0.55);
    }
    let blued = |u: f32, v: f32| -> (Rgb, Rgb) {
        let glint = ((v - 0.022).abs() < 0.002) as i32 as f32 * 0.5 + ((u * 30.0).sin() * 0.5 + 0.5).powi(8) * 0.1;
        (mix(steel, hex(0x8a9aaa), glint), BLACK)
    };
    t.flat(canvas, pl, &grip, 0.015, |u, v| {
        let wood = mix(
            hex(0x24100a),
            hex(0x4a2814),
            ((u * 60.0 + v * 25.0 + (v * 90.0).sin() * 0.3).sin() * 0.5 + 0.5).powi(2),
        );
        let screw = ((u + 0.082).powi(2) + (v + 0.05).powi(2)).sqrt() < 0.005;
        (if screw { hex(0x8a8a90) } else { wood }, BLACK)
    });
    t.flat_holed(canvas, pl, &guard_o, &[&guard_i], 0.015, blued);
    t.flat(
        canvas,
        pl,
        &[(-0.03, -0.012), (-0.02, -0.012), (-0.028, -0.034)],
        0.016,
        blued,
    );
    t.flat(canvas, pl, &barrel_body, 0.02, blued);
    t.flat(canvas, pl, &barrel, 0.021, blued);
    t.flat(canvas, pl, &frame, 0.02, blued);
    t.flat(canvas, pl, &hammer, 0.02, blued);
    t.flat(canvas, pl, &cylinder, 0.026, |u, v| {
        let flute = ((v + 0.012) / 0.009).fract() < 0.3;
        let (col, _) = blued(u, v);
        (if flute { scale(col, 0.5) } else { scale(col, 1.2) }, BLACK)
    });
    // Light running along the top of the barrel and the frame.
    let ridge: Vec<Point> = [(-0.07, 0.031), (0.0, 0.028), (0.185, 0.028)]
        .iter()
        .map(|&(u, v)| t.s.cam.p(pl.to3(u, v, 0.022)))
        .collect();
    canvas.stroke(&ridge, 1.4, mix(t.style.amber, [1.0; 3], 0.5), 0.5);
    (-0.1, -0.1)
}

/// A knife (or a brass letter opener) with a guard, a pommel and a glint along the edge.
pub(super) fn knife(t: &Table, canvas: &mut Canvas, pl: &Place, text: &str) -> (f32, f32) {
    let style = t.style;
    let brass = hex(0xb08a3a);
    let blade = [(0.0, -0.013), (0.17, -0.01), (0.23, 0.0), (0.17, 0.008), (0.0, 0.013)];
    let guard = rounded_rect_pts(-0.012, -0.03, 0.0, 0.03, 0.004);
    let handle = [
        (-0.012, -0.011),
        (-0.12, -0.014),
        (-0.13, -0.008),
        (-0.13, 0.008),
        (-0.12, 0.014),
        (-0.012, 0.011),
    ];
    let pommel = ellipse_pts(-0.135, 0.0, 0.016, 0.016, 0.0, 20);
    for s in [&blade[..], &handle[..], &guard[..]] {
        t.shadow(canvas, pl, s, 0.01, 0.5);
    }
    let opener = has_word(text, &["opener", "letter"]);
    t.flat(canvas, pl, &blade, 0.008, |u, v| {
        let edge = v < -0.005 + u * 0.02;
        let fuller = (v - 0.002).abs() < 0.002 && u < 0.14;
        let base = if edge { hex(0xc8ccd0) } else { hex(0x8a9098) };
        (if fuller { scale(base, 0.6) } else { base }, BLACK)
    });
    let handle_col = if opener {
        brass
    } else {
        mix(hex(0x2a1a12), style.accent, 0.2)
    };
    t.flat(canvas, pl, &handle, 0.01, |u, _| {
        (scale(handle_col, 0.8 + 0.3 * ((u * 120.0).sin() * 0.5 + 0.5)), BLACK)
    });
    t.flat(canvas, pl, &guard, 0.012, |_, _| (brass, BLACK));
    t.flat(canvas, pl, &pommel, 0.012, |_, _| (brass, BLACK));
    // A glint along the edge.
    let (gx, gy) = t.s.cam.p(pl.to3(0.15, -0.006, 0.01));
    sparkle(canvas, gx, gy, 14.0, [1.0, 0.97, 0.9]);
    (-0.135, 0.0)
}

/// A few cartridges and spent cases scattered on the table.
pub(super) fn bullets(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let n = 3 + rng.below(3);
    for k in 0..n {
        let bp = pl.then(
            rng.range(-0.08, 0.08),
            rng.range(-0.06, 0.06) + k as f32 * 0.01 - 0.02,
            rng.range(-1.5, 1.5),
        );
        let spent = rng.chance(0.5);
        let shape: Vec<Point> = if spent {
            rect(-0.022, -0.006, 0.022, 0.006)
        } else {
            let mut v = vec![(-0.022, -0.006), (0.01, -0.006)];
            v.extend(arc_pts(
                0.01,
                0.0,
                0.02,
                0.006,
                -std::f32::consts::FRAC_PI_2,
                std::f32::consts::FRAC_PI_2,
                10,
            ));
            v.push((-0.022, 0.006));
            v
        };
        t.shadow(canvas, &bp, &shape, 0.006, 0.5);
        t.flat(canvas, &bp, &shape, 0.006, move |u, v| {
            let shine = 1.0 - (v / 0.006).abs().powi(2) * 0.6 + if (v - 0.002).abs() < 0.001 { 0.5 } else { 0.0 };
            let lead = !spent && u > 0.01;
            let rim = u < -0.019;
            let col = if lead {
                hex(0x7a7a80)
            } else if rim {
                hex(0x8a6a2a)
            } else {
                hex(0xc09040)
            };
            (scale(col, shine), BLACK)
        });
    }
    (-0.09, 0.06)
}
