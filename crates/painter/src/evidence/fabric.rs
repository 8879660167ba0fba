//! Cloth and cord: a mechanic's tool roll, silk cord or wool threads, a cocktail napkin, a pocket square, a lace cloth.

use super::super::canvas::{Canvas, Point, Rng, bezier, ellipse_pts, hex, mix, rounded_rect_pts, scale, stroke_pts};
use super::{BLACK, Place, Table, rect};
use crate::has_word;

/// A mechanic's canvas tool roll laid open: pockets stitched in a row, spanners and drivers in them,
/// one pocket empty.
pub(super) fn tool_roll(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let (hw, hh) = (0.16, 0.09);
    let empty = rng.below(8) as i32;
    t.shadow(canvas, pl, &rect(-hw, -hh, hw, hh), 0.006, 0.5);
    let canvas_col = hex(0x6a6040);
    t.flat(canvas, pl, &rect(-hw, -hh, hw, hh), 0.003, move |u, v| {
        let weave = 0.92 + 0.08 * ((u * 900.0).sin() * (v * 900.0).sin());
        (scale(canvas_col, weave), BLACK)
    });
    // The tools, standing up out of their pockets.
    let steel = hex(0x9aa0a8);
    for k in 0..8 {
        if k == empty {
            continue;
        }
        let x = -hw + 0.02 + k as f32 * 0.04;
        if k % 2 == 0 {
            let handle = rect(x - 0.006, -0.02, x + 0.006, 0.05);
            let jaw = ellipse_pts(x, 0.058, 0.013, 0.011, 0.0, 16);
            let mouth = rect(x - 0.005, 0.054, x + 0.005, 0.075);
            t.flat(canvas, pl, &handle, 0.006, move |u, _| {
                (scale(steel, 0.8 + 0.3 * ((u - x) * 400.0).cos()), BLACK)
            });
            t.flat_holed(canvas, pl, &jaw, &[&mouth], 0.006, move |_, _| (steel, BLACK));
        } else {
            let handle = rounded_rect_pts(x - 0.008, 0.02, x + 0.008, 0.07, 0.004);
            let shaft = rect(x - 0.002, -0.02, x + 0.002, 0.02);
            t.flat(canvas, pl, &shaft, 0.006, move |_, _| (steel, BLACK));
            let wood = hex(0x8a4a1a);
            t.flat(canvas, pl, &handle, 0.008, move |u, _| {
                (scale(wood, 0.8 + 0.3 * ((u - x) * 300.0).cos()), BLACK)
            });
        }
    }
    // The pocket flap over the lower half, stitched between pockets.
    t.flat(canvas, pl, &rect(-hw, -hh, hw, 0.005), 0.009, move |u, v| {
        let stitch = ((u + hw) / 0.04).fract() < 0.03 && ((v * 300.0).sin() > 0.0);
        let hem = (v - 0.002).abs() < 0.002;
        let col = scale(canvas_col, if stitch || hem { 0.55 } else { 0.85 });
        (col, BLACK)
    });
    for v in [-0.05, 0.03] {
        let tie = stroke_pts(&[(hw, v), (hw + 0.06, v + 0.01)], 0.006, 0.006);
        t.flat(canvas, pl, &tie, 0.004, |_, _| (hex(0x3a2414), BLACK));
    }
    (-hw, hh)
}

/// A snapped length of black silk cord in loose loops, or a tuft of coloured wool threads snagged on
/// a splinter of wood.
pub(super) fn cord(t: &Table, canvas: &mut Canvas, pl: &Place, text: &str, rng: &mut Rng) -> (f32, f32) {
    if has_word(text, &["thread", "threads", "wool", "tartan", "fibres", "fibers"]) {
        let splinter = [
            (-0.09, -0.006),
            (0.06, -0.002),
            (0.09, 0.0),
            (0.06, 0.004),
            (-0.09, 0.007),
        ];
        t.shadow(canvas, pl, &splinter, 0.008, 0.5);
        t.flat(canvas, pl, &splinter, 0.008, |u, v| {
            (
                scale(hex(0x8a6a40), 0.8 + 0.3 * ((v * 900.0 + u * 30.0).sin()).abs()),
                BLACK,
            )
        });
        let colours = [
            hex(0xa01818),
            hex(0x1a4a2a),
            hex(0x1a2250),
            hex(0xc8a030),
            hex(0xa01818),
        ];
        for k in 0..18 {
            let col = colours[k % colours.len()];
            let end = (
                rng.range(-0.03, 0.05),
                rng.range(-0.07, -0.02) * if k % 3 == 0 { -1.0 } else { 1.0 },
            );
            let strand = bezier(
                (0.0, 0.0),
                (rng.range(-0.02, 0.02), end.1 * 0.4),
                (end.0 * 0.6, end.1 * 0.8),
                end,
                12,
            );
            t.flat(canvas, pl, &stroke_pts(&strand, 0.0022, 0.0008), 0.009, move |_, _| {
                (col, BLACK)
            });
        }
        return (-0.09, 0.0);
    }
    let path = bezier((-0.12, -0.03), (-0.02, 0.12), (0.02, -0.12), (0.12, 0.04), 40);
    let body = stroke_pts(&path, 0.005, 0.005);
    t.shadow(canvas, pl, &body, 0.004, 0.5);
    t.flat(canvas, pl, &body, 0.004, |u, v| {
        let twist = ((u * 600.0 + v * 600.0).sin() * 0.5 + 0.5).powi(3);
        (mix(hex(0x0c0c0e), hex(0x6a6a78), twist * 0.5), BLACK)
    });
    let end = path[path.len() - 1];
    for k in 0..6 {
        let a = 0.6 + k as f32 * 0.18;
        let strand = [end, (end.0 + a.cos() * 0.018, end.1 + a.sin() * 0.018 - 0.01)];
        t.flat(canvas, pl, &stroke_pts(&strand, 0.0012, 0.0005), 0.004, |_, _| {
            (hex(0x2a2a30), BLACK)
        });
    }
    (-0.12, -0.03)
}

