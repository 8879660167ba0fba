//! Everyday things: tins, a tool roll, flowers and a feather, cord and threads, a gramophone, an
//! umbrella, a candle, playing cards, small change in a saucer, a spent flashbulb, a chess set and a
//! hatbox. Standing things are drums lit by the table's lamp.

use super::super::canvas::{
    Blend, Canvas, Noise, Point, Rgb, Rng, Transform, add, bezier, ellipse_pts, hex, mix, mul, rounded_rect_pts, scale,
    smoothstep, stroke_pts,
};
use super::super::scene::V3;
use super::{BLACK, Cuboid, Place, Table, paper_lines, rect};
use crate::has_word;

/// An upright cylinder standing on the table, centred at (x, z) in table metres.
struct Drum {
    x: f32,
    z: f32,
    radius: f32,
    height: f32,
}

impl Drum {
    fn at(pl: &Place, u: f32, v: f32, radius: f32, height: f32) -> Self {
        let p = pl.to3(u, v, 0.0);
        Drum {
            x: p[0],
            z: p[2],
            radius: radius * pl.s,
            height: height * pl.s,
        }
    }

    /// The rim at height y, as seen.
    fn rim(&self, t: &Table, y: f32, from: f32, to: f32) -> Vec<Point> {
        (0..=32)
            .map(|i| {
                let a = from + (to - from) * i as f32 / 32.0;
                t.s.cam
                    .p([self.x + a.cos() * self.radius, y, self.z + a.sin() * self.radius])
            })
            .collect()
    }

    /// The soft shadow it throws away from the lamp.
    fn shadow(&self, t: &Table, canvas: &mut Canvas) {
        let (sx, sy) = t.s.cam.p([self.x, 0.0, self.z]);
        let s = t.s.cam.scale_at(self.z);
        let away = -t.key_side(self.x);
        canvas.shadow(
            sx + away * s * self.height * 0.5,
            sy,
            s * (self.radius * 1.3 + self.height * 0.4),
            s * self.radius * 0.7,
            0.7,
        );
    }

    /// The side facing the camera, lit by the scene; `look(around, up)` gives its colour, `around`
    /// from -1 (left edge) to 1 (right edge), `up` from 0 (foot) to 1 (top).
    fn side(&self, t: &Table, canvas: &mut Canvas, look: impl Fn(f32, f32) -> Rgb) {
        let pi = std::f32::consts::PI;
        let mut outline = self.rim(t, 0.0, pi, 2.0 * pi);
        let mut top = self.rim(t, self.height, pi, 2.0 * pi);
        top.reverse();
        outline.extend(top);
        let cam = t.s.cam;
        let (cx, _) = cam.p([self.x, 0.0, self.z]);
        let half = cam.f * self.radius / (self.z - cam.eye[2]).max(0.05);
        canvas.fill_with(&outline, Blend::Over, |sx, sy| {
            let around = ((sx - cx) / half).clamp(-1.0, 1.0);
            let depth = (1.0 - around * around).sqrt();
            let (px, pz) = (self.x + around * self.radius, self.z - depth * self.radius);
            let y = cam.eye[1] - (sy - cam.cy) * (pz - cam.eye[2]) / cam.f;
            let p: V3 = [px, y, pz];
            // The normal leans up a little, so the lamp overhead reaches the side facing us.
            let normal = super::super::scene::norm([around, 0.8, -depth]);
            let key = 0.25 * smoothstep(0.2, 0.9, around * t.key_side(self.x));
            let light = add(t.s.light(p, normal), [key; 3]);
            (mul(look(around, (y / self.height).clamp(0.0, 1.0)), light), 1.0)
        });
    }

    /// The top, lit; `look(u, v)` in metres from the centre.
    fn top(&self, t: &Table, canvas: &mut Canvas, look: impl Fn(f32, f32) -> Rgb) {
        let pts: Vec<V3> = (0..48)
            .map(|i| {
                let a = i as f32 / 48.0 * std::f32::consts::TAU;
                [
                    self.x + a.cos() * self.radius,
                    self.height,
                    self.z + a.sin() * self.radius,
                ]
            })
            .collect();
        let (x, z) = (self.x, self.z);
        t.s.face(canvas, &pts, |p, _| (look(p[0] - x, p[2] - z), BLACK));
    }
}

/// A tin: a tall can of weed killer, a flat tin of aspirin with tablets beside it, or a small round
/// tin (a typewriter ribbon) sealed with a paper band.
pub(super) fn tin(t: &Table, canvas: &mut Canvas, pl: &Place, text: &str) -> (f32, f32) {
    let accent = t.st.accent;
    if has_word(text, &["weed", "killer", "paint", "arsenical", "petrol"]) {
        let can = Drum::at(pl, 0.0, 0.0, 0.045, 0.11);
        can.shadow(t, canvas);
        can.side(t, canvas, |around, up| {
            let label = (0.15..0.8).contains(&up);
            let band = (0.45..0.55).contains(&up);
            let diamond = (around.abs() + (up - 0.62).abs() * 2.5) < 0.22;
            let seam = (up - 0.05).abs() < 0.02 || (up - 0.95).abs() < 0.02;
            let tin = hex(0x9a9ca0);
            if seam || !label {
                tin
            } else if band || diamond {
                hex(0x141414)
            } else {
                hex(0x4a7a2a)
            }
        });
        can.top(t, canvas, |u, v| {
            let r = (u * u + v * v).sqrt();
            let ring = (r - 0.036 * pl.s).abs() < 0.003 * pl.s;
            scale(hex(0xa8aab0), if ring { 0.6 } else { 1.0 })
        });
        return (0.0, -0.045);
    }
    if has_word(text, &["aspirin", "tablets", "pills", "lozenges"]) {
        let (hw, hh, th) = (0.045, 0.03, 0.009);
        t.shadow(canvas, pl, &rect(-hw, -hh, hw, hh), th, 0.55);
        let red = mix(hex(0xb82a22), accent, 0.2);
        t.block(canvas, pl, Cuboid::centred(hw, hh, th), move |u, v, _, face| {
            if face != 4 {
                return (hex(0x8a8c90), BLACK);
            }
            let border = (hw - u.abs()).min(hh - v.abs()) < 0.004;
            let disc = ((u + 0.015).powi(2) + v * v).sqrt() < 0.014;
            let bars = (0.005..0.035).contains(&u) && ((v / 0.008).fract() < 0.45) && v.abs() < 0.016;
            let col = if border {
                hex(0xc8cacc)
            } else if disc || bars {
                hex(0xf0ece0)
            } else {
                red
            };
            (col, BLACK)
        });
        for (u, v) in [(0.07, -0.01), (0.062, 0.022), (0.085, 0.012)] {
            let tablet = ellipse_pts(u, v, 0.009, 0.009, 0.0, 20);
            t.shadow(canvas, pl, &tablet, 0.004, 0.4);
            t.flat(canvas, pl, &tablet, 0.004, |_, v2| {
                (
                    scale(hex(0xeeeae2), if (v2 - v).abs() < 0.0008 { 0.8 } else { 1.0 }),
                    BLACK,
                )
            });
        }
        return (-hw, 0.0);
    }
    let round = Drum::at(pl, 0.0, 0.0, 0.042, 0.022);
    round.shadow(t, canvas);
    round.side(t, canvas, |_, up| {
        if (0.3..0.7).contains(&up) {
            hex(0xd8ccb0)
        } else {
            hex(0x6a6c72)
        }
    });
    let s = pl.s;
    round.top(t, canvas, move |u, v| {
        let r = (u * u + v * v).sqrt() / s;
        let ring = (r - 0.036).abs() < 0.002;
        let tape = u.abs() / s < 0.008;
        let label = r < 0.026;
        if tape {
            hex(0xd8ccb0)
        } else if label {
            mix(accent, hex(0x1a1a2a), 0.5)
        } else if ring {
            hex(0x4a4c52)
        } else {
            hex(0x8a8c92)
        }
    });
    (0.0, -0.042)
}

