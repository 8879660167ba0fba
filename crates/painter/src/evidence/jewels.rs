//! Jewellery: pins and charms, a cameo, a brooch, a watch fob, a cufflink, a comb, a loose stone, a ring.

use super::super::canvas::{
    Blend, Canvas, Noise, Point, Rng, arc_pts, cell, ellipse_pts, hex, mix, rounded_rect_pts, scale, smoothstep,
    stroke_pts,
};
use super::trinkets::{GOLD, SILVER, metal};
use super::{BLACK, Cuboid, Place, Table, rect, sparkle};
use crate::has_word;

/// A bent or broken pin lying beside a piece of jewellery.
fn loose_pin(t: &Table, canvas: &mut Canvas, pl: &Place, from: Point, to: Point) {
    let kink = ((from.0 + to.0) / 2.0 + 0.006, (from.1 + to.1) / 2.0 + 0.004);
    t.flat(
        canvas,
        pl,
        &stroke_pts(&[from, kink, to], 0.0014, 0.0008),
        0.004,
        |u, v| (metal(hex(SILVER), u, v), BLACK),
    );
}

/// What a piece of jewellery is shaped like.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Trinket {
    Anchor,
    Scarab,
    Cameo,
    Horseshoe,
    DragonflyComb,
    RabbitsFoot,
    WatchFob,
    Cufflink,
    Brooch,
}

impl Trinket {
    fn from_text(text: &str) -> Self {
        #[rustfmt::skip]
        let shapes: [(Trinket, &[&str]); 8] = [
            (Trinket::Anchor, &["anchor"]),
            (Trinket::Scarab, &["scarab", "beetle"]),
            (Trinket::Cameo, &["cameo"]),
            (Trinket::Horseshoe, &["horseshoe"]),
            (Trinket::DragonflyComb, &["comb", "dragonfly"]),
            (Trinket::RabbitsFoot, &["rabbit", "foot"]),
            (Trinket::WatchFob, &["fob", "masonic", "medallion", "medal"]),
            (Trinket::Cufflink, &["cufflink", "onyx"]),
        ];
        shapes
            .iter()
            .find(|(_, words)| has_word(text, words))
            .map(|(s, _)| *s)
            .unwrap_or(Trinket::Brooch)
    }
}

/// A pin, a charm, a cameo, a cufflink or a fob, lying flat; its clasp or ring broken.
pub(super) fn jewel(t: &Table, canvas: &mut Canvas, pl: &Place, text: &str, rng: &mut Rng) -> (f32, f32) {
    match Trinket::from_text(text) {
        Trinket::Anchor => anchor_pin(t, canvas, pl),
        Trinket::Scarab => scarab_pin(t, canvas, pl),
        Trinket::Cameo => cameo(t, canvas, pl),
        Trinket::Horseshoe => horseshoe_charm(t, canvas, pl),
        Trinket::DragonflyComb => dragonfly_comb(t, canvas, pl, rng),
        Trinket::RabbitsFoot => rabbits_foot(t, canvas, pl, rng),
        Trinket::WatchFob => watch_fob(t, canvas, pl),
        Trinket::Cufflink => cufflink(t, canvas, pl),
        Trinket::Brooch => brooch(t, canvas, pl),
    }
}

/// A small gold anchor pin, its clasp bent loose beside it.
fn anchor_pin(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let gold = hex(GOLD);

    let shank = rect(-0.003, -0.03, 0.003, 0.03);
    let stock = rect(-0.016, 0.018, 0.016, 0.024);
    let arms = stroke_pts(&arc_pts(0.0, -0.006, 0.026, 0.026, 3.5, 5.92, 18), 0.0055, 0.0055);
    let ring_o = ellipse_pts(0.0, 0.037, 0.008, 0.008, 0.0, 20);
    let ring_i = ellipse_pts(0.0, 0.037, 0.0045, 0.0045, 0.0, 20);
    for shape in [&shank[..], &stock[..], &arms[..]] {
        t.shadow(canvas, pl, shape, 0.004, 0.5);
    }
    for (x, y) in [(-0.0245, -0.015), (0.0245, -0.015)] {
        let fluke = [(x - 0.007, y + 0.002), (x + 0.007, y + 0.002), (x, y + 0.014)];
        t.flat(canvas, pl, &fluke, 0.004, move |u, v| (metal(gold, u, v), BLACK));
    }
    for shape in [&shank[..], &stock[..], &arms[..]] {
        t.flat(canvas, pl, shape, 0.004, move |u, v| (metal(gold, u, v), BLACK));
    }
    t.flat_holed(canvas, pl, &ring_o, &[&ring_i], 0.004, move |u, v| {
        (metal(gold, u, v), BLACK)
    });
    loose_pin(t, canvas, pl, (-0.01, 0.0), (0.03, 0.01));
    (0.0, 0.045)
}

