//! Everyday things: tins, flowers and a feather, a gramophone, an umbrella, a candle, a spent
//! flashbulb, a hatbox and a parcel. Standing things are drums lit by the table's lamp.

use super::super::canvas::{
    Blend, Canvas, Noise, Point, Rgb, Rng, add, bezier, ellipse_pts, hex, mix, mul, rounded_rect_pts, scale,
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
    let accent = t.style.accent;
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

/// Flowers: crushed carnation petals, a browned gardenia petal, a cornflower, a sprig of heather.
pub(super) fn flower(t: &Table, canvas: &mut Canvas, pl: &Place, text: &str, rng: &mut Rng) -> (f32, f32) {
    let red = if has_word(text, &["white"]) && !has_word(text, &["heather"]) {
        hex(0xe8e0d4)
    } else {
        mix(hex(0xb01828), t.style.accent, 0.15)
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

/// A portable gramophone, lid open: a black record on the felt, its label, and the tone arm with the
/// needle resting in the run-out groove.
pub(super) fn gramophone(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let (hw, hh, th) = (0.15, 0.12, 0.05);
    let cloth = mix(hex(0x1a2a4a), t.style.accent, 0.2);
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
    let accent = t.style.accent;
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
        canvas.ellipse(p.0, p.1, r * 1.4, r * 0.75, scale(t.style.night, 0.3), 0.55);
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
    let milk = mix(hex(0xc8d8f0), t.style.moon, 0.3);
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

/// An empty striped hatbox, its lid set down beside it and the tissue paper folded inside.
pub(super) fn hatbox(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let accent = t.style.accent;
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

/// A brown-paper parcel tied with twine, a label on top and a wax seal.
pub(super) fn parcel(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let style = t.style;
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
