//! A theatre: the stage under a spotlight, curtains and valance, the gilt proscenium, footlights and empty seats.

use super::super::Style;
use super::super::canvas::{
    Blend, Canvas, Point, Rgb, Rng, add, arc_pts, cell, ellipse_pts, hex, mix, scale, stroke_pts,
};
use super::super::scene::{Cam, Lamp, Scene, V3};
use super::{BLACK, at, norm3};

/// The theatre's stage, in metres: the height of the boards, the depth of the proscenium (`front`)
/// and of the backdrop (`back`), the opening's half width and height, where the spotlight falls
/// (`spot_x`, `spot_z`) and where it hangs, and the seed the boards are grained with.
#[derive(Debug, Clone, Copy)]
struct Stage {
    stage_h: f32,
    front: f32,
    back: f32,
    open_w: f32,
    open_h: f32,
    spot_x: f32,
    spot_z: f32,
    spot_from: V3,
    seed: u64,
}

pub(super) fn theatre(canvas: &mut Canvas, style: &Style, rng: &mut Rng) {
    let (w, h) = (canvas.wf(), canvas.hf());
    let eye = [rng.range(-1.5, 1.5), rng.range(2.8, 3.4), 0.0];
    let cam = Cam {
        cx: w * rng.range(0.44, 0.56),
        cy: h * rng.range(0.36, 0.42),
        f: w * rng.range(0.56, 0.62),
        eye,
    };
    let seed = rng.next_u64();
    let stage_h = 1.1;
    let front = 10.0;
    let back = 16.0;
    let open_w = rng.range(4.0, 5.0);
    let open_h = rng.range(5.0, 6.0);
    let spot_x = rng.range(-1.5, 1.5);
    let spot_z = rng.range(10.5, 12.5);
    let spot_from = [rng.range(-4.0, 4.0), 9.0, 4.0];
    let aim = norm3([spot_x - spot_from[0], stage_h - spot_from[1], spot_z - spot_from[2]]);
    let lamps = vec![
        Lamp {
            pos: spot_from,
            color: [1.0, 0.92, 0.8],
            power: 140.0,
            aim: Some((aim, 0.992)),
        },
        Lamp {
            pos: [0.0, stage_h + 0.1, front - 0.2],
            color: style.amber,
            power: 2.0,
            aim: None,
        },
    ];
    let scene = Scene {
        cam,
        lamps,
        moon: None,
        ambient: scale(style.night, 0.45),
        fog: scale(style.night, 0.5),
        fog_density: 0.02,
    };
    let stage = Stage {
        stage_h,
        front,
        back,
        open_w,
        open_h,
        spot_x,
        spot_z,
        spot_from,
        seed,
    };
    // The auditorium walls, dark.
    canvas.shade(0.0, 0.0, w, h, Blend::Over, |_, y| {
        (mix(scale(style.night, 0.4), scale(style.night, 0.8), y / h), 1.0)
    });
    stage_boards(canvas, style, rng, &scene, &stage);
    stage_prop(canvas, rng, &scene, &stage);
    let (sx, sy, r) = spotlight_beam(canvas, &scene, &stage);
    let curtain = stage_curtains(canvas, style, rng, &scene, &stage);
    valance(canvas, curtain, &scene, &stage);
    proscenium(canvas, style, &scene, &stage);
    footlights(canvas, style, &scene, &stage);
    auditorium_seats(canvas, style, &scene, &stage);
    canvas.glow_ellipse(sx, sy, r * 1.2, r * 0.4, [1.0, 0.9, 0.7], 0.3);
}