/// An enamelled scarab pin: a turquoise beetle in gold, its broken pin beside it.
fn scarab_pin(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let gold = hex(GOLD);
    let accent = t.style.accent;

    let body = ellipse_pts(0.0, 0.0, 0.019, 0.027, 0.0, 32);
    let head = ellipse_pts(0.0, 0.028, 0.01, 0.007, 0.0, 20);
    for (side, k) in [(-1.0f32, 0), (1.0, 1), (-1.0, 2), (1.0, 3)] {
        let y = -0.012 + 0.01 * (k / 2) as f32;
        let leg = [(side * 0.015, y), (side * 0.027, y - 0.004), (side * 0.03, y - 0.01)];
        t.flat(canvas, pl, &stroke_pts(&leg, 0.002, 0.0012), 0.003, move |u, v| {
            (metal(gold, u, v), BLACK)
        });
    }
    t.shadow(canvas, pl, &body, 0.006, 0.5);
    let enamel = mix(hex(0x1a8a8a), accent, 0.35);
    t.flat(canvas, pl, &body, 0.006, move |u, v| {
        let seam = u.abs() < 0.0012 && v < 0.02;
        let rim = ((u / 0.019).powi(2) + (v / 0.027).powi(2)) > 0.8;
        let sheen = (-((u + 0.006).powi(2) + (v - 0.008).powi(2)) / 0.00008).exp();
        let col = if seam || rim {
            metal(gold, u, v)
        } else {
            mix(enamel, [0.9, 1.0, 1.0], sheen * 0.5)
        };
        (col, BLACK)
    });
    t.flat(canvas, pl, &head, 0.0065, move |u, v| (metal(gold, u, v), BLACK));
    loose_pin(t, canvas, pl, (0.02, -0.03), (0.045, 0.0));
    (0.0, 0.035)
}

/// A cameo brooch: a lady's profile in white on shell pink, in a scalloped gold frame.
fn cameo(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let gold = hex(GOLD);
    let accent = t.style.accent;

    let frame: Vec<Point> = (0..48)
        .map(|i| {
            let a = i as f32 / 48.0 * std::f32::consts::TAU;
            let r = 1.0 + 0.05 * (a * 12.0).sin();
            (a.cos() * 0.029 * r, a.sin() * 0.037 * r)
        })
        .collect();
    let shell = ellipse_pts(0.0, 0.0, 0.023, 0.031, 0.0, 40);
    t.shadow(canvas, pl, &frame, 0.006, 0.55);
    t.flat(canvas, pl, &frame, 0.005, move |u, v| (metal(gold, u, v), BLACK));
    let ground = mix(hex(0xc87a5a), accent, 0.25);
    t.flat(canvas, pl, &shell, 0.006, move |u, v| {
        let col = if profile(u / 0.023, v / 0.031) {
            hex(0xf0e6d8)
        } else {
            scale(ground, 0.85 + 0.15 * (v / 0.031))
        };
        (col, BLACK)
    });
    loose_pin(t, canvas, pl, (-0.03, -0.02), (0.02, -0.045));
    (0.0, 0.04)
}

