//! Two open-air places: a railway platform under a vaulted iron roof, and a rooftop terrace high
//! over the lit city.

use super::super::Style;
use super::super::canvas::{Blend, Canvas, Noise, Point, Rng, cell, ellipse_pts, hex, mix, scale, smoothstep};
use super::super::scene::{Cam, Lamp, Moon, Scene, V3, norm};
use super::furniture::{lit_at, silhouette};
use super::{BLACK, at, figure, lamp_post, sky};

/// A station platform at night: the vaulted iron roof on its ribs, a train waiting at the platform
/// with steam rising from the locomotive, a great clock and a departures board, lamps on the
/// platform and a lone traveller.
pub(super) fn platform(canvas: &mut Canvas, style: &Style, rng: &mut Rng) {
    let (w, h) = (canvas.wf(), canvas.hf());
    let eye = [rng.range(-2.2, -1.2), 1.65, 0.0];
    let cam = Cam {
        cx: w * rng.range(0.45, 0.58),
        cy: h * rng.range(0.42, 0.48),
        f: w * rng.range(0.5, 0.56),
        eye,
    };
    let track_x = 1.6;
    let lamps: Vec<Lamp> = (0..6)
        .map(|k| Lamp {
            pos: [-2.6, 4.2, 6.0 + k as f32 * 9.0],
            color: style.amber,
            power: 16.0,
            aim: Some(([0.0, -1.0, 0.0], 0.1)),
        })
        .collect();
    let scene = Scene {
        cam,
        lamps,
        moon: Some(Moon {
            dir: norm([0.3, -0.7, -0.6]),
            color: style.moon,
            power: 0.2,
            through: vec![],
            open_sky: true,
        }),
        ambient: scale(style.night, 0.55),
        fog: mix(style.dusk, style.amber, 0.15),
        fog_density: 0.03,
    };
    let s = &scene;
    let seed = rng.next_u64();
    // The far end of the shed: an arch of night sky.
    sky(canvas, style, rng, h * 0.62);
    roof(s, canvas, style);
    // Platform, its edge, and the trackbed below it.
    s.face(
        canvas,
        &[[-8.0, 0.0, 0.5], [0.0, 0.0, 0.5], [0.0, 0.0, 120.0], [-8.0, 0.0, 120.0]],
        |p, _| {
            let edge = p[0] > -0.35;
            let slab = cell(seed, (p[0] / 0.9).floor() as i32, (p[2] / 0.9).floor() as i32);
            let joint = (p[2] / 0.9).fract() < 0.04 || (p[0] / 0.9).fract() < 0.03;
            let col = if edge {
                hex(0xc8c0a8)
            } else if joint {
                hex(0x2a2826)
            } else {
                scale(hex(0x6a665e), 0.7 + 0.3 * slab)
            };
            (col, BLACK)
        },
    );
    s.face(
        canvas,
        &[[0.0, 0.0, 0.5], [0.0, -1.1, 0.5], [0.0, -1.1, 120.0], [0.0, 0.0, 120.0]],
        |_, _| (hex(0x2a2420), BLACK),
    );
    s.face(
        canvas,
        &[
            [0.0, -1.1, 0.5],
            [6.0, -1.1, 0.5],
            [6.0, -1.1, 120.0],
            [0.0, -1.1, 120.0],
        ],
        |p, _| {
            let rail = [track_x - 0.72, track_x + 0.72].iter().any(|r| (p[0] - r).abs() < 0.05);
            let sleeper = (p[2] / 0.7).fract() < 0.3 && (p[0] - track_x).abs() < 1.2;
            (
                if rail {
                    hex(0x9a9ca4)
                } else if sleeper {
                    hex(0x2a2018)
                } else {
                    hex(0x3a3430)
                },
                BLACK,
            )
        },
    );
    train(s, canvas, style, track_x, seed);
    // Lamps on the platform, a clock and a departures board hanging from the roof.
    for k in (0..6).rev() {
        lamp_post(s, canvas, [-2.6, 0.0, 6.0 + k as f32 * 9.0], 3.8, style.amber);
    }
    station_clock(s, canvas, [-1.5, 5.2, 14.0], style);
    departures_board(s, canvas, [-4.5, 4.2, 9.0], style);
    let traveller = at(s, [-1.0, 0.0, 7.5]);
    figure(canvas, &traveller, hex(0x08080a), scale(style.amber, 0.6), 1.0);
    let xf = at(s, [-0.2, 0.0, 7.4]);
    silhouette(
        s,
        canvas,
        &xf,
        &[(-0.2, 0.0), (0.2, 0.0), (0.2, -0.3), (-0.2, -0.3)],
        [-0.2, 0.2, 7.4],
        hex(0x4a3020),
    );
}