/// A mechanic's canvas tool roll laid open: pockets stitched in a row, spanners and drivers in them,
/// one pocket empty.
pub(super) fn tool_roll(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let (hw, hh) = (0.16, 0.09);
    let empty = rng.below(8) as i32;
    t.shadow(canvas, pl, &rect(-hw, -hh, hw, hh), 0.006, 0.5);
    let canvas_col = hex(0x6a6040);
    t.flat(canvas, pl, &rect(-hw, -hh, hw, hh), 0.003, move |u, v| {
        let weave = 0.92 + 0.08 * ((u * 900.0).sin() * (v * 900.0).sin());
        (scale(canvas_col, weave), BLACK)
    });
    // The tools, standing up out of their pockets.
    let steel = hex(0x9aa0a8);
    for k in 0..8 {
        if k == empty {
            continue;
        }
        let x = -hw + 0.02 + k as f32 * 0.04;
        if k % 2 == 0 {
            let handle = rect(x - 0.006, -0.02, x + 0.006, 0.05);
            let jaw = ellipse_pts(x, 0.058, 0.013, 0.011, 0.0, 16);
            let mouth = rect(x - 0.005, 0.054, x + 0.005, 0.075);
            t.flat(canvas, pl, &handle, 0.006, move |u, _| {
                (scale(steel, 0.8 + 0.3 * ((u - x) * 400.0).cos()), BLACK)
            });
            t.flat_holed(canvas, pl, &jaw, &[&mouth], 0.006, move |_, _| (steel, BLACK));
        } else {
            let handle = rounded_rect_pts(x - 0.008, 0.02, x + 0.008, 0.07, 0.004);
            let shaft = rect(x - 0.002, -0.02, x + 0.002, 0.02);
            t.flat(canvas, pl, &shaft, 0.006, move |_, _| (steel, BLACK));
            let wood = hex(0x8a4a1a);
            t.flat(canvas, pl, &handle, 0.008, move |u, _| {
                (scale(wood, 0.8 + 0.3 * ((u - x) * 300.0).cos()), BLACK)
            });
        }
    }
    // The pocket flap over the lower half, stitched between pockets.
    t.flat(canvas, pl, &rect(-hw, -hh, hw, 0.005), 0.009, move |u, v| {
        let stitch = ((u + hw) / 0.04).fract() < 0.03 && ((v * 300.0).sin() > 0.0);
        let hem = (v - 0.002).abs() < 0.002;
        let col = scale(canvas_col, if stitch || hem { 0.55 } else { 0.85 });
        (col, BLACK)
    });
    for v in [-0.05, 0.03] {
        let tie = stroke_pts(&[(hw, v), (hw + 0.06, v + 0.01)], 0.006, 0.006);
        t.flat(canvas, pl, &tie, 0.004, |_, _| (hex(0x3a2414), BLACK));
    }
    (-hw, hh)
}

/// Flowers: crushed carnation petals, a browned gardenia petal, a cornflower, a sprig of heather.
pub(super) fn flower(t: &Table, canvas: &mut Canvas, pl: &Place, text: &str, rng: &mut Rng) -> (f32, f32) {
    let red = if has_word(text, &["white"]) && !has_word(text, &["heather"]) {
        hex(0xe8e0d4)
    } else {
        mix(hex(0xb01828), t.st.accent, 0.15)
    };
    if has_word(text, &["heather"]) {
        let stem = bezier((-0.08, -0.02), (-0.02, 0.0), (0.03, 0.02), (0.08, 0.01), 16);
        t.flat(canvas, pl, &stroke_pts(&stem, 0.003, 0.0015), 0.003, |_, _| {
            (hex(0x4a3a28), BLACK)
        });
        for k in 0..9 {
            let (bx, by) = stem[1 + k];
            let side = if k % 2 == 0 { 1.0 } else { -1.0 };
            let tip = (bx + 0.018, by + side * 0.02);
            t.flat(
                canvas,
                pl,
                &stroke_pts(&[(bx, by), tip], 0.0016, 0.0008),
                0.003,
                |_, _| (hex(0x5a4a30), BLACK),
            );
            for j in 0..4 {
                let (x, y) = (bx + 0.0045 * j as f32, by + side * 0.005 * j as f32);
                let bell = ellipse_pts(x, y, 0.0032, 0.0026, 0.0, 10);
                t.flat(canvas, pl, &bell, 0.004, |_, _| (hex(0xe8e4d8), BLACK));
            }
        }
        return (-0.08, -0.02);
    }
    if has_word(text, &["cornflower", "cornflowers"]) {
        let stem = stroke_pts(&[(0.0, -0.015), (0.05, -0.09)], 0.004, 0.003);
        t.flat(canvas, pl, &stem, 0.003, |_, _| (hex(0x3a5a30), BLACK));
        let head: Vec<Point> = (0..64)
            .map(|i| {
                let a = i as f32 / 64.0 * std::f32::consts::TAU;
                let r = 0.03 * (0.72 + 0.28 * ((a * 10.0).sin().abs()).powf(0.4)) * (1.0 + 0.06 * (a * 31.0).sin());
                (a.cos() * r, a.sin() * r * 0.9)
            })
            .collect();
        t.shadow(canvas, pl, &head, 0.008, 0.5);
        t.flat(canvas, pl, &head, 0.008, |u, v| {
            let r = (u * u + v * v).sqrt();
            let blue = mix(
                hex(0x1a3aa0),
                hex(0x5a7ae0),
                ((v.atan2(u) * 20.0).sin() * 0.5 + 0.5) * 0.5,
            );
            (
                if r < 0.007 {
                    hex(0x1a1240)
                } else {
                    scale(blue, 0.7 + 0.4 * (r / 0.03))
                },
                BLACK,
            )
        });
        return (0.05, -0.09);
    }
    if has_word(text, &["gardenia", "browned"]) {
        // One big waxy petal, cupped, pointed at its tip, browning from the edges in.
        let petal: Vec<Point> = (0..40)
            .map(|i| {
                let a = i as f32 / 40.0 * std::f32::consts::TAU;
                let tip = 1.0 + 0.35 * smoothstep(0.6, 1.0, a.cos());
                (
                    a.cos() * 0.05 * tip,
                    a.sin() * 0.03 * (1.0 - 0.3 * smoothstep(0.3, 1.0, a.cos())),
                )
            })
            .collect();
        t.shadow(canvas, pl, &petal, 0.006, 0.45);
        t.flat(canvas, pl, &petal, 0.006, |u, v| {
            let r = ((u / 0.055).powi(2) + (v / 0.03).powi(2)).sqrt();
            let vein = (v - 0.004 * (u * 60.0).sin()).abs() < 0.0008;
            let cup = 0.8 + 0.25 * (1.0 - (v / 0.03).abs());
            let browned = smoothstep(0.6, 1.0, r + 0.12 * (u * 90.0).sin());
            let col = mix(scale(hex(0xece2c8), cup), hex(0x7a5a2a), browned * 0.85);
            (if vein { scale(col, 0.85) } else { col }, BLACK)
        });
        return (-0.05, 0.0);
    }
    // A crushed carnation: its green calyx and stem, frilled petals torn loose around it.
    let bloom = if has_word(text, &["white"]) { hex(0xe8e0d4) } else { red };
    let stem = stroke_pts(&[(-0.02, -0.01), (-0.12, -0.05)], 0.004, 0.003);
    t.flat(canvas, pl, &stem, 0.003, |_, _| (hex(0x3a6a3a), BLACK));
    let calyx = [(-0.025, -0.012), (-0.006, -0.008), (-0.004, 0.004), (-0.02, 0.002)];
    t.flat(canvas, pl, &calyx, 0.005, |_, _| (hex(0x4a7a40), BLACK));
    for k in 0..(6 + rng.below(4)) {
        let loose = k > 2;
        let petal = if loose {
            pl.then(rng.range(0.0, 0.09), rng.range(-0.05, 0.05), rng.range(0.0, 6.0))
        } else {
            pl.then(0.004, -0.002 + 0.004 * k as f32, -0.6 + 0.6 * k as f32)
        };
        let size = rng.range(0.013, 0.02);
        // A fan of a petal: narrow at its base, its wide outer edge finely toothed.
        let frilled: Vec<Point> = (0..=36)
            .map(|i| {
                let a = 0.35 + i as f32 / 36.0 * (std::f32::consts::PI - 0.7);
                let teeth = if i % 2 == 0 { 1.0 } else { 0.88 };
                (a.cos() * size * 1.1 * teeth, a.sin() * size * 1.3 * teeth - size * 0.4)
            })
            .chain([(-size * 0.12, -size * 0.5), (size * 0.12, -size * 0.5)])
            .collect();
        t.shadow(canvas, &petal, &frilled, 0.004, 0.3);
        t.flat(canvas, &petal, &frilled, 0.004, move |u, v| {
            let r = (u * u + (v + size * 0.4).powi(2)).sqrt() / (size * 1.3);
            let edge = smoothstep(0.75, 1.0, r);
            let streak = (u.atan2(v + size * 0.4) * 9.0).sin().abs() < 0.2;
            let col = mix(bloom, mix(bloom, hex(0xfff0f0), 0.55), edge);
            (scale(col, if streak { 0.85 } else { 1.0 }), BLACK)
        });
    }
    (-0.12, -0.05)
}