/// A tiny gold horseshoe charm with its nail holes, and the ring it hung from.
fn horseshoe_charm(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let gold = hex(GOLD);

    let shoe = stroke_pts(&arc_pts(0.0, 0.004, 0.02, 0.022, 2.6, 7.0, 24), 0.008, 0.008);
    t.shadow(canvas, pl, &shoe, 0.004, 0.5);
    t.flat(canvas, pl, &shoe, 0.004, move |u, v| {
        let a = v.atan2(u);
        let hole = ((a * 3.0).sin().abs() > 0.93) && (((u * u + (v - 0.004).powi(2)).sqrt()) - 0.021).abs() < 0.0015;
        (if hole { hex(0x2a1a0a) } else { metal(gold, u, v) }, BLACK)
    });
    let jump = stroke_pts(&arc_pts(0.0, 0.03, 0.005, 0.005, 0.4, 5.6, 12), 0.0016, 0.0016);
    t.flat(canvas, pl, &jump, 0.004, move |u, v| (metal(gold, u, v), BLACK));
    (0.0, 0.035)
}

/// A gold watch fob: the square and compasses on blue enamel, its ring broken, a few links of chain.
fn watch_fob(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let gold = hex(GOLD);

    let disc = ellipse_pts(0.0, 0.0, 0.028, 0.028, 0.0, 40);
    t.shadow(canvas, pl, &disc, 0.004, 0.55);
    let blue = hex(0x1a2a6a);
    t.flat(canvas, pl, &disc, 0.004, move |u, v| {
        let r = (u * u + v * v).sqrt();
        // The square opens upward from the bottom, the compasses downward from the top.
        let square = (u.abs() - (v + 0.014) * 0.9).abs() < 0.0016 && (-0.014..0.006).contains(&v);
        let compasses = (u.abs() - (0.014 - v) * 0.55).abs() < 0.0016 && (-0.012..0.014).contains(&v);
        let enamel = r < 0.021;
        let col = if square || compasses || !enamel {
            metal(gold, u, v)
        } else {
            blue
        };
        (col, BLACK)
    });
    let ring = stroke_pts(&arc_pts(0.0, 0.035, 0.007, 0.007, -0.9, 3.6, 14), 0.0022, 0.0022);
    t.flat(canvas, pl, &ring, 0.004, move |u, v| (metal(gold, u, v), BLACK));
    for k in 0..4 {
        let link = ellipse_pts(0.012 + k as f32 * 0.009, 0.05 + k as f32 * 0.004, 0.005, 0.003, 0.4, 10);
        t.flat(canvas, pl, &link, 0.003, move |u, v| (metal(gold, u, v), BLACK));
    }
    (0.0, 0.04)
}

/// A square onyx cufflink in a gold bezel, its toggle showing.
fn cufflink(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let gold = hex(GOLD);

    let face = rounded_rect_pts(-0.016, -0.016, 0.016, 0.016, 0.004);
    let bar = rect(-0.004, 0.016, 0.004, 0.032);
    let toggle = rounded_rect_pts(-0.012, 0.03, 0.012, 0.037, 0.003);
    t.shadow(canvas, pl, &face, 0.008, 0.55);
    t.flat(canvas, pl, &bar, 0.004, move |u, v| (metal(gold, u, v), BLACK));
    t.flat(canvas, pl, &toggle, 0.004, move |u, v| (metal(gold, u, v), BLACK));
    t.flat(canvas, pl, &face, 0.008, move |u, v| {
        let inner = u.abs() < 0.012 && v.abs() < 0.012;
        let glint = (-((u + 0.005).powi(2) + (v - 0.006).powi(2)) / 0.00002).exp();
        let col = if inner {
            mix(hex(0x0a0a0c), hex(0x8a90a0), glint * 0.6)
        } else {
            metal(gold, u, v)
        };
        (col, BLACK)
    });
    (0.0, 0.037)
}

