//! Pieces for lobbies and clubs: lift doors, a hotel's front desk, a telescope, a billiard table, a chandelier.

use super::super::Style;
use super::super::canvas::{Blend, Canvas, add, ellipse_pts, hex, mix, scale, stroke_pts};
use super::super::scene::Scene;
use super::furniture::lit_at;
use super::rooms::Room;
use super::{BLACK, at};

/// Brass lift doors in the back wall, with an art-deco sunburst and a floor dial above.
pub(super) fn lift_doors(s: &Scene, canvas: &mut Canvas, x: f32, r: &Room, style: &Style) {
    let d = r.d - 0.01;
    let (w, h) = (0.75, 2.4);
    s.face(
        canvas,
        &[[x - w, 0.0, d], [x + w, 0.0, d], [x + w, h, d], [x - w, h, d]],
        |q, _| {
            let u = q[0] - x;
            let frame = u.abs() > w - 0.08 || q[1] > h - 0.08;
            let seam = u.abs() < 0.01;
            let (cu, cv) = (u.abs() - w * 0.5, q[1] - 1.5);
            let ray = (cv.atan2(cu) * 9.0).sin().abs() < 0.12 && (cu * cu + cv * cv).sqrt() < 0.45;
            let brass = mix(
                hex(0x8a6a30),
                hex(0xe0c070),
                ((q[1] * 5.0 + u * 3.0).sin() * 0.5 + 0.5).powi(2),
            );
            (
                if frame || seam || ray {
                    scale(brass, 0.55)
                } else {
                    brass
                },
                BLACK,
            )
        },
    );
    let (cx, cy) = s.cam.p([x, h + 0.35, d]);
    let sc = s.cam.scale_at(d);
    canvas.fill(&ellipse_pts(cx, cy, sc * 0.32, sc * 0.2, 0.0, 24), hex(0x3a2a14), 1.0);
    canvas.fill(
        &super::super::canvas::arc_pts(
            cx,
            cy + sc * 0.05,
            sc * 0.26,
            sc * 0.2,
            std::f32::consts::PI,
            std::f32::consts::TAU,
            16,
        ),
        mix(style.amber, [1.0; 3], 0.3),
        1.0,
    );
    canvas.line(
        (cx, cy + sc * 0.05),
        (cx + sc * 0.15, cy - sc * 0.08),
        sc * 0.02,
        hex(0x101010),
        1.0,
    );
    canvas.glow(cx, cy, sc * 0.5, style.amber, 0.3);
}

/// A hotel's front desk: a long counter with a marble top and a brass bell; pigeonholes of keys on
/// the wall behind.
pub(super) fn front_desk(s: &Scene, canvas: &mut Canvas, [x0, x1, z]: [f32; 3], r: &Room, style: &Style) {
    let d = r.d - 0.01;
    let (a, b) = (x0.min(x1), x0.max(x1));
    s.face(canvas, &[[a, 1.3, d], [b, 1.3, d], [b, 2.5, d], [a, 2.5, d]], |q, _| {
        let (fu, fv) = ((q[0] / 0.16).fract(), ((q[1] - 1.3) / 0.2).fract());
        let cubby = (0.1..0.9).contains(&fu) && (0.12..0.9).contains(&fv);
        let key = cubby && (fu - 0.5).abs() < 0.06 && fv < 0.6;
        let col = if key {
            hex(0xc8a048)
        } else if cubby {
            hex(0x140c08)
        } else {
            hex(0x4a2a16)
        };
        (col, BLACK)
    });
    s.cuboid(canvas, [a, 0.0, z - 0.35], [b, 1.1, z + 0.35], |q, n| {
        if n[1] > 0.5 {
            return (
                mix(
                    hex(0xd8d0c0),
                    hex(0x8a8070),
                    ((q[0] * 5.0 + q[2] * 9.0).sin() * 0.5 + 0.5) * 0.4,
                ),
                BLACK,
            );
        }
        let panel = ((q[0] * 1.4).fract() < 0.05) || q[1] < 0.1 || q[1] > 1.0;
        (if panel { hex(0x1c0e08) } else { hex(0x5a3018) }, BLACK)
    });
    let bell = [b - 0.5, 1.1, z - 0.1];
    let xf = at(s, bell);
    canvas.fill(
        &xf.pts(&super::super::canvas::arc_pts(
            0.0,
            0.0,
            0.07,
            0.06,
            std::f32::consts::PI,
            std::f32::consts::TAU,
            12,
        )),
        lit_at(s, bell, hex(0xd8b050)),
        1.0,
    );
    canvas.glow(xf.ox - xf.s * 0.02, xf.oy - xf.s * 0.04, xf.s * 0.03, [1.0; 3], 0.7);
    let _ = style;
}