/// A feather: a bent quill, its vane, and for a peacock's, the iridescent eye at its tip.
pub(super) fn feather(t: &Table, canvas: &mut Canvas, pl: &Place, text: &str) -> (f32, f32) {
    let peacock = has_word(text, &["peacock"]);
    // The vane: narrow by the quill, widening to a rounded tip around the eye.
    let width = |u: f32| 0.005 + 0.03 * smoothstep(-0.1, 0.06, u) * (1.0 - smoothstep(0.1, 0.16, u)).sqrt();
    let vane: Vec<Point> = (0..=48)
        .map(|i| {
            let u = -0.1 + 0.26 * i as f32 / 48.0;
            (u, width(u))
        })
        .chain((0..=48).rev().map(|i| {
            let u = -0.1 + 0.26 * i as f32 / 48.0;
            (u, -width(u))
        }))
        .collect();
    t.shadow(canvas, pl, &vane, 0.004, 0.35);
    t.flat(canvas, pl, &vane, 0.003, move |u, v| {
        let barb = ((v.abs() * 700.0 - u * 350.0).sin() * 0.5 + 0.5).powi(2);
        let eye = ((u - 0.11) / 0.032).powi(2) + (v / 0.022).powi(2);
        let col = if peacock && eye < 1.0 {
            if eye < 0.18 {
                hex(0x0a1440)
            } else if eye < 0.4 {
                hex(0x1a6aa0)
            } else if eye < 0.65 {
                hex(0x2a9a6a)
            } else {
                hex(0x8a6a2a)
            }
        } else if peacock {
            mix(hex(0x2a5a2a), hex(0x8a8a3a), barb * 0.6)
        } else {
            mix(hex(0x8a8a88), hex(0xd8d4cc), barb * 0.6)
        };
        (scale(col, 0.75 + 0.35 * barb), BLACK)
    });
    let quill = [(-0.15, -0.014), (-0.12, -0.004), (0.15, 0.0)];
    t.flat(canvas, pl, &stroke_pts(&quill, 0.003, 0.0008), 0.004, |_, _| {
        (hex(0xd8ccb0), BLACK)
    });
    (-0.15, -0.014)
}

/// A snapped length of black silk cord in loose loops, or a tuft of coloured wool threads snagged on
/// a splinter of wood.
pub(super) fn cord(t: &Table, canvas: &mut Canvas, pl: &Place, text: &str, rng: &mut Rng) -> (f32, f32) {
    if has_word(text, &["thread", "threads", "wool", "tartan", "fibres", "fibers"]) {
        let splinter = [
            (-0.09, -0.006),
            (0.06, -0.002),
            (0.09, 0.0),
            (0.06, 0.004),
            (-0.09, 0.007),
        ];
        t.shadow(canvas, pl, &splinter, 0.008, 0.5);
        t.flat(canvas, pl, &splinter, 0.008, |u, v| {
            (
                scale(hex(0x8a6a40), 0.8 + 0.3 * ((v * 900.0 + u * 30.0).sin()).abs()),
                BLACK,
            )
        });
        let colours = [
            hex(0xa01818),
            hex(0x1a4a2a),
            hex(0x1a2250),
            hex(0xc8a030),
            hex(0xa01818),
        ];
        for k in 0..18 {
            let col = colours[k % colours.len()];
            let end = (
                rng.range(-0.03, 0.05),
                rng.range(-0.07, -0.02) * if k % 3 == 0 { -1.0 } else { 1.0 },
            );
            let strand = bezier(
                (0.0, 0.0),
                (rng.range(-0.02, 0.02), end.1 * 0.4),
                (end.0 * 0.6, end.1 * 0.8),
                end,
                12,
            );
            t.flat(canvas, pl, &stroke_pts(&strand, 0.0022, 0.0008), 0.009, move |_, _| {
                (col, BLACK)
            });
        }
        return (-0.09, 0.0);
    }
    let path = bezier((-0.12, -0.03), (-0.02, 0.12), (0.02, -0.12), (0.12, 0.04), 40);
    let body = stroke_pts(&path, 0.005, 0.005);
    t.shadow(canvas, pl, &body, 0.004, 0.5);
    t.flat(canvas, pl, &body, 0.004, |u, v| {
        let twist = ((u * 600.0 + v * 600.0).sin() * 0.5 + 0.5).powi(3);
        (mix(hex(0x0c0c0e), hex(0x6a6a78), twist * 0.5), BLACK)
    });
    let end = path[path.len() - 1];
    for k in 0..6 {
        let a = 0.6 + k as f32 * 0.18;
        let strand = [end, (end.0 + a.cos() * 0.018, end.1 + a.sin() * 0.018 - 0.01)];
        t.flat(canvas, pl, &stroke_pts(&strand, 0.0012, 0.0005), 0.004, |_, _| {
            (hex(0x2a2a30), BLACK)
        });
    }
    (-0.12, -0.03)
}

