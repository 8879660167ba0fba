//! Letters and snapshots: a bundle of envelopes, a letter, a note or an envelope, photographs, a ticket.

use super::super::canvas::{Canvas, Point, Rng, hex, mix, rounded_rect_pts, scale, stroke_pts};
use super::{BLACK, ObjectKind, Place, Table, handwriting, rect};

/// A bundle of envelopes (bills, letters) tied crosswise with string.
pub(super) fn bundle(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let (hw, hh) = (0.14, 0.085);
    let tints = [hex(0xd8ccb0), hex(0xc8d0d8), hex(0xe0d8c8), hex(0xd0c0a8)];
    let n = 4;
    for k in 0..n {
        let lift = 0.004 * (k + 1) as f32;
        let env = pl.then(rng.range(-0.012, 0.012), rng.range(-0.01, 0.01), rng.range(-0.08, 0.08));
        let tint = tints[k % tints.len()];
        let top = k == n - 1;
        t.shadow(canvas, &env, &rect(-hw, -hh, hw, hh), lift, 0.3);
        t.flat(canvas, &env, &rect(-hw, -hh, hw, hh), lift, move |u, v| {
            let window = top && (u + 0.03).abs() < 0.06 && (v + 0.02).abs() < 0.02;
            let stamp = (u - 0.105).abs() < 0.018 && (v - 0.05).abs() < 0.022;
            let col = if window {
                mix(tint, hex(0x8a8a90), 0.35)
            } else if stamp {
                hex(0x6a2a2a)
            } else {
                tint
            };
            (col, BLACK)
        });
    }
    let lift = 0.004 * (n + 1) as f32;
    for (a, b) in [
        ((-hw - 0.01, 0.01), (hw + 0.01, -0.005)),
        ((0.02, -hh - 0.01), (0.005, hh + 0.01)),
    ] {
        t.flat(canvas, pl, &stroke_pts(&[a, b], 0.0022, 0.0022), lift, |_, _| {
            (hex(0xc8b890), BLACK)
        });
    }
    let knot = rounded_rect_pts(0.0, -0.004, 0.026, 0.014, 0.006);
    t.flat(canvas, pl, &knot, lift + 0.001, |_, _| (hex(0xb8a880), BLACK));
    (hw, 0.0)
}

/// A letter with its opened envelope, a torn note, or a sealed envelope with a stamp and an address.
pub(super) fn letter(t: &Table, canvas: &mut Canvas, kind: ObjectKind, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let style = t.style;
    let paper = hex(0xdcd4c0);
    if kind != ObjectKind::Note {
        // The envelope, flap open, a wax seal in the case's colour.
        let epl = if kind == ObjectKind::Letter {
            pl.then(0.08, 0.08, 0.2)
        } else {
            *pl
        };
        let env = [(-0.16, -0.1), (0.16, -0.1), (0.16, 0.1), (-0.16, 0.1)];
        t.shadow(canvas, &epl, &env, 0.004, 0.45);
        t.flat(canvas, &epl, &env, 0.003, |u, v| {
            let flap = v > 0.1 - (0.16 - u.abs()) * 0.6;
            (
                if flap {
                    scale(hex(0xc8bca0), 0.85)
                } else {
                    hex(0xd0c6aa)
                },
                BLACK,
            )
        });
        let seam = [(-0.16, 0.1), (0.0, 0.005), (0.16, 0.1)];
        let s3: Vec<Point> = seam.iter().map(|&(u, v)| t.s.cam.p(epl.to3(u, v, 0.003))).collect();
        canvas.stroke(&s3, 1.2, hex(0x6a604a), 0.6);
        if kind == ObjectKind::Envelope || rng.chance(0.5) {
            let seal: Vec<Point> = (0..24)
                .map(|i| {
                    let a = i as f32 / 24.0 * std::f32::consts::TAU;
                    let r = 0.024 * (1.0 + 0.1 * (a * 5.0).sin());
                    (a.cos() * r, 0.005 + a.sin() * r)
                })
                .collect();
            t.flat(canvas, &epl, &seal, 0.005, |u, v| {
                let r = (u * u + (v - 0.005).powi(2)).sqrt();
                let ring = (r - 0.014).abs() < 0.0025;
                (
                    if ring {
                        scale(style.accent, 0.6)
                    } else {
                        mix(style.accent, hex(0x300808), 0.3)
                    },
                    BLACK,
                )
            });
        }
        if kind == ObjectKind::Envelope {
            // Stamp-sized patch and address lines (dashes).
            t.flat(canvas, &epl, &rect(0.1, -0.085, 0.145, -0.045), 0.0035, |u, v| {
                let perf = ((u * 600.0).sin() > 0.7 && (u - 0.1).min(0.145 - u) < 0.003)
                    || ((v * 600.0).sin() > 0.7 && (v + 0.085).min(-0.045 - v) < 0.003);
                (
                    if perf {
                        hex(0xd0c6aa)
                    } else {
                        mix(style.accent, hex(0x2a3a5a), 0.5)
                    },
                    BLACK,
                )
            });
            t.flat(canvas, &epl, &rect(-0.09, -0.07, 0.05, -0.02), 0.0032, |u, v| {
                (handwriting(u, v, 0.016, hex(0xd0c6aa)), BLACK)
            });
        }
        if kind == ObjectKind::Envelope {
            return (-0.16, -0.1);
        }
    }
    // The sheet: folded in three, handwriting as lines of ink.
    let (hw, hh) = if kind == ObjectKind::Note {
        (0.09, 0.07)
    } else {
        (0.13, 0.17)
    };
    let torn: Vec<Point> = if kind == ObjectKind::Note {
        let mut v = vec![(-hw, -hh), (hw, -hh), (hw, hh)];
        for i in 0..=12 {
            let u = hw - 2.0 * hw * i as f32 / 12.0;
            v.push((u, hh - (((i * 7) % 5) as f32) * 0.003));
        }
        v
    } else {
        rect(-hw, -hh, hw, hh)
    };
    t.shadow(canvas, pl, &torn, 0.005, 0.5);
    let folds = kind == ObjectKind::Letter;
    t.flat(canvas, pl, &torn, 0.005, |u, v| {
        let mut col = handwriting(u + 0.3, v - 0.01, 0.02, paper);
        if (u + hw) < 0.02 || (hw - u) < 0.02 || (hh - v) < 0.03 || (v + hh) < 0.03 {
            col = paper;
        }
        if folds {
            let f = ((v + hh) / (2.0 * hh) * 3.0).fract();
            col = scale(col, 0.88 + 0.14 * f);
        }
        (col, BLACK)
    });
    (-hw * 0.8, hh * 0.9)
}

