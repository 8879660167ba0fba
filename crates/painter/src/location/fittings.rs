//! More pieces for the rooms: a long table, a kitchen range, a limousine, a studio microphone and
//! its on-air sign, projectors and film cans, bells and a ladder, stalls and a saddle, a chalkboard,
//! a vault door, a lighthouse lens, boats and oars, a typewriter.

use super::super::Style;
use super::super::canvas::{Blend, Canvas, Point, add, arc_pts, bezier, ellipse_pts, hex, mix, scale, stroke_pts};
use super::super::scene::{Scene, V3};
use super::furniture::{lit_at, silhouette};
use super::rooms::Room;
use super::{BLACK, at};

/// A long scrubbed table down the room with a bench either side.
pub(super) fn long_table(s: &Scene, canvas: &mut Canvas, x: f32, z0: f32, z1: f32) {
    for z in [z0 + 0.2, z1 - 0.2] {
        for dx in [-0.35, 0.35] {
            s.solid(
                canvas,
                [x + dx - 0.05, 0.0, z - 0.05],
                [x + dx + 0.05, 0.74, z + 0.05],
                hex(0x5a4428),
            );
        }
    }
    s.cuboid(canvas, [x - 0.45, 0.74, z0], [x + 0.45, 0.8, z1], |q, n| {
        let board = ((q[0] - x + 0.45) / 0.15).fract() < 0.04;
        let scrubbed = if n[1] > 0.5 { hex(0xb8a47e) } else { hex(0x6a5436) };
        (if board { scale(scrubbed, 0.7) } else { scrubbed }, BLACK)
    });
    for dx in [-0.8f32, 0.8] {
        s.solid(
            canvas,
            [x + dx - 0.15, 0.42, z0 + 0.1],
            [x + dx + 0.15, 0.47, z1 - 0.1],
            hex(0x5a4428),
        );
        for z in [z0 + 0.3, z1 - 0.3] {
            s.solid(
                canvas,
                [x + dx - 0.03, 0.0, z - 0.03],
                [x + dx + 0.03, 0.42, z + 0.03],
                hex(0x4a3420),
            );
        }
    }
    for k in 0..4 {
        let p = [
            x - 0.2 + (k % 2) as f32 * 0.4,
            0.8,
            z0 + 0.6 + k as f32 * (z1 - z0 - 1.2) / 3.0,
        ];
        let (px, py) = s.cam.p(p);
        let sc = s.cam.scale_at(p[2]);
        canvas.ellipse(px, py, sc * 0.12, sc * 0.05, lit_at(s, p, hex(0xe0dcd0)), 1.0);
    }
}

/// A black-leaded coal range against the back wall: oven doors, brass rails, a glowing firebox, a
/// kettle on the hob and a flue going up.
pub(super) fn kitchen_range(s: &Scene, canvas: &mut Canvas, x: f32, r: &Room) {
    let d = r.d;
    s.cuboid(canvas, [x - 0.8, 0.0, d - 0.65], [x + 0.8, 0.9, d - 0.02], |q, n| {
        let door = n[2] < -0.5 && q[1] > 0.15 && q[1] < 0.7 && ((q[0] - x).abs() > 0.3) && ((q[0] - x).abs() < 0.75);
        let rail = n[2] < -0.5 && (q[1] - 0.8).abs() < 0.02;
        let col = if rail {
            hex(0xc8a048)
        } else if door {
            hex(0x1c1c20)
        } else {
            hex(0x101012)
        };
        (col, BLACK)
    });
    let fire = [
        s.cam.p([x - 0.2, 0.25, d - 0.66]),
        s.cam.p([x + 0.2, 0.25, d - 0.66]),
        s.cam.p([x + 0.2, 0.6, d - 0.66]),
        s.cam.p([x - 0.2, 0.6, d - 0.66]),
    ];
    canvas.fill(&fire, hex(0xe06018), 1.0);
    let (fx, fy) = s.cam.p([x, 0.42, d - 0.66]);
    let sc = s.cam.scale_at(d - 0.66);
    canvas.glow(fx, fy, sc * 0.8, hex(0xff7020), 0.6);
    for k in 0..4 {
        let bx = x - 0.15 + k as f32 * 0.1;
        canvas.line(
            s.cam.p([bx, 0.25, d - 0.67]),
            s.cam.p([bx, 0.6, d - 0.67]),
            sc * 0.02,
            hex(0x101010),
            1.0,
        );
    }
    s.solid(
        canvas,
        [x + 0.45, 0.9, d - 0.25],
        [x + 0.6, r.h, d - 0.1],
        hex(0x141416),
    );
    let kettle = at(s, [x - 0.35, 0.9, d - 0.35]);
    let body = [
        (-0.14, 0.0),
        (0.14, 0.0),
        (0.12, -0.16),
        (0.04, -0.2),
        (-0.04, -0.2),
        (-0.12, -0.16),
    ];
    silhouette(s, canvas, &kettle, &body, [x - 0.35, 1.0, d - 0.4], hex(0x8a4a22));
    let spout = stroke_pts(&[(0.1, -0.08), (0.24, -0.18)], 0.03, 0.015);
    canvas.fill(
        &kettle.pts(&spout),
        lit_at(s, [x - 0.3, 1.0, d - 0.4], hex(0x8a4a22)),
        1.0,
    );
}

