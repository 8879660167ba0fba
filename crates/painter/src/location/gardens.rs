//! A garden at night: a lawn and a gravel path between clipped hedges, trees and a fountain, statue or gazebo.

use super::super::Style;
use super::super::canvas::{Blend, Canvas, Noise, Rgb, Rng, Transform, cell, hex, mix, scale, stroke_pts};
use super::super::scene::{Cam, Lamp, Moon, Scene};
use super::{BLACK, at, lamp_post, norm3, sky};

/// The layout of a garden, in metres: the gravel path's half width, where the hedges start beside
/// it, how far the lawn runs, and the seed the gravel, grass and leaves are speckled with.
#[derive(Debug, Clone, Copy)]
struct Grounds {
    path_w: f32,
    hedge_x: f32,
    far: f32,
    seed: u64,
}

pub(super) fn garden(canvas: &mut Canvas, style: &Style, rng: &mut Rng) {
    let (w, h) = (canvas.wf(), canvas.hf());
    let eye = [rng.range(-0.5, 0.5), rng.range(1.5, 1.8), 0.0];
    let cam = Cam {
        cx: w * rng.range(0.42, 0.58),
        cy: h * rng.range(0.42, 0.5),
        f: w * rng.range(0.5, 0.6),
        eye,
    };
    let seed = rng.next_u64();
    let path_w = rng.range(0.9, 1.5);
    let hedge_x = path_w + rng.range(0.5, 1.5);
    let far = 40.0;
    let grounds = Grounds {
        path_w,
        hedge_x,
        far,
        seed,
    };
    let mut posts = Vec::new();
    let mut z = rng.range(5.0, 8.0);
    while z < 30.0 {
        posts.push([
            if posts.len() % 2 == 0 {
                -path_w - 0.3
            } else {
                path_w + 0.3
            },
            2.6,
            z,
        ]);
        z += rng.range(7.0, 11.0);
    }
    let lamps = posts
        .iter()
        .map(|p| Lamp {
            pos: *p,
            color: style.amber,
            power: 6.0,
            aim: None,
        })
        .collect();
    let scene = Scene {
        cam,
        lamps,
        moon: Some(Moon {
            dir: norm3([rng.range(-0.7, 0.7), -0.6, -0.6]),
            color: style.moon,
            power: 0.45,
            through: vec![],
            open_sky: true,
        }),
        ambient: scale(style.night, 0.45),
        fog: mix(style.dusk, style.moon, 0.2),
        fog_density: 0.035,
    };
    sky(canvas, style, rng, scene.cam.cy + 4.0);
    skyline_trees(canvas, style, rng, &scene, &grounds);
    lawn_and_path(canvas, &scene, &grounds);
    let end_z = path_end(canvas, style, rng, &scene);
    hedges(canvas, rng, &scene, &grounds, end_z);
    // Lanterns.
    for p in posts.iter().rev() {
        lamp_post(&scene, canvas, [p[0], 0.0, p[2]], p[1] - 0.4, style.amber);
    }
    // A bench, a topiary in the accent of the case (roses).
    let (bx, bz) = (-hedge_x + 0.2, rng.range(4.0, 7.0));
    let bxf = at(&scene, [bx + 0.5, 0.0, bz]);
    for k in 0..14 {
        let (fx, fy) = (rng.range(-0.6, 0.6), rng.range(-1.3, -0.9));
        canvas.fill(
            &bxf.ellipse(fx, fy, 0.05, 0.05),
            scale(style.accent, 0.5 + 0.5 * (k % 3) as f32 / 2.0),
            1.0,
        );
    }
    // Mist.
    let mist = Noise::new(seed, 90.0);
    canvas.shade(0.0, scene.cam.cy - 20.0, w, h, Blend::Add, |x, y| {
        let t = (y - scene.cam.cy + 20.0) / 80.0;
        let n = mist.at(x * 0.5, y * 2.0);
        (scene.fog, 0.12 * (1.0 - (t - 0.6).abs().min(1.0)) * n)
    });
}

/// Trees on the skyline, beyond the hedges.
fn skyline_trees(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene, grounds: &Grounds) {
    let hedge_x = grounds.hedge_x;
    let foliage = hex(0x05080a);
    let n_trees = 5 + rng.below(5);
    for _ in 0..n_trees {
        let tz = rng.range(18.0, 45.0);
        let tx = rng.sign() * rng.range(hedge_x + 1.0, 14.0);
        let xf = at(scene, [tx, 0.0, tz]);
        tree(
            canvas,
            &xf,
            rng.range(5.0, 11.0),
            foliage,
            mix(style.moon, style.dusk, 0.5),
            rng,
        );
    }
}

/// The lawn and the gravel path down its middle.
fn lawn_and_path(canvas: &mut Canvas, scene: &Scene, grounds: &Grounds) {
    let Grounds { path_w, far, seed, .. } = *grounds;
    scene.face(
        canvas,
        &[
            [-40.0, 0.0, 0.5],
            [40.0, 0.0, 0.5],
            [40.0, 0.0, far + 20.0],
            [-40.0, 0.0, far + 20.0],
        ],
        |p, _| {
            if p[0].abs() < path_w {
                let g = cell(seed, (p[0] * 20.0) as i32, (p[2] * 20.0) as i32);
                (scale(hex(0x7a7468), 0.7 + 0.3 * g), BLACK)
            } else {
                let g = cell(seed, (p[0] * 8.0) as i32, (p[2] * 8.0) as i32);
                (scale(hex(0x1e3020), 0.6 + 0.4 * g), BLACK)
            }
        },
    );
}