/// A portable gramophone, lid open: a black record on the felt, its label, and the tone arm with the
/// needle resting in the run-out groove.
pub(super) fn gramophone(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let (hw, hh, th) = (0.15, 0.12, 0.05);
    let cloth = mix(hex(0x1a2a4a), t.st.accent, 0.2);
    t.shadow(canvas, pl, &rect(-hw, -hh, hw, hh), th, 0.6);
    let lid: Vec<V3> = [
        (-hw, hh, th),
        (hw, hh, th),
        (hw, hh + 0.03, th + 0.2),
        (-hw, hh + 0.03, th + 0.2),
    ]
    .iter()
    .map(|&(u, v, y)| pl.to3(u, v, y))
    .collect();
    t.s.face(canvas, &lid, |_, _| (scale(cloth, 0.6), BLACK));
    t.block(canvas, pl, Cuboid::centred(hw, hh, th), move |u, v, y, face| {
        if face != 4 {
            let trim = (y - th + 0.004).abs() < 0.002;
            return (if trim { hex(0x8a8c90) } else { cloth }, BLACK);
        }
        let well = u.abs() < hw - 0.012 && v.abs() < hh - 0.012;
        (if well { hex(0x2a1a14) } else { cloth }, BLACK)
    });
    let centre = (-0.025, 0.0);
    let record = ellipse_pts(centre.0, centre.1, 0.1, 0.1, 0.0, 64);
    let hole = ellipse_pts(centre.0, centre.1, 0.003, 0.003, 0.0, 12);
    let accent = t.st.accent;
    t.flat_holed(canvas, pl, &record, &[&hole], th + 0.004, move |u, v| {
        let (x, y) = (u - centre.0, v - centre.1);
        let r = (x * x + y * y).sqrt();
        if r < 0.032 {
            let ring = (r - 0.026).abs() < 0.0012;
            return (
                if ring {
                    hex(0xd8c890)
                } else {
                    mix(accent, hex(0x801010), 0.4)
                },
                BLACK,
            );
        }
        let groove = 0.7 + 0.3 * (r * 2600.0).sin();
        let sheen = ((y.atan2(x) * 2.0).cos().abs()).powi(12) * 0.5;
        (mix(scale(hex(0x141416), groove), hex(0x8a8a90), sheen), BLACK)
    });
    let pivot = (0.115, 0.085);
    let needle = (centre.0 + 0.02, centre.1 + 0.038);
    let arm = [pivot, (0.06, 0.07), needle];
    t.flat(canvas, pl, &stroke_pts(&arm, 0.006, 0.004), th + 0.03, |u, v| {
        (
            mix(hex(0x8a8c90), hex(0xe0e2e8), ((u + v) * 200.0).sin().abs() * 0.4),
            BLACK,
        )
    });
    t.flat(
        canvas,
        pl,
        &ellipse_pts(pivot.0, pivot.1, 0.014, 0.014, 0.0, 20),
        th + 0.03,
        |_, _| (hex(0x3a3a40), BLACK),
    );
    t.flat(
        canvas,
        pl,
        &rounded_rect_pts(
            needle.0 - 0.01,
            needle.1 - 0.006,
            needle.0 + 0.01,
            needle.1 + 0.006,
            0.003,
        ),
        th + 0.032,
        |_, _| (hex(0x5a5a60), BLACK),
    );
    (-hw, -hh)
}

/// A closed black umbrella lying wet on the table: fluted canopy bulging between its folds, a strap,
/// the ferrule at its tip, the crook handle, and drops of rain round it.
pub(super) fn umbrella(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let width = |u: f32| {
        let gathered = smoothstep(-0.1, -0.07, u);
        0.01 + 0.024 * gathered * (1.0 - smoothstep(-0.04, 0.12, u)).sqrt()
    };
    let canopy: Vec<Point> = (0..=40)
        .map(|i| {
            let u = -0.1 + 0.22 * i as f32 / 40.0;
            (u, width(u) * (1.0 + 0.08 * (u * 180.0).sin().abs()))
        })
        .chain((0..=40).rev().map(|i| {
            let u = -0.1 + 0.22 * i as f32 / 40.0;
            (u, -width(u))
        }))
        .collect();
    let handle = bezier((-0.1, 0.0), (-0.15, 0.0), (-0.17, 0.045), (-0.135, 0.06), 16);
    t.shadow(canvas, pl, &canopy, 0.025, 0.6);
    t.flat(
        canvas,
        pl,
        &stroke_pts(&[(0.11, 0.0), (0.17, 0.0)], 0.004, 0.003),
        0.014,
        |u, v| {
            (
                mix(hex(0x6a6c74), hex(0xe0e4ea), ((u + v) * 300.0).sin().abs() * 0.5),
                BLACK,
            )
        },
    );
    t.flat(canvas, pl, &canopy, 0.025, |u, v| {
        let pleat = ((v * 320.0 + u * 40.0).sin() * 0.5 + 0.5).powi(2);
        let wet = ((u * 90.0 + v * 420.0).sin() * 0.5 + 0.5).powi(12);
        (
            mix(scale(hex(0x22222a), 0.5 + 1.0 * pleat), hex(0xc0d0e8), wet * 0.75),
            BLACK,
        )
    });
    let strap = rounded_rect_pts(-0.045, -0.036, -0.03, 0.036, 0.004);
    t.flat(canvas, pl, &strap, 0.03, |_, _| (hex(0x101014), BLACK));
    t.flat(canvas, pl, &stroke_pts(&handle, 0.011, 0.009), 0.014, |u, v| {
        (scale(hex(0x6a3a1c), 0.8 + 0.4 * ((u + v) * 300.0).sin().abs()), BLACK)
    });
    for _ in 0..18 {
        let drop = (rng.range(-0.16, 0.2), rng.range(-0.08, 0.08));
        let p = t.s.cam.p(pl.to3(drop.0, drop.1, 0.0));
        let r = rng.range(2.0, 5.0);
        canvas.ellipse(p.0, p.1, r * 1.4, r * 0.75, scale(t.st.night, 0.3), 0.55);
        canvas.glow(p.0 - r * 0.35, p.1 - r * 0.25, r * 0.8, [1.0; 3], 0.8);
    }
    (0.17, 0.0)
}

