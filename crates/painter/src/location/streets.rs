//! Streets and alleys: wet ground, lit facades, fire escapes, a neon sign and lamp posts in the rain.

use super::super::Style;
use super::super::canvas::{Blend, Canvas, Point, Rgb, Rng, Transform, add, cell, hex, mix, scale, stroke_pts};
use super::super::scene::{Cam, Lamp, Moon, Scene, V3};
use super::{BLACK, Reflection, at, figure, lamp_post, norm3, rain, sky};

pub(super) fn street(canvas: &mut Canvas, style: &Style, rng: &mut Rng, alley: bool) {
    let (w, h) = (canvas.wf(), canvas.hf());
    let rw = if alley {
        rng.range(1.6, 2.4)
    } else {
        rng.range(3.5, 5.0)
    };
    let sw = if alley { rw } else { rw + rng.range(2.0, 3.0) };
    let eye = [rng.range(-rw * 0.6, rw * 0.6), rng.range(1.5, 1.9), 0.0];
    let cam = Cam {
        cx: w * rng.range(0.4, 0.6),
        cy: h * rng.range(0.44, 0.54),
        f: w * rng.range(0.5, 0.6),
        eye,
    };
    let far = if alley { rng.range(30.0, 45.0) } else { 140.0 };
    let seed = rng.next_u64();
    // Street lamps, a neon sign, and the light at the alley's end.
    let mut lamps = Vec::new();
    let spacing = rng.range(11.0, 18.0);
    let mut posts: Vec<V3> = Vec::new();
    let lamp_side = if rng.chance(0.5) { -1.0 } else { 1.0 };
    if alley {
        let z = rng.range(7.0, 14.0);
        posts.push([lamp_side * (sw - 0.05), 3.4, z]);
    } else {
        let mut z = rng.range(5.0, 9.0);
        while z < 80.0 {
            posts.push([lamp_side * (rw + 0.6), 4.4, z]);
            if rng.chance(0.35) {
                posts.push([-lamp_side * (rw + 0.6), 4.4, z + spacing / 2.0]);
            }
            z += spacing;
        }
    }
    for p in &posts {
        lamps.push(Lamp {
            pos: *p,
            color: style.amber,
            power: 14.0,
            aim: Some(([0.0, -1.0, 0.0], 0.15)),
        });
    }
    let neon_z = rng.range(9.0, 22.0);
    let neon_side = -lamp_side;
    let neon_pos = [neon_side * (sw - 0.8), 4.5, neon_z];
    lamps.push(Lamp {
        pos: neon_pos,
        color: style.accent,
        power: 9.0,
        aim: None,
    });
    let scene = Scene {
        cam,
        lamps,
        moon: Some(Moon {
            dir: norm3([rng.range(-0.6, 0.6), -0.6, -0.8]),
            color: style.moon,
            power: 0.25,
            through: vec![],
            open_sky: true,
        }),
        ambient: scale(style.night, 0.5),
        fog: mix(style.dusk, style.amber, 0.08),
        fog_density: if alley { 0.03 } else { rng.range(0.012, 0.02) },
    };
    sky(canvas, style, rng, scene.cam.cy + 5.0);

    let layout = StreetLayout {
        alley,
        road: rw,
        walls: sw,
        far,
        seed,
    };
    // The far end: a skyline, or the bright street across the alley's mouth.
    street_far_end(canvas, style, rng, &scene, &layout);
    // Ground: road and pavements.
    street_ground(canvas, &scene, &layout);
    // Buildings, far to near on each side.
    street_buildings(canvas, style, rng, &scene, &layout);
    // Props: bins and crates in an alley, a parked car's shadow on a street.
    if alley {
        alley_clutter(canvas, style, rng, &scene, &layout);
    }
    // The neon sign: a blade sticking out of the wall, glowing in the accent colour.
    neon_sign(canvas, style, &scene, &layout, neon_side, neon_z);
    // Lamp posts and their pools on the wet ground.
    street_lamp_posts(canvas, style, &scene, &layout, &mut posts);
    // Someone waiting under the light.
    if rng.chance(0.6) {
        let p = posts[rng.below(posts.len())];
        let pz = p[2] + rng.range(-1.0, 1.0);
        let px = if alley {
            p[0] - p[0].signum() * 0.6
        } else {
            p[0] - p[0].signum() * 0.5
        };
        let base = [px, if alley { 0.0 } else { 0.15 }, pz.max(4.0)];
        let xf = at(&scene, base);
        canvas.shadow(xf.ox, xf.oy, xf.s * 0.5, xf.s * 0.12, 0.7);
        figure(canvas, &xf, hex(0x060608), style.amber, -p[0].signum());
    }
    // Fog on the ground, rain in the air.
    canvas.glow_ellipse(scene.cam.cx, scene.cam.cy + 10.0, w * 0.7, h * 0.2, scene.fog, 0.22);
    if rng.chance(0.7) {
        rain(canvas, style, rng, 500);
    }
}

