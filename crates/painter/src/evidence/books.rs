//! Books and a pen: an open ledger or a closed leather-bound book, and a fountain pen.

use super::super::canvas::{Canvas, Point, Rgb, Rng, cell, hex, mix, scale};
use super::{BLACK, Cuboid, ObjectKind, Place, Table, handwriting, rect};

/// An open ledger of figures or a closed leather book, each with a ribbon marker.
pub(super) fn bound_book(t: &Table, canvas: &mut Canvas, kind: ObjectKind, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let style = t.style;
    let leather = *[
        hex(0x4a1a14),
        hex(0x1a2a1e),
        hex(0x141418),
        mix(style.accent, hex(0x200808), 0.5),
    ]
    .get(rng.below(4))
    .unwrap_or(&hex(0x4a1a14));
    if kind == ObjectKind::Ledger {
        open_ledger(t, canvas, pl, leather)
    } else {
        closed_book(t, canvas, pl, leather)
    }
}

/// An open ledger: two ruled pages with columns of figures, and a ribbon marker.
fn open_ledger(t: &Table, canvas: &mut Canvas, pl: &Place, leather: Rgb) -> (f32, f32) {
    let style = t.style;
    // Open: two ruled pages with columns of figures as dashes.
    let spread = rect(-0.2, -0.14, 0.2, 0.14);
    t.block(canvas, pl, Cuboid::centred(0.21, 0.145, 0.012), |_, _, _, _| {
        (leather, BLACK)
    });
    t.shadow(canvas, pl, &spread, 0.03, 0.4);
    t.flat(canvas, pl, &spread, 0.025, |u, v| {
        let gutter = u.abs() < 0.01;
        let rule = (v / 0.014).fract() < 0.08;
        let column = ((u.abs() - 0.05).abs() < 0.001) || ((u.abs() - 0.14).abs() < 0.001);
        let cell_u = (u.abs() - 0.02).max(0.0);
        let fig = (v / 0.014).fract() > 0.3
            && (v / 0.014).fract() < 0.7
            && (cell_u * 300.0).sin() > 0.0
            && ((u.abs() > 0.02 && u.abs() < 0.045) || (u.abs() > 0.15 && u.abs() < 0.19))
            && cell(7, (v / 0.014) as i32, (u * 10.0) as i32) > 0.2;
        let paper = hex(0xd8d0b8);
        let col = if gutter {
            scale(paper, 0.55 + 0.5 * (u.abs() / 0.01))
        } else if fig {
            hex(0x2a2a3a)
        } else if column {
            hex(0x8a3030)
        } else if rule {
            hex(0x8aa0b8)
        } else {
            paper
        };
        (scale(col, 1.0 - 0.15 * (1.0 - (u.abs() / 0.2))), BLACK)
    });
    let rib = [(-0.004, 0.14), (0.004, 0.14), (0.006, 0.2), (0.0, 0.19), (-0.006, 0.2)];
    t.flat(canvas, pl, &rib, 0.026, |_, _| (style.accent, BLACK));
    (-0.2, -0.14)
}

/// A closed book bound in leather: a tooled border, brass corners, page edges and a ribbon.
fn closed_book(t: &Table, canvas: &mut Canvas, pl: &Place, leather: Rgb) -> (f32, f32) {
    let style = t.style;
    let (hw, hh, th) = (0.12, 0.16, 0.045);
    t.shadow(canvas, pl, &rect(-hw, -hh, hw, hh), th, 0.55);
    t.block(canvas, pl, Cuboid::centred(hw, hh, th), |u, v, y, face| {
        if face == 4 {
            // Cover: tooled border, brass corners.
            let edge = (hw - u.abs()).min(hh - v.abs());
            let corner = (hw - u.abs()) < 0.03 && (hh - v.abs()) < 0.03 && (hw - u.abs()) + (hh - v.abs()) < 0.035;
            let tool = (edge - 0.015).abs() < 0.0015;
            let spine = u < -hw + 0.02;
            let col = if corner {
                hex(0xb08a3a)
            } else if tool {
                hex(0x8a6a30)
            } else if spine {
                scale(leather, 0.7)
            } else {
                leather
            };
            (col, BLACK)
        } else {
            // Page edges, or the spine side.
            let spine_side = (u + hw).abs() < 0.002;
            let cover = y < 0.005 || y > th - 0.005;
            if spine_side || cover {
                (scale(leather, 0.8), BLACK)
            } else {
                (
                    scale(hex(0xd8cca8), 0.85 + 0.15 * ((y * 900.0).sin() * 0.5 + 0.5)),
                    BLACK,
                )
            }
        }
    });
    let rib = [
        (0.02, -hh),
        (0.03, -hh),
        (0.035, -hh - 0.06),
        (0.025, -hh - 0.052),
        (0.015, -hh - 0.06),
    ];
    t.flat(canvas, pl, &rib, 0.001, |_, _| (style.accent, BLACK));
    (-hw, hh)
}

/// A fountain pen across a handwritten sheet with an ink blot.
pub(super) fn pen(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let style = t.style;
    let sheet = rect(-0.14, -0.1, 0.14, 0.1);
    let spl = pl.then(0.0, 0.0, 0.15);
    t.shadow(canvas, &spl, &sheet, 0.003, 0.35);
    t.flat(canvas, &spl, &sheet, 0.002, |u, v| {
        (handwriting(u, v, 0.02, hex(0xdcd6c6)), BLACK)
    });
    // A blot.
    let blot: Vec<Point> = (0..20)
        .map(|i| {
            let a = i as f32 / 20.0 * std::f32::consts::TAU;
            let r = 0.014 * (1.0 + 0.35 * (a * 3.0).sin() * (a * 5.0).cos());
            (0.06 + a.cos() * r, -0.03 + a.sin() * r)
        })
        .collect();
    t.flat(canvas, &spl, &blot, 0.0025, |_, _| (hex(0x101828), BLACK));
    let body = [
        (-0.11, -0.008),
        (0.06, -0.008),
        (0.07, -0.005),
        (0.07, 0.005),
        (0.06, 0.008),
        (-0.11, 0.008),
        (-0.115, 0.0),
    ];
    let nib = [(0.07, -0.004), (0.1, 0.0), (0.07, 0.004)];
    let ppl = pl.then(0.0, 0.02, -0.3);
    t.shadow(canvas, &ppl, &body, 0.01, 0.5);
    t.flat(canvas, &ppl, &body, 0.009, |u, v| {
        let band = (u + 0.03).abs() < 0.004;
        let clip = v > 0.002 && v < 0.005 && u < -0.04 && u > -0.1;
        let lacquer = mix(hex(0x0a0a0c), style.accent, 0.35);
        let glint = ((v - 0.003).abs() < 0.0012) as i32 as f32;
        let col = if band || clip {
            hex(0xc8a040)
        } else {
            mix(lacquer, hex(0xb0b8c0), glint * 0.6)
        };
        (col, BLACK)
    });
    t.flat(canvas, &ppl, &nib, 0.009, |_, _| (hex(0xd0b050), BLACK));
    (-0.13, 0.09)
}