/// Something at the end of the path: a fountain, a statue or a gazebo. Returns how far away it is.
fn path_end(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene) -> f32 {
    let end_z = rng.range(20.0, 30.0);
    match rng.below(3) {
        0 => {
            scene.solid(canvas, [-1.6, 0.0, end_z - 1.6], [1.6, 0.5, end_z + 1.6], hex(0x7a7670));
            scene.solid(canvas, [-0.2, 0.5, end_z - 0.2], [0.2, 1.5, end_z + 0.2], hex(0x7a7670));
            scene.solid(canvas, [-0.8, 1.5, end_z - 0.8], [0.8, 1.7, end_z + 0.8], hex(0x7a7670));
            let (fx, fy) = scene.cam.p([0.0, 2.2, end_z]);
            canvas.glow_ellipse(fx, fy, 14.0, 26.0, style.moon, 0.3);
        }
        1 => {
            scene.solid(canvas, [-0.5, 0.0, end_z - 0.5], [0.5, 1.6, end_z + 0.5], hex(0x6a6660));
            let xf = at(scene, [0.0, 1.6, end_z]);
            let statue = [
                (-0.25, 0.0),
                (0.25, 0.0),
                (0.2, -0.9),
                (0.35, -1.3),
                (0.5, -1.75),
                (0.42, -1.8),
                (0.2, -1.45),
                (0.12, -1.5),
                (0.12, -1.75),
                (0.0, -1.9),
                (-0.12, -1.75),
                (-0.15, -1.4),
                (-0.25, -1.3),
                (-0.22, -0.9),
            ];
            canvas.fill(&xf.pts(&statue), hex(0x5a5a58), 1.0);
            canvas.fill_with(&xf.pts(&statue), Blend::Multiply, |px, _| {
                ([0.2; 3], if px < xf.ox { 0.7 } else { 0.0 })
            });
        }
        _ => {
            let gz = end_z;
            for (dx, dz) in [(-1.8, -1.2), (1.8, -1.2), (-1.8, 1.2), (1.8, 1.2)] {
                scene.solid(
                    canvas,
                    [dx - 0.08, 0.3, gz + dz - 0.08],
                    [dx + 0.08, 2.6, gz + dz + 0.08],
                    hex(0x8a8680),
                );
            }
            scene.solid(canvas, [-2.1, 0.0, gz - 1.5], [2.1, 0.3, gz + 1.5], hex(0x5a5650));
            let xf = at(scene, [0.0, 2.6, gz - 1.2]);
            canvas.fill(&xf.pts(&[(-2.3, 0.0), (2.3, 0.0), (0.0, -1.6)]), hex(0x14161a), 1.0);
            let (gx, gy) = scene.cam.p([0.0, 1.4, gz]);
            canvas.glow(gx, gy, 40.0, style.amber, 0.4);
        }
    }
    end_z
}

/// Hedges along the path up to `end_z`, with a gap on each side; clipped tops catch the moon.
fn hedges(canvas: &mut Canvas, rng: &mut Rng, scene: &Scene, grounds: &Grounds, end_z: f32) {
    let Grounds { hedge_x, seed, .. } = *grounds;
    for sgn in [-1.0f32, 1.0] {
        let x0 = sgn * hedge_x;
        let gap = rng.range(8.0, 14.0);
        for (z0, z1) in [(1.0, gap), (gap + 1.8, end_z - 3.0)] {
            if z1 <= z0 {
                continue;
            }
            let hh = rng.range(1.1, 1.5);
            scene.cuboid(
                canvas,
                [x0.min(x0 + sgn * 1.0), 0.0, z0],
                [x0.max(x0 + sgn * 1.0), hh, z1],
                |p, n| {
                    let leaf = cell(seed ^ 77, (p[2] * 12.0 + p[0] * 12.0) as i32, (p[1] * 12.0) as i32);
                    let base = if n[1] > 0.5 { hex(0x2a4430) } else { hex(0x12201a) };
                    (scale(base, 0.5 + 0.7 * leaf), BLACK)
                },
            );
        }
    }
}

fn tree(canvas: &mut Canvas, xf: &Transform, height: f32, col: Rgb, rim: Rgb, rng: &mut Rng) {
    canvas.fill(
        &xf.pts(&stroke_pts(&[(0.0, 0.0), (0.1, -height * 0.5)], 0.5, 0.25)),
        col,
        1.0,
    );
    let n = 10 + rng.below(8);
    let mut blobs = Vec::new();
    for _ in 0..n {
        let (bx, by) = (rng.range(-0.35, 0.35) * height, -height * rng.range(0.45, 0.95));
        let r = height * rng.range(0.12, 0.22);
        blobs.push((bx, by, r));
    }
    for &(bx, by, r) in &blobs {
        canvas.fill(&xf.ellipse(bx - r * 0.08, by - r * 0.08, r, r * 0.9), rim, 0.25);
    }
    for &(bx, by, r) in &blobs {
        canvas.fill(&xf.ellipse(bx, by, r, r * 0.9), col, 1.0);
    }
}