/// The backdrop (a painted moon or a dark fold), the boards of the stage and the apron below them.
fn stage_boards(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene, stage: &Stage) {
    let Stage {
        stage_h,
        front,
        back,
        open_w,
        open_h,
        seed,
        ..
    } = *stage;
    // Backdrop and stage floor.
    let moon_backdrop = rng.chance(0.5);
    scene.face(
        canvas,
        &[
            [-open_w, stage_h, back],
            [open_w, stage_h, back],
            [open_w, open_h + 2.0, back],
            [-open_w, open_h + 2.0, back],
        ],
        |p, _| {
            if moon_backdrop {
                let d = ((p[0] - 1.5).powi(2) + (p[1] - 4.2).powi(2)).sqrt();
                let moon = if d < 0.7 { 0.9 } else { 0.0 };
                (add(hex(0x1a2a48), [moon; 3]), scale(style.dusk, 0.3))
            } else {
                let fold = 0.7 + 0.3 * (p[0] * 5.0).sin();
                (scale(hex(0x2a2420), fold), BLACK)
            }
        },
    );
    scene.face(
        canvas,
        &[
            [-open_w - 1.0, stage_h, front - 0.6],
            [open_w + 1.0, stage_h, front - 0.6],
            [open_w + 1.0, stage_h, back],
            [-open_w - 1.0, stage_h, back],
        ],
        |p, _| {
            let board = (p[0] / 0.2).floor() as i32;
            let seam = (p[0] / 0.2).fract() < 0.06;
            let col = scale(hex(0x5a4028), 0.6 + 0.4 * cell(seed, board, 1));
            (if seam { scale(col, 0.4) } else { col }, BLACK)
        },
    );
    scene.face(
        canvas,
        &[
            [-open_w - 1.0, 0.0, front - 0.6],
            [open_w + 1.0, 0.0, front - 0.6],
            [open_w + 1.0, stage_h, front - 0.6],
            [-open_w - 1.0, stage_h, front - 0.6],
        ],
        |_, _| (hex(0x1a1010), BLACK),
    );
}

/// Something on stage, in the spotlight: a microphone, a chair, or a grand piano's silhouette.
fn stage_prop(canvas: &mut Canvas, rng: &mut Rng, scene: &Scene, stage: &Stage) {
    let Stage {
        stage_h,
        spot_x,
        spot_z,
        ..
    } = *stage;
    let prop_x = spot_x + rng.range(-0.4, 0.4);
    let xf = at(scene, [prop_x, stage_h, spot_z]);
    let ink = hex(0x08080a);
    match rng.below(3) {
        0 => {
            canvas.fill(&xf.pts(&stroke_pts(&[(0.0, 0.0), (0.0, -1.6)], 0.03, 0.02)), ink, 1.0);
            canvas.fill(&xf.pts(&[(-0.25, 0.0), (0.25, 0.0), (0.0, -0.05)]), ink, 1.0);
            canvas.fill(&xf.ellipse(0.0, -1.65, 0.05, 0.08), hex(0x8a8a8a), 1.0);
        }
        1 => {
            for x in [-0.2, 0.2] {
                canvas.fill(&xf.rect(x - 0.02, -0.45, x + 0.02, 0.0), ink, 1.0);
            }
            canvas.fill(&xf.rect(-0.24, -0.5, 0.24, -0.44), ink, 1.0);
            canvas.fill(&xf.rect(-0.22, -1.0, -0.17, -0.45), ink, 1.0);
            canvas.fill(&xf.rect(0.17, -1.0, 0.22, -0.45), ink, 1.0);
            canvas.fill(&xf.rect(-0.22, -1.0, 0.22, -0.9), ink, 1.0);
        }
        _ => {
            let piano = [(-1.0, -0.95), (0.6, -0.95), (1.0, -0.85), (1.1, -0.75), (-1.0, -0.75)];
            canvas.fill(&xf.pts(&piano), ink, 1.0);
            canvas.fill(
                &xf.pts(&[(-1.0, -0.95), (-0.3, -1.7), (-0.2, -1.65), (-0.9, -0.95)]),
                ink,
                1.0,
            );
            for x in [-0.9, 0.8] {
                canvas.fill(&xf.rect(x - 0.04, -0.78, x + 0.04, 0.0), ink, 1.0);
            }
        }
    }
}