/// A black limousine seen side on: long bonnet, chrome grille and lamps, whitewall tyres, the
/// work lamp's light running along its curves.
pub(super) fn limousine(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    let xf = at(s, [x, 0.0, z]);
    let pos = [x, 0.9, z - 1.0];
    #[rustfmt::skip]
    let body: &[Point] = &[
        (-2.6, -0.35), (-2.55, -0.75), (-2.2, -0.85), (-1.6, -0.88), (-1.2, -1.45), (-0.9, -1.55),
        (0.4, -1.55), (0.7, -1.45), (1.0, -0.95), (2.3, -0.9), (2.55, -0.75), (2.6, -0.4), (2.5, -0.3),
        (-2.5, -0.3),
    ];
    let black = hex(0x0c0c10);
    let (ox, s_px) = (xf.ox, xf.s);
    let lamp = style.amber;
    canvas.fill_with(&xf.pts(body), Blend::Over, |px, py| {
        let (u, v) = ((px - ox) / s_px, (py - xf.oy) / s_px);
        let crease = ((v + 0.85).abs() < 0.015 && u > -2.5) as i32 as f32;
        let gloss = (-((v + 1.0 + 0.08 * u).powi(2)) * 120.0).exp() * 0.8 + (-((v + 0.6).powi(2)) * 200.0).exp() * 0.4;
        let col = mix(black, mix(lamp, [1.0; 3], 0.4), gloss * 0.6);
        (scale(col, 1.0 - 0.4 * crease), 1.0)
    });
    let windows = [
        (-1.1, -1.42),
        (-0.85, -1.5),
        (0.35, -1.5),
        (0.6, -1.42),
        (0.85, -0.98),
        (-1.45, -0.98),
    ];
    canvas.fill(&xf.pts(&windows), lit_at(s, pos, hex(0x1a2230)), 1.0);
    canvas.line(xf.p(-0.25, -1.5), xf.p(-0.25, -0.98), xf.s * 0.04, black, 1.0);
    for wx in [-1.75f32, 1.65] {
        let arch = arc_pts(wx, -0.3, 0.55, 0.5, std::f32::consts::PI, std::f32::consts::TAU, 16);
        canvas.fill(&xf.pts(&arch), hex(0x050507), 1.0);
        canvas.fill(&xf.ellipse(wx, -0.38, 0.38, 0.38), hex(0x101012), 1.0);
        canvas.fill(&xf.ellipse(wx, -0.38, 0.26, 0.26), lit_at(s, pos, hex(0xd8d4c8)), 1.0);
        canvas.fill(&xf.ellipse(wx, -0.38, 0.16, 0.16), lit_at(s, pos, hex(0x9a9ca4)), 1.0);
    }
    let grille = xf.rect(2.45, -0.85, 2.62, -0.42);
    canvas.fill(&grille, lit_at(s, pos, hex(0xb0b4bc)), 1.0);
    let (hx, hy) = xf.p(2.35, -0.95);
    canvas.ellipse(hx, hy, xf.s * 0.12, xf.s * 0.12, lit_at(s, pos, hex(0xc8ccd4)), 1.0);
    canvas.glow(hx, hy, xf.s * 0.05, [1.0; 3], 0.6);
    let bumper = stroke_pts(&[(2.2, -0.3), (2.7, -0.32)], 0.06, 0.06);
    canvas.fill(&xf.pts(&bumper), lit_at(s, pos, hex(0xb0b4bc)), 1.0);
    canvas.shadow(xf.ox, xf.oy, xf.s * 2.8, xf.s * 0.2, 0.7);
}

