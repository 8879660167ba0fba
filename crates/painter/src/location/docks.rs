//! The docks: a pier over dark water, cargo and a lamp on it, the far shore with its cranes and a ship.

use super::super::Style;
use super::super::canvas::{Blend, Canvas, Noise, Point, Rgb, Rng, cell, hex, mix, scale};
use super::super::scene::{Cam, Lamp, Moon, Scene};
use super::{BLACK, Reflection, at, figure, lamp_post, norm3, rain, sky};

/// The pier and what stands on it, in metres: the deck's height, the pier's centre, half width
/// and length, the lamp's place on it; the horizon on screen, and the scene's seed.
#[derive(Debug, Clone, Copy)]
struct Pier {
    deck: f32,
    pier_x: f32,
    pier_w: f32,
    pier_len: f32,
    lamp_x: f32,
    lamp_z: f32,
    horizon: f32,
    seed: u64,
}

pub(super) fn docks(canvas: &mut Canvas, style: &Style, rng: &mut Rng) {
    let (w, h) = (canvas.wf(), canvas.hf());
    let deck = 1.2;
    let eye = [rng.range(-0.6, 0.6), deck + 1.6, 0.0];
    let cam = Cam {
        cx: w * rng.range(0.4, 0.6),
        cy: h * rng.range(0.42, 0.52),
        f: w * rng.range(0.5, 0.58),
        eye,
    };
    let seed = rng.next_u64();
    let pier_x = rng.range(-1.0, 1.0);
    let pier_w = rng.range(1.8, 2.6);
    let pier_len = rng.range(30.0, 60.0);
    let lamp_z = rng.range(8.0, 14.0);
    let lamp_x = pier_x + if rng.chance(0.5) { -pier_w + 0.3 } else { pier_w - 0.3 };
    let lamps = vec![Lamp {
        pos: [lamp_x, deck + 4.0, lamp_z],
        color: style.amber,
        power: 10.0,
        aim: Some(([0.0, -1.0, 0.0], 0.1)),
    }];
    let scene = Scene {
        cam,
        lamps,
        moon: Some(Moon {
            dir: norm3([rng.range(-0.5, 0.5), -0.5, -0.9]),
            color: style.moon,
            power: 0.3,
            through: vec![],
            open_sky: true,
        }),
        ambient: scale(style.night, 0.5),
        fog: mix(style.dusk, style.moon, 0.15),
        fog_density: 0.018,
    };
    let horizon = scene.cam.cy + scene.cam.f * eye[1] / 2000.0;
    let pier = Pier {
        deck,
        pier_x,
        pier_w,
        pier_len,
        lamp_x,
        lamp_z,
        horizon,
        seed,
    };
    sky(canvas, style, rng, horizon);
    far_shore(canvas, style, rng, &scene, &pier);
    harbour_water(canvas, style, rng, &scene, &pier);
    pier_deck(canvas, &scene, &pier);
    pier_cargo(canvas, rng, &scene, &pier);
    dock_lights(canvas, style, rng, &scene, &pier);
    canvas.glow_ellipse(w / 2.0, horizon, w * 0.8, h * 0.12, scene.fog, 0.25);
    if rng.chance(0.4) {
        rain(canvas, style, rng, 350);
    }
}

