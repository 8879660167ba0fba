//! Matches: a box of kitchen matches spilled across the table, and an open matchbook with one match torn out.

use super::super::canvas::{Canvas, Rng, ellipse_pts, hex, mix};
use super::{BLACK, Cuboid, Place, Table, rect};

/// A box of kitchen matches on its side, tray half out, matches spilled across the table unstruck.
pub(super) fn spilled_matches(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let (hw, hh, th) = (0.055, 0.035, 0.018);
    let accent = t.style.accent;
    let tray = pl.then(0.03, 0.0, 0.0);
    t.shadow(canvas, pl, &rect(-hw, -hh, hw + 0.03, hh), th, 0.55);
    t.block(
        canvas,
        &tray,
        Cuboid {
            u0: -hw,
            v0: -hh + 0.003,
            u1: hw,
            v1: hh - 0.003,
            height: th * 0.7,
        },
        |_, _, _, face| (if face == 4 { hex(0x5a4028) } else { hex(0xc8b898) }, BLACK),
    );
    t.block(
        canvas,
        pl,
        Cuboid {
            u0: -hw,
            v0: -hh,
            u1: hw - 0.03,
            v1: hh,
            height: th,
        },
        move |u, v, _, face| {
            let label = face == 4 && u.abs() < 0.03 && v.abs() < 0.022;
            let star = face == 4 && (u.abs() + v.abs() * 1.3) < 0.012;
            let striker = face != 4;
            let col = if striker {
                hex(0x5a3020)
            } else if star {
                hex(0xe8c848)
            } else if label {
                mix(accent, hex(0x1a2a6a), 0.5)
            } else {
                hex(0xd8c8a0)
            };
            (col, BLACK)
        },
    );
    for _ in 0..16 {
        let m = pl.then(rng.range(0.02, 0.2), rng.range(-0.1, 0.1), rng.range(0.0, 6.3));
        let stick = rect(-0.024, -0.0014, 0.024, 0.0014);
        t.shadow(canvas, &m, &stick, 0.002, 0.3);
        t.flat(canvas, &m, &stick, 0.002, |u, _| {
            (if u > 0.018 { hex(0x8a1a12) } else { hex(0xd8c8a0) }, BLACK)
        });
    }
    (-hw, -hh)
}

/// An open matchbook, one match torn out and lying spent beside it.
pub(super) fn matchbook(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let style = t.style;
    let cover = [(-0.05, -0.08), (0.05, -0.08), (0.05, 0.0), (-0.05, 0.0)];
    let lid = [(-0.05, 0.0), (0.05, 0.0), (0.05, 0.09), (-0.05, 0.09)];
    t.shadow(canvas, pl, &cover, 0.006, 0.5);
    t.shadow(canvas, pl, &lid, 0.004, 0.4);
    let accent = style.accent;
    t.flat(canvas, pl, &cover, 0.006, move |u, v| {
        let striker = v < -0.06 && v > -0.075;
        let line = ((0.04 - u.abs()).abs() < 0.002 && v > -0.055) || ((v + 0.055).abs() < 0.002 && u.abs() < 0.04);
        let star = {
            let (x, y) = (u / 0.02, (v + 0.028) / 0.02);
            let a = y.atan2(x);
            let r = (x * x + y * y).sqrt();
            r < 0.55 + 0.45 * (a * 5.0).cos().max(0.0).powi(2) * 1.2
        };
        let col = if striker {
            hex(0x3a2a20)
        } else if line || star {
            hex(0xd8c070)
        } else {
            mix(accent, hex(0x200808), 0.2)
        };
        (col, BLACK)
    });
    // Inside the open lid: the row of matches.
    t.flat(canvas, pl, &lid, 0.004, |_, _| (hex(0xc8b898), BLACK));
    for i in 0..8 {
        let u = -0.042 + i as f32 * 0.012;
        if i == 3 {
            continue;
        }
        t.flat(canvas, pl, &rect(u - 0.003, 0.005, u + 0.003, 0.07), 0.006, |_, _| {
            (hex(0xd8c8a0), BLACK)
        });
        t.flat(
            canvas,
            pl,
            &ellipse_pts(u, 0.072, 0.005, 0.008, 0.0, 12),
            0.007,
            |_, _| (hex(0x6a1a12), BLACK),
        );
    }
    // A spent match beside it.
    let m = pl.then(0.09, 0.02, 0.6);
    t.flat(canvas, &m, &rect(-0.035, -0.002, 0.035, 0.002), 0.002, |u, _| {
        (if u > 0.02 { hex(0x101010) } else { hex(0xc8b890) }, BLACK)
    });
    (-0.05, -0.07)
}
