//! The older rooms' props: chairs, sofas, a desk and its lamp, tables, a bed, a piano, a bar counter, plants.

use super::super::Style;
use super::super::canvas::{Blend, Canvas, Rng, Transform, bezier, hex, mix, scale, stroke_pts};
use super::super::scene::{Scene, V3};
use super::furniture::Piece;
use super::rooms::Room;
use super::{BLACK, at};

#[derive(Debug, Clone, Copy)]
pub(super) enum Prop {
    Desk {
        x: f32,
        z: f32,
    },
    Chair {
        x: f32,
        z: f32,
    },
    Armchair {
        x: f32,
        z: f32,
    },
    Sofa {
        x: f32,
        z: f32,
    },
    Cabinet {
        x: f32,
        z: f32,
    },
    FloorLamp {
        x: f32,
        z: f32,
    },
    Pendant {
        x: f32,
        z: f32,
    },
    RoundTable {
        x: f32,
        z: f32,
    },
    Bed {
        x: f32,
        z: f32,
    },
    Piano {
        x: f32,
        z: f32,
    },
    Plant {
        x: f32,
        z: f32,
        size: f32,
    },
    CoatStand {
        x: f32,
        z: f32,
    },
    Counter {
        x0: f32,
        x1: f32,
        z0: f32,
        z1: f32,
    },
    Stool {
        x: f32,
        z: f32,
    },
    Bench {
        x: f32,
        z: f32,
    },
    /// A piece of the newer rooms' furniture.
    Piece(Piece),
}

impl Prop {
    pub(super) fn z(&self) -> f32 {
        match *self {
            Prop::Desk { z, .. }
            | Prop::Chair { z, .. }
            | Prop::Armchair { z, .. }
            | Prop::Sofa { z, .. }
            | Prop::Cabinet { z, .. }
            | Prop::FloorLamp { z, .. }
            | Prop::Pendant { z, .. }
            | Prop::RoundTable { z, .. }
            | Prop::Bed { z, .. }
            | Prop::Piano { z, .. }
            | Prop::Plant { z, .. }
            | Prop::CoatStand { z, .. }
            | Prop::Stool { z, .. }
            | Prop::Bench { z, .. } => z,
            // Against a wall, behind everything else.
            Prop::Counter { z1, .. } => z1 + 100.0,
            Prop::Piece(p) => p.depth(),
        }
    }
}