/// A big ribbon microphone on a chrome stand.
pub(super) fn microphone(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    let xf = at(s, [x, 0.0, z]);
    let chrome = hex(0xb8bcc4);
    let pos = [x, 1.3, z];
    canvas.fill(&xf.ellipse(0.0, 0.0, 0.25, 0.05), lit_at(s, [x, 0.0, z], chrome), 1.0);
    silhouette(
        s,
        canvas,
        &xf,
        &stroke_pts(&[(0.0, 0.0), (0.0, -1.45)], 0.04, 0.03),
        pos,
        chrome,
    );
    let capsule = ellipse_pts(0.0, -1.62, 0.09, 0.16, 0.0, 32);
    silhouette(s, canvas, &xf, &capsule, pos, hex(0x6a6c74));
    let grille: Vec<Point> = (0..7).map(|k| (-0.07 + k as f32 * 0.023, -1.62)).collect();
    for p in grille {
        canvas.line(xf.p(p.0, -1.74), xf.p(p.0, -1.5), 1.0, hex(0x2a2a2e), 0.8);
    }
    canvas.fill(&xf.rect(-0.1, -1.66, 0.1, -1.58), lit_at(s, pos, chrome), 1.0);
    let (gx, gy) = xf.p(0.04, -1.7);
    canvas.glow(gx, gy, xf.s * 0.03, mix(style.amber, [1.0; 3], 0.5), 0.8);
}

/// A light box over the booth window: red, with white bars where its words would be.
pub(super) fn on_air_sign(s: &Scene, canvas: &mut Canvas, x: f32, r: &Room) {
    let d = r.d - 0.02;
    let corners = [
        s.cam.p([x - 0.45, 2.15, d]),
        s.cam.p([x + 0.45, 2.15, d]),
        s.cam.p([x + 0.45, 2.45, d]),
        s.cam.p([x - 0.45, 2.45, d]),
    ];
    canvas.fill(&corners, hex(0xd01a10), 1.0);
    let sc = s.cam.scale_at(d);
    let (cx, cy) = s.cam.p([x, 2.3, d]);
    for k in 0..5 {
        let bx = cx - sc * 0.32 + k as f32 * sc * 0.14 + if k > 1 { sc * 0.06 } else { 0.0 };
        canvas.fill(
            &[
                (bx, cy - sc * 0.06),
                (bx + sc * 0.08, cy - sc * 0.06),
                (bx + sc * 0.08, cy + sc * 0.06),
                (bx, cy + sc * 0.06),
            ],
            hex(0xfff0e0),
            1.0,
        );
    }
    canvas.glow(cx, cy, sc * 0.9, hex(0xff2010), 0.5);
}

/// A cinema projector on its pedestal: body, two reels, a lens throwing a beam to the port.
pub(super) fn projector(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, r: &Room, style: &Style) {
    s.solid(canvas, [x - 0.2, 0.0, z - 0.2], [x + 0.2, 0.9, z + 0.2], hex(0x2a2c30));
    s.solid(
        canvas,
        [x - 0.22, 0.9, z - 0.4],
        [x + 0.22, 1.35, z + 0.35],
        hex(0x4a4e56),
    );
    let mut reel = |zz: f32, y: f32| {
        let xf = at(s, [x, y, zz]);
        let disc = xf.ellipse(0.0, 0.0, 0.05, 0.32);
        canvas.fill(&disc, lit_at(s, [x, y, zz], hex(0x8a8c94)), 1.0);
        canvas.fill(&xf.ellipse(0.0, 0.0, 0.03, 0.08), hex(0x1a1a1a), 1.0);
    };
    reel(z - 0.3, 1.75);
    reel(z + 0.35, 1.7);
    let lens = [x, 1.15, z + 0.4];
    let port = [x * 0.4, 1.5, r.d];
    let (lx, ly) = s.cam.p(lens);
    let (px, py) = s.cam.p(port);
    let spread = s.cam.scale_at(r.d) * 0.3;
    canvas.beam(
        (lx, ly),
        (px - spread, py - spread * 0.6),
        (px + spread, py + spread * 0.6),
        mix(style.amber, [1.0; 3], 0.5),
        0.3,
    );
    canvas.glow(lx, ly, s.cam.scale_at(lens[2]) * 0.1, [1.0, 0.97, 0.9], 1.0);
}