/// A round gold brooch set with a stone in the case's colour.
fn brooch(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let gold = hex(GOLD);
    let accent = t.style.accent;

    let body: Vec<Point> = (0..40)
        .map(|i| {
            let a = i as f32 / 40.0 * std::f32::consts::TAU;
            let r = 0.026 * (1.0 + 0.12 * (a * 8.0).cos());
            (a.cos() * r, a.sin() * r)
        })
        .collect();
    t.shadow(canvas, pl, &body, 0.005, 0.55);
    t.flat(canvas, pl, &body, 0.005, move |u, v| (metal(gold, u, v), BLACK));
    let stone = ellipse_pts(0.0, 0.0, 0.011, 0.011, 0.0, 24);
    t.flat(canvas, pl, &stone, 0.006, move |u, v| {
        (
            mix(
                accent,
                [1.0; 3],
                smoothstep(0.004, 0.0, (u + 0.004).abs() + (v - 0.004).abs()) * 0.6,
            ),
            BLACK,
        )
    });
    (0.0, 0.03)
}

/// A woman's head in profile, facing left, on a cameo of unit radius.
fn profile(x: f32, y: f32) -> bool {
    let head = ((x - 0.05) / 0.42).powi(2) + ((y - 0.15) / 0.5).powi(2) < 1.0;
    let bun = ((x - 0.4).powi(2) + (y - 0.3).powi(2)).sqrt() < 0.2;
    let nose = x < -0.36 && x > -0.48 && (y - 0.1).abs() < 0.08 - (x + 0.36).abs() * 0.6;
    let neck = x.abs() < 0.16 + (y + 0.6) * 0.1 && y < -0.2 && y > -0.75;
    let bust = y < -0.6 && y > -0.85 && x.abs() < 0.55 - (y + 0.6).abs();
    head || bun || nose || neck || bust
}

/// A jewelled hair comb: a row of teeth, a dragonfly on the spine with four jewelled wings, one bent.
fn dragonfly_comb(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let gold = hex(GOLD);
    let teeth: Vec<Vec<Point>> = (0..11)
        .map(|i| {
            let x = -0.035 + i as f32 * 0.007;
            vec![
                (x - 0.002, -0.005),
                (x + 0.002, -0.005),
                (x + 0.0012, -0.04),
                (x - 0.0012, -0.04),
            ]
        })
        .collect();
    let spine = rounded_rect_pts(-0.04, -0.008, 0.04, 0.0, 0.003);
    t.shadow(canvas, pl, &spine, 0.004, 0.5);
    let shell = hex(0x6a3a16);
    for tooth in &teeth {
        t.flat(canvas, pl, tooth, 0.003, move |u, v| {
            (
                scale(shell, 0.8 + 0.4 * cell(3, (u * 400.0) as i32, (v * 200.0) as i32)),
                BLACK,
            )
        });
    }
    t.flat(canvas, pl, &spine, 0.004, move |u, v| (metal(gold, u, v), BLACK));
    let bent = rng.below(4);
    let accent = t.style.accent;
    for k in 0..4 {
        let side = if k % 2 == 0 { -1.0f32 } else { 1.0 };
        let up = if k < 2 { 0.012 } else { 0.002 };
        let tilt = side * if k < 2 { 0.35 } else { -0.25 } + if k == bent { 0.6 } else { 0.0 };
        let wing = ellipse_pts(side * 0.02, up + 0.004, 0.02, 0.006, tilt, 24);
        t.flat(canvas, pl, &wing, 0.006, move |u, v| {
            let vein = ((u * 700.0).sin() * (v * 500.0).cos()).abs() < 0.12;
            let glint = mix(
                mix(accent, hex(0x40c0b0), 0.5),
                [1.0; 3],
                ((u * 160.0 + v * 90.0).sin() * 0.5 + 0.5).powi(6) * 0.7,
            );
            (if vein { metal(gold, u, v) } else { glint }, BLACK)
        });
    }
    let body = rounded_rect_pts(-0.003, -0.012, 0.003, 0.03, 0.003);
    t.flat(canvas, pl, &body, 0.007, move |u, v| {
        let segment = ((v * 250.0).sin()).abs() < 0.2;
        (if segment { scale(gold, 0.5) } else { metal(gold, u, v) }, BLACK)
    });
    (0.04, -0.004)
}