pub(super) fn draw_prop(s: &Scene, canvas: &mut Canvas, p: Prop, r: &Room, style: &Style, rng: &mut Rng) {
    let dark = hex(0x1a1612);
    match p {
        Prop::Desk { x, z } => desk(s, canvas, x, z, style),
        Prop::Chair { x, z } => chair(s, canvas, x, z),
        Prop::Armchair { x, z } => armchair(s, canvas, x, z, style),
        Prop::Sofa { x, z } => sofa(s, canvas, x, z, style),
        Prop::Cabinet { x, z } => {
            s.cuboid(canvas, [x - 0.25, 0.0, z - 0.3], [x + 0.25, 1.35, z + 0.3], |q, n| {
                let drawer = ((q[1] / 0.33).fract() < 0.04) && n[1].abs() < 0.5;
                let handle = n[0].abs() > 0.5 && ((q[1] / 0.33).fract() - 0.6).abs() < 0.05 && (q[2] - z).abs() < 0.08;
                let col = if handle {
                    hex(0xa09070)
                } else if drawer {
                    hex(0x141618)
                } else {
                    hex(0x3a4048)
                };
                (col, BLACK)
            });
        }
        Prop::FloorLamp { x, z } => {
            let xf = at(s, [x, 0.0, z]);
            canvas.fill(&xf.pts(&stroke_pts(&[(0.0, 0.0), (0.0, -1.45)], 0.04, 0.03)), dark, 1.0);
            canvas.fill(&xf.ellipse(0.0, 0.0, 0.18, 0.04), dark, 1.0);
            let shade = [(-0.13, -1.75), (0.13, -1.75), (0.24, -1.42), (-0.24, -1.42)];
            canvas.fill(&xf.pts(&shade), mix(style.amber, [1.0, 0.9, 0.7], 0.3), 1.0);
            canvas.fill_with(&xf.pts(&shade), Blend::Multiply, |px, _| {
                let (lx, _) = xf.inv(px, 0.0);
                ([0.5; 3], (lx.abs() / 0.24).powi(2))
            });
            s.bulb(canvas, [x, 1.45, z], style.amber, 0.2, 0.8);
        }
        Prop::Pendant { x, z } => {
            let top = s.cam.p([x, r.h, z]);
            let low = s.cam.p([x, r.h - 0.7, z]);
            canvas.line(top, low, 1.0, dark, 0.9);
            let xf = at(s, [x, r.h - 0.7, z]);
            let shade = [(-0.05, 0.0), (0.05, 0.0), (0.25, 0.18), (-0.25, 0.18)];
            canvas.fill(&xf.pts(&shade), hex(0x202420), 1.0);
            canvas.fill(&xf.ellipse(0.0, 0.18, 0.25, 0.04), mix(style.amber, [1.0; 3], 0.4), 1.0);
            s.bulb(canvas, [x, r.h - 0.86, z], style.amber, 0.15, 0.7);
        }
        Prop::RoundTable { x, z } => round_table(s, canvas, x, z, style),
        Prop::Bed { x, z } => bed(s, canvas, x, z, style),
        Prop::Piano { x, z } => upright_piano(s, canvas, x, z),
        Prop::Plant { x, z, size } => {
            let xf = at(s, [x, 0.0, z]);
            plant(canvas, &xf, size, style, rng);
        }
        Prop::CoatStand { x, z } => coat_stand(s, canvas, x, z, style),
        Prop::Counter { x0, x1, z0, z1 } => bar_counter(s, canvas, (x0, x1), (z0, z1), r, style, rng),
        Prop::Stool { x, z } => {
            let xf = at(s, [x, 0.0, z]);
            canvas.fill(&xf.pts(&stroke_pts(&[(0.0, 0.0), (0.0, -0.75)], 0.05, 0.05)), dark, 1.0);
            canvas.fill(&xf.ellipse(0.0, 0.0, 0.18, 0.03), dark, 1.0);
            canvas.fill(
                &xf.ellipse(0.0, -0.78, 0.2, 0.05),
                mix(hex(0x2a1010), style.accent, 0.5),
                1.0,
            );
            canvas.fill(
                &xf.ellipse(0.0, -0.8, 0.18, 0.035),
                mix(hex(0x3a1a1a), style.accent, 0.6),
                1.0,
            );
        }
        Prop::Bench { x, z } => bench(s, canvas, x, z),
        Prop::Piece(piece) => piece.draw(s, canvas, r, style, rng),
    }
}

/// A wooden chair, its back toward the far wall.
fn chair(s: &Scene, canvas: &mut Canvas, x: f32, z: f32) {
    let col = hex(0x241810);
    for (dx, dz) in [(-0.2, 0.2), (0.2, 0.2)] {
        s.solid(
            canvas,
            [x + dx - 0.02, 0.0, z + dz - 0.02],
            [x + dx + 0.02, 0.45, z + dz + 0.02],
            col,
        );
    }
    s.solid(canvas, [x - 0.23, 0.42, z - 0.22], [x + 0.23, 0.47, z + 0.22], col);
    s.solid(
        canvas,
        [x - 0.22, 0.47, z - 0.24],
        [x + 0.22, 1.0, z - 0.2],
        scale(col, 1.2),
    );
    for (dx, dz) in [(-0.2, -0.2), (0.2, -0.2)] {
        s.solid(
            canvas,
            [x + dx - 0.02, 0.0, z + dz - 0.02],
            [x + dx + 0.02, 0.45, z + dz + 0.02],
            col,
        );
    }
}

/// An armchair upholstered in a shade of the case colour.
fn armchair(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    let col = mix(hex(0x3a1e1a), style.accent, 0.25);
    s.solid(canvas, [x - 0.45, 0.1, z - 0.4], [x + 0.45, 0.45, z + 0.4], col);
    s.solid(
        canvas,
        [x - 0.45, 0.45, z + 0.25],
        [x + 0.45, 1.05, z + 0.42],
        scale(col, 0.9),
    );
    s.solid(
        canvas,
        [x - 0.48, 0.1, z - 0.42],
        [x - 0.33, 0.7, z + 0.42],
        scale(col, 1.1),
    );
    s.solid(
        canvas,
        [x + 0.33, 0.1, z - 0.42],
        [x + 0.48, 0.7, z + 0.42],
        scale(col, 1.1),
    );
}