/// A stack of round film cans.
pub(super) fn film_cans(s: &Scene, canvas: &mut Canvas, x: f32, z: f32) {
    for k in 0..6 {
        let p = [x, k as f32 * 0.05, z];
        let xf = at(s, p);
        let sc = xf.s;
        let (cx, cy) = (xf.ox, xf.oy);
        let side = [
            (cx - sc * 0.19, cy),
            (cx + sc * 0.19, cy),
            (cx + sc * 0.19, cy - sc * 0.05),
            (cx - sc * 0.19, cy - sc * 0.05),
        ];
        canvas.fill(&side, lit_at(s, p, hex(0x6a6c72)), 1.0);
        let top_p = [x, p[1] + 0.05, z];
        let (tx, ty) = s.cam.p(top_p);
        canvas.ellipse(tx, ty, sc * 0.19, sc * 0.06, lit_at(s, top_p, hex(0x9a9ca2)), 1.0);
    }
}

/// A bronze bell hanging from a beam, its clapper showing.
pub(super) fn bell(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, size: f32, r: &Room) {
    s.solid(
        canvas,
        [-r.hw, r.h - 0.45, z - 0.15],
        [r.hw, r.h - 0.2, z + 0.15],
        hex(0x2a1e14),
    );
    let xf = at(s, [x, r.h - 0.45, z]);
    let k = size / 2.0;
    #[rustfmt::skip]
    let profile: &[Point] = &[
        (-0.12 * k, 0.0), (0.12 * k, 0.0), (0.35 * k, 0.25 * k), (0.42 * k, 0.9 * k), (0.5 * k, 1.2 * k),
        (0.56 * k, 1.3 * k), (-0.56 * k, 1.3 * k), (-0.5 * k, 1.2 * k), (-0.42 * k, 0.9 * k), (-0.35 * k, 0.25 * k),
    ];
    let bronze = hex(0x6a4a24);
    let pos = [x, r.h - 1.0, z - 0.5];
    let (ox, half) = (xf.ox, xf.s * 0.56 * k);
    let base = lit_at(s, pos, bronze);
    canvas.fill_with(&xf.pts(profile), Blend::Over, |px, _| {
        let across = ((px - ox) / half).clamp(-1.0, 1.0);
        let sheen = (-((across - 0.35).powi(2)) * 30.0).exp();
        let body = scale(add(base, scale(bronze, 0.35)), 0.55 + 0.6 * (1.0 - across * across));
        (mix(body, hex(0xe8c080), sheen * 0.6), 1.0)
    });
    let lip = xf.ellipse(0.0, 1.3 * k, 0.56 * k, 0.08 * k);
    canvas.fill(&lip, hex(0x140c06), 1.0);
    canvas.fill(
        &xf.ellipse(0.05 * k, 1.38 * k, 0.07 * k, 0.07 * k),
        lit_at(s, pos, hex(0x3a2a18)),
        1.0,
    );
}

/// A long ladder going down through a hatch in the floor.
pub(super) fn ladder(s: &Scene, canvas: &mut Canvas, x: f32, z: f32) {
    s.face(
        canvas,
        &[
            [x - 0.5, 0.01, z - 0.5],
            [x + 0.5, 0.01, z - 0.5],
            [x + 0.5, 0.01, z + 0.5],
            [x - 0.5, 0.01, z + 0.5],
        ],
        |_, _| (hex(0x050403), BLACK),
    );
    for dx in [-0.22, 0.22] {
        s.solid(
            canvas,
            [x + dx - 0.03, -0.5, z + 0.3],
            [x + dx + 0.03, 1.0, z + 0.4],
            hex(0x5a4028),
        );
    }
    for k in 0..3 {
        let y = 0.1 + k as f32 * 0.3;
        s.solid(
            canvas,
            [x - 0.22, y, z + 0.33],
            [x + 0.22, y + 0.04, z + 0.37],
            hex(0x4a3420),
        );
    }
}