/// The shed roof: iron ribs arching over platform and track, glazing between them.
fn roof(s: &Scene, canvas: &mut Canvas, style: &Style) {
    let (span, rise, spring) = (9.0f32, 4.0f32, 6.0f32);
    let arch = |z: f32| -> Vec<Point> {
        (0..=24)
            .map(|i| {
                let a = i as f32 / 24.0 * std::f32::consts::PI;
                s.cam.p([-span * a.cos() + 0.5, spring + rise * a.sin(), z])
            })
            .collect()
    };
    // Glazing first, as bands between the ribs, faintly lit by the moon.
    let glass = mix(style.night, style.moon, 0.12);
    let mut z = 4.0;
    while z < 80.0 {
        let (near, far) = (arch(z), arch(z + 6.0));
        for i in 0..near.len() - 1 {
            let quad = [near[i], near[i + 1], far[i + 1], far[i]];
            let pane = if i % 3 == 0 { scale(glass, 0.6) } else { glass };
            canvas.fill(&quad, pane, 1.0);
        }
        z += 6.0;
    }
    let mut z = 80.0;
    while z >= 4.0 {
        let rib = arch(z);
        let width = s.cam.scale_at(z) * 0.25;
        canvas.stroke(&rib, width, hex(0x14161a), 1.0);
        canvas.stroke(&rib, width * 0.3, lit_at(s, [0.0, 6.0, z], hex(0x4a5058)), 0.8);
        for x in [-span + 0.5, span + 0.5] {
            let (a, b) = (s.cam.p([x, 0.0, z]), s.cam.p([x, spring, z]));
            canvas.line(a, b, width, hex(0x14161a), 1.0);
        }
        z -= 6.0;
    }
}

/// The train at the platform: carriages with lit windows, the locomotive ahead breathing steam.
fn train(s: &Scene, canvas: &mut Canvas, style: &Style, x: f32, seed: u64) {
    let (lo, hi) = (x - 1.4, x + 1.4);
    let loco_z = 34.0;
    let steam = Noise::new(seed, 40.0);
    let (sx, sy) = s.cam.p([x, 4.2, loco_z + 3.0]);
    let reach = s.cam.scale_at(loco_z) * 6.0;
    canvas.shade(
        sx - reach * 1.5,
        sy - reach * 1.6,
        sx + reach * 1.5,
        sy + reach * 0.3,
        Blend::Add,
        |px, py| {
            let d = (((px - sx) / reach).powi(2) + ((py - sy + reach * 0.6) / (reach * 0.9)).powi(2)).sqrt();
            let puff = steam.fbm(px, py * 1.3);
            (
                mix(style.moon, style.amber, 0.3),
                0.5 * smoothstep(1.0, 0.2, d) * smoothstep(0.35, 0.75, puff),
            )
        },
    );
    s.cuboid(canvas, [lo, -0.6, loco_z], [hi, 3.3, loco_z + 12.0], |p, n| {
        let boiler = n[0].abs() > 0.5 && p[1] > 1.2 && p[1] < 2.9;
        (if boiler { hex(0x1a1c20) } else { hex(0x101214) }, BLACK)
    });
    let (fx, fy) = s.cam.p([x, 2.4, loco_z]);
    canvas.glow(fx, fy, s.cam.scale_at(loco_z) * 0.6, hex(0xfff0c0), 0.8);
    let mut z = 4.0;
    let mut car = 0;
    while z + 15.0 < loco_z {
        s.cuboid(canvas, [lo, -0.6, z], [hi, 3.6, z + 14.6], move |p, n| {
            if n[0].abs() < 0.5 {
                return (hex(0x1a2a20), BLACK);
            }
            let (fu, fv) = (((p[2] - z) / 1.2).fract(), p[1]);
            let window = (0.15..0.85).contains(&fu) && (1.6..2.6).contains(&fv);
            let lit = cell(seed, car, ((p[2] - z) / 1.2) as i32) > 0.35;
            let band = (fv - 1.35).abs() < 0.05;
            if window {
                return (
                    BLACK,
                    if lit {
                        scale(mix(style.amber, [1.0; 3], 0.2), 0.9)
                    } else {
                        hex(0x0a0c10)
                    },
                );
            }
            (
                if band {
                    hex(0xa08a50)
                } else {
                    mix(hex(0x1e3a28), style.accent, 0.1)
                },
                BLACK,
            )
        });
        z += 15.0;
        car += 1;
    }
}

