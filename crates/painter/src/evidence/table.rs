//! The table under the spotlight: camera and lights, its top and the wall behind, things beside the object, the tag.

use super::super::Style;
use super::super::canvas::{
    Blend, Canvas, Noise, Point, Rgb, Rng, cell, ellipse_pts, hex, mix, mul, scale, smoothstep, stroke_pts,
};
use super::super::scene::{Aperture, Cam, Lamp, Moon, Scene, norm};
use super::{BLACK, ObjectKind, Place, SIZE, Spot, Table, paper_lines, stands_upright};

/// The camera, the spotlight (and perhaps moonlight through blinds) over the table, and where on
/// it the object sits.
pub(super) fn table_scene<'a>(style: &'a Style, rng: &mut Rng, kind: ObjectKind, index: usize) -> (Table<'a>, Spot) {
    let (w, h) = (SIZE.0 as f32, SIZE.1 as f32);
    // A camera close above the table, looking down at it: the table fills the frame (its
    // vanishing point is above the picture) and the object fills the middle.
    let eye = [0.0, rng.range(0.42, 0.48), 0.0];
    let cam = Cam {
        cx: w * rng.range(0.46, 0.54),
        cy: h * rng.range(-0.4, -0.3),
        f: w * rng.range(0.76, 0.8),
        eye,
    };
    // The object sits a little off centre (upright things further back, so they fit); the lamp
    // hangs to one side of it.
    let upright = stands_upright(kind);
    let ox = rng.range(-0.03, 0.03);
    let oz = rng.range(0.6, 0.66) - if upright { 0.03 } else { 0.0 };
    let side = if (index + (style.seed % 2) as usize).is_multiple_of(2) {
        -1.0
    } else {
        1.0
    };
    let light = [
        ox + side * rng.range(0.15, 0.3),
        rng.range(0.6, 0.8),
        oz + rng.range(0.05, 0.2),
    ];
    let aim = norm([ox - light[0], -light[1], oz - light[2]]);
    let blinds = rng.chance(0.5);
    let moon = blinds.then(|| {
        let ax = -side * 1.2;
        Moon {
            dir: norm([side * 1.0, -0.5, rng.range(-0.3, 0.3)]),
            color: mix(style.moon, style.accent, 0.3),
            power: 0.35,
            through: vec![Aperture {
                axis: 0,
                at: ax,
                u: (0.0, 3.0),
                v: (0.2, 1.6),
                slats: rng.range(0.04, 0.06),
                open: 0.5,
                panes: (1, 1),
                bar: 0.0,
            }],
            open_sky: false,
        }
    });
    let scene = Scene {
        cam,
        lamps: vec![
            Lamp {
                pos: light,
                color: mix(style.amber, [1.0, 0.95, 0.85], 0.3),
                power: 2.2,
                aim: Some((aim, 0.86)),
            },
            Lamp {
                pos: [-side * 1.0, 0.5, 1.6],
                color: style.dusk,
                power: 0.5,
                aim: None,
            },
        ],
        moon,
        ambient: scale(style.night, 0.6),
        fog: scale(style.night, 0.3),
        fog_density: 0.0,
    };
    (Table { s: scene, style, light }, Spot { ox, oz, side })
}

