//! Places of amusement: card and roulette tables, a velvet rope, arcade machines, an automaton, bulbs, a bandstand.

use super::super::Style;
use super::super::canvas::{Blend, Canvas, Point, Rng, hex, mix, scale, stroke_pts};
use super::super::scene::{Scene, V3};
use super::furniture::{lit_at, silhouette};
use super::rooms::Room;
use super::{BLACK, at};

/// A round card table in green felt on a pedestal, cards and chips on it.
pub(super) fn card_table(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    s.solid(
        canvas,
        [x - 0.08, 0.0, z - 0.08],
        [x + 0.08, 0.72, z + 0.08],
        hex(0x1a0e08),
    );
    let felt = mix(hex(0x1a5a30), style.accent, 0.05);
    let rim: Vec<V3> = (0..40)
        .map(|i| {
            let a = i as f32 / 40.0 * std::f32::consts::TAU;
            [x + a.cos() * 0.75, 0.76, z + a.sin() * 0.75]
        })
        .collect();
    let top: Vec<V3> = rim
        .iter()
        .map(|p| [x + (p[0] - x) * 0.88, 0.77, z + (p[2] - z) * 0.88])
        .collect();
    s.face(canvas, &rim, |_, _| (hex(0x3a1a0c), BLACK));
    s.face(canvas, &top, |q, _| {
        let chip = ((q[0] - x - 0.25).powi(2) + (q[2] - z + 0.1).powi(2)).sqrt() < 0.06;
        let card = (q[0] - x + 0.2).abs() < 0.05 && (q[2] - z + 0.3).abs() < 0.07;
        let col = if chip {
            style.accent
        } else if card {
            hex(0xe8e4d8)
        } else {
            felt
        };
        (col, BLACK)
    });
    for a in [0.6f32, 2.2, 3.8, 5.2] {
        let (cx, cz) = (x + a.cos() * 1.0, z + a.sin() * 1.0);
        if cz < z - 0.4 {
            continue;
        }
        s.solid(
            canvas,
            [cx - 0.2, 0.42, cz - 0.2],
            [cx + 0.2, 0.47, cz + 0.2],
            hex(0x2a1410),
        );
        s.solid(
            canvas,
            [cx - 0.2, 0.47, cz + 0.16],
            [cx + 0.2, 0.95, cz + 0.2],
            mix(hex(0x3a1a14), style.accent, 0.3),
        );
    }
}

/// A roulette table: the layout of red and black on green, the wheel at its head.
pub(super) fn roulette_table(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    let (hw, hd, top) = (0.7, 1.5, 0.85);
    s.solid(
        canvas,
        [x - hw, 0.0, z - hd],
        [x + hw, top - 0.05, z + hd],
        hex(0x2a1408),
    );
    s.solid(
        canvas,
        [x - hw - 0.06, top - 0.05, z - hd - 0.06],
        [x + hw + 0.06, top, z + hd + 0.06],
        hex(0x3a1a0c),
    );
    let wheel_z = z + hd - 0.55;
    s.face(
        canvas,
        &[
            [x - hw, top + 0.001, z - hd],
            [x + hw, top + 0.001, z - hd],
            [x + hw, top + 0.001, z + hd],
            [x - hw, top + 0.001, z + hd],
        ],
        |q, _| {
            let (u, v) = (q[0] - x, q[2] - wheel_z);
            let r = (u * u + v * v).sqrt();
            if r < 0.5 {
                let a = v.atan2(u);
                let pocket = ((a / std::f32::consts::TAU * 37.0).floor() as i32).rem_euclid(2) == 0;
                let col = if r < 0.12 {
                    hex(0xc8a048)
                } else if r < 0.3 {
                    if (a * 4.0).sin().abs() < 0.1 {
                        hex(0xc8a048)
                    } else {
                        hex(0x3a1a0c)
                    }
                } else if r < 0.4 {
                    if pocket { hex(0xa01010) } else { hex(0x101010) }
                } else {
                    hex(0x5a2a10)
                };
                return (col, BLACK);
            }
            let grid = (q[2] - (z - hd + 0.15)) / 0.12;
            let column = ((u + 0.3) / 0.2).floor() as i32;
            let inside = (0.0..14.0).contains(&grid) && u.abs() < 0.3;
            let line = inside && ((grid.fract() < 0.08) || ((u + 0.3) / 0.2).fract() < 0.06);
            let col = if line {
                hex(0xe8e4d8)
            } else if inside {
                if (grid as i32 + column) % 2 == 0 {
                    hex(0xa01010)
                } else {
                    hex(0x101010)
                }
            } else {
                mix(hex(0x1a5a30), style.accent, 0.05)
            };
            (col, BLACK)
        },
    );
    for k in 0..5 {
        let p = [x + 0.45, top, z - 0.6 + k as f32 * 0.1];
        let (px, py) = s.cam.p(p);
        let sc = s.cam.scale_at(p[2]);
        for h in 0..(3 + k % 3) {
            canvas.ellipse(
                px,
                py - h as f32 * sc * 0.012,
                sc * 0.035,
                sc * 0.015,
                if k % 2 == 0 { style.accent } else { hex(0xe8e4d8) },
                1.0,
            );
        }
    }
}