/// A sofa: back, seat and two arms.
fn sofa(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    let col = mix(hex(0x2a3030), style.accent, 0.2);
    s.solid(
        canvas,
        [x - 1.0, 0.1, z - 0.05],
        [x + 1.0, 0.95, z + 0.2],
        scale(col, 0.85),
    );
    s.solid(canvas, [x - 1.0, 0.1, z - 0.45], [x + 1.0, 0.45, z], col);
    s.solid(canvas, [x - 1.1, 0.1, z - 0.45], [x - 0.92, 0.7, z + 0.2], col);
    s.solid(canvas, [x + 0.92, 0.1, z - 0.45], [x + 1.1, 0.7, z + 0.2], col);
}

/// A bench: a wooden seat and back on iron legs.
fn bench(s: &Scene, canvas: &mut Canvas, x: f32, z: f32) {
    let iron = hex(0x101212);
    s.solid(
        canvas,
        [x - 0.8, 0.42, z - 0.2],
        [x + 0.8, 0.47, z + 0.2],
        hex(0x3a2a1a),
    );
    s.solid(
        canvas,
        [x - 0.8, 0.47, z + 0.18],
        [x + 0.8, 0.9, z + 0.22],
        hex(0x3a2a1a),
    );
    for dx in [-0.7, 0.7] {
        s.solid(
            canvas,
            [x + dx - 0.03, 0.0, z - 0.2],
            [x + dx + 0.03, 0.45, z + 0.2],
            iron,
        );
    }
}

/// A desk on two pedestals, with a drawer, papers and a lamp.
fn desk(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    let wood = hex(0x3a2414);
    let (hw, hd) = (0.8, 0.4);
    s.solid(
        canvas,
        [x - hw + 0.05, 0.0, z - hd + 0.05],
        [x - hw + 0.5, 0.72, z + hd - 0.05],
        scale(wood, 0.8),
    );
    s.solid(
        canvas,
        [x + hw - 0.5, 0.0, z - hd + 0.05],
        [x + hw - 0.05, 0.72, z + hd - 0.05],
        scale(wood, 0.8),
    );
    s.cuboid(canvas, [x - hw, 0.72, z - hd], [x + hw, 0.78, z + hd], |q, n| {
        let g = 0.9 + 0.1 * (q[0] * 40.0 + (q[2] * 9.0).sin()).sin();
        (scale(if n[1] > 0.5 { hex(0x4a2e1a) } else { wood }, g), BLACK)
    });
    // Drawer lines.
    let a = s.cam.p([x - hw + 0.08, 0.45, z - hd + 0.04]);
    let b = s.cam.p([x - hw + 0.47, 0.45, z - hd + 0.04]);
    canvas.line(a, b, 1.2, BLACK, 0.6);
    // Papers and a lamp.
    s.face(
        canvas,
        &[
            [x - 0.3, 0.781, z - 0.2],
            [x + 0.1, 0.781, z - 0.25],
            [x + 0.12, 0.781, z + 0.05],
            [x - 0.28, 0.781, z + 0.1],
        ],
        |_, _| (hex(0xd8d0c0), BLACK),
    );
    desk_lamp(s, canvas, [x + 0.35, 0.78, z], style);
}

/// A small round table on one leg, with a shaded candle lamp glowing on it.
fn round_table(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    let dark = hex(0x1a1612);
    let xf = at(s, [x, 0.0, z]);
    canvas.fill(&xf.pts(&stroke_pts(&[(0.0, 0.0), (0.0, -0.72)], 0.06, 0.05)), dark, 1.0);
    canvas.fill(&xf.ellipse(0.0, 0.0, 0.25, 0.05), dark, 1.0);
    let (ex, ey) = s.cam.p([x, 0.74, z]);
    let top_y = s.cam.p([x, 0.74, z + 0.4]).1;
    let ry = (ey - top_y).abs().max(2.0);
    let rx = xf.s * 0.42;
    canvas.ellipse(ex, ey, rx, ry, hex(0x2a1a12), 1.0);
    canvas.ellipse(ex, ey + ry * 0.3, rx, ry * 0.75, hex(0x140c08), 1.0);
    canvas.ellipse(
        ex,
        ey - ry * 0.1,
        rx * 0.96,
        ry * 0.9,
        mix(hex(0x3a2418), style.amber, 0.25),
        1.0,
    );
    // A candle lamp or a small shaded lamp.
    let lx = Transform::new(ex, ey, xf.s, 0.0);
    canvas.fill(&lx.rect(-0.03, -0.16, 0.03, 0.0), hex(0xd8c8a0), 1.0);
    canvas.fill(
        &lx.pts(&[(-0.07, -0.3), (0.07, -0.3), (0.1, -0.16), (-0.1, -0.16)]),
        mix(style.accent, style.amber, 0.4),
        1.0,
    );
    canvas.glow(ex, ey - 0.22 * xf.s, 0.9 * xf.s, style.amber, 0.35);
    canvas.glow(ex, ey - 0.22 * xf.s, 0.15 * xf.s, [1.0, 0.9, 0.7], 0.8);
}