/// A rabbit's-foot charm: soft fur, a gold cap and a few links of its torn chain.
fn rabbits_foot(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let foot: Vec<Point> = (0..32)
        .map(|i| {
            let a = i as f32 / 32.0 * std::f32::consts::TAU;
            let bulge = if a.sin() < 0.0 { 1.15 } else { 0.9 };
            (a.cos() * 0.016 * bulge, a.sin() * 0.04)
        })
        .collect();
    t.shadow(canvas, pl, &foot, 0.01, 0.55);
    let fur = Noise::new(rng.next_u64(), 0.004);
    t.flat(canvas, pl, &foot, 0.01, move |u, v| {
        // Soft fur: patches of tone, fine hairs lying along the foot, lighter toward the toes.
        let patch = fur.at(u, v);
        let hair = ((u * 2200.0 + (v * 300.0).sin() * 4.0).sin() * 0.5 + 0.5).powi(3);
        let toes = smoothstep(0.0, -0.04, v);
        let col = mix(hex(0x9a8c78), hex(0xe0d8c8), 0.4 * patch + 0.3 * toes);
        (scale(col, 0.85 + 0.2 * hair), BLACK)
    });
    let cap = rounded_rect_pts(-0.011, 0.032, 0.011, 0.046, 0.003);
    t.flat(canvas, pl, &cap, 0.011, |u, v| (metal(hex(GOLD), u, v), BLACK));
    for k in 0..5 {
        let link = ellipse_pts(0.004 * k as f32, 0.052 + k as f32 * 0.007, 0.0028, 0.0045, 0.3, 10);
        t.flat(canvas, pl, &link, 0.004, |u, v| (metal(hex(SILVER), u, v), BLACK));
    }
    (0.0, 0.048)
}

/// A loose pearl or a loose cut stone, alone on the table.
pub(super) fn gem(t: &Table, canvas: &mut Canvas, pl: &Place, text: &str) -> (f32, f32) {
    let xf = t.upright(pl.x, pl.z);
    let key = t.key_side(pl.x);
    let s = xf.s * pl.s;
    if has_word(text, &["pearl", "pearls"]) {
        let r = 0.011 * s;
        let (cx, cy) = (xf.ox, xf.oy - r);
        canvas.shadow(cx - key * r * 0.8, xf.oy, r * 1.3, r * 0.4, 0.75);
        let pts = ellipse_pts(cx, cy, r, r, 0.0, 40);
        let warm = t.style.amber;
        canvas.fill_with(&pts, Blend::Over, |x, y| {
            let (nx, ny) = ((x - cx) / r, (y - cy) / r);
            let lit = (0.55 + 0.45 * (nx * key * 0.7 - ny * 0.5)).clamp(0.15, 1.0);
            let spec = (-((nx - key * 0.35).powi(2) + (ny + 0.4).powi(2)) / 0.02).exp();
            let orient = 0.06 * (nx * 9.0 + ny * 5.0).sin();
            let col = mix(scale(hex(0xece4d6), lit), warm, 0.08 + orient);
            (mix(col, [1.0; 3], spec), 1.0)
        });
        return (0.0, 0.012);
    }
    let green = if has_word(text, &["emerald"]) {
        hex(0x10a050)
    } else {
        t.style.accent
    };
    let r = 0.012 * s;
    let (cx, cy) = (xf.ox, xf.oy - r * 0.45);
    canvas.shadow(cx - key * r * 0.7, xf.oy, r * 1.4, r * 0.45, 0.7);
    let octagon = |k: f32| -> Vec<Point> {
        (0..8)
            .map(|i| {
                let a = (i as f32 + 0.5) / 8.0 * std::f32::consts::TAU;
                (cx + a.cos() * r * k, cy + a.sin() * r * k * 0.72)
            })
            .collect()
    };
    canvas.fill_with(&octagon(1.0), Blend::Over, |x, y| {
        let a = (y - cy).atan2(x - cx);
        let facet = ((a / std::f32::consts::TAU * 8.0).floor() as i32).rem_euclid(8);
        (scale(green, 0.35 + 0.12 * facet as f32), 1.0)
    });
    canvas.fill(&octagon(0.6), scale(green, 0.9), 1.0);
    canvas.fill(&octagon(0.35), mix(green, [1.0; 3], 0.35), 1.0);
    canvas.glow(cx, cy, r * 4.0, green, 0.3);
    sparkle(canvas, cx + key * r * 0.3, cy - r * 0.3, r * 0.6, [1.0; 3]);
    (0.0, 0.014)
}