/// The wall behind and the table: turned a little, its far edge (and perhaps its near edge)
/// crossing the frame; the surface cycles through the case's slots.
pub(super) fn paint_table(t: &Table, canvas: &mut Canvas, rng: &mut Rng, seed: u64, index: usize) {
    let style = t.style;
    let light = t.light;
    let (w, h) = (SIZE.0 as f32, SIZE.1 as f32);
    // The wall behind, and the table: turned a little, its far edge (and perhaps its near edge)
    // crossing the frame.
    let far_edge = rng.range(1.6, 2.3);
    let wall = far_edge + rng.range(0.4, 1.2);
    let wall_col = *[hex(0x2a3038), hex(0x302824), hex(0x24302a), hex(0x2c2430)]
        .get(rng.below(4))
        .unwrap_or(&hex(0x2a3038));
    let turn = rng.range(-0.2, 0.2);
    let centre = 0.9;
    let tp = Place::new(0.0, centre, turn);
    // Only when the far edge is in the picture is there anything behind the table to paint.
    let far_y =
        t.s.cam
            .p(tp.to3(-0.6, far_edge - centre, 0.0))
            .1
            .max(t.s.cam.p(tp.to3(0.6, far_edge - centre, 0.0)).1);
    let behind = far_y > 0.0;
    if behind {
        t.s.face(
            canvas,
            &[
                [-4.0, -1.0, wall],
                [4.0, -1.0, wall],
                [4.0, 3.0, wall],
                [-4.0, 3.0, wall],
            ],
            |p, _| {
                let panel = ((p[0] * 2.0).fract() < 0.03) as i32 as f32;
                (scale(wall_col, 1.0 - panel * 0.4), BLACK)
            },
        );
        let (gx, gy) = t.s.cam.p([light[0], 0.4, wall]);
        canvas.glow_ellipse(gx, gy, w * 0.45, h * 0.25, mix(style.amber, style.dusk, 0.5), 0.12);
    }
    // Slots of a case cycle through the surfaces, so neighbours differ.
    let surface = ((style.seed % 5) as usize + index * 2) % 5;
    let grain = Noise::new(seed, 0.05);
    let near = rng.range(0.4, 0.44) - centre;
    let top = [
        (-2.0, near),
        (2.0, near),
        (2.0, far_edge - centre),
        (-2.0, far_edge - centre),
    ];
    let thick = 0.045;
    // The far edge's face is hidden; draw the table's body dropping away below the far edge first.
    let back = [
        tp.to3(-2.0, far_edge - centre, 0.0),
        tp.to3(2.0, far_edge - centre, 0.0),
        tp.to3(2.0, far_edge - centre, -1.0),
        tp.to3(-2.0, far_edge - centre, -1.0),
    ];
    if behind {
        t.s.face(canvas, &back, |_, _| (scale(wall_col, 0.3), BLACK));
    }
    t.flat(canvas, &tp, &top, 0.0, |u, v| {
        (table_look(surface, u, v, seed, &grain, style), BLACK)
    });
    // The near edge.
    let front = [
        tp.to3(-2.0, near, 0.0),
        tp.to3(2.0, near, 0.0),
        tp.to3(2.0, near, -thick),
        tp.to3(-2.0, near, -thick),
    ];
    t.s.face(canvas, &front, |p, _| {
        let (u, _) = tp.local(p);
        (scale(table_look(surface, u, near, seed, &grain, style), 0.5), BLACK)
    });
    let below = [
        t.s.cam.p(front[3]),
        t.s.cam.p(front[2]),
        (w + 2000.0, h + 2000.0),
        (-2000.0, h + 2000.0),
    ];
    canvas.fill(&below, scale(style.night, 0.15), 1.0);
}

fn table_look(kind: usize, u: f32, v: f32, seed: u64, grain: &Noise, style: &Style) -> Rgb {
    match kind {
        0 | 1 => {
            // Wood: long boards with wavy grain.
            let board = (v / 0.22).floor() as i32;
            let g = grain.at(u * 0.25, v * 6.0 + board as f32 * 3.0);
            let rings = ((u * 9.0 + g * 12.0).sin() * 0.5 + 0.5).powi(3);
            let seam = (v / 0.22).fract() < 0.02;
            let base = if kind == 0 { hex(0x6a4428) } else { hex(0x4a2e1c) };
            let col = scale(base, 0.75 + 0.35 * cell(seed, board, 0) - 0.2 * rings);
            if seam { scale(col, 0.3) } else { col }
        }
        2 => {
            // Green baize.
            let n = grain.at(u * 20.0, v * 20.0);
            scale(hex(0x1e4a30), 0.8 + 0.3 * n)
        }
        3 => {
            // A leather desk blotter on dark wood, gilt tooling round its edge.
            let inside = u.abs() < 0.55 && (-0.35..0.45).contains(&v);
            if inside {
                let edge = (0.55 - u.abs()).min((v + 0.35).min(0.45 - v));
                let n = grain.at(u * 30.0, v * 30.0);
                let leather = scale(mix(hex(0x3a1410), style.accent, 0.2), 0.8 + 0.25 * n);
                if (edge - 0.025).abs() < 0.004 {
                    hex(0x8a6a30)
                } else {
                    leather
                }
            } else {
                scale(hex(0x2a1810), 0.8 + 0.2 * grain.at(u * 0.3, v * 8.0))
            }
        }
        _ => {
            // Brushed steel: a laboratory bench or a morgue table.
            let brush = grain.at(u * 0.1, v * 40.0);
            scale(hex(0x6a7078), 0.6 + 0.3 * brush)
        }
    }
}