/// A great brass telescope on its pier, aimed up at the slot in the dome.
pub(super) fn telescope(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    s.solid(canvas, [x - 0.3, 0.0, z - 0.3], [x + 0.3, 1.1, z + 0.3], hex(0x3a3836));
    let base = [x, 1.3, z];
    let aim = [x + 0.4, 3.4, z + 2.2];
    let (a, b) = (s.cam.p(base), s.cam.p(aim));
    let (wa, wb) = (s.cam.scale_at(base[2]) * 0.16, s.cam.scale_at(aim[2]) * 0.24);
    let tube = stroke_pts(&[(a.0, a.1), (b.0, b.1)], wa, wb);
    let brass = lit_at(s, [x, 2.0, z + 1.0], hex(0xb08a40));
    let (ax, ay) = a;
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    canvas.fill_with(&tube, Blend::Over, |px, py| {
        let along = ((px - ax) * dx + (py - ay) * dy) / (len * len);
        let across = ((px - ax) * -dy + (py - ay) * dx) / len / (wa + (wb - wa) * along).max(1.0);
        let ring = [0.1, 0.45, 0.9].iter().any(|r| (along - r).abs() < 0.015);
        let shine = (1.0 - (across - 0.3).abs() * 2.0).max(0.0).powi(3);
        let col = add(
            scale(brass, if ring { 0.5 } else { 0.7 + 0.3 * (1.0 - across.abs()) }),
            scale(style.moon, 0.4 * shine),
        );
        (col, 1.0)
    });
    let fork = at(s, [x, 1.1, z]);
    canvas.fill(
        &fork.pts(&[(-0.2, 0.0), (0.2, 0.0), (0.06, -0.3), (-0.06, -0.3)]),
        lit_at(s, base, hex(0x2a2a2a)),
        1.0,
    );
    canvas.fill(
        &ellipse_pts(a.0, a.1 + wa * 0.2, wa * 0.35, wa * 0.35, 0.0, 12),
        hex(0x101010),
        1.0,
    );
}

/// A billiard table: turned legs, a mahogany frame, green baize with cushions, pockets and balls,
/// under a long low lamp.
pub(super) fn billiard_table(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    let (hw, hd, top) = (0.75, 1.35, 0.8);
    for (dx, dz) in [
        (-1.0, -1.0),
        (1.0, -1.0),
        (-1.0, 1.0),
        (1.0, 1.0),
        (-1.0, 0.0),
        (1.0, 0.0),
    ] {
        let (lx, lz) = (x + dx * (hw - 0.12), z + dz * (hd - 0.15));
        s.solid(
            canvas,
            [lx - 0.07, 0.0, lz - 0.07],
            [lx + 0.07, top - 0.15, lz + 0.07],
            hex(0x2a1408),
        );
    }
    s.solid(
        canvas,
        [x - hw, top - 0.18, z - hd],
        [x + hw, top - 0.02, z + hd],
        hex(0x3a1a0c),
    );
    let baize = mix(hex(0x1e5a32), style.accent, 0.08);
    s.face(
        canvas,
        &[
            [x - hw + 0.1, top, z - hd + 0.1],
            [x + hw - 0.1, top, z - hd + 0.1],
            [x + hw - 0.1, top, z + hd - 0.1],
            [x - hw + 0.1, top, z + hd - 0.1],
        ],
        |q, _| {
            let nap = 0.92 + 0.08 * ((q[2] * 80.0).sin() * 0.5 + 0.5);
            (scale(baize, nap), BLACK)
        },
    );
    for (lo, hi) in [
        ([x - hw, top - 0.02, z - hd], [x + hw, top + 0.05, z - hd + 0.1]),
        ([x - hw, top - 0.02, z + hd - 0.1], [x + hw, top + 0.05, z + hd]),
        ([x - hw, top - 0.02, z - hd], [x - hw + 0.1, top + 0.05, z + hd]),
        ([x + hw - 0.1, top - 0.02, z - hd], [x + hw, top + 0.05, z + hd]),
    ] {
        s.solid(canvas, lo, hi, hex(0x4a2410));
    }
    for (dx, dz) in [
        (-1.0, -1.0),
        (1.0, -1.0),
        (-1.0, 1.0),
        (1.0, 1.0),
        (-1.0, 0.0),
        (1.0, 0.0),
    ] {
        let (px, py) = s.cam.p([x + dx * (hw - 0.1), top, z + dz * (hd - 0.1)]);
        let sc = s.cam.scale_at(z + dz * hd);
        canvas.ellipse(px, py, sc * 0.06, sc * 0.03, hex(0x050505), 1.0);
    }
    let balls = [
        hex(0xe8e4d8),
        hex(0xb01818),
        hex(0xc8a020),
        hex(0x1a3a8a),
        hex(0x101010),
        style.accent,
    ];
    for (k, col) in balls.iter().enumerate() {
        let p = [
            x - 0.3 + 0.13 * (k % 3) as f32 + 0.05 * (k / 3) as f32,
            top + 0.03,
            z + 0.4 - 0.15 * (k / 3) as f32 + if k == 0 { -1.0 } else { 0.0 },
        ];
        let (bx, by) = s.cam.p(p);
        let sc = s.cam.scale_at(p[2]);
        canvas.ellipse(bx, by, sc * 0.03, sc * 0.03, lit_at(s, p, *col), 1.0);
        canvas.glow(bx - sc * 0.01, by - sc * 0.01, sc * 0.008, [1.0; 3], 0.8);
    }
    // The long lamp over the table.
    let lamp_y = 1.65;
    s.solid(
        canvas,
        [x - 0.2, lamp_y, z - 0.9],
        [x + 0.2, lamp_y + 0.12, z + 0.9],
        mix(hex(0x1a3a22), style.accent, 0.2),
    );
    for k in [-0.6, 0.0, 0.6] {
        s.bulb(canvas, [x, lamp_y - 0.02, z + k], style.amber, 0.06, 0.7);
    }
}