/// A square paper cocktail napkin with a scalloped edge, a bar's crest, and a doodled sailboat.
pub(super) fn napkin(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let hw = 0.085;
    let outline: Vec<Point> = (0..64)
        .map(|i| {
            let a = i as f32 / 64.0 * std::f32::consts::TAU;
            let (x, y) = (a.cos(), a.sin());
            let k = hw / x.abs().max(y.abs());
            let scallop = 1.0 + 0.025 * (a * 48.0).sin().abs();
            (x * k * scallop, y * k * scallop)
        })
        .collect();
    let accent = t.style.accent;
    t.shadow(canvas, pl, &outline, 0.002, 0.4);
    t.flat(canvas, pl, &outline, 0.002, move |u, v| {
        let emboss = ((hw - u.abs()).min(hw - v.abs()) - 0.008).abs() < 0.0012;
        let crest = ((u - 0.0).powi(2) + (v - 0.05).powi(2)).sqrt() < 0.012;
        let mast = (u + 0.01).abs() < 0.0012 && (-0.04..0.02).contains(&v);
        let sail = (u + 0.008).abs() < 0.035 * (0.02 - v) / 0.06 + 0.0012
            && (u + 0.008) > 0.0
            && (-0.035..0.02).contains(&v)
            && ((u + 0.008) - 0.035 * (0.02 - v) / 0.06).abs() < 0.0014;
        let hull = (v + 0.045).abs() < 0.0014 && u.abs() < 0.035;
        let sea = (v + 0.055 - 0.004 * (u * 200.0).sin()).abs() < 0.001 && u.abs() < 0.05;
        let col = if crest {
            accent
        } else if mast || sail || hull || sea {
            hex(0x1a2040)
        } else if emboss {
            hex(0xd0ccc4)
        } else {
            hex(0xeeeae4)
        };
        (col, BLACK)
    });
    (-hw, hw)
}

/// A crumpled silk pocket square: a square of folds catching the light, its rolled hem.
pub(super) fn pocket_square(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let outline: Vec<Point> = (0..24)
        .map(|i| {
            let a = i as f32 / 24.0 * std::f32::consts::TAU + 0.4;
            let corner = 1.0 + 0.35 * (a * 2.0).cos().powi(8);
            let crumple = 1.0 + 0.08 * (a * 5.0).sin();
            (a.cos() * 0.07 * corner * crumple, a.sin() * 0.06 * corner * crumple)
        })
        .collect();
    let silk = mix(hex(0x8a1020), t.style.accent, 0.15);
    t.shadow(canvas, pl, &outline, 0.012, 0.5);
    t.flat(canvas, pl, &outline, 0.01, move |u, v| {
        let folds = ((u * 70.0 + (v * 50.0).sin() * 2.5).sin() * 0.5 + 0.5).powf(0.8);
        let sheen = ((u * 30.0 - v * 45.0).sin() * 0.5 + 0.5).powi(6);
        let col = mix(scale(silk, 0.55 + 0.6 * folds), hex(0xf0c0c0), sheen * 0.35);
        (col, BLACK)
    });
    (-0.07, 0.0)
}

/// A crumpled cloth with a lace edge, an embroidered flower and a stain.
pub(super) fn cloth(t: &Table, canvas: &mut Canvas, pl: &Place, text: &str, rng: &mut Rng) -> (f32, f32) {
    let style = t.style;
    let col = if has_word(text, &["crimson", "red", "scarlet"]) {
        hex(0x9a1020)
    } else if rng.chance(0.5) {
        hex(0xd8d4cc)
    } else {
        mix(style.accent, hex(0xd0c8c0), 0.3)
    };
    let cloth: Vec<Point> = (0..32)
        .map(|i| {
            let a = i as f32 / 32.0 * std::f32::consts::TAU;
            let r = 0.13 * (1.0 + 0.18 * (a * 3.0 + 1.0).sin() + 0.1 * (a * 7.0).cos());
            (a.cos() * r * 1.2, a.sin() * r)
        })
        .collect();
    t.shadow(canvas, pl, &cloth, 0.02, 0.5);
    let accent = style.accent;
    t.flat(canvas, pl, &cloth, 0.01, move |u, v| {
        let folds = ((u * 40.0 + (v * 25.0).sin() * 2.0).sin() * 0.5 + 0.5).powf(0.7);
        let lace = {
            let r = (u * u / 1.44 + v * v).sqrt();
            r > 0.12 && ((u.atan2(v) * 40.0).sin() > 0.0)
        };
        let stain = ((u - 0.04).powi(2) + (v + 0.03).powi(2)).sqrt() < 0.022 * (1.0 + 0.3 * (u * 200.0).sin());
        let flower = ((u + 0.06).powi(2) + (v - 0.05).powi(2)).sqrt() < 0.012;
        let base = if stain {
            mix(accent, hex(0x5a1010), 0.4)
        } else if flower {
            accent
        } else {
            col
        };
        (scale(base, if lace { 1.1 } else { 0.7 + 0.35 * folds }), BLACK)
    });
    (-0.14, 0.05)
}