/// A household candle burned halfway down, in a tin candle holder with a ring handle.
pub(super) fn candle(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let dish = Drum::at(pl, 0.0, 0.0, 0.05, 0.01);
    dish.shadow(t, canvas);
    let handle = ellipse_pts(0.065, 0.0, 0.016, 0.012, 0.0, 20);
    let handle_hole = ellipse_pts(0.065, 0.0, 0.009, 0.006, 0.0, 20);
    t.flat_holed(canvas, pl, &handle, &[&handle_hole], 0.008, |_, _| {
        (hex(0x3a5a6a), BLACK)
    });
    dish.side(t, canvas, |_, _| hex(0x3a5a6a));
    dish.top(t, canvas, |_, _| hex(0x4a6a7a));
    let wax = Drum {
        height: dish.height + 0.05 * pl.s,
        radius: 0.013 * pl.s,
        ..dish
    };
    wax.side(t, canvas, |around, up| {
        let drip = up > 0.6 && (around * 7.0).sin() > 0.3 && up < 0.6 + 0.4 * ((around * 11.0).cos().abs());
        scale(hex(0xe8e2d4), if drip { 1.08 } else { 0.95 })
    });
    wax.top(t, canvas, |u, v| {
        scale(hex(0xd8d0c0), 0.8 + 2.0 * (u * u + v * v).sqrt())
    });
    let (wx, wy) = t.s.cam.p([wax.x, wax.height, wax.z]);
    let s = t.s.cam.scale_at(wax.z) * pl.s;
    canvas.line(
        (wx, wy),
        (wx + s * 0.002, wy - s * 0.01),
        (s * 0.002).max(1.2),
        hex(0x101010),
        1.0,
    );
    (0.065, 0.0)
}

/// A squared deck of playing cards with a casino crest on the back, and three cards fanned beside it.
pub(super) fn cards(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let (hw, hh) = (0.032, 0.045);
    let accent = t.st.accent;
    for (k, (du, dv, turn)) in [(0.07, -0.01, -0.35), (0.08, 0.0, -0.1), (0.085, 0.01, 0.15)]
        .iter()
        .enumerate()
    {
        let card = pl.then(*du, *dv, *turn);
        let outline = rounded_rect_pts(-hw, -hh, hw, hh, 0.004);
        t.shadow(canvas, &card, &outline, 0.002 + k as f32 * 0.001, 0.35);
        let red = k % 2 == 0;
        t.flat(canvas, &card, &outline, 0.002 + k as f32 * 0.001, move |u, v| {
            let big = if red {
                heart(u / 0.014, v / 0.014)
            } else {
                spade(u / 0.014, v / 0.014)
            };
            let pip = if red {
                heart((u + 0.022) / 0.005, (v - 0.033) / 0.005)
            } else {
                spade((u + 0.022) / 0.005, (v - 0.033) / 0.005)
            };
            let ink = if red { hex(0xb01818) } else { hex(0x141414) };
            (if big || pip { ink } else { hex(0xeeeae0) }, BLACK)
        });
    }
    t.shadow(canvas, pl, &rect(-hw, -hh, hw, hh), 0.016, 0.55);
    t.block(canvas, pl, Cuboid::centred(hw, hh, 0.016), move |u, v, y, face| {
        if face != 4 {
            return (
                scale(hex(0xe0dcd0), 0.8 + 0.2 * ((y * 3000.0).sin() * 0.5 + 0.5)),
                BLACK,
            );
        }
        let edge = (hw - u.abs()).min(hh - v.abs());
        let lattice = ((u + v) * 400.0).sin() * ((u - v) * 400.0).sin() > 0.2;
        let crest = ((u * u + v * v).sqrt() - 0.01).abs() < 0.0025;
        let col = if edge < 0.003 {
            hex(0xeeeae0)
        } else if edge < 0.005 || crest {
            hex(0xd8c070)
        } else if lattice {
            scale(accent, 0.8)
        } else {
            mix(accent, hex(0x200808), 0.5)
        };
        (col, BLACK)
    });
    (-hw, -hh)
}

/// A heart of unit size, point down (toward the camera).
fn heart(x: f32, y: f32) -> bool {
    let lobes =
        ((x - 0.5).powi(2) + (y - 0.3).powi(2)).sqrt() < 0.55 || ((x + 0.5).powi(2) + (y - 0.3).powi(2)).sqrt() < 0.55;
    let point = y < 0.35 && y > -1.0 && x.abs() < (y + 1.0) * 0.75;
    lobes || point
}

/// A spade of unit size, point away from the camera.
fn spade(x: f32, y: f32) -> bool {
    heart(x, -y + 0.1) || (x.abs() < 0.12 && y < -0.2 && y > -1.0) || (y < -0.85 && y > -1.05 && x.abs() < 0.4)
}

/// A china saucer with small change: two dimes, a nickel and a streetcar token.
pub(super) fn saucer_of_change(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let saucer = ellipse_pts(0.0, 0.0, 0.075, 0.075, 0.0, 48);
    t.shadow(canvas, pl, &saucer, 0.012, 0.55);
    t.flat(canvas, pl, &saucer, 0.01, |u, v| {
        let r = (u * u + v * v).sqrt();
        let band = (r - 0.066).abs() < 0.002;
        let well = smoothstep(0.05, 0.03, r);
        (
            if band {
                hex(0x2a4a8a)
            } else {
                scale(hex(0xe4e0d8), 0.85 + 0.15 * (1.0 - well))
            },
            BLACK,
        )
    });
    let coins = [
        (0.0088, hex(0xc0c4ca), false),
        (0.0088, hex(0xc0c4ca), false),
        (0.0105, hex(0x9a9ca0), false),
        (0.01, hex(0xc8a048), true),
    ];
    for (k, (r, col, holed)) in coins.iter().enumerate() {
        let a = k as f32 * 1.7 + rng.range(-0.3, 0.3);
        let at = pl.then(a.cos() * 0.03, a.sin() * 0.026, rng.range(0.0, 6.0));
        let (r, col) = (*r, *col);
        let disc = ellipse_pts(0.0, 0.0, r, r, 0.0, 28);
        let hole = ellipse_pts(0.0, 0.0, r * 0.25, r * 0.25, 0.0, 12);
        t.shadow(canvas, &at, &disc, 0.013, 0.4);
        let face = move |u: f32, v: f32| {
            let rr = (u * u + v * v).sqrt();
            let rim = rr > r * 0.82;
            let relief = ((u + r * 0.1).powi(2) / (r * r * 0.2) + (v / (r * 0.6)).powi(2)) < 1.0;
            let shine = ((u - v) / r * 3.0).sin() * 0.1;
            (
                scale(
                    col,
                    if rim {
                        1.15
                    } else if relief {
                        1.05
                    } else {
                        0.85
                    } + shine,
                ),
                BLACK,
            )
        };
        if *holed {
            t.flat_holed(canvas, &at, &disc, &[&hole], 0.013, face);
        } else {
            t.flat(canvas, &at, &disc, 0.013, face);
        }
    }
    (-0.075, 0.0)
}