/// A wall rack of cues.
pub(super) fn cue_rack(s: &Scene, canvas: &mut Canvas, side: f32, z: f32, r: &Room) {
    let wall = side * (r.hw - 0.02);
    s.face(
        canvas,
        &[
            [wall, 0.2, z],
            [wall, 0.2, z + 1.0],
            [wall, 1.7, z + 1.0],
            [wall, 1.7, z],
        ],
        |q, _| {
            let cue = ((q[2] - z) / 0.12).fract();
            let rack = (q[1] - 0.3).abs() < 0.04 || (q[1] - 1.45).abs() < 0.04;
            let col = if rack {
                hex(0x2a1408)
            } else if (0.45..0.55).contains(&cue) && q[1] > 0.25 {
                if q[1] < 0.6 { hex(0x1a0c06) } else { hex(0xc8a878) }
            } else {
                hex(0x3e2616)
            };
            (col, BLACK)
        },
    );
}

/// A crystal chandelier: a chain, two tiers of candle bulbs, drops catching the light.
pub(super) fn chandelier(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, r: &Room, style: &Style) {
    let hang = r.h - 1.0;
    canvas.line(
        s.cam.p([x, r.h, z]),
        s.cam.p([x, hang + 0.35, z]),
        1.5,
        hex(0x3a3020),
        1.0,
    );
    let xf = at(s, [x, hang, z]);
    let frame = [(-0.5, 0.0), (0.5, 0.0), (0.3, 0.18), (0.0, 0.25), (-0.3, 0.18)];
    canvas.fill(&xf.pts(&frame), lit_at(s, [x, hang, z], hex(0x8a7040)), 0.9);
    for (tier, (radius, y)) in [(0.55f32, 0.0f32), (0.32, 0.28)].iter().enumerate() {
        for k in 0..9 {
            let a = k as f32 / 9.0 * std::f32::consts::TAU + tier as f32 * 0.3;
            let p = [x + a.cos() * radius, hang + y, z + a.sin() * radius];
            s.bulb(canvas, p, style.amber, 0.025, 0.7);
            let (dx, dy) = s.cam.p([p[0], p[1] - 0.12, p[2]]);
            canvas.glow(dx, dy, s.cam.scale_at(p[2]) * 0.02, [1.0, 0.97, 0.9], 0.6);
        }
    }
    let (gx, gy) = s.cam.p([x, hang, z]);
    canvas.glow(gx, gy, s.cam.scale_at(z) * 1.4, style.amber, 0.25);
}