/// A great round clock hanging from the roof on a bracket.
fn station_clock(s: &Scene, canvas: &mut Canvas, pos: V3, style: &Style) {
    let (cx, cy) = s.cam.p(pos);
    let r = s.cam.scale_at(pos[2]) * 0.7;
    canvas.line(
        s.cam.p([pos[0], pos[1] + 0.7, pos[2]]),
        (cx, cy - r),
        r * 0.12,
        hex(0x14161a),
        1.0,
    );
    canvas.fill(&ellipse_pts(cx, cy, r * 1.12, r * 1.12, 0.0, 40), hex(0x14161a), 1.0);
    canvas.fill(
        &ellipse_pts(cx, cy, r, r, 0.0, 40),
        mix(hex(0xe8e0c8), style.amber, 0.2),
        1.0,
    );
    for k in 0..12 {
        let a = k as f32 / 12.0 * std::f32::consts::TAU;
        canvas.line(
            (cx + a.cos() * r * 0.78, cy + a.sin() * r * 0.78),
            (cx + a.cos() * r * 0.92, cy + a.sin() * r * 0.92),
            r * 0.05,
            hex(0x141414),
            1.0,
        );
    }
    canvas.line((cx, cy), (cx + r * 0.1, cy - r * 0.5), r * 0.07, hex(0x141414), 1.0);
    canvas.line((cx, cy), (cx + r * 0.7, cy + r * 0.15), r * 0.04, hex(0x141414), 1.0);
    canvas.glow(cx, cy, r * 2.5, style.amber, 0.2);
}

/// The departures board: rows of white slats on black, a few of them lit.
fn departures_board(s: &Scene, canvas: &mut Canvas, pos: V3, style: &Style) {
    let corner = |dx: f32, dy: f32| s.cam.p([pos[0] + dx, pos[1] + dy, pos[2]]);
    let panel = [
        corner(-1.4, -0.7),
        corner(1.4, -0.7),
        corner(1.4, 0.7),
        corner(-1.4, 0.7),
    ];
    canvas.fill(&panel, hex(0x0a0a0c), 1.0);
    for row in 0..6 {
        for col in 0..5 {
            let (x0, y0) = (-1.25 + col as f32 * 0.5, 0.5 - row as f32 * 0.22);
            let slat = [
                corner(x0, y0 - 0.08),
                corner(x0 + 0.42, y0 - 0.08),
                corner(x0 + 0.42, y0),
                corner(x0, y0),
            ];
            let lit = (row * 5 + col) % 3 != 1;
            canvas.fill(
                &slat,
                if lit {
                    mix(hex(0xe8e0c8), style.amber, 0.3)
                } else {
                    hex(0x2a2a2c)
                },
                1.0,
            );
        }
    }
    let (gx, gy) = s.cam.p(pos);
    canvas.glow(gx, gy, s.cam.scale_at(pos[2]) * 1.6, style.amber, 0.15);
}