/// A spent flashbulb on its side: a milky, blistered glass bulb, the blackened foil crumpled inside,
/// a ribbed brass base.
pub(super) fn flashbulb(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let base = rect(-0.055, -0.011, -0.025, 0.011);
    let bulb: Vec<Point> = (0..40)
        .map(|i| {
            let a = i as f32 / 40.0 * std::f32::consts::TAU;
            let neck = smoothstep(-0.2, -1.0, a.cos());
            (0.01 + a.cos() * 0.034, a.sin() * 0.027 * (1.0 - 0.55 * neck))
        })
        .collect();
    t.shadow(canvas, pl, &bulb, 0.025, 0.5);
    t.shadow(canvas, pl, &base, 0.012, 0.5);
    t.flat(canvas, pl, &base, 0.012, |u, v| {
        let rib = ((u * 700.0).sin() * 0.5 + 0.5).powi(2);
        (
            scale(hex(0xb09040), 0.6 + 0.6 * rib * (1.0 - (v / 0.011).powi(2) * 0.5)),
            BLACK,
        )
    });
    let foil: Vec<Point> = (0..16)
        .map(|i| {
            let a = i as f32 / 16.0 * std::f32::consts::TAU;
            let r = 0.012 * (1.0 + 0.35 * (a * 5.0).sin());
            (0.012 + a.cos() * r, a.sin() * r)
        })
        .collect();
    t.flat(canvas, pl, &foil, 0.02, |u, v| {
        (
            scale(hex(0x2a2a30), 0.8 + 0.5 * ((u * 900.0 + v * 700.0).sin()).abs()),
            BLACK,
        )
    });
    let pts: Vec<Point> = bulb.iter().map(|&(u, v)| t.s.cam.p(pl.to3(u, v, 0.025))).collect();
    let (cx, cy) = t.s.cam.p(pl.to3(0.0, 0.01, 0.025));
    let span = t.s.cam.scale_at(pl.z) * 0.03 * pl.s;
    let milk = mix(hex(0xc8d8f0), t.st.moon, 0.3);
    canvas.fill_with(&pts, Blend::Over, |x, y| {
        let d = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt() / span.max(1.0);
        let blister = ((x * 0.3).sin() * (y * 0.35).cos()).abs() * 0.15;
        (mix(milk, [1.0; 3], smoothstep(0.5, 0.0, d) * 0.5), 0.55 + blister)
    });
    // The glass's outline catching the lamp, and the blue spot that shows a bulb has fired.
    let mut rim = pts.clone();
    rim.push(pts[0]);
    canvas.stroke(&rim, 1.6, mix(milk, [1.0; 3], 0.5), 0.7);
    let (bx, by) = t.s.cam.p(pl.to3(0.03, 0.0, 0.027));
    canvas.ellipse(bx, by, span * 0.18, span * 0.12, hex(0x4a6ad0), 0.9);
    (-0.055, 0.0)
}

/// A travelling chess set: a wooden board with a problem half worked out, a few pieces standing.
pub(super) fn chess_set(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let half = 0.1;
    let square = half / 4.0;
    t.shadow(
        canvas,
        pl,
        &rect(-half - 0.01, -half - 0.01, half + 0.01, half + 0.01),
        0.012,
        0.55,
    );
    t.block(
        canvas,
        pl,
        Cuboid {
            u0: -half - 0.01,
            v0: -half - 0.01,
            u1: half + 0.01,
            v1: half + 0.01,
            height: 0.012,
        },
        move |u, v, _, face| {
            if face != 4 || u.abs() > half || v.abs() > half {
                return (hex(0x4a2a16), BLACK);
            }
            let dark = (((u + half) / square).floor() as i32 + ((v + half) / square).floor() as i32) % 2 == 0;
            (if dark { hex(0x3a2010) } else { hex(0xc8a878) }, BLACK)
        },
    );
    let mut pieces: Vec<(Piece, bool, i32, i32)> = vec![
        (Piece::King, true, 6, 0),
        (Piece::Rook, true, 0, 2),
        (Piece::Queen, true, 3, 4),
        (Piece::King, false, 6, 7),
        (Piece::Pawn, false, 5, 6),
        (Piece::Pawn, false, 6, 6),
        (Piece::Knight, false, 2, 5),
        (Piece::Pawn, true, 4, 3),
    ];
    pieces.truncate(5 + rng.below(4));
    // Far pieces first, so near ones stand in front of them.
    pieces.sort_by_key(|p| -p.3);
    let key = t.key_side(pl.x);
    for (piece, white, file, rank) in pieces {
        let (u, v) = (
            -half + (file as f32 + 0.5) * square,
            -half + (rank as f32 + 0.5) * square,
        );
        let p = pl.to3(u, v, 0.012);
        let (sx, sy) = t.s.cam.p(p);
        let xf = Transform::new(sx, sy, t.s.cam.scale_at(p[2]) * pl.s, 0.0);
        let body = if white { hex(0xe8dcc0) } else { hex(0x1a1412) };
        canvas.shadow(sx - key * xf.s * 0.01, sy, xf.s * 0.012, xf.s * 0.004, 0.6);
        let outline = xf.pts(&piece.outline());
        canvas.fill_with(&outline, Blend::Over, |x, _| {
            let lit = 0.45 + 0.55 * (0.5 + 0.5 * ((x - sx) / (xf.s * 0.01)).clamp(-1.0, 1.0) * key);
            (scale(body, lit), 1.0)
        });
    }
    (-half - 0.01, -half)
}

/// A chess piece.
#[derive(Debug, Clone, Copy)]
enum Piece {
    Pawn,
    Rook,
    Knight,
    Queen,
    King,
}

impl Piece {
    /// Its silhouette in metres, standing at the origin (y up negative).
    fn outline(self) -> Vec<Point> {
        #[rustfmt::skip]
        let right: &[Point] = match self {
            Piece::Pawn => &[(0.009, 0.0), (0.008, -0.004), (0.004, -0.007), (0.0025, -0.014), (0.0045, -0.016),
                (0.0048, -0.019), (0.004, -0.022), (0.002, -0.0238), (0.0, -0.0242)],
            Piece::Rook => &[(0.009, 0.0), (0.008, -0.004), (0.005, -0.007), (0.0045, -0.02), (0.007, -0.022),
                (0.007, -0.028), (0.0045, -0.028), (0.0045, -0.026), (0.0015, -0.026), (0.0015, -0.028), (0.0, -0.028)],
            Piece::Queen => &[(0.009, 0.0), (0.008, -0.004), (0.004, -0.008), (0.0028, -0.022), (0.0065, -0.031),
                (0.0045, -0.0285), (0.003, -0.032), (0.0015, -0.029), (0.0, -0.033)],
            Piece::King => &[(0.009, 0.0), (0.008, -0.004), (0.004, -0.008), (0.003, -0.025), (0.0055, -0.029),
                (0.0012, -0.031), (0.0012, -0.034), (0.003, -0.034), (0.003, -0.036), (0.0012, -0.036),
                (0.0012, -0.039), (0.0, -0.039)],
            Piece::Knight => {
                return vec![(-0.009, 0.0), (0.009, 0.0), (0.008, -0.004), (0.005, -0.007), (0.006, -0.016),
                    (0.007, -0.023), (0.004, -0.03), (-0.001, -0.031), (-0.009, -0.025), (-0.0085, -0.021),
                    (-0.003, -0.021), (-0.005, -0.014), (-0.005, -0.007), (-0.008, -0.004)];
            }
        };
        let mut outline = right.to_vec();
        outline.extend(right.iter().rev().skip(1).map(|&(x, y)| (-x, y)));
        outline
    }
}