/// Across the water: a low line of warehouses with a few lights, cranes, perhaps a ship.
fn far_shore(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene, pier: &Pier) {
    let (w, h) = (canvas.wf(), canvas.hf());
    let eye = scene.cam.eye;
    let Pier { pier_x, horizon, .. } = *pier;
    // Far shore: a low line of warehouses with a few lights.
    let shore_y = horizon;
    let mut x = 0.0;
    while x < w {
        let bw = rng.range(20.0, 70.0);
        let bh = rng.range(4.0, 18.0);
        canvas.fill(
            &[
                (x, shore_y),
                (x + bw, shore_y),
                (x + bw, shore_y - bh),
                (x, shore_y - bh),
            ],
            mix(style.night, scene.fog, 0.5),
            1.0,
        );
        if rng.chance(0.4) {
            canvas.glow(x + bw * 0.5, shore_y - bh * 0.5, 6.0, style.amber, 0.5);
        }
        x += bw;
    }
    // Cranes against the sky.
    let cranes = 1 + rng.below(3);
    for k in 0..cranes {
        let bx = w * (0.15 + 0.7 * (k as f32 + rng.range(0.0, 0.8)) / cranes as f32);
        let sc = rng.range(0.7, 1.1);
        crane(
            canvas,
            bx,
            shore_y,
            sc * h * 0.3,
            rng.sign(),
            mix(style.night, BLACK, 0.5),
            style,
        );
    }
    // A ship moored across the water.
    if rng.chance(0.7) {
        let sx = if pier_x + eye[0] > 0.0 {
            w * rng.range(0.1, 0.3)
        } else {
            w * rng.range(0.6, 0.85)
        };
        ship(canvas, sx, shore_y + 6.0, rng.range(140.0, 220.0), style, rng);
    }
}

/// The water: dark, with broken reflections of the pier lamp and the moon.
fn harbour_water(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene, pier: &Pier) {
    let (w, h) = (canvas.wf(), canvas.hf());
    let Pier {
        pier_x,
        lamp_x,
        lamp_z,
        horizon,
        seed,
        ..
    } = *pier;
    // The water: dark, with broken reflections of every light.
    let ripple = Noise::new(seed, 11.0);
    let water_top = horizon;
    canvas.shade(0.0, water_top, w, h, Blend::Over, |x, y| {
        let t = ((y - water_top) / (h - water_top)).clamp(0.0, 1.0);
        let r = ripple.at(x * 0.25, y * 2.5);
        let col = mix(mix(style.dusk, scene.fog, 0.4), scale(style.night, 0.5), t.powf(0.5));
        (scale(col, 0.8 + 0.4 * r), 1.0)
    });
    let (lx, _) = scene.cam.p([lamp_x + (lamp_x - pier_x).signum() * 1.5, 0.0, lamp_z]);
    Reflection {
        x: lx,
        from_y: horizon + 30.0,
        to_y: h,
        width: 30.0,
        color: style.amber,
        strength: 0.3,
        seed: seed ^ 11,
    }
    .paint(canvas);
    let mx = w * rng.range(0.2, 0.8);
    Reflection {
        x: mx,
        from_y: horizon,
        to_y: h,
        width: 40.0,
        color: style.moon,
        strength: 0.25,
        seed: seed ^ 12,
    }
    .paint(canvas);
}

/// The pier itself: pilings, far to near, and the planked deck on them.
fn pier_deck(canvas: &mut Canvas, scene: &Scene, pier: &Pier) {
    let Pier {
        deck,
        pier_x,
        pier_w,
        pier_len,
        seed,
        ..
    } = *pier;
    // Pier: pilings, deck, crates, bollards.
    let pz0 = 0.5;
    let mut z = pier_len;
    while z > 1.0 {
        for sgn in [-1.0f32, 1.0] {
            let px = pier_x + sgn * pier_w;
            scene.solid(
                canvas,
                [px - 0.12, -2.0, z - 0.12],
                [px + 0.12, deck + 0.1, z + 0.12],
                hex(0x2a2018),
            );
        }
        z -= 3.0;
    }
    scene.cuboid(
        canvas,
        [pier_x - pier_w, deck - 0.25, pz0],
        [pier_x + pier_w, deck, pier_len],
        |p, n| {
            if n[1] > 0.5 {
                let plank = (p[2] / 0.22).floor() as i32;
                let gap = (p[2] / 0.22).fract() < 0.1;
                let col = scale(hex(0x4a3a2a), 0.6 + 0.5 * cell(seed, plank, 3));
                (if gap { scale(col, 0.25) } else { col }, BLACK)
            } else {
                (hex(0x2a2018), BLACK)
            }
        },
    );
}