/// Brass stanchions with a velvet rope swagged between them.
pub(super) fn velvet_rope(s: &Scene, canvas: &mut Canvas, x: f32, z0: f32, z1: f32, style: &Style) {
    let n = (((z1 - z0) / 1.4).round() as usize).max(1);
    let posts: Vec<V3> = (0..=n)
        .map(|i| [x, 0.0, z1 - (z1 - z0) * i as f32 / n as f32])
        .collect();
    let velvet = lit_at(s, [x, 0.8, (z0 + z1) / 2.0], mix(hex(0x6a0a1a), style.accent, 0.3));
    for pair in posts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let rope: Vec<Point> = (0..=12)
            .map(|i| {
                let t = i as f32 / 12.0;
                let sag = 0.25 * (t * std::f32::consts::PI).sin();
                s.cam.p([a[0], 0.9 - sag, a[2] + (b[2] - a[2]) * t])
            })
            .collect();
        let width = s.cam.scale_at(b[2]) * 0.05;
        canvas.stroke(&rope, width, velvet, 1.0);
    }
    for p in posts {
        let xf = at(s, p);
        let pole = stroke_pts(&[(0.0, 0.0), (0.0, -0.92)], 0.05, 0.04);
        silhouette(s, canvas, &xf, &pole, [p[0], 0.5, p[2]], hex(0xc8a048));
        canvas.fill(
            &xf.ellipse(0.0, -0.95, 0.05, 0.05),
            lit_at(s, [p[0], 0.95, p[2]], hex(0xe0c060)),
            1.0,
        );
        canvas.fill(&xf.ellipse(0.0, 0.0, 0.18, 0.04), lit_at(s, p, hex(0x8a6a30)), 1.0);
    }
}

/// A pinball machine: legs, a sloping glass playfield of glowing bumpers, and a lit backglass.
pub(super) fn arcade_machine(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style, rng: &mut Rng) {
    let (hw, hd) = (0.35, 0.6);
    for (dx, dz) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
        let (lx, lz) = (x + dx * (hw - 0.04), z + dz * (hd - 0.04));
        s.solid(
            canvas,
            [lx - 0.03, 0.0, lz - 0.03],
            [lx + 0.03, 0.8, lz + 0.03],
            hex(0x8a8c90),
        );
    }
    let cabinet = mix(hex(0x3a1a2a), style.accent, 0.3);
    s.solid(canvas, [x - hw, 0.8, z - hd], [x + hw, 0.95, z + hd], cabinet);
    let seed = rng.next_u64();
    let colours = [style.accent, hex(0xf0a020), hex(0x30c0e0), hex(0xe03050)];
    s.face(
        canvas,
        &[
            [x - hw + 0.03, 0.95, z - hd + 0.03],
            [x + hw - 0.03, 0.95, z - hd + 0.03],
            [x + hw - 0.03, 1.05, z + hd - 0.03],
            [x - hw + 0.03, 1.05, z + hd - 0.03],
        ],
        |q, _| {
            let (u, v) = (q[0] - x, q[2] - z);
            let bumper = [(-0.12, 0.2), (0.12, 0.2), (0.0, 0.35), (0.0, -0.05)]
                .iter()
                .enumerate()
                .find(|(_, (bu, bv))| ((u - bu).powi(2) + (v - bv).powi(2)).sqrt() < 0.06);
            match bumper {
                Some((k, _)) => (BLACK, colours[(k + seed as usize) % colours.len()]),
                None => (hex(0x1a1a3a), BLACK),
            }
        },
    );
    let back = [x, 1.05, z + hd];
    s.cuboid(
        canvas,
        [x - hw, 1.05, z + hd - 0.1],
        [x + hw, 1.85, z + hd + 0.02],
        |q, n| {
            if n[2] < -0.5 && (q[1] - 1.45).abs() < 0.33 && (q[0] - x).abs() < hw - 0.05 {
                let (u, v) = ((q[0] - x) / hw, (q[1] - 1.45) / 0.33);
                let star = (u.abs() + v.abs()) < 0.35;
                let rays = (v.atan2(u) * 8.0).sin() > 0.6;
                let glow = if star {
                    hex(0xf8e8b0)
                } else if rays {
                    colours[1]
                } else {
                    scale(colours[0], 0.6)
                };
                return (BLACK, scale(glow, 0.9));
            }
            (cabinet, BLACK)
        },
    );
    let (gx, gy) = s.cam.p([back[0], 1.45, back[2]]);
    canvas.glow(gx, gy, s.cam.scale_at(back[2]) * 0.9, style.accent, 0.25);
}