/// Stable stalls along a side wall: board partitions, half doors, a horse looking out of one.
pub(super) fn stalls(s: &Scene, canvas: &mut Canvas, side: f32, r: &Room) {
    let wall = side * r.hw;
    let front = side * (r.hw - 2.2);
    let mut z = 2.0;
    let mut k = 0;
    while z < r.d - 1.0 {
        let (a, b) = (front.min(wall), front.max(wall));
        s.cuboid(canvas, [a, 0.0, z - 0.05], [b, 1.5, z + 0.05], |q, _| {
            let plank = (q[1] / 0.2).fract() < 0.06;
            (if plank { hex(0x3a2814) } else { hex(0x7a5834) }, BLACK)
        });
        s.solid(
            canvas,
            [front - 0.06, 0.0, z - 0.06],
            [front + 0.06, 2.1, z + 0.06],
            hex(0x3a2818),
        );
        let door_lo = [front - 0.03, 0.0, z + 0.1];
        s.cuboid(canvas, door_lo, [front + 0.03, 1.2, z + 1.7], |q, _| {
            let brace = ((q[2] - z - 0.1) / 1.6 - q[1] / 1.2).abs() < 0.04;
            (if brace { hex(0x4a3420) } else { hex(0x8a643a) }, BLACK)
        });
        if k == 1 {
            let xf = at(s, [front, 1.2, z + 0.9]);
            let look = -side;
            #[rustfmt::skip]
            let head: &[Point] = &[
                (0.0, 0.0), (0.25 * look, 0.0), (0.3 * look, -0.35), (0.55 * look, -0.55), (0.6 * look, -0.7),
                (0.35 * look, -0.8), (0.2 * look, -0.95), (0.12 * look, -0.85), (0.0, -0.7),
            ];
            silhouette(s, canvas, &xf, head, [front, 1.6, z + 0.9], hex(0x3a2414));
            let (ex, ey) = xf.p(0.3 * look, -0.7);
            canvas.glow(ex, ey, xf.s * 0.02, [1.0; 3], 0.6);
        }
        z += 2.0;
        k += 1;
    }
}

/// A saddle on a saddle horse, a bridle hung over it.
pub(super) fn saddle(s: &Scene, canvas: &mut Canvas, x: f32, z: f32) {
    for dz in [-0.35, 0.35] {
        for dx in [-0.25, 0.25] {
            s.solid(
                canvas,
                [x + dx - 0.03, 0.0, z + dz - 0.03],
                [x + dx * 0.3 + 0.03, 0.85, z + dz + 0.03],
                hex(0x4a3420),
            );
        }
    }
    s.solid(
        canvas,
        [x - 0.05, 0.85, z - 0.45],
        [x + 0.05, 0.92, z + 0.45],
        hex(0x5a4028),
    );
    let xf = at(s, [x, 0.92, z]);
    let seat = [
        (-0.45, 0.05),
        (-0.38, -0.12),
        (-0.15, -0.1),
        (0.2, -0.12),
        (0.38, -0.3),
        (0.45, -0.2),
        (0.35, 0.1),
        (0.1, 0.4),
        (-0.3, 0.35),
    ];
    silhouette(s, canvas, &xf, &seat, [x, 1.0, z - 0.3], hex(0x6a3a1a));
    let stirrup = stroke_pts(
        &bezier((0.0, 0.1), (-0.02, 0.3), (0.02, 0.45), (0.0, 0.55), 8),
        0.025,
        0.02,
    );
    canvas.fill(&xf.pts(&stirrup), lit_at(s, [x, 0.6, z], hex(0x3a2010)), 1.0);
    canvas.fill(
        &xf.ellipse(0.0, 0.6, 0.06, 0.04),
        lit_at(s, [x, 0.4, z], hex(0x9a9ca4)),
        1.0,
    );
}

/// A chalkboard on the back wall, the morning's times chalked up in rows.
pub(super) fn chalkboard(s: &Scene, canvas: &mut Canvas, x: f32, r: &Room) {
    let d = r.d - 0.02;
    s.face(
        canvas,
        &[
            [x - 0.8, 1.2, d],
            [x + 0.8, 1.2, d],
            [x + 0.8, 2.2, d],
            [x - 0.8, 2.2, d],
        ],
        |q, _| {
            let u = q[0] - x;
            let frame = u.abs() > 0.74 || q[1] < 1.26 || q[1] > 2.14;
            let row = ((q[1] - 1.3) / 0.14).fract();
            let chalk = (0.4..0.6).contains(&row)
                && u.abs() < 0.65
                && ((u * 37.0).sin() + (q[1] * 11.0).cos()) > -0.4
                && ((u * 14.0).fract() < 0.75);
            let col = if frame {
                hex(0x4a3020)
            } else if chalk {
                hex(0xb0b4ac)
            } else {
                hex(0x1a221e)
            };
            (col, BLACK)
        },
    );
}