/// The spotlight's beam down to the stage; returns the pool's centre on screen and its radius.
fn spotlight_beam(canvas: &mut Canvas, scene: &Scene, stage: &Stage) -> (f32, f32, f32) {
    let Stage {
        stage_h,
        spot_x,
        spot_z,
        spot_from,
        ..
    } = *stage;
    let w = canvas.wf();
    // The spotlight beam and pool.
    let (sx, sy) = scene.cam.p([spot_x, stage_h, spot_z]);
    let (ax, ay) = scene.cam.p(spot_from);
    let r = scene.cam.scale_at(spot_z) * 1.1;
    canvas.beam(
        (ax.clamp(-200.0, w + 200.0), ay.min(-10.0)),
        (sx - r, sy),
        (sx + r, sy),
        [1.0, 0.95, 0.85],
        0.22,
    );
    (sx, sy, r)
}

/// The curtains in the case's colour, pulled to the sides and tied back; returns their colour.
fn stage_curtains(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene, stage: &Stage) -> Rgb {
    let Stage {
        stage_h,
        front,
        open_w,
        open_h,
        ..
    } = *stage;
    // Proscenium and curtains in the case's colour, pulled to the sides.
    let curtain = mix(style.accent, hex(0x300808), 0.35);
    let open = rng.range(0.5, 0.75);
    for sgn in [-1.0f32, 1.0] {
        let inner = sgn * open_w * open;
        let outer = sgn * (open_w + 0.2);
        let (lo, hi) = (inner.min(outer), inner.max(outer));
        scene.face(
            canvas,
            &[
                [lo, stage_h, front],
                [hi, stage_h, front],
                [hi, open_h + 1.5, front],
                [lo, open_h + 1.5, front],
            ],
            |p, _| {
                let t = (p[0] - inner).abs() / (outer - inner).abs().max(0.1);
                let f = 0.45 + 0.55 * ((p[0] * 7.0 + (p[1] * 0.6).sin() * (1.0 - t)).sin()).abs().powf(0.6);
                // Lit from below by the footlights, fading upward.
                let foot = 0.35 * (1.0 - ((p[1] - stage_h) / open_h).clamp(0.0, 1.0)).powi(2);
                (scale(curtain, f), scale(curtain, f * (0.08 + foot)))
            },
        );
        // Tie-back swag.
        let (tx, ty) = scene.cam.p([inner, stage_h + 1.5, front]);
        canvas.fill(&ellipse_pts(tx, ty, 6.0, 4.0, 0.0, 16), hex(0xc8a040), 1.0);
    }
    curtain
}

/// The valance: the scalloped drape across the top of the opening.
fn valance(canvas: &mut Canvas, curtain: Rgb, scene: &Scene, stage: &Stage) {
    let Stage {
        front, open_w, open_h, ..
    } = *stage;
    let sc = scene.cam.scale_at(front);
    let (vl, vt) = scene.cam.p([-open_w - 0.3, open_h + 1.5, front]);
    let (vr, vb) = scene.cam.p([open_w + 0.3, open_h - 0.4, front]);
    let mut val = vec![(vl, vt)];
    let swags = 5;
    for i in 0..=swags * 8 {
        let t = i as f32 / (swags * 8) as f32;
        let x = vl + (vr - vl) * t;
        let y = vb - sc * 0.5 + (t * swags as f32 * std::f32::consts::PI).sin().abs() * sc * 0.6;
        val.push((x, y));
    }
    val.push((vr, vt));
    canvas.fill_with(&val, Blend::Over, |x, y| {
        let f = 0.6 + 0.4 * ((x - vl) / (vr - vl) * swags as f32 * std::f32::consts::PI).sin().abs();
        (
            scale(curtain, f * (0.9 - 0.3 * ((vb - y) / (vb - vt)).clamp(0.0, 1.0))),
            1.0,
        )
    });
}