/// The shape of a street or an alley: half the width of the road and of the gap between the walls,
/// how far it runs, and the seed for its windows and paving.
#[derive(Debug, Clone, Copy)]
struct StreetLayout {
    alley: bool,
    road: f32,
    walls: f32,
    far: f32,
    seed: u64,
}

/// The far end: a skyline of lit windows, or the bright street across the alley's mouth.
fn street_far_end(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene, layout: &StreetLayout) {
    let StreetLayout {
        alley,
        road: rw,
        far,
        seed,
        ..
    } = *layout;
    let w = canvas.wf();
    if alley {
        let end = [
            scene.cam.p([-rw, 0.0, far]),
            scene.cam.p([rw, 0.0, far]),
            scene.cam.p([rw, 4.5, far]),
            scene.cam.p([-rw, 4.5, far]),
        ];
        let glowc = mix(style.amber, style.fog_light(), 0.5);
        let (top, bottom) = (end[2].1, end[0].1);
        canvas.fill_with(&end, Blend::Over, |_, y| {
            (scale(glowc, 0.5 + 0.5 * ((y - top) / (bottom - top).max(1.0))), 1.0)
        });
        let (ex, ey) = scene.cam.p([0.0, 1.5, far]);
        canvas.glow(ex, ey, w * 0.35, glowc, 0.35);
    } else {
        let mut x = -60.0;
        while x < 60.0 {
            let bw = rng.range(6.0, 16.0);
            let bh = rng.range(10.0, 45.0);
            let zz = far + rng.range(0.0, 40.0);
            let col = scale(style.night, 0.9);
            let q = [
                scene.cam.p([x, 0.0, zz]),
                scene.cam.p([x + bw, 0.0, zz]),
                scene.cam.p([x + bw, bh, zz]),
                scene.cam.p([x, bh, zz]),
            ];
            let fogc = scene.fog;
            canvas.fill_with(&q, Blend::Over, |px, py| {
                let lit = cell(seed, (px / 3.0) as i32, (py / 4.0) as i32) < 0.06 && (py as i32 % 4 > 1);
                (
                    if lit {
                        mix(style.amber, fogc, 0.5)
                    } else {
                        mix(col, fogc, 0.55)
                    },
                    1.0,
                )
            });
            x += bw + rng.range(0.0, 3.0);
        }
    }
}

/// Ground: the road (cobbles in an alley, tram lines on a street) and the pavements with their kerbs.
fn street_ground(canvas: &mut Canvas, scene: &Scene, layout: &StreetLayout) {
    let StreetLayout {
        alley,
        road: rw,
        walls: sw,
        far,
        seed,
        ..
    } = *layout;
    let road_mat = |p: V3, _n: V3| -> (Rgb, Rgb) {
        if alley {
            let (i, j) = ((p[0] / 0.22).floor() as i32, (p[2] / 0.16).floor() as i32);
            let joint = (p[0] / 0.22).fract() < 0.12 || (p[2] / 0.16).fract() < 0.15;
            let col = scale(hex(0x3a3a40), 0.5 + 0.5 * cell(seed, i, j));
            (if joint { scale(col, 0.3) } else { col }, BLACK)
        } else {
            let tram = ((p[0] - 0.9).abs() < 0.04 || (p[0] + 0.9).abs() < 0.04) as i32 as f32;
            (
                add(
                    scale(
                        hex(0x202226),
                        0.8 + 0.4 * cell(seed, (p[0] * 2.0) as i32, (p[2] * 2.0) as i32),
                    ),
                    scale(hex(0x303030), tram),
                ),
                BLACK,
            )
        }
    };
    scene.face(
        canvas,
        &[
            [-sw - 1.0, 0.0, 0.5],
            [sw + 1.0, 0.0, 0.5],
            [sw + 1.0, 0.0, far],
            [-sw - 1.0, 0.0, far],
        ],
        road_mat,
    );
    if !alley {
        for sgn in [-1.0f32, 1.0] {
            let (a, b) = (sgn * rw, sgn * sw);
            let (lo, hi) = (a.min(b), a.max(b));
            scene.face(
                canvas,
                &[[lo, 0.15, 0.5], [hi, 0.15, 0.5], [hi, 0.15, far], [lo, 0.15, far]],
                |p, _| {
                    let slab = (p[2] / 1.2).fract() < 0.03 || ((p[0] - lo) / 1.1).fract() < 0.03;
                    (if slab { hex(0x1a1a1c) } else { hex(0x4a4a50) }, BLACK)
                },
            );
            scene.face(
                canvas,
                &[[a, 0.0, 0.5], [a, 0.15, 0.5], [a, 0.15, far], [a, 0.0, far]],
                |_, _| (hex(0x5a5a60), BLACK),
            );
        }
    }
}