/// A round vault door in the back wall: steel rings, locking bolts, a brass wheel.
pub(super) fn vault_door(s: &Scene, canvas: &mut Canvas, x: f32, r: &Room, style: &Style) {
    let d = r.d - 0.02;
    let centre = [x, 1.25, d];
    let (cx, cy) = s.cam.p(centre);
    let sc = s.cam.scale_at(d);
    let steel = lit_at(s, [x, 1.25, d - 0.5], hex(0x8a9098));
    let radius = 1.15 * sc;
    canvas.fill_with(&ellipse_pts(cx, cy, radius, radius, 0.0, 64), Blend::Over, |px, py| {
        let rr = ((px - cx).powi(2) + (py - cy).powi(2)).sqrt() / radius;
        let ring = [0.95, 0.82, 0.6].iter().any(|k| (rr - k).abs() < 0.015);
        let brushed = 0.85 + 0.15 * ((rr * 80.0).sin() * 0.5 + 0.5);
        (scale(steel, if ring { 0.45 } else { brushed }), 1.0)
    });
    for k in 0..12 {
        let a = k as f32 / 12.0 * std::f32::consts::TAU;
        let (bx, by) = (cx + a.cos() * radius * 0.9, cy + a.sin() * radius * 0.9);
        canvas.ellipse(bx, by, sc * 0.05, sc * 0.05, scale(steel, 1.2), 1.0);
    }
    let brass = lit_at(s, [x, 1.25, d - 0.5], hex(0xc8a048));
    canvas.stroke(
        &ellipse_pts(cx, cy, radius * 0.35, radius * 0.35, 0.0, 40),
        sc * 0.06,
        brass,
        1.0,
    );
    for k in 0..5 {
        let a = k as f32 / 5.0 * std::f32::consts::TAU + 0.3;
        canvas.line(
            (cx, cy),
            (cx + a.cos() * radius * 0.35, cy + a.sin() * radius * 0.35),
            sc * 0.04,
            brass,
            1.0,
        );
    }
    canvas.ellipse(cx, cy, sc * 0.08, sc * 0.08, brass, 1.0);
    canvas.glow(
        cx - radius * 0.3,
        cy - radius * 0.3,
        radius * 0.4,
        mix(style.amber, [1.0; 3], 0.5),
        0.12,
    );
}

/// The great lens of a lighthouse: rings of glass prisms in a brass cage, blazing at the core.
pub(super) fn lighthouse_lens(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    s.solid(canvas, [x - 0.6, 0.0, z - 0.6], [x + 0.6, 0.7, z + 0.6], hex(0x2a2a2c));
    let xf = at(s, [x, 0.7, z]);
    let (w, h) = (0.65, 1.6);
    let glass = mix(style.moon, hex(0xfff2d0), 0.4);
    let body = [
        (-w, 0.0),
        (w, 0.0),
        (w * 1.05, -h * 0.5),
        (w, -h),
        (-w, -h),
        (-w * 1.05, -h * 0.5),
    ];
    let (ox, oy) = (xf.ox, xf.oy);
    let s_px = xf.s;
    canvas.fill_with(&xf.pts(&body), Blend::Over, |px, py| {
        let (u, v) = ((px - ox) / s_px, (oy - py) / s_px);
        let prism = ((v - h * 0.5).abs() / 0.09).fract() < 0.25;
        let core = (-((u / 0.3).powi(2) + ((v - h * 0.5) / 0.25).powi(2))).exp();
        let col = mix(scale(glass, 0.45 + 0.3 * (1.0 - (u / w).abs())), [1.0, 0.98, 0.9], core);
        (if prism { scale(col, 0.8) } else { col }, 1.0)
    });
    for u in [-w, -w * 0.33, w * 0.33, w] {
        canvas.line(
            xf.p(u, 0.0),
            xf.p(u, -h),
            s_px * 0.03,
            lit_at(s, [x, 1.5, z], hex(0x8a6a30)),
            1.0,
        );
    }
    let (gx, gy) = xf.p(0.0, -h * 0.5);
    canvas.glow(gx, gy, s_px * 2.5, hex(0xfff0c0), 0.5);
    canvas.glow(gx, gy, s_px * 0.5, [1.0; 3], 1.0);
}