/// The proscenium's gilt frame, and the walls beside the stage with their sconces.
fn proscenium(canvas: &mut Canvas, style: &Style, scene: &Scene, stage: &Stage) {
    let Stage {
        stage_h,
        front,
        open_w,
        open_h,
        ..
    } = *stage;
    let sc = scene.cam.scale_at(front);
    // Proscenium frame: gilt edges.
    let frame = [
        scene.cam.p([-open_w - 0.3, stage_h, front - 0.05]),
        scene.cam.p([-open_w - 0.3, open_h + 1.5, front - 0.05]),
        scene.cam.p([open_w + 0.3, open_h + 1.5, front - 0.05]),
        scene.cam.p([open_w + 0.3, stage_h, front - 0.05]),
    ];
    canvas.stroke(&frame, sc * 0.18, hex(0x6a5020), 1.0);
    canvas.stroke(&frame, sc * 0.05, hex(0xc8a050), 0.8);
    // Walls beside the stage with sconces.
    for sgn in [-1.0f32, 1.0] {
        let x0 = sgn * (open_w + 0.3);
        let q = [
            scene.cam.p([x0, 0.0, front - 0.05]),
            scene.cam.p([sgn * 30.0, 0.0, front - 0.05]),
            scene.cam.p([sgn * 30.0, 20.0, front - 0.05]),
            scene.cam.p([x0, 20.0, front - 0.05]),
        ];
        canvas.fill(&q, scale(style.night, 0.45), 1.0);
        for y in [2.5f32, 4.5] {
            let (lx, ly) = scene.cam.p([sgn * (open_w + 1.6), y, front - 0.1]);
            canvas.glow(lx, ly, sc * 1.5, style.amber, 0.35);
            canvas.glow(lx, ly, sc * 0.12, [1.0, 0.9, 0.7], 1.0);
        }
    }
}

/// A row of footlights along the front of the stage.
fn footlights(canvas: &mut Canvas, style: &Style, scene: &Scene, stage: &Stage) {
    let Stage {
        stage_h, front, open_w, ..
    } = *stage;
    let sc = scene.cam.scale_at(front);
    let n = 9;
    for i in 0..n {
        let x = -open_w + 0.5 + i as f32 * (2.0 * open_w - 1.0) / (n - 1) as f32;
        let (fx, fy) = scene.cam.p([x, stage_h, front - 0.5]);
        canvas.glow(fx, fy, sc * 0.5, style.amber, 0.5);
        canvas.glow(fx, fy, sc * 0.08, [1.0, 0.9, 0.7], 1.0);
    }
}

/// Rows of empty seats in the dark, rising toward us.
fn auditorium_seats(canvas: &mut Canvas, style: &Style, scene: &Scene, stage: &Stage) {
    let front = stage.front;
    let seat = mix(hex(0x2a0a0a), style.accent, 0.2);
    let mut z = front - 2.5;
    let mut row = 0;
    while z > 2.5 {
        let y = 0.45 + (front - 2.5 - z) * 0.12;
        let mut x = -14.0 + (row % 2) as f32 * 0.28;
        let light = 0.5 / (1.0 + row as f32 * 0.6);
        while x < 14.0 {
            if x.abs() > 0.7 {
                let xf = at(scene, [x, y, z]);
                canvas.fill(&xf.pts(&rounded_seat()), scale(seat, 0.6), 1.0);
                canvas.fill(
                    &xf.pts(&[(-0.2, -0.5), (0.2, -0.5), (0.18, -0.46), (-0.18, -0.46)]),
                    style.amber,
                    light,
                );
            }
            x += 0.56;
        }
        z -= 0.95;
        row += 1;
    }
}

fn rounded_seat() -> Vec<Point> {
    let mut v = vec![(-0.25, 0.6), (0.25, 0.6)];
    v.extend(arc_pts(0.0, -0.35, 0.25, 0.16, 0.0, -std::f32::consts::PI, 10));
    v
}