/// Crates (some stacked) and bollards on the deck, far to near.
fn pier_cargo(canvas: &mut Canvas, rng: &mut Rng, scene: &Scene, pier: &Pier) {
    let Pier {
        deck,
        pier_x,
        pier_w,
        pier_len,
        ..
    } = *pier;
    let mut items: Vec<(f32, f32, u8)> = Vec::new();
    for _ in 0..3 + rng.below(3) {
        items.push((
            pier_x + rng.sign() * rng.range(0.4, pier_w - 0.5),
            rng.range(5.0, pier_len * 0.6),
            rng.below(3) as u8,
        ));
    }
    items.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal));
    for (x, z, kind) in items {
        match kind {
            0 | 1 => {
                let s = rng.range(0.6, 1.0);
                scene.cuboid(
                    canvas,
                    [x - s / 2.0, deck, z - s / 2.0],
                    [x + s / 2.0, deck + s, z + s / 2.0],
                    |p, n| {
                        let slat = if n[0].abs() > 0.5 {
                            (p[1] / 0.15).fract() < 0.12
                        } else {
                            (p[0] / 0.15).fract() < 0.12
                        };
                        (if slat { hex(0x2a1e12) } else { hex(0x6a5236) }, BLACK)
                    },
                );
                if kind == 1 {
                    let s2 = s * 0.7;
                    scene.solid(
                        canvas,
                        [x - s2 / 2.0, deck + s, z - s2 / 2.0],
                        [x + s2 / 2.0, deck + s + s2, z + s2 / 2.0],
                        hex(0x5a4630),
                    );
                }
            }
            _ => {
                let bx = pier_x + (x - pier_x).signum() * (pier_w - 0.25);
                let xf = at(scene, [bx, deck, z]);
                canvas.fill(&xf.rect(-0.12, -0.45, 0.12, 0.0), hex(0x141414), 1.0);
                canvas.fill(&xf.ellipse(0.0, -0.45, 0.17, 0.06), hex(0x1c1c1c), 1.0);
            }
        }
    }
}

/// The pier lamp and its cone, perhaps a figure under it, and a red-light buoy on the water.
fn dock_lights(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene, pier: &Pier) {
    let (w, h) = (canvas.wf(), canvas.hf());
    let Pier {
        deck,
        pier_x,
        lamp_x,
        lamp_z,
        horizon,
        seed,
        ..
    } = *pier;
    // The lamp and its reflection, the moon's track on the water.
    lamp_post(scene, canvas, [lamp_x, deck, lamp_z], 3.6, style.amber);
    scene.cone_to_floor(canvas, [lamp_x, deck + 4.0, lamp_z], 2.0, style.amber, 0.1);
    if rng.chance(0.5) {
        let xf = at(scene, [pier_x + rng.range(-0.5, 0.5), deck, rng.range(12.0, 20.0)]);
        figure(canvas, &xf, hex(0x060608), style.amber, 1.0);
    }
    // A red-light buoy in the accent colour.
    let (bx, by) = (w * rng.range(0.05, 0.95), horizon + rng.range(8.0, 30.0));
    canvas.glow(bx, by, 30.0, style.accent, 0.5);
    canvas.glow(bx, by, 5.0, mix(style.accent, [1.0; 3], 0.5), 1.0);
    Reflection {
        x: bx,
        from_y: by + 4.0,
        to_y: h * 0.95,
        width: 8.0,
        color: style.accent,
        strength: 0.4,
        seed: seed ^ 13,
    }
    .paint(canvas);
}