/// A clinker-built rowing boat moored in the slip: hull, thwarts, oars shipped.
pub(super) fn rowboat(s: &Scene, canvas: &mut Canvas, x: f32, z: f32) {
    let outline: Vec<V3> = (0..32)
        .map(|i| {
            let a = i as f32 / 32.0 * std::f32::consts::TAU;
            let pinch = 1.0 - 0.35 * a.sin().max(0.0).powi(2);
            [x + a.cos() * 0.6 * pinch, 0.35, z + a.sin() * 1.9]
        })
        .collect();
    let hull: Vec<V3> = outline.iter().map(|p| [p[0], 0.02, p[2]]).collect();
    s.face(canvas, &hull, |_, _| (hex(0x1a1410), BLACK));
    s.face(canvas, &outline, |q, _| {
        let strake = ((q[0] - x).abs() / 0.12).fract() < 0.1;
        let thwart = [-0.8f32, 0.0, 0.8].iter().any(|t| (q[2] - z - t).abs() < 0.1);
        let inner = ((q[0] - x) / 0.6).powi(2) + ((q[2] - z) / 1.9).powi(2) < 0.8;
        let col = if thwart && inner {
            hex(0x8a6a40)
        } else if !inner {
            hex(0xd8d0c0)
        } else if strake {
            hex(0x3a2a1a)
        } else {
            hex(0x5a4028)
        };
        (col, BLACK)
    });
    for sgn in [-1.0f32, 1.0] {
        let a = s.cam.p([x + sgn * 0.2, 0.4, z - 0.5]);
        let b = s.cam.p([x + sgn * 0.45, 0.38, z + 1.5]);
        canvas.line(
            a,
            b,
            s.cam.scale_at(z) * 0.04,
            lit_at(s, [x, 0.4, z], hex(0xa08050)),
            1.0,
        );
    }
}

/// Oars racked on a side wall, blades up.
pub(super) fn oars(s: &Scene, canvas: &mut Canvas, side: f32, z: f32, r: &Room) {
    let wall = side * (r.hw - 0.03);
    s.face(
        canvas,
        &[
            [wall, 0.3, z],
            [wall, 0.3, z + 1.6],
            [wall, 2.6, z + 1.6],
            [wall, 2.6, z],
        ],
        |q, _| {
            let slot = ((q[2] - z) / 0.2).fract() - 0.5;
            let blade = q[1] > 1.9 && slot.abs() < 0.12 + 0.05 * (q[1] - 1.9);
            let loom = slot.abs() < 0.08 && q[1] < 1.9;
            let col = if blade {
                hex(0x8a6a40)
            } else if loom {
                hex(0x6a5030)
            } else {
                hex(0x3a2c1e)
            };
            (col, BLACK)
        },
    );
}

/// A black typewriter on a desk top, a sheet in the roller.
pub(super) fn typewriter(s: &Scene, canvas: &mut Canvas, x: f32, z: f32) {
    s.cuboid(canvas, [x - 0.22, 0.78, z - 0.18], [x + 0.22, 0.9, z + 0.12], |q, n| {
        let keys = n[1] > 0.5 && q[2] < z - 0.02 && ((q[0] * 40.0).fract() < 0.5) && ((q[2] * 40.0).fract() < 0.5);
        (if keys { hex(0x8a8a80) } else { hex(0x121214) }, BLACK)
    });
    s.solid(
        canvas,
        [x - 0.26, 0.9, z + 0.04],
        [x + 0.26, 0.97, z + 0.12],
        hex(0x1a1a1c),
    );
    s.face(
        canvas,
        &[
            [x - 0.14, 0.97, z + 0.1],
            [x + 0.14, 0.97, z + 0.1],
            [x + 0.14, 1.2, z + 0.14],
            [x - 0.14, 1.2, z + 0.14],
        ],
        |_, _| (hex(0xe0dcd0), BLACK),
    );
}