/// A ring standing on the table, its stone in the case's colour (and perhaps a velvet box).
pub(super) fn ring(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let style = t.style;
    let xf = t.upright(pl.x, pl.z);
    let key = t.key_side(pl.x);
    if rng.chance(0.5) {
        // A velvet box behind it.
        t.block(
            canvas,
            &pl.then(0.0, 0.09, 0.0),
            Cuboid::centred(0.08, 0.06, 0.07),
            |_, _, _, f| (scale(hex(0x2a0c14), if f == 4 { 0.6 } else { 1.0 }), BLACK),
        );
    }
    canvas.shadow(xf.ox - key * xf.s * 0.05, xf.oy, xf.s * 0.11, xf.s * 0.03, 0.7);
    let (rx, ry) = (0.065, 0.07);
    let cy = -ry;
    let outer = xf.pts(&ellipse_pts(0.0, cy, rx, ry, 0.0, 48));
    let inner = xf.pts(&ellipse_pts(0.0, cy, rx * 0.78, ry * 0.8, 0.0, 48));
    let gold = hex(0xd0a040);
    let (ox, oy) = xf.p(0.0, cy);
    let s = xf.s;
    canvas.fill_paths_with(&[&outer, &inner], Blend::Over, |x, y| {
        let a = (y - oy).atan2(x - ox);
        let lit = 0.5 + 0.5 * (a.cos() * key);
        let band = ((a * 2.0).sin() * 0.5 + 0.5).powi(4);
        (
            scale(mix(scale(gold, 0.55), hex(0xfff0c0), band * 0.6), 0.5 + 0.9 * lit),
            1.0,
        )
    });
    // The stone: a faceted cut, darker below, bright table facet on top.
    let (gx, gy) = xf.p(0.0, cy - ry - 0.012);
    let g = s * 0.032;
    let crown = [
        (gx - g, gy),
        (gx - g * 0.6, gy - g * 0.7),
        (gx + g * 0.6, gy - g * 0.7),
        (gx + g, gy),
    ];
    let pavilion = [(gx - g, gy), (gx + g, gy), (gx, gy + g * 1.1)];
    canvas.fill(
        &[
            (gx - g * 0.9, gy + g * 0.5),
            (gx + g * 0.9, gy + g * 0.5),
            (gx + g * 0.7, gy + g * 1.2),
            (gx - g * 0.7, gy + g * 1.2),
        ],
        gold,
        1.0,
    );
    canvas.fill(&pavilion, scale(style.accent, 0.5), 1.0);
    canvas.fill(
        &[(gx - g, gy), (gx, gy), (gx, gy + g * 1.1)],
        scale(style.accent, 0.8),
        1.0,
    );
    canvas.fill(&crown, mix(style.accent, [1.0; 3], 0.2), 1.0);
    canvas.fill(
        &[
            (gx - g * 0.6, gy - g * 0.7),
            (gx + g * 0.6, gy - g * 0.7),
            (gx + g * 0.3, gy - g * 0.3),
            (gx - g * 0.3, gy - g * 0.3),
        ],
        mix(style.accent, [1.0; 3], 0.5),
        1.0,
    );
    canvas.glow(gx, gy, g * 5.0, style.accent, 0.35);
    sparkle(canvas, gx + key * g * 0.4, gy - g * 0.5, g * 0.9, [1.0; 3]);
    // A coloured glint thrown on the table.
    let (tx, ty) = xf.p(-key * 0.06, 0.02);
    canvas.glow_ellipse(tx, ty, s * 0.05, s * 0.015, style.accent, 0.4);
    (0.0, -0.01)
}