/// Buildings, far to near on each side, and fire escapes against the walls of an alley.
fn street_buildings(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene, layout: &StreetLayout) {
    let StreetLayout {
        alley, walls: sw, far, ..
    } = *layout;
    for sgn in [-1.0f32, 1.0] {
        let mut blocks = Vec::new();
        let mut z = 0.5;
        while z < far {
            let len = if alley { far } else { rng.range(7.0, 16.0) };
            let hgt = if alley {
                rng.range(12.0, 20.0)
            } else {
                rng.range(9.0, 26.0)
            };
            let palette = [
                hex(0x4a3028),
                hex(0x3a3a40),
                hex(0x504840),
                hex(0x2e2a30),
                hex(0x5a4030),
            ];
            blocks.push((
                z,
                (z + len).min(far),
                hgt,
                palette[rng.below(palette.len())],
                rng.next_u64(),
            ));
            z += len;
        }
        for (i, &(z0, z1, hgt, col, bseed)) in blocks.iter().enumerate().rev() {
            let x = sgn * sw;
            // Step face where this block rises above the nearer one.
            let nearer_h = if i > 0 { blocks[i - 1].2 } else { 0.0 };
            if hgt > nearer_h && i > 0 {
                scene.face(
                    canvas,
                    &[
                        [x, nearer_h, z0],
                        [x + sgn * 10.0, nearer_h, z0],
                        [x + sgn * 10.0, hgt, z0],
                        [x, hgt, z0],
                    ],
                    |_, _| (scale(col, 0.6), BLACK),
                );
            }
            let lit_p = if alley { 0.12 } else { 0.22 };
            scene.face(
                canvas,
                &[[x, 0.0, z0], [x, 0.0, z1], [x, hgt, z1], [x, hgt, z0]],
                |p, _| {
                    let front = Facade {
                        len: z1 - z0,
                        hgt,
                        col,
                        seed: bseed,
                        lit_p,
                        alley,
                    };
                    facade(p[2] - z0, p[1], &front, style)
                },
            );
        }
        if alley {
            // Fire escapes: landings and zigzag stairs against the walls.
            let x = sgn * (sw - 0.9);
            let zc = rng.range(6.0, 16.0);
            let iron = hex(0x0a0a0c);
            for k in 0..4 {
                let y = 3.5 + k as f32 * 3.0;
                let a = scene.cam.p([x, y, zc - 1.5]);
                let b = scene.cam.p([x, y, zc + 1.5]);
                let s0 = scene.cam.scale_at(zc);
                canvas.line(a, b, s0 * 0.08, iron, 1.0);
                let ra = scene.cam.p([x, y + 0.9, zc - 1.5]);
                let rb = scene.cam.p([x, y + 0.9, zc + 1.5]);
                canvas.line(ra, rb, s0 * 0.03, iron, 1.0);
                for j in 0..7 {
                    let zz = zc - 1.5 + j as f32 * 0.5;
                    canvas.line(
                        scene.cam.p([x, y, zz]),
                        scene.cam.p([x, y + 0.9, zz]),
                        s0 * 0.02,
                        iron,
                        1.0,
                    );
                }
                if k < 3 {
                    let s1 = scene.cam.p([x, y, zc + 1.3]);
                    let s2 = scene.cam.p([x, y + 3.0, zc - 1.3]);
                    canvas.line(s1, s2, s0 * 0.06, iron, 1.0);
                }
            }
        }
    }
}