/// An empty striped hatbox, its lid set down beside it and the tissue paper folded inside.
pub(super) fn hatbox(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let accent = t.st.accent;
    let lid = Drum::at(pl, 0.13, 0.07, 0.085, 0.025);
    let tissue = Noise::new(7, 0.01);
    lid.shadow(t, canvas);
    lid.side(t, canvas, move |around, _| stripes(around, accent));
    lid.top(t, canvas, |_, _| hex(0x1a1418));
    let box_ = Drum::at(pl, 0.0, 0.0, 0.08, 0.11);
    box_.shadow(t, canvas);
    box_.side(t, canvas, move |around, up| {
        let cord = (up - 0.5).abs() < 0.02;
        if cord { hex(0x101010) } else { stripes(around, accent) }
    });
    box_.top(t, canvas, move |u, v| {
        let fold = (u * 40.0 + tissue.at(u, v) * 3.0).sin().abs() < 0.15;
        scale(
            hex(0xe8e4de),
            if fold {
                0.75
            } else {
                0.92 + 0.08 * tissue.at(u * 2.0, v * 2.0)
            },
        )
    });
    (-0.08, 0.0)
}

/// Black and cream stripes round a drum, with a thin accent line.
fn stripes(around: f32, accent: Rgb) -> Rgb {
    let a = around.asin() * 7.0;
    let f = a.rem_euclid(1.0);
    if f < 0.45 {
        hex(0x141414)
    } else if f < 0.5 {
        accent
    } else {
        hex(0xe8e0d0)
    }
}

/// A box of kitchen matches on its side, tray half out, matches spilled across the table unstruck.
pub(super) fn spilled_matches(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let (hw, hh, th) = (0.055, 0.035, 0.018);
    let accent = t.st.accent;
    let tray = pl.then(0.03, 0.0, 0.0);
    t.shadow(canvas, pl, &rect(-hw, -hh, hw + 0.03, hh), th, 0.55);
    t.block(
        canvas,
        &tray,
        Cuboid {
            u0: -hw,
            v0: -hh + 0.003,
            u1: hw,
            v1: hh - 0.003,
            height: th * 0.7,
        },
        |_, _, _, face| (if face == 4 { hex(0x5a4028) } else { hex(0xc8b898) }, BLACK),
    );
    t.block(
        canvas,
        pl,
        Cuboid {
            u0: -hw,
            v0: -hh,
            u1: hw - 0.03,
            v1: hh,
            height: th,
        },
        move |u, v, _, face| {
            let label = face == 4 && u.abs() < 0.03 && v.abs() < 0.022;
            let star = face == 4 && (u.abs() + v.abs() * 1.3) < 0.012;
            let striker = face != 4;
            let col = if striker {
                hex(0x5a3020)
            } else if star {
                hex(0xe8c848)
            } else if label {
                mix(accent, hex(0x1a2a6a), 0.5)
            } else {
                hex(0xd8c8a0)
            };
            (col, BLACK)
        },
    );
    for _ in 0..16 {
        let m = pl.then(rng.range(0.02, 0.2), rng.range(-0.1, 0.1), rng.range(0.0, 6.3));
        let stick = rect(-0.024, -0.0014, 0.024, 0.0014);
        t.shadow(canvas, &m, &stick, 0.002, 0.3);
        t.flat(canvas, &m, &stick, 0.002, |u, _| {
            (if u > 0.018 { hex(0x8a1a12) } else { hex(0xd8c8a0) }, BLACK)
        });
    }
    (-hw, -hh)
}

/// A square paper cocktail napkin with a scalloped edge, a bar's crest, and a doodled sailboat.
pub(super) fn napkin(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let hw = 0.085;
    let outline: Vec<Point> = (0..64)
        .map(|i| {
            let a = i as f32 / 64.0 * std::f32::consts::TAU;
            let (x, y) = (a.cos(), a.sin());
            let k = hw / x.abs().max(y.abs());
            let scallop = 1.0 + 0.025 * (a * 48.0).sin().abs();
            (x * k * scallop, y * k * scallop)
        })
        .collect();
    let accent = t.st.accent;
    t.shadow(canvas, pl, &outline, 0.002, 0.4);
    t.flat(canvas, pl, &outline, 0.002, move |u, v| {
        let emboss = ((hw - u.abs()).min(hw - v.abs()) - 0.008).abs() < 0.0012;
        let crest = ((u - 0.0).powi(2) + (v - 0.05).powi(2)).sqrt() < 0.012;
        let mast = (u + 0.01).abs() < 0.0012 && (-0.04..0.02).contains(&v);
        let sail = (u + 0.008).abs() < 0.035 * (0.02 - v) / 0.06 + 0.0012
            && (u + 0.008) > 0.0
            && (-0.035..0.02).contains(&v)
            && ((u + 0.008) - 0.035 * (0.02 - v) / 0.06).abs() < 0.0014;
        let hull = (v + 0.045).abs() < 0.0014 && u.abs() < 0.035;
        let sea = (v + 0.055 - 0.004 * (u * 200.0).sin()).abs() < 0.001 && u.abs() < 0.05;
        let col = if crest {
            accent
        } else if mast || sail || hull || sea {
            hex(0x1a2040)
        } else if emboss {
            hex(0xd0ccc4)
        } else {
            hex(0xeeeae4)
        };
        (col, BLACK)
    });
    (-hw, hw)
}

/// A crumpled silk pocket square: a square of folds catching the light, its rolled hem.
pub(super) fn pocket_square(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let outline: Vec<Point> = (0..24)
        .map(|i| {
            let a = i as f32 / 24.0 * std::f32::consts::TAU + 0.4;
            let corner = 1.0 + 0.35 * (a * 2.0).cos().powi(8);
            let crumple = 1.0 + 0.08 * (a * 5.0).sin();
            (a.cos() * 0.07 * corner * crumple, a.sin() * 0.06 * corner * crumple)
        })
        .collect();
    let silk = mix(hex(0x8a1020), t.st.accent, 0.15);
    t.shadow(canvas, pl, &outline, 0.012, 0.5);
    t.flat(canvas, pl, &outline, 0.01, move |u, v| {
        let folds = ((u * 70.0 + (v * 50.0).sin() * 2.5).sin() * 0.5 + 0.5).powf(0.8);
        let sheen = ((u * 30.0 - v * 45.0).sin() * 0.5 + 0.5).powi(6);
        let col = mix(scale(silk, 0.55 + 0.6 * folds), hex(0xf0c0c0), sheen * 0.35);
        (col, BLACK)
    });
    (-0.07, 0.0)
}