/// A fortune-telling automaton: a turbaned figure with a glowing crystal ball in a glass booth.
pub(super) fn automaton(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    let (hw, hd) = (0.5, 0.4);
    s.solid(canvas, [x - hw, 0.0, z - hd], [x + hw, 0.8, z + hd], hex(0x3a1a10));
    s.solid(canvas, [x - hw, 2.0, z - hd], [x + hw, 2.3, z + hd], hex(0x3a1a10));
    let xf = at(s, [x, 0.8, z]);
    let inside = lit_at(s, [x, 1.4, z - hd], mix(hex(0x2a0c18), style.accent, 0.2));
    canvas.fill(&xf.rect(-hw + 0.05, -1.2, hw - 0.05, 0.0), scale(inside, 0.6), 1.0);
    let robe = [
        (-0.35, 0.0),
        (0.35, 0.0),
        (0.3, -0.5),
        (0.15, -0.62),
        (-0.15, -0.62),
        (-0.3, -0.5),
    ];
    silhouette(
        s,
        canvas,
        &xf,
        &robe,
        [x, 1.2, z],
        mix(hex(0x2a1a4a), style.accent, 0.3),
    );
    canvas.fill(
        &xf.ellipse(0.0, -0.75, 0.11, 0.13),
        lit_at(s, [x, 1.5, z], hex(0xc89a70)),
        1.0,
    );
    canvas.fill(
        &xf.ellipse(0.0, -0.88, 0.15, 0.09),
        lit_at(s, [x, 1.7, z], hex(0xe8dcc0)),
        1.0,
    );
    canvas.fill(&xf.ellipse(0.0, -0.93, 0.03, 0.03), style.accent, 1.0);
    let (bx, by) = xf.p(0.0, -0.22);
    canvas.ellipse(bx, by, xf.s * 0.1, xf.s * 0.1, mix(style.moon, [1.0; 3], 0.3), 0.9);
    canvas.glow(bx, by, xf.s * 0.5, style.moon, 0.5);
    for k in 0..2 {
        let edge = xf.rect(
            -hw + k as f32 * (2.0 * hw - 0.04),
            -1.2,
            -hw + 0.04 + k as f32 * (2.0 * hw - 0.04),
            0.0,
        );
        canvas.fill(&edge, hex(0x2a1a10), 1.0);
    }
    let glass = xf.rect(-hw + 0.04, -1.2, hw - 0.04, 0.0);
    canvas.fill_mode(&glass, style.moon, 0.06, Blend::Add);
    let streak = [xf.p(-0.3, -1.1), xf.p(-0.1, -1.1), xf.p(-0.35, -0.1), xf.p(-0.45, -0.1)];
    canvas.fill_mode(&streak, [1.0; 3], 0.08, Blend::Add);
    let (sx, sy) = xf.p(0.0, -1.35);
    canvas.glow_ellipse(sx, sy, xf.s * 0.45, xf.s * 0.08, style.amber, 0.6);
}