/// Bins and crates along the walls of an alley, and steam rising from a grate.
fn alley_clutter(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene, layout: &StreetLayout) {
    let StreetLayout { road: rw, .. } = *layout;
    for _ in 0..2 + rng.below(3) {
        let x = if rng.chance(0.5) { -rw + 0.45 } else { rw - 0.45 };
        let z = rng.range(4.0, 18.0);
        scene.cuboid(
            canvas,
            [x - 0.3, 0.0, z - 0.3],
            [x + 0.3, rng.range(0.5, 1.0), z + 0.3],
            |p, _| {
                let rib = (p[1] * 8.0).fract() < 0.15;
                (if rib { hex(0x202428) } else { hex(0x3a4048) }, BLACK)
            },
        );
    }
    // Steam from a grate.
    let (sx, sy) = scene.cam.p([rng.range(-0.8, 0.8), 0.2, rng.range(8.0, 14.0)]);
    let sc = scene.cam.scale_at(10.0);
    for k in 0..5 {
        canvas.glow_ellipse(
            sx + k as f32 * sc * 0.1,
            sy - k as f32 * sc * 0.5,
            sc * (0.5 + k as f32 * 0.25),
            sc * 0.6,
            style.moon,
            0.1,
        );
    }
}

/// The neon sign: a blade sticking out of the wall, a star and a border glowing in the accent colour.
fn neon_sign(canvas: &mut Canvas, style: &Style, scene: &Scene, layout: &StreetLayout, neon_side: f32, neon_z: f32) {
    let StreetLayout { walls: sw, seed, .. } = *layout;
    let h = canvas.hf();
    let (x0, x1) = (neon_side * (sw - 0.05), neon_side * (sw - 1.3));
    let q = [
        scene.cam.p([x0, 3.6, neon_z]),
        scene.cam.p([x1, 3.6, neon_z]),
        scene.cam.p([x1, 5.6, neon_z]),
        scene.cam.p([x0, 5.6, neon_z]),
    ];
    canvas.fill(&q, hex(0x0c0c10), 1.0);
    let inner = [
        scene.cam.p([x0 - neon_side * 0.15, 3.8, neon_z]),
        scene.cam.p([x1 + neon_side * 0.15, 3.8, neon_z]),
        scene.cam.p([x1 + neon_side * 0.15, 5.4, neon_z]),
        scene.cam.p([x0 - neon_side * 0.15, 5.4, neon_z]),
    ];
    let mut ring = inner.to_vec();
    ring.push(inner[0]);
    let sc = scene.cam.scale_at(neon_z);
    canvas.fill(
        &stroke_pts(&ring, sc * 0.08, sc * 0.08),
        mix(style.accent, [1.0; 3], 0.5),
        1.0,
    );
    // Not letters: a star and bars.
    let (mx, my) = scene.cam.p([(x0 + x1) / 2.0, 4.6, neon_z]);
    let star: Vec<Point> = (0..10)
        .map(|i| {
            let a = i as f32 * std::f32::consts::PI / 5.0 - std::f32::consts::FRAC_PI_2;
            let r = if i % 2 == 0 { sc * 0.4 } else { sc * 0.17 };
            (mx + a.cos() * r, my + a.sin() * r)
        })
        .collect();
    canvas.fill(&star, mix(style.accent, [1.0; 3], 0.6), 1.0);
    canvas.glow(mx, my, sc * 3.5, style.accent, 0.45);
    canvas.glow(mx, my, sc * 1.2, style.accent, 0.5);
    let floor = scene.cam.p([(x0 + x1) / 2.0, 0.0, neon_z]);
    Reflection {
        x: floor.0,
        from_y: floor.1,
        to_y: h,
        width: sc * 0.8,
        color: style.accent,
        strength: 0.5,
        seed: seed ^ 5,
    }
    .paint(canvas);
}