/// One or two small grey prints: a figure, a house at night or a car, with a dog-eared corner.
pub(super) fn photographs(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let style = t.style;
    let n = 1 + rng.below(2);
    for k in 0..n {
        let p2 = if k == 0 && n > 1 {
            pl.then(-0.06, 0.05, -0.25)
        } else {
            *pl
        };
        let (hw, hh) = (0.13, 0.1);
        let outline = rect(-hw, -hh, hw, hh);
        t.shadow(canvas, &p2, &outline, 0.006, 0.5);
        let scene_kind = rng.below(3);
        let accent = style.accent;
        t.flat(canvas, &p2, &outline, 0.004, move |u, v| {
            let border = (hw - u.abs()) < 0.012 || (hh - v.abs()) < 0.012;
            if border {
                return (hex(0xd8d2c0), BLACK);
            }
            // A small grey print: a figure, a car, or a house at night.
            let (x, y) = (u / hw, v / hh);
            let sky = 0.35 + 0.25 * y;
            let mut g = if y > -0.2 { sky } else { 0.18 };
            match scene_kind {
                0 => {
                    let head = (x * x + (y - 0.3) * (y - 0.3) * 1.2) < 0.03;
                    let body = x.abs() < 0.35 - (y + 0.8) * 0.12 && y < 0.12;
                    if head || body {
                        g = 0.08;
                    }
                }
                1 => {
                    let house = x.abs() < 0.45 && y < 0.25 && y > -0.3 || (y >= 0.25 && y < 0.6 - x.abs() * 0.8);
                    if house {
                        g = 0.1;
                    }
                    if (x - 0.15).abs() < 0.08 && (y + 0.0).abs() < 0.08 {
                        g = 0.7;
                    }
                }
                _ => {
                    let car = (y < 0.0 && y > -0.35 && x.abs() < 0.7) || ((0.0..0.22).contains(&y) && x.abs() < 0.35);
                    if car {
                        g = 0.06;
                    }
                    if ((x + 0.7).abs() < 0.06 || (x - 0.7).abs() < 0.06) && (y + 0.15).abs() < 0.05 {
                        g = 0.8;
                    }
                }
            }
            let _ = accent;
            ([g * 1.05, g, g * 0.9], BLACK)
        });
        // A dog-eared corner.
        let ear = [(hw - 0.03, hh), (hw, hh), (hw, hh - 0.03)];
        t.flat(canvas, &p2, &ear, 0.0045, |_, _| (hex(0xb8b2a0), BLACK));
    }
    (-0.12, 0.09)
}

/// A ticket with a perforated stub and a punched hole.
pub(super) fn ticket(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let style = t.style;
    let (hw, hh) = (0.14, 0.06);
    let mut outline = vec![(-hw, -hh), (hw, -hh)];
    for i in 0..=10 {
        let v = -hh + 2.0 * hh * i as f32 / 10.0;
        outline.push((hw - if i % 2 == 0 { 0.0 } else { 0.008 }, v));
    }
    outline.push((-hw, hh));
    t.shadow(canvas, pl, &outline, 0.004, 0.5);
    let paper = mix(hex(0xd8ccb0), style.accent, 0.35);
    t.flat(canvas, pl, &outline, 0.003, move |u, v| {
        let perf = (u - 0.06).abs() < 0.002 && (v * 250.0).sin() > 0.0;
        let frame = ((hw - 0.012 - u.abs()).abs() < 0.0015 && v.abs() < hh - 0.012)
            || ((hh - 0.012 - v.abs()).abs() < 0.0015 && u.abs() < hw - 0.012);
        let bars =
            u < 0.04 && u > -0.1 && ((v - 0.02).abs() < 0.008 || (v + 0.015).abs() < 0.004) && (u * 300.0).sin() > -0.2;
        let stub_mark = u > 0.08 && (v.abs() < 0.02) && ((u * 400.0).sin() > 0.3);
        let hole = ((u - 0.1).powi(2) + (v - 0.03).powi(2)).sqrt() < 0.008;
        let col = if hole {
            hex(0x0a0806)
        } else if perf || frame || bars || stub_mark {
            scale(paper, 0.45)
        } else {
            paper
        };
        (col, BLACK)
    });
    (-hw + 0.01, 0.0)
}