/// A bed with its headboard, a turned-down cover and two pillows.
fn bed(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    let bed = mix(hex(0x4a4038), style.accent, 0.15);
    s.solid(canvas, [x - 0.9, 0.0, z + 0.9], [x + 0.9, 1.3, z + 1.0], hex(0x2a1a10));
    s.solid(canvas, [x - 0.9, 0.0, z - 1.0], [x + 0.9, 0.35, z + 0.9], hex(0x2a1a10));
    s.cuboid(canvas, [x - 0.88, 0.35, z - 1.0], [x + 0.88, 0.58, z + 0.9], |q, _| {
        let bed = scale(bed, 1.6);
        let fold = 0.9 + 0.1 * (q[0] * 6.0 + q[2] * 2.0).sin();
        (scale(bed, fold), BLACK)
    });
    s.solid(
        canvas,
        [x - 0.7, 0.58, z + 0.4],
        [x - 0.1, 0.7, z + 0.85],
        hex(0x9a9488),
    );
    s.solid(
        canvas,
        [x + 0.1, 0.58, z + 0.4],
        [x + 0.7, 0.7, z + 0.85],
        hex(0x9a9488),
    );
}

/// An upright piano against a side wall, its keyboard facing the room.
fn upright_piano(s: &Scene, canvas: &mut Canvas, x: f32, z: f32) {
    s.solid(
        canvas,
        [x - 0.3, 0.0, z - 0.75],
        [x + 0.3, 1.25, z + 0.75],
        hex(0x0c0a0a),
    );
    let fx = if x < 0.0 { x + 0.3 } else { x - 0.3 };
    let dir = if x < 0.0 { 1.0 } else { -1.0 };
    let (ka, kb) = (fx.min(fx + dir * 0.22), fx.max(fx + dir * 0.22));
    s.solid(canvas, [ka, 0.6, z - 0.75], [kb, 0.715, z + 0.75], hex(0x0c0a0a));
    s.face(
        canvas,
        &[
            [fx, 0.72, z - 0.7],
            [fx + dir * 0.2, 0.72, z - 0.7],
            [fx + dir * 0.2, 0.72, z + 0.7],
            [fx, 0.72, z + 0.7],
        ],
        |q, _| {
            let k = ((q[2] - z + 0.7) / 0.023).floor() as i32;
            let black = matches!(k.rem_euclid(7), 1 | 2 | 4 | 5 | 6)
                && (q[0] - fx).abs() < 0.11
                && ((q[2] - z + 0.7) / 0.023).fract() > 0.6;
            (if black { hex(0x080808) } else { hex(0xc8c0b0) }, BLACK)
        },
    );
}

/// A coat stand with a coat and a hat hung on it.
fn coat_stand(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    let dark = hex(0x1a1612);
    let xf = at(s, [x, 0.0, z]);
    canvas.fill(&xf.pts(&stroke_pts(&[(0.0, 0.0), (0.0, -1.8)], 0.05, 0.04)), dark, 1.0);
    for a in [-0.35f32, 0.0, 0.35] {
        canvas.fill(
            &xf.pts(&stroke_pts(&[(0.0, -0.02), (a.sin() * 0.3, 0.02)], 0.04, 0.03)),
            dark,
            1.0,
        );
    }
    // A coat and a hat hung on it.
    let coat = [
        (-0.05, -1.75),
        (0.12, -1.72),
        (0.22, -1.0),
        (0.18, -0.75),
        (0.02, -0.78),
        (-0.08, -1.2),
    ];
    canvas.fill(&xf.pts(&coat), hex(0x4a3e2c), 1.0);
    canvas.fill(&xf.ellipse(-0.02, -1.82, 0.2, 0.035), hex(0x141210), 1.0);
    canvas.fill(
        &xf.pts(&[(-0.12, -1.82), (0.09, -1.82), (0.07, -1.95), (-0.1, -1.95)]),
        hex(0x141210),
        1.0,
    );
    canvas.fill(&xf.rect(-0.12, -1.86, 0.09, -1.83), style.accent, 0.8);
}