pub(super) fn dressing(t: &Table, canvas: &mut Canvas, rng: &mut Rng, ox: f32, oz: f32, side: f32) {
    match rng.below(4) {
        0 => {
            // An L-shaped photo scale with tick marks.
            let pl = Place::new(ox + side * 0.26, oz - 0.12, rng.range(-0.3, 0.3));
            let arm = [
                (0.0, 0.0),
                (0.3, 0.0),
                (0.3, 0.03),
                (0.03, 0.03),
                (0.03, 0.2),
                (0.0, 0.2),
            ];
            t.shadow(canvas, &pl, &arm, 0.002, 0.3);
            t.flat(canvas, &pl, &arm, 0.002, |u, v| {
                let along = if v < 0.03 { u } else { v };
                let across = if v < 0.03 { v } else { u };
                let major = (along / 0.05).fract() < 0.05 && across < 0.02;
                let minor = (along / 0.01).fract() < 0.15 && across < 0.01;
                let band = ((along / 0.05).floor() as i32 % 2 == 0) && across > 0.024;
                let col = if major || minor || band {
                    hex(0x141414)
                } else {
                    hex(0xc8c4b8)
                };
                (col, BLACK)
            });
        }
        1 => {
            // A pencil.
            let pl = Place::new(
                ox + side * rng.range(0.24, 0.32),
                oz + rng.range(-0.12, 0.1),
                rng.range(-1.2, 1.2),
            );
            let body = [
                (-0.08, -0.004),
                (0.07, -0.004),
                (0.085, 0.0),
                (0.07, 0.004),
                (-0.08, 0.004),
            ];
            t.shadow(canvas, &pl, &body, 0.004, 0.4);
            t.flat(canvas, &pl, &body, 0.004, |u, v| {
                let col = if u > 0.078 {
                    hex(0x202020)
                } else if u > 0.07 {
                    hex(0xd0b080)
                } else if u < -0.07 {
                    hex(0xb06060)
                } else {
                    mix(hex(0x6a5a20), hex(0xc8a838), (v / 0.004).abs())
                };
                (col, BLACK)
            });
        }
        2 => {
            // A magnifying glass.
            let pl = Place::new(
                ox + side * rng.range(0.26, 0.32),
                oz + rng.range(-0.05, 0.15),
                rng.range(-0.6, 0.6),
            );
            let rim = ellipse_pts(0.0, 0.0, 0.05, 0.05, 0.0, 40);
            let lens = ellipse_pts(0.0, 0.0, 0.043, 0.043, 0.0, 40);
            let handle = [(0.048, -0.006), (0.13, -0.008), (0.13, 0.008), (0.048, 0.006)];
            t.shadow(canvas, &pl, &rim, 0.01, 0.35);
            t.flat(canvas, &pl, &handle, 0.008, |_, _| (hex(0x1a1210), BLACK));
            t.flat_holed(canvas, &pl, &rim, &[&lens], 0.01, |_, _| (hex(0x8a7040), BLACK));
            let lp = pl.path(&lens, 0.01);
            let pts: Vec<Point> = lp.iter().map(|&p| t.s.cam.p(p)).collect();
            let (cx, cy) = t.s.cam.p(pl.to3(0.0, 0.0, 0.01));
            canvas.fill_with(&pts, Blend::Add, |x, y| {
                let d = ((x - cx - 8.0).powi(2) + (y - cy + 6.0).powi(2)).sqrt();
                ([0.7, 0.8, 0.9], 0.25 * smoothstep(30.0, 0.0, d) + 0.04)
            });
        }
        _ => {
            // A second sheet of paper, a case file underneath.
            let pl = Place::new(ox + side * 0.3, oz + 0.12, rng.range(-0.4, 0.4));
            let folder = [
                (-0.16, -0.11),
                (0.16, -0.11),
                (0.16, 0.11),
                (0.02, 0.11),
                (0.0, 0.125),
                (-0.16, 0.125),
            ];
            t.shadow(canvas, &pl, &folder, 0.003, 0.3);
            t.flat(canvas, &pl, &folder, 0.003, |_, _| (hex(0x9a8458), BLACK));
            let sheet = [(-0.14, -0.1), (0.12, -0.1), (0.12, 0.09), (-0.14, 0.09)];
            t.flat(canvas, &pl.then(0.01, -0.01, 0.05), &sheet, 0.004, |u, v| {
                (paper_lines(u, v, 0.015, hex(0xd8d2c4)), BLACK)
            });
        }
    }
}