fn crane(canvas: &mut Canvas, x: f32, base: f32, height: f32, dir: f32, col: Rgb, style: &Style) {
    let lw = (height * 0.012).max(1.0);
    let tw = height * 0.08;
    let top = base - height;
    canvas.line((x - tw, base), (x - tw * 0.6, top), lw * 1.5, col, 1.0);
    canvas.line((x + tw, base), (x + tw * 0.6, top), lw * 1.5, col, 1.0);
    let n = 8;
    for i in 0..n {
        let (y0, y1) = (
            lerp(base, top, i as f32 / n as f32),
            lerp(base, top, (i + 1) as f32 / n as f32),
        );
        let (a0, a1) = (
            tw * (1.0 - 0.4 * i as f32 / n as f32),
            tw * (1.0 - 0.4 * (i + 1) as f32 / n as f32),
        );
        canvas.line((x - a0, y0), (x + a1, y1), lw, col, 1.0);
        canvas.line((x + a0, y0), (x - a1, y1), lw, col, 1.0);
    }
    // Jib and counter-jib.
    let jib = height * 0.9;
    let jy = top + height * 0.05;
    canvas.line(
        (x - dir * jib * 0.3, jy),
        (x + dir * jib, jy + height * 0.02),
        lw * 2.0,
        col,
        1.0,
    );
    canvas.line((x, top - height * 0.15), (x + dir * jib, jy), lw, col, 1.0);
    canvas.line((x, top - height * 0.15), (x - dir * jib * 0.3, jy), lw, col, 1.0);
    canvas.fill(
        &rect_around(x - dir * jib * 0.25, jy + height * 0.03, height * 0.05, height * 0.03),
        col,
        1.0,
    );
    let hook_x = x + dir * jib * 0.7;
    canvas.line((hook_x, jy), (hook_x, jy + height * 0.45), lw * 0.6, col, 1.0);
    canvas.glow(x, top - height * 0.15, 8.0, style.accent, 0.8);
    canvas.glow(x, top - height * 0.15, 2.5, [1.0; 3], 0.6);
}

fn lerp(a: f32, b: f32, t: f32) -> f32 {
    a + (b - a) * t
}

fn rect_around(x: f32, y: f32, hw: f32, hh: f32) -> Vec<Point> {
    vec![(x - hw, y - hh), (x + hw, y - hh), (x + hw, y + hh), (x - hw, y + hh)]
}

fn ship(canvas: &mut Canvas, x: f32, y: f32, len: f32, style: &Style, rng: &mut Rng) {
    let hull_col = hex(0x06070a);
    let hh = len * 0.16;
    let hull = [
        (x - len / 2.0, y - hh),
        (x + len / 2.0 + len * 0.08, y - hh * 1.3),
        (x + len / 2.0, y),
        (x - len / 2.0 + len * 0.04, y),
    ];
    canvas.fill(&hull, hull_col, 1.0);
    canvas.fill(
        &rect_around(x - len * 0.05, y - hh * 1.5, len * 0.2, hh * 0.5),
        hull_col,
        1.0,
    );
    canvas.fill(
        &rect_around(x - len * 0.08, y - hh * 2.2, len * 0.1, hh * 0.3),
        hull_col,
        1.0,
    );
    canvas.fill(
        &[
            (x + len * 0.05, y - hh * 1.9),
            (x + len * 0.12, y - hh * 1.9),
            (x + len * 0.11, y - hh * 3.0),
            (x + len * 0.06, y - hh * 3.0),
        ],
        hull_col,
        1.0,
    );
    canvas.fill(
        &rect_around(x + len * 0.085, y - hh * 2.85, len * 0.03, hh * 0.12),
        scale(style.accent, 0.6),
        1.0,
    );
    canvas.line(
        (x - len * 0.35, y - hh),
        (x - len * 0.35, y - hh * 4.0),
        1.5,
        hull_col,
        1.0,
    );
    canvas.line(
        (x + len * 0.35, y - hh * 1.2),
        (x + len * 0.35, y - hh * 3.6),
        1.5,
        hull_col,
        1.0,
    );
    for i in 0..9 {
        if rng.chance(0.55) {
            let px = x - len * 0.4 + i as f32 * len * 0.1;
            canvas.glow(px, y - hh * 0.55, 3.5, style.amber, 0.9);
            Reflection {
                x: px,
                from_y: y + 2.0,
                to_y: y + 40.0,
                width: 3.0,
                color: style.amber,
                strength: 0.4,
                seed: i as u64,
            }
            .paint(canvas);
        }
    }
    canvas.glow(x - len * 0.35, y - hh * 4.0, 3.0, [1.0, 0.9, 0.8], 0.9);
}