/// Lamp posts (or caged bulbs over alley doors), far to near, and their pools on the wet ground.
fn street_lamp_posts(canvas: &mut Canvas, style: &Style, scene: &Scene, layout: &StreetLayout, posts: &mut [V3]) {
    let StreetLayout { alley, seed, .. } = *layout;
    let h = canvas.hf();
    posts.sort_by(|a, b| b[2].partial_cmp(&a[2]).unwrap_or(std::cmp::Ordering::Equal));
    for p in posts.iter() {
        if alley {
            // A caged bulb over a door.
            let (bx, by) = scene.cam.p(*p);
            let sc = scene.cam.scale_at(p[2]);
            canvas.fill(
                &Transform::new(bx, by, sc, 0.0).pts(&[(-0.25, -0.05), (0.25, -0.05), (0.18, 0.1), (-0.18, 0.1)]),
                hex(0x101010),
                1.0,
            );
            scene.bulb(canvas, [p[0], p[1] - 0.15, p[2]], style.amber, 0.12, 1.0);
            scene.cone_to_floor(canvas, [p[0], p[1] - 0.1, p[2]], 1.8, style.amber, 0.18);
        } else {
            lamp_post(scene, canvas, [p[0], 0.15, p[2]], p[1] - 0.4, style.amber);
            scene.cone_to_floor(canvas, [p[0], p[1], p[2]], 2.2, style.amber, 0.1);
        }
        let (gx, gy) = scene.cam.p([p[0], 0.0, p[2]]);
        Reflection {
            x: gx,
            from_y: gy,
            to_y: h,
            width: scene.cam.scale_at(p[2]) * 0.5,
            color: style.amber,
            strength: 0.55,
            seed: seed ^ p[2].to_bits() as u64,
        }
        .paint(canvas);
    }
}

impl Style {
    fn fog_light(&self) -> Rgb {
        mix(self.moon, [1.0, 0.95, 0.85], 0.3)
    }
}

/// A building front along the street: its length and height, its brick colour, how many of its
/// windows are lit, and whether it stands in an alley (no shopfront then).
#[derive(Debug, Clone, Copy)]
struct Facade {
    len: f32,
    hgt: f32,
    col: Rgb,
    seed: u64,
    lit_p: f32,
    alley: bool,
}

/// A building front: storeys of windows (some lit), a shopfront at street level.
fn facade(u: f32, v: f32, front: &Facade, style: &Style) -> (Rgb, Rgb) {
    let Facade {
        len,
        hgt,
        col,
        seed,
        lit_p,
        alley,
    } = *front;
    let brick = {
        let row = (v / 0.08).floor() as i32;
        let bu = u + if row % 2 == 0 { 0.0 } else { 0.11 };
        let joint = (v / 0.08).fract() < 0.15 || (bu / 0.22).fract() < 0.06;
        let base = scale(col, 0.85 + 0.3 * cell(seed, (bu / 0.22) as i32, row));
        if joint { scale(base, 0.6) } else { base }
    };
    if v > hgt - 0.6 {
        // Cornice.
        return (scale(col, if v > hgt - 0.3 { 1.3 } else { 0.5 }), BLACK);
    }
    if !alley && v < 3.2 {
        // Shopfront: a big window, sometimes lit, and an awning line.
        let bay = (u / 5.0).floor() as i32;
        let lu = u - bay as f32 * 5.0;
        let lit = cell(seed, bay, -1) < 0.45;
        if (0.5..4.0).contains(&lu) && (0.6..2.6).contains(&v) {
            let mullion = ((lu - 0.5) / 1.166).fract() < 0.04;
            if mullion {
                return (hex(0x101010), BLACK);
            }
            return if lit {
                (BLACK, scale(style.amber, 0.75 + 0.2 * (v / 2.6)))
            } else {
                (hex(0x080a10), scale(style.night, 0.3))
            };
        }
        if v > 2.7 {
            return (scale(col, 0.45), BLACK);
        }
        return (scale(brick, 0.8), BLACK);
    }
    let storey = 3.2;
    let floor_i = (v / storey).floor() as i32;
    let fv = v - floor_i as f32 * storey;
    let colw = 2.2;
    let col_i = (u / colw).floor() as i32;
    let fu = u - col_i as f32 * colw;
    if u > 0.6 && u < len - 0.6 && (0.6..1.7).contains(&fu) && (0.9..2.6).contains(&fv) {
        let r = cell(seed, col_i, floor_i);
        if fv < 0.95 || (fu - 1.15).abs() < 0.02 || (fv - 1.9).abs() < 0.02 {
            return (hex(0x1a1816), BLACK);
        }
        if r < lit_p {
            let blinds = cell(seed ^ 3, col_i, floor_i) < 0.5 && (fv * 12.0).fract() < 0.4;
            let warm = if r < lit_p * 0.15 { style.accent } else { style.amber };
            return (BLACK, scale(warm, if blinds { 0.35 } else { 0.8 }));
        }
        return (hex(0x0a0c12), scale(style.dusk, 0.15 + 0.1 * (fv - 0.9)));
    }
    if (0.75..0.9).contains(&fv) && (0.45..1.85).contains(&fu) {
        return (scale(col, 1.4), BLACK);
    }
    (brick, BLACK)
}