/// A rooftop terrace: tiles, a low parapet, potted cypresses and wicker chairs, and beyond the
/// parapet the city spread out below, every window lit.
pub(super) fn rooftop(canvas: &mut Canvas, style: &Style, rng: &mut Rng) {
    let (w, h) = (canvas.wf(), canvas.hf());
    let eye = [rng.range(-0.6, 0.6), 1.6, 0.0];
    let cam = Cam {
        cx: w * rng.range(0.44, 0.56),
        cy: h * rng.range(0.4, 0.46),
        f: w * rng.range(0.52, 0.58),
        eye,
    };
    let lamp_x = rng.sign() * 2.2;
    let scene = Scene {
        cam,
        lamps: vec![Lamp {
            pos: [lamp_x, 2.2, 4.0],
            color: style.amber,
            power: 8.0,
            aim: None,
        }],
        moon: Some(Moon {
            dir: norm([rng.range(-0.5, 0.5), -0.5, -0.8]),
            color: style.moon,
            power: 0.35,
            through: vec![],
            open_sky: true,
        }),
        ambient: scale(style.night, 0.6),
        fog: mix(style.dusk, style.moon, 0.2),
        fog_density: 0.01,
    };
    let s = &scene;
    let seed = rng.next_u64();
    let horizon = s.cam.cy;
    sky(canvas, style, rng, horizon);
    city_below(canvas, style, horizon, seed, rng);
    let parapet_z = rng.range(6.5, 8.0);
    s.face(
        canvas,
        &[
            [-12.0, 0.0, 0.5],
            [12.0, 0.0, 0.5],
            [12.0, 0.0, parapet_z],
            [-12.0, 0.0, parapet_z],
        ],
        |p, _| {
            let joint = (p[0] / 0.5).fract() < 0.04 || (p[2] / 0.5).fract() < 0.04;
            let tile = scale(
                hex(0x7a4a32),
                0.7 + 0.3 * cell(seed, (p[0] / 0.5) as i32, (p[2] / 0.5) as i32),
            );
            (if joint { scale(tile, 0.5) } else { tile }, BLACK)
        },
    );
    s.cuboid(
        canvas,
        [-12.0, 0.0, parapet_z],
        [12.0, 0.95, parapet_z + 0.35],
        |p, n| {
            let coping = p[1] > 0.85 || n[1] > 0.5;
            (if coping { hex(0x8a8478) } else { hex(0x5a544c) }, BLACK)
        },
    );
    for sgn in [-1.0f32, 1.0] {
        let x = sgn * rng.range(2.6, 3.4);
        cypress(s, canvas, [x, 0.0, parapet_z - 0.6], rng);
    }
    wicker_chair(s, canvas, [lamp_x * 0.4 - 0.9, 0.0, 4.2], style);
    wicker_chair(s, canvas, [lamp_x * 0.4 + 0.9, 0.0, 4.6], style);
    s.solid(
        canvas,
        [lamp_x * 0.4 - 0.3, 0.0, 4.2],
        [lamp_x * 0.4 + 0.3, 0.6, 4.7],
        hex(0x2a2420),
    );
    s.bulb(canvas, [lamp_x, 2.2, 4.0], style.amber, 0.12, 1.0);
    let (lx, ly) = s.cam.p([lamp_x, 0.0, 4.0]);
    canvas.line(s.cam.p([lamp_x, 2.1, 4.0]), (lx, ly), 2.0, hex(0x101010), 1.0);
}