/// An open matchbook, one match torn out and lying spent beside it.
pub(super) fn matchbook(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let style = t.st;
    let cover = [(-0.05, -0.08), (0.05, -0.08), (0.05, 0.0), (-0.05, 0.0)];
    let lid = [(-0.05, 0.0), (0.05, 0.0), (0.05, 0.09), (-0.05, 0.09)];
    t.shadow(canvas, pl, &cover, 0.006, 0.5);
    t.shadow(canvas, pl, &lid, 0.004, 0.4);
    let accent = style.accent;
    t.flat(canvas, pl, &cover, 0.006, move |u, v| {
        let striker = v < -0.06 && v > -0.075;
        let line = ((0.04 - u.abs()).abs() < 0.002 && v > -0.055) || ((v + 0.055).abs() < 0.002 && u.abs() < 0.04);
        let star = {
            let (x, y) = (u / 0.02, (v + 0.028) / 0.02);
            let a = y.atan2(x);
            let r = (x * x + y * y).sqrt();
            r < 0.55 + 0.45 * (a * 5.0).cos().max(0.0).powi(2) * 1.2
        };
        let col = if striker {
            hex(0x3a2a20)
        } else if line || star {
            hex(0xd8c070)
        } else {
            mix(accent, hex(0x200808), 0.2)
        };
        (col, BLACK)
    });
    // Inside the open lid: the row of matches.
    t.flat(canvas, pl, &lid, 0.004, |_, _| (hex(0xc8b898), BLACK));
    for i in 0..8 {
        let u = -0.042 + i as f32 * 0.012;
        if i == 3 {
            continue;
        }
        t.flat(canvas, pl, &rect(u - 0.003, 0.005, u + 0.003, 0.07), 0.006, |_, _| {
            (hex(0xd8c8a0), BLACK)
        });
        t.flat(
            canvas,
            pl,
            &ellipse_pts(u, 0.072, 0.005, 0.008, 0.0, 12),
            0.007,
            |_, _| (hex(0x6a1a12), BLACK),
        );
    }
    // A spent match beside it.
    let m = pl.then(0.09, 0.02, 0.6);
    t.flat(canvas, &m, &rect(-0.035, -0.002, 0.035, 0.002), 0.002, |u, _| {
        (if u > 0.02 { hex(0x101010) } else { hex(0xc8b890) }, BLACK)
    });
    (-0.05, -0.07)
}

/// A crumpled cloth with a lace edge, an embroidered flower and a stain.
pub(super) fn cloth(t: &Table, canvas: &mut Canvas, pl: &Place, text: &str, rng: &mut Rng) -> (f32, f32) {
    let style = t.st;
    let col = if has_word(text, &["crimson", "red", "scarlet"]) {
        hex(0x9a1020)
    } else if rng.chance(0.5) {
        hex(0xd8d4cc)
    } else {
        mix(style.accent, hex(0xd0c8c0), 0.3)
    };
    let cloth: Vec<Point> = (0..32)
        .map(|i| {
            let a = i as f32 / 32.0 * std::f32::consts::TAU;
            let r = 0.13 * (1.0 + 0.18 * (a * 3.0 + 1.0).sin() + 0.1 * (a * 7.0).cos());
            (a.cos() * r * 1.2, a.sin() * r)
        })
        .collect();
    t.shadow(canvas, pl, &cloth, 0.02, 0.5);
    let accent = style.accent;
    t.flat(canvas, pl, &cloth, 0.01, move |u, v| {
        let folds = ((u * 40.0 + (v * 25.0).sin() * 2.0).sin() * 0.5 + 0.5).powf(0.7);
        let lace = {
            let r = (u * u / 1.44 + v * v).sqrt();
            r > 0.12 && ((u.atan2(v) * 40.0).sin() > 0.0)
        };
        let stain = ((u - 0.04).powi(2) + (v + 0.03).powi(2)).sqrt() < 0.022 * (1.0 + 0.3 * (u * 200.0).sin());
        let flower = ((u + 0.06).powi(2) + (v - 0.05).powi(2)).sqrt() < 0.012;
        let base = if stain {
            mix(accent, hex(0x5a1010), 0.4)
        } else if flower {
            accent
        } else {
            col
        };
        (scale(base, if lace { 1.1 } else { 0.7 + 0.35 * folds }), BLACK)
    });
    (-0.14, 0.05)
}

/// A brown-paper parcel tied with twine, a label on top and a wax seal.
pub(super) fn parcel(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let style = t.st;
    let (hw, hh, th) = (0.15, 0.11, 0.11);
    t.shadow(canvas, pl, &rect(-hw, -hh, hw, hh), th, 0.6);
    let twine_u = rng.range(-0.03, 0.03);
    let twine_v = rng.range(-0.02, 0.02);
    let paper = hex(0x8a6a44);
    t.block(canvas, pl, Cuboid::centred(hw, hh, th), |u, v, y, face| {
        let creases = ((u * 60.0).sin() * (v * 45.0).cos()).abs() < 0.05;
        let twine = match face {
            4 => (u - twine_u).abs() < 0.004 || (v - twine_v).abs() < 0.004,
            0 | 2 => (u - twine_u).abs() < 0.004,
            _ => (v - twine_v).abs() < 0.004,
        };
        let label = face == 4 && (u - 0.06).abs() < 0.05 && (v + 0.05).abs() < 0.03;
        let col = if twine {
            hex(0xc8b890)
        } else if label {
            paper_lines(u * 2.0, v * 2.0, 0.02, hex(0xd8d0c0))
        } else {
            scale(paper, if creases { 0.8 } else { 1.0 } * (0.85 + 0.15 * (y / th)))
        };
        (col, BLACK)
    });
    // The knot and a wax seal.
    let (kx, ky) = t.s.cam.p(pl.to3(twine_u, twine_v, th));
    let sc = t.s.cam.scale_at(pl.z);
    canvas.ellipse(kx, ky, sc * 0.012, sc * 0.008, hex(0xb8a880), 1.0);
    for sgn in [-1.0f32, 1.0] {
        canvas.fill(
            &stroke_pts(
                &bezier(
                    (kx, ky),
                    (kx + sgn * sc * 0.03, ky - sc * 0.02),
                    (kx + sgn * sc * 0.04, ky + sc * 0.01),
                    (kx + sgn * sc * 0.02, ky + sc * 0.012),
                    10,
                ),
                3.0,
                2.0,
            ),
            hex(0xc8b890),
            1.0,
        );
    }
    let (sx, sy) = t.s.cam.p(pl.to3(-0.08, 0.05, th));
    canvas.ellipse(
        sx,
        sy,
        sc * 0.02,
        sc * 0.013,
        mix(style.accent, hex(0x300808), 0.3),
        1.0,
    );
    (hw, -hh)
}