/// A panelled bar counter, and shelves of bottles glowing on the wall behind it.
fn bar_counter(s: &Scene, canvas: &mut Canvas, xs: (f32, f32), zs: (f32, f32), r: &Room, style: &Style, rng: &mut Rng) {
    let ((x0, x1), (z0, z1)) = (xs, zs);
    let (a, b) = (x0.min(x1), x0.max(x1));
    s.cuboid(canvas, [a, 0.0, z0], [b, 1.05, z1], |q, n| {
        if n[1] > 0.5 {
            return (hex(0x3a2010), BLACK);
        }
        let panel = ((q[2] * 1.5).fract() < 0.06) || q[1] > 0.98 || q[1] < 0.1;
        (if panel { hex(0x1c0e08) } else { hex(0x4a2a16) }, BLACK)
    });
    // A brass rail and a bottle shelf glowing on the wall behind.
    let wall_x = if x0 > 0.0 { r.hw - 0.05 } else { -r.hw + 0.05 };
    for shelf in [1.3f32, 1.75] {
        let mut zz = z0 + 0.3;
        while zz < z1 {
            let xf = at(s, [wall_x - wall_x.signum() * 0.15, shelf, zz]);
            let hgt = rng.range(0.22, 0.34);
            let col = *[
                hex(0x2a5a30),
                hex(0x6a3a12),
                hex(0x8a8a70),
                scale(style.accent, 0.8),
                hex(0x402010),
            ]
            .get(rng.below(5))
            .unwrap_or(&BLACK);
            let bottle = [
                (-0.04, 0.0),
                (0.04, 0.0),
                (0.04, -hgt * 0.6),
                (0.015, -hgt * 0.75),
                (0.015, -hgt),
                (-0.015, -hgt),
                (-0.015, -hgt * 0.75),
                (-0.04, -hgt * 0.6),
            ];
            canvas.fill(&xf.pts(&bottle), col, 0.9);
            canvas.fill(&xf.rect(-0.03, -hgt * 0.55, -0.015, -0.03), [1.0, 0.9, 0.7], 0.35);
            zz += rng.range(0.12, 0.22);
        }
        let (sa, sb) = (s.cam.p([wall_x, shelf, z0]), s.cam.p([wall_x, shelf, z1]));
        canvas.line(sa, sb, 2.0, hex(0x2a1a10), 1.0);
        canvas.fill_mode(&stroke_pts(&[sa, sb], 14.0, 2.0), style.amber, 0.12, Blend::Add);
    }
}

fn desk_lamp(s: &Scene, canvas: &mut Canvas, base: V3, style: &Style) {
    let xf = at(s, base);
    let brass = hex(0x8a6a30);
    canvas.fill(&xf.ellipse(0.0, 0.0, 0.09, 0.02), brass, 1.0);
    canvas.fill(
        &xf.pts(&stroke_pts(&[(0.0, 0.0), (0.0, -0.32)], 0.025, 0.02)),
        brass,
        1.0,
    );
    let shade = [(-0.17, -0.32), (0.17, -0.32), (0.15, -0.42), (-0.15, -0.42)];
    canvas.fill(&xf.pts(&shade), mix(hex(0x1a4a2a), style.accent, 0.35), 1.0);
    canvas.fill(
        &xf.pts(&[(-0.15, -0.32), (0.15, -0.32), (0.13, -0.36), (-0.13, -0.36)]),
        [0.5, 0.8, 0.6],
        0.35,
    );
    s.bulb(canvas, [base[0], base[1] + 0.3, base[2]], style.amber, 0.12, 0.6);
    let pool = s.cam.p([base[0] - 0.1, base[1], base[2]]);
    canvas.glow_ellipse(pool.0, pool.1, xf.s * 0.6, xf.s * 0.2, style.amber, 0.35);
}