/// The evidence tag: a manila card with a reinforced hole, a coloured band and ruled marks (no
/// writing), tied to the object with a string that lies on the table.
pub(super) fn tag(t: &Table, canvas: &mut Canvas, pl: &Place, tie: (f32, f32), rng: &mut Rng) {
    let style = t.style;
    let side = -t.key_side(pl.x);
    let tpl = Place::new(
        pl.x + side * rng.range(0.2, 0.26),
        pl.z - rng.range(0.05, 0.1),
        rng.range(-0.6, 0.6),
    );
    let (hw, hh) = (0.075, 0.042);
    let card = [
        (-hw + 0.015, -hh),
        (hw, -hh),
        (hw, hh),
        (-hw + 0.015, hh),
        (-hw, hh - 0.015),
        (-hw, -hh + 0.015),
    ];
    t.shadow(canvas, &tpl, &card, 0.004, 0.5);
    let hole_c = (-hw + 0.014, 0.0);
    let hole = ellipse_pts(hole_c.0, hole_c.1, 0.0045, 0.0045, 0.0, 16);
    let accent = style.accent;
    let marks = rng.next_u64();
    t.flat_holed(canvas, &tpl, &card, &[&hole], 0.003, move |u, v| {
        let manila = hex(0xd2b880);
        let r = ((u - hole_c.0).powi(2) + (v - hole_c.1).powi(2)).sqrt();
        if r < 0.009 {
            return (hex(0xb89a60), BLACK);
        }
        if u > hw - 0.02 {
            return (mix(accent, hex(0x300808), 0.2), BLACK);
        }
        // Ruled lines with tick marks and dashes on them: a filled-in form, unreadable.
        let row = ((v + hh) / 0.016).floor() as i32;
        let fr = ((v + hh) / 0.016).fract();
        let rule = fr < 0.08 && u > -hw + 0.03 && row > 0;
        let tick = fr > 0.25 && fr < 0.75 && u > -hw + 0.032 && u < hw - 0.03 && row > 0 && row < 5 && {
            let k = ((u + hw) / 0.0045).floor() as i32;
            cell(marks, k, row) < 0.55 && ((u + hw) / 0.0045).fract() < 0.45
        };
        let col = if tick {
            hex(0x1a1a30)
        } else if rule {
            hex(0x8a7050)
        } else {
            manila
        };
        (col, BLACK)
    });
    // The string.
    let a = tpl.to3(hole_c.0, hole_c.1, 0.003);
    let b = pl.to3(tie.0, tie.1, 0.004);
    let mid = [
        (a[0] + b[0]) / 2.0 + rng.range(-0.06, 0.06),
        0.002,
        (a[2] + b[2]) / 2.0 - rng.range(0.0, 0.08),
    ];
    let pts: Vec<Point> = (0..=20)
        .map(|i| {
            let k = i as f32 / 20.0;
            let u = 1.0 - k;
            let p = [
                u * u * a[0] + 2.0 * u * k * mid[0] + k * k * b[0],
                0.002,
                u * u * a[2] + 2.0 * u * k * mid[2] + k * k * b[2],
            ];
            t.s.cam.p(p)
        })
        .collect();
    let shadow: Vec<Point> = pts.iter().map(|p| (p.0 + 2.0, p.1 + 2.0)).collect();
    canvas.fill_mode(&stroke_pts(&shadow, 2.5, 2.5), [0.0; 3], 0.35, Blend::Multiply);
    canvas.fill(
        &stroke_pts(&pts, 1.8, 1.8),
        mul(hex(0xd8ccb0), t.s.light([b[0], 0.0, b[2]], [0.0, 1.0, 0.0])),
        1.0,
    );
}