/// Strings of coloured bulbs swagged along both walls under the ceiling.
pub(super) fn bulb_strings(s: &Scene, canvas: &mut Canvas, r: &Room, style: &Style) {
    let colours = [style.accent, hex(0xffb040), hex(0xff4060), hex(0x40d0ff), hex(0x80ff60)];
    for side in [-1.0f32, 1.0] {
        let x = side * (r.hw - 0.3);
        let mut k = 0;
        let mut z = 1.0;
        while z < r.d - 0.5 {
            let sag = |t: f32| r.h - 0.3 - 0.35 * (t * std::f32::consts::PI).sin();
            let span: Vec<Point> = (0..=8)
                .map(|i| s.cam.p([x, sag(i as f32 / 8.0), z + 1.5 * i as f32 / 8.0]))
                .collect();
            canvas.stroke(&span, 1.0, hex(0x101010), 0.9);
            for i in 1..4 {
                let t = i as f32 / 4.0;
                s.bulb(
                    canvas,
                    [x, sag(t) - 0.05, z + 1.5 * t],
                    colours[k % colours.len()],
                    0.04,
                    0.8,
                );
                k += 1;
            }
            z += 1.5;
        }
    }
}

/// A low bandstand across the back of the ballroom: music stands, chairs, a double bass.
pub(super) fn bandstand(s: &Scene, canvas: &mut Canvas, r: &Room, style: &Style) {
    let d = r.d;
    let front = d - 2.0;
    s.cuboid(
        canvas,
        [-r.hw * 0.7, 0.0, front],
        [r.hw * 0.7, 0.4, d - 0.02],
        |q, n| {
            let skirt = n[2] < -0.5 && ((q[0] * 3.0).sin() * 0.5 + 0.5) > 0.5;
            (
                if skirt {
                    mix(hex(0x5a1a20), style.accent, 0.3)
                } else {
                    hex(0x3a2414)
                },
                BLACK,
            )
        },
    );
    let n = 5;
    for k in 0..n {
        let x = -r.hw * 0.55 + k as f32 * r.hw * 1.1 / (n - 1) as f32;
        let xf = at(s, [x, 0.4, front + 0.6]);
        let pos = [x, 1.0, front + 0.6];
        canvas.fill(
            &xf.pts(&stroke_pts(&[(0.0, 0.0), (0.0, -1.0)], 0.02, 0.02)),
            lit_at(s, pos, hex(0x1a1a1a)),
            1.0,
        );
        let desk = [(-0.28, -1.0), (0.28, -1.0), (0.25, -1.35), (-0.25, -1.35)];
        canvas.fill(
            &xf.pts(&desk),
            lit_at(s, pos, mix(style.accent, hex(0x2a1a14), 0.4)),
            1.0,
        );
        s.solid(
            canvas,
            [x - 0.2, 0.85, front + 1.0],
            [x + 0.2, 0.9, front + 1.3],
            hex(0x2a1a10),
        );
    }
    let xf = at(s, [r.hw * 0.55, 0.4, front + 1.1]);
    let mut body = Vec::new();
    for i in 0..=16 {
        let t = i as f32 / 16.0;
        body.push((0.28 - 0.08 * (t * 5.5).sin().abs(), -t * 1.1));
    }
    let right = body.clone();
    body.extend([(0.04, -1.2), (0.03, -1.75), (-0.03, -1.75), (-0.04, -1.2)]);
    body.extend(right.iter().rev().map(|&(u, v)| (-u, v)));
    silhouette(s, canvas, &xf, &body, [r.hw * 0.55, 1.2, front + 1.1], hex(0x5a2a10));
}

/// A small gilt ballroom chair with a red velvet seat.
pub(super) fn gilt_chair(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    let gilt = hex(0xb08a3a);
    for (dx, dz) in [(-0.18, -0.18), (0.18, -0.18), (-0.18, 0.18), (0.18, 0.18)] {
        s.solid(
            canvas,
            [x + dx - 0.02, 0.0, z + dz - 0.02],
            [x + dx + 0.02, 0.45, z + dz + 0.02],
            gilt,
        );
    }
    s.solid(
        canvas,
        [x - 0.22, 0.45, z - 0.22],
        [x + 0.22, 0.52, z + 0.22],
        mix(hex(0x7a1020), style.accent, 0.25),
    );
    let back = if x > 0.0 { x + 0.2 } else { x - 0.2 };
    s.solid(canvas, [back - 0.02, 0.52, z - 0.2], [back + 0.02, 1.0, z + 0.2], gilt);
}