pub(super) fn draw_fireplace(s: &Scene, canvas: &mut Canvas, x: f32, d: f32, style: &Style) {
    let stone = hex(0x4a4440);
    s.solid(canvas, [x - 0.9, 0.0, d - 0.35], [x - 0.55, 1.15, d], stone);
    s.solid(canvas, [x + 0.55, 0.0, d - 0.35], [x + 0.9, 1.15, d], stone);
    s.solid(canvas, [x - 1.0, 1.15, d - 0.42], [x + 1.0, 1.27, d], hex(0x3a2a1e));
    s.solid(canvas, [x - 0.55, 0.85, d - 0.3], [x + 0.55, 1.15, d], stone);
    let q = [
        s.cam.p([x - 0.55, 0.0, d - 0.3]),
        s.cam.p([x + 0.55, 0.0, d - 0.3]),
        s.cam.p([x + 0.55, 0.85, d - 0.3]),
        s.cam.p([x - 0.55, 0.85, d - 0.3]),
    ];
    canvas.fill(&q, hex(0x0a0604), 1.0);
    let (fx, fy) = s.cam.p([x, 0.15, d - 0.3]);
    let sc = s.cam.scale_at(d - 0.3);
    canvas.glow_ellipse(fx, fy, sc * 0.5, sc * 0.35, [1.0, 0.45, 0.1], 0.9);
    canvas.glow_ellipse(fx, fy + sc * 0.05, sc * 0.3, sc * 0.15, [1.0, 0.8, 0.4], 0.8);
    canvas.glow(fx, fy, sc * 2.2, [1.0, 0.4, 0.1], 0.15);
    let _ = style;
}

/// A potted plant with arching fronds and a few big leaves, in metres.
fn plant(canvas: &mut Canvas, xf: &Transform, size: f32, style: &Style, rng: &mut Rng) {
    let pot = [(-0.2, -0.45), (0.2, -0.45), (0.15, 0.0), (-0.15, 0.0)];
    canvas.fill(&xf.pts(&pot), hex(0x5a3020), 1.0);
    canvas.fill(&xf.rect(-0.22, -0.5, 0.22, -0.42), hex(0x6a3a28), 1.0);
    let leaf_dark = hex(0x0c1a10);
    let leaf_lit = mix(hex(0x2a4a30), style.moon, 0.2);
    let n = 7 + rng.below(5);
    for i in 0..n {
        let a = -std::f32::consts::FRAC_PI_2 + (i as f32 / (n - 1) as f32 - 0.5) * 2.6 + rng.range(-0.15, 0.15);
        let len = size * rng.range(0.6, 1.0);
        let tip = (a.cos() * len, -0.5 + a.sin() * len * 0.9 + len * 0.25);
        let ctrl = (a.cos() * len * 0.5, -0.5 + a.sin() * len * 1.1);
        let pts = bezier((0.0, -0.45), ctrl, ctrl, tip, 12);
        canvas.fill(&xf.pts(&stroke_pts(&pts, 0.05, 0.01)), leaf_dark, 1.0);
        for (k, p) in pts.iter().enumerate().skip(2).step_by(2) {
            let wdt = 0.13 * size * (1.0 - k as f32 / 13.0);
            let q = pts[(k + 1).min(pts.len() - 1)];
            let (dx, dy) = (q.0 - p.0, q.1 - p.1);
            let l = (dx * dx + dy * dy).sqrt().max(1e-4);
            let (nx, ny) = (-dy / l, dx / l);
            for sgn in [-1.0, 1.0] {
                let leaf = [
                    *p,
                    (p.0 + nx * wdt * sgn + dx * 1.5, p.1 + ny * wdt * sgn + dy * 1.5 + 0.03),
                    q,
                ];
                let col = if sgn > 0.0 { leaf_lit } else { leaf_dark };
                canvas.fill(&xf.pts(&leaf), col, 0.95);
            }
        }
    }
    if rng.chance(0.5) {
        for _ in 0..3 {
            let (bx, by) = (rng.range(-0.4, 0.4) * size, -0.5 - rng.range(0.3, 0.8) * size);
            canvas.fill(&xf.ellipse(bx, by, 0.05, 0.05), style.accent, 0.9);
        }
    }
}