/// The city below the horizon: blocks of buildings in rows, lit windows, a glow of neon.
fn city_below(canvas: &mut Canvas, style: &Style, horizon: f32, seed: u64, rng: &mut Rng) {
    let (w, h) = (canvas.wf(), canvas.hf());
    canvas.shade(0.0, horizon, w, h, Blend::Over, |_, y| {
        (
            mix(
                scale(style.dusk, 0.5),
                scale(style.night, 0.4),
                ((y - horizon) / (h - horizon)).clamp(0.0, 1.0),
            ),
            1.0,
        )
    });
    for row in 0..5 {
        let depth = row as f32 / 4.0;
        let base = horizon + 6.0 + depth * (h - horizon) * 0.8;
        let size = 10.0 + depth * 40.0;
        let mut x = -rng.range(0.0, size);
        let mut k = 0;
        while x < w {
            let bw = size * rng.range(0.8, 2.0);
            let bh = size * rng.range(0.8, 3.5);
            let shade = mix(style.night, hex(0x000000), 0.3 + 0.1 * depth);
            canvas.fill(
                &[(x, base), (x + bw, base), (x + bw, base - bh), (x, base - bh)],
                shade,
                1.0,
            );
            let cols = (bw / (size * 0.25)).max(1.0) as i32;
            let rows = (bh / (size * 0.3)).max(1.0) as i32;
            for i in 0..cols {
                for j in 0..rows {
                    if cell(seed ^ row as u64, k * 97 + i, j) > 0.72 {
                        let (wx, wy) = (
                            x + (i as f32 + 0.5) * bw / cols as f32,
                            base - (j as f32 + 0.6) * bh / rows as f32,
                        );
                        canvas.glow(wx, wy, size * 0.09, style.amber, 0.7);
                    }
                }
            }
            if cell(seed, k, row) > 0.9 {
                canvas.glow(x + bw * 0.5, base - bh * 0.7, size * 0.6, style.accent, 0.35);
            }
            x += bw + size * 0.1;
            k += 1;
        }
    }
}

/// A potted cypress: a tall, narrow dark flame of foliage in a terracotta pot.
fn cypress(s: &Scene, canvas: &mut Canvas, base: V3, rng: &mut Rng) {
    let xf = at(s, base);
    let pot = [(-0.3, 0.0), (0.3, 0.0), (0.38, -0.6), (-0.38, -0.6)];
    silhouette(s, canvas, &xf, &pot, [base[0], 0.3, base[2]], hex(0x8a4a2a));
    let height = rng.range(2.2, 2.8);
    let mut crown = Vec::new();
    for i in 0..=20 {
        let t = i as f32 / 20.0;
        let r = 0.32 * (t * std::f32::consts::PI).sin().max(0.0).powf(0.7) * (1.0 + 0.08 * (t * 37.0).sin());
        crown.push((r, -0.6 - t * height));
    }
    let right = crown.clone();
    crown.extend(right.iter().rev().map(|&(x, y)| (-x * 0.95, y)));
    silhouette(s, canvas, &xf, &crown, [base[0], 1.5, base[2]], hex(0x1a2a1c));
}

/// A wicker armchair seen from the front: woven back and arms, a cushion.
fn wicker_chair(s: &Scene, canvas: &mut Canvas, base: V3, style: &Style) {
    let xf = at(s, base);
    let pos = [base[0], 0.6, base[2]];
    let back = [
        (-0.42, -0.4),
        (-0.45, -0.95),
        (-0.25, -1.15),
        (0.25, -1.15),
        (0.45, -0.95),
        (0.42, -0.4),
    ];
    let seat = [(-0.45, 0.0), (0.45, 0.0), (0.48, -0.45), (-0.48, -0.45)];
    let wicker = hex(0xa8885a);
    let lit = lit_at(s, pos, wicker);
    let (ox, oy, k) = (xf.ox, xf.oy, xf.s);
    for shape in [&back[..], &seat[..]] {
        canvas.fill_with(&xf.pts(shape), Blend::Over, |x, y| {
            let weave = (((x - ox) / k * 40.0).sin() * ((y - oy) / k * 40.0).sin()) > 0.0;
            (scale(lit, if weave { 1.0 } else { 0.7 }), 1.0)
        });
    }
    let cushion = xf.rect(-0.38, -0.5, 0.38, -0.4);
    canvas.fill(&cushion, lit_at(s, pos, mix(style.accent, hex(0xd8d0c0), 0.5)), 1.0);
}
