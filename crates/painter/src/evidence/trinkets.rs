//! Small things a person wears or carries: a button, a powder compact, a lighter, spectacles and
//! opera glasses, a cane's tip, a watch strap, a pipe, a key, a pocket watch and a glove. They are
//! small, so the caller shows them larger than life.

use super::super::canvas::{
    Blend, Canvas, Noise, Point, Rgb, Rng, Transform, arc_pts, bezier, cell, ellipse_pts, hex, mix, rounded_rect_pts,
    scale, smoothstep, stroke_pts,
};
use super::{BLACK, Cuboid, Place, Table, rect, sparkle};
use crate::has_word;

pub(super) const GOLD: u32 = 0xc89a3c;
pub(super) const SILVER: u32 = 0xb8bcc4;

/// Polished metal: the base colour with bright bands that run across it.
pub(super) fn metal(base: Rgb, u: f32, v: f32) -> Rgb {
    let band = ((u * 90.0 + v * 140.0).sin() * 0.5 + 0.5).powi(4);
    mix(scale(base, 0.7), mix(base, [1.0, 0.97, 0.88], 0.7), band * 0.7)
}

/// A small button torn off, a tuft of thread still through its holes.
pub(super) fn button(t: &Table, canvas: &mut Canvas, pl: &Place, text: &str) -> (f32, f32) {
    let white = has_word(text, &["white", "pearl", "ivory"]);
    let face = if white { hex(0xe0dcd0) } else { hex(0x2a2422) };
    let disc = ellipse_pts(0.0, 0.0, 0.018, 0.018, 0.0, 36);
    t.shadow(canvas, pl, &disc, 0.004, 0.6);
    t.flat(canvas, pl, &disc, 0.004, move |u, v| {
        let r = (u * u + v * v).sqrt();
        let rim = r > 0.014;
        let hole = [(-0.004, -0.004), (0.004, -0.004), (-0.004, 0.004), (0.004, 0.004)]
            .iter()
            .any(|(hx, hy)| ((u - hx).powi(2) + (v - hy).powi(2)).sqrt() < 0.0022);
        let col = if hole {
            hex(0x0a0808)
        } else if rim {
            scale(face, 1.15)
        } else {
            scale(face, 0.9 + 0.1 * (v / 0.014))
        };
        (col, BLACK)
    });
    for (a, b) in [((-0.004, -0.004), (0.004, 0.004)), ((0.004, -0.004), (-0.004, 0.004))] {
        t.flat(canvas, pl, &stroke_pts(&[a, b], 0.0014, 0.0014), 0.005, |_, _| {
            (hex(0xd8d0c0), BLACK)
        });
    }
    let tuft = bezier((0.004, 0.004), (0.02, 0.015), (0.015, 0.03), (0.03, 0.035), 10);
    t.flat(canvas, pl, &stroke_pts(&tuft, 0.0012, 0.0006), 0.004, |_, _| {
        (hex(0xd8d0c0), BLACK)
    });
    (-0.018, 0.0)
}

/// A powder compact lying open: the powder and its puff in the base, the mirror in the lid cracked
/// across, sunburst rays engraved round the rim.
pub(super) fn compact(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let r = 0.042;
    let silver = hex(SILVER);
    let base = ellipse_pts(0.0, -r, r, r, 0.0, 48);
    let lid = ellipse_pts(0.0, r + 0.004, r, r, 0.0, 48);
    t.shadow(canvas, pl, &base, 0.01, 0.6);
    t.shadow(canvas, pl, &lid, 0.004, 0.5);
    let rays = |u: f32, v: f32, cy: f32| {
        let a = (v - cy).atan2(u);
        let rr = ((v - cy).powi(2) + u * u).sqrt();
        rr > r * 0.82 && ((a * 24.0).sin() > 0.6)
    };
    t.flat(canvas, pl, &base, 0.01, move |u, v| {
        let rr = ((v + r).powi(2) + u * u).sqrt();
        let col = if rr < r * 0.72 {
            let puff = ((u + 0.008).powi(2) + (v + r - 0.006).powi(2)).sqrt() < r * 0.5;
            if puff { hex(0xf0dcd0) } else { hex(0xd8a890) }
        } else if rays(u, v, -r) {
            scale(metal(silver, u, v), 0.6)
        } else {
            metal(silver, u, v)
        };
        (col, BLACK)
    });
    let crack_at = (rng.range(-0.01, 0.01), r + rng.range(-0.005, 0.01));
    let amber = t.style.amber;
    t.flat(canvas, pl, &lid, 0.004, move |u, v| {
        let rr = ((v - r - 0.004).powi(2) + u * u).sqrt();
        if rr > r * 0.8 {
            let col = if rays(u, v, r + 0.004) {
                scale(metal(silver, u, v), 0.6)
            } else {
                metal(silver, u, v)
            };
            return (col, BLACK);
        }
        let (dx, dy) = (u - crack_at.0, v - crack_at.1);
        let a = dy.atan2(dx);
        let ray = ((a * 7.0 / std::f32::consts::TAU).fract() - 0.5).abs()
            < 0.04 + 0.2 * (1.0 - (dx * dx + dy * dy).sqrt() / 0.04).max(0.0);
        let crack = ray && (dx * dx + dy * dy).sqrt() < 0.04;
        let glass = mix(hex(0x5a6470), amber, 0.25 + 0.2 * (u * 40.0 + v * 20.0).sin());
        (
            if crack { hex(0xe8eef4) } else { glass },
            if crack { BLACK } else { scale(amber, 0.08) },
        )
    });
    let hinge = rect(-0.01, -0.002, 0.01, 0.006);
    t.flat(canvas, pl, &hinge, 0.008, move |u, v| (metal(silver, u, v), BLACK));
    (r * 0.7, -r * 1.7)
}

/// A cigarette lighter lying on its side: a silver case, the hinge of its lid, a dragon engraved in a
/// coil on the face.
pub(super) fn lighter(t: &Table, canvas: &mut Canvas, pl: &Place, text: &str) -> (f32, f32) {
    let (hw, hh, th) = (0.019, 0.031, 0.011);
    let dragon = has_word(text, &["dragon", "engraved", "engraving"]);
    let metal_col = if has_word(text, &["gold", "brass"]) {
        hex(GOLD)
    } else {
        hex(SILVER)
    };
    t.shadow(canvas, pl, &rect(-hw, -hh, hw, hh), th, 0.6);
    t.block(canvas, pl, Cuboid::centred(hw, hh, th), move |u, v, y, face| {
        if face != 4 {
            return (scale(metal(metal_col, u, y * 3.0), 0.75), BLACK);
        }
        let hinge = (v - 0.014).abs() < 0.0008;
        let chimney = v > 0.018
            && ((u / 0.004).fract() - 0.5).abs() < 0.2
            && ((v / 0.004).fract() - 0.5).abs() < 0.2
            && u.abs() < 0.012;
        let (x, y2) = (u, v + 0.006);
        let (r, a) = ((x * x + y2 * y2).sqrt(), y2.atan2(x));
        let coil = dragon && r < 0.014 && ((r * 900.0 - a * 2.0).sin()).abs() < 0.25;
        let head = dragon && ((x - 0.01).powi(2) + (y2 + 0.012).powi(2)).sqrt() < 0.003;
        let col = if hinge || chimney || coil || head {
            scale(metal_col, 0.35)
        } else {
            metal(metal_col, u, v)
        };
        (col, BLACK)
    });
    let (gx, gy) = t.s.cam.p(pl.to3(-0.008, 0.0, th));
    sparkle(canvas, gx, gy, 10.0, [1.0, 0.97, 0.9]);
    (0.0, -hh)
}

/// Tortoiseshell: amber mottled with dark brown.
fn tortoiseshell(u: f32, v: f32) -> Rgb {
    let n = cell(11, (u * 500.0) as i32, (v * 500.0) as i32) * 0.5
        + 0.5 * ((u * 300.0).sin() * (v * 260.0 + u * 90.0).cos()).abs();
    mix(hex(0x2a140a), hex(0xa8601e), smoothstep(0.35, 0.75, n))
}

/// A snapped spectacle arm, a single oval lens of a pince-nez, or a monocle on its cord.
pub(super) fn spectacles(t: &Table, canvas: &mut Canvas, pl: &Place, text: &str) -> (f32, f32) {
    if has_word(text, &["arm", "temple", "earpiece"]) {
        let mut path = vec![(-0.08, 0.0), (0.03, 0.0)];
        path.extend(bezier((0.03, 0.0), (0.05, 0.0), (0.065, -0.005), (0.075, -0.025), 8));
        let arm = stroke_pts(&path, 0.0045, 0.0035);
        t.shadow(canvas, pl, &arm, 0.004, 0.55);
        t.flat(canvas, pl, &arm, 0.004, |u, v| (tortoiseshell(u, v), BLACK));
        let hinge = rect(-0.086, -0.003, -0.078, 0.003);
        t.flat(canvas, pl, &hinge, 0.005, |u, v| (metal(hex(SILVER), u, v), BLACK));
        let splinter = [
            (-0.086, -0.003),
            (-0.092, -0.001),
            (-0.089, 0.001),
            (-0.094, 0.003),
            (-0.086, 0.003),
        ];
        t.flat(canvas, pl, &splinter, 0.005, |u, v| (tortoiseshell(u, v), BLACK));
        return (0.07, -0.02);
    }
    let monocle = has_word(text, &["monocle"]);
    let (rx, ry) = if monocle { (0.022, 0.022) } else { (0.024, 0.018) };
    let rim = ellipse_pts(0.0, 0.0, rx, ry, 0.0, 40);
    let glass = ellipse_pts(0.0, 0.0, rx * 0.88, ry * 0.85, 0.0, 40);
    t.shadow(canvas, pl, &rim, 0.004, 0.3);
    t.flat_holed(canvas, pl, &rim, &[&glass], 0.004, |u, v| {
        (metal(hex(GOLD), u, v), BLACK)
    });
    let pts: Vec<Point> = glass.iter().map(|&(u, v)| t.s.cam.p(pl.to3(u, v, 0.004))).collect();
    let (cx, cy) = t.s.cam.p(pl.to3(-rx * 0.3, ry * 0.3, 0.004));
    let span = t.s.cam.scale_at(pl.z) * rx * pl.s;
    canvas.fill_with(&pts, Blend::Over, |x, y| {
        let d = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt() / span.max(1.0);
        ([0.85, 0.9, 0.95], 0.1 + 0.45 * smoothstep(0.45, 0.0, d))
    });
    if monocle {
        let cord = bezier((rx, 0.0), (0.06, 0.03), (0.05, -0.05), (0.1, -0.04), 20);
        t.flat(canvas, pl, &stroke_pts(&cord, 0.0018, 0.0018), 0.002, |_, _| {
            (hex(0x101010), BLACK)
        });
    } else {
        let spring = bezier(
            (rx * 0.9, ry * 0.4),
            (rx + 0.012, ry + 0.01),
            (rx + 0.02, ry - 0.004),
            (rx + 0.024, ry * 0.2),
            12,
        );
        t.flat(canvas, pl, &stroke_pts(&spring, 0.0016, 0.0012), 0.004, |u, v| {
            (metal(hex(GOLD), u, v), BLACK)
        });
    }
    (-rx, 0.0)
}

/// Brass opera glasses, two barrels joined by a focusing wheel, beside their worn leather case.
pub(super) fn opera_glasses(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let case = pl.then(0.0, 0.11, 0.1);
    t.shadow(canvas, &case, &rect(-0.06, -0.035, 0.06, 0.035), 0.03, 0.45);
    t.block(canvas, &case, Cuboid::centred(0.06, 0.035, 0.03), |u, v, _, face| {
        let worn = cell(5, (u * 300.0) as i32, (v * 300.0) as i32) * 0.2;
        let lining = face == 4 && u.abs() < 0.054 && v.abs() < 0.029;
        let col = if lining {
            hex(0x3a1020)
        } else {
            scale(hex(0x4a2a18), 0.8 + worn)
        };
        (col, BLACK)
    });
    let brass = hex(0xc8a048);
    let pearl = hex(0xd8d4cc);
    for side in [-1.0f32, 1.0] {
        let x = side * 0.026;
        let barrel = rounded_rect_pts(x - 0.017, -0.042, x + 0.017, 0.042, 0.008);
        t.shadow(canvas, pl, &barrel, 0.03, 0.5);
        t.flat(canvas, pl, &barrel, 0.03, move |u, v| {
            let ring = (v.abs() - 0.03).abs() < 0.003 || (v.abs() - 0.038).abs() < 0.002;
            let panel = (u - x).abs() < 0.013 && v.abs() < 0.026;
            let col = if ring {
                metal(brass, u, v)
            } else if panel {
                mix(pearl, hex(0xa0b8c0), ((u * 300.0 + v * 180.0).sin() * 0.5 + 0.5) * 0.3)
            } else {
                metal(brass, u, v)
            };
            (col, BLACK)
        });
        let lens = ellipse_pts(x, 0.043, 0.013, 0.006, 0.0, 24);
        t.flat(canvas, pl, &lens, 0.031, |_, v| {
            (mix(hex(0x101820), hex(0x8aa0c0), (v - 0.04) * 60.0), BLACK)
        });
    }
    let bridge = rect(-0.01, -0.01, 0.01, 0.018);
    t.flat(canvas, pl, &bridge, 0.034, move |u, v| (metal(brass, u, v), BLACK));
    let wheel = ellipse_pts(0.0, 0.004, 0.008, 0.008, 0.0, 24);
    t.flat(canvas, pl, &wheel, 0.036, move |u, v| {
        let knurl = ((v.atan2(u)) * 12.0).sin() > 0.0;
        (if knurl { scale(brass, 0.5) } else { metal(brass, u, v) }, BLACK)
    });
    (0.0, -0.045)
}

/// The brass tip of a walking cane, worked loose, a splinter of the black cane still inside.
pub(super) fn cane_tip(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let ferrule = [
        (-0.03, -0.007),
        (0.02, -0.0055),
        (0.028, -0.003),
        (0.03, 0.0),
        (0.028, 0.003),
        (0.02, 0.0055),
        (-0.03, 0.007),
    ];
    let splinter = [
        (-0.03, -0.006),
        (-0.042, -0.005),
        (-0.039, -0.002),
        (-0.05, 0.0),
        (-0.041, 0.002),
        (-0.045, 0.005),
        (-0.03, 0.006),
    ];
    t.shadow(canvas, pl, &ferrule, 0.007, 0.6);
    t.flat(canvas, pl, &splinter, 0.006, |u, v| {
        (
            scale(hex(0x18100c), 0.8 + 0.4 * (v * 900.0 + u * 50.0).sin().abs()),
            BLACK,
        )
    });
    let brass = hex(0xc8a048);
    t.flat(canvas, pl, &ferrule, 0.007, move |u, v| {
        let roll = 1.0 - (v / 0.007).powi(2) * 0.6 + if (v - 0.0025).abs() < 0.001 { 0.5 } else { 0.0 };
        let band = (u + 0.025).abs() < 0.002;
        (scale(if band { scale(brass, 0.6) } else { brass }, roll), BLACK)
    });
    (-0.03, 0.007)
}

/// A watch strap of snakeskin, still buckled into a loop, broken through on one side.
pub(super) fn strap(t: &Table, canvas: &mut Canvas, pl: &Place, text: &str) -> (f32, f32) {
    let snake = has_word(text, &["snakeskin", "snake", "lizard", "crocodile"]);
    let gap = 0.5f32;
    let outer: Vec<Point> = (0..=40)
        .map(|i| {
            let a = gap + (std::f32::consts::TAU - 2.0 * gap) * i as f32 / 40.0;
            (a.cos() * 0.05, a.sin() * 0.034)
        })
        .collect();
    let mut band = outer.clone();
    band.extend(outer.iter().rev().map(|&(u, v)| (u * 0.78, v * 0.68)));
    t.shadow(canvas, pl, &band, 0.006, 0.55);
    let leather = if snake { hex(0x6a5a3a) } else { hex(0x3a2414) };
    t.flat(canvas, pl, &band, 0.006, move |u, v| {
        let a = v.atan2(u);
        let r = ((u / 0.05).powi(2) + (v / 0.034).powi(2)).sqrt();
        let scale_cell = ((a * 40.0).floor() as i32 + ((r * 14.0).floor() as i32) * 3) % 2 == 0;
        let edge = (r - 0.74).abs() < 0.03 || r > 0.97;
        let col = if edge {
            scale(leather, 0.6)
        } else if snake && scale_cell {
            scale(leather, 1.3)
        } else {
            leather
        };
        (col, BLACK)
    });
    let buckle = rect(-0.006, -0.04, 0.006, -0.018);
    let hole = rect(-0.003, -0.036, 0.003, -0.022);
    t.flat_holed(canvas, pl, &buckle, &[&hole], 0.008, |u, v| {
        (metal(hex(GOLD), u, v), BLACK)
    });
    for end in [gap, std::f32::consts::TAU - gap] {
        let (x, y) = (end.cos() * 0.045, end.sin() * 0.03);
        let fray = ellipse_pts(x + 0.003, y, 0.003, 0.006, 0.0, 10);
        t.flat(canvas, pl, &fray, 0.007, move |_, _| (scale(leather, 0.5), BLACK));
    }
    (-0.05, 0.0)
}

/// A curved briar pipe lying on its side, and the plug of half-burned tobacco knocked out of it.
pub(super) fn pipe(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let bowl = [
        (-0.06, -0.012),
        (-0.028, -0.018),
        (-0.02, -0.006),
        (-0.022, 0.026),
        (-0.062, 0.026),
        (-0.066, 0.0),
    ];
    let mut stem = vec![(-0.022, -0.004)];
    stem.extend(bezier(
        (-0.022, -0.004),
        (0.02, -0.008),
        (0.05, -0.004),
        (0.085, 0.012),
        12,
    ));
    let stem = stroke_pts(&stem, 0.008, 0.005);
    t.shadow(canvas, pl, &bowl, 0.02, 0.55);
    t.shadow(canvas, pl, &stem, 0.012, 0.5);
    let briar = hex(0x5a2a14);
    t.flat(canvas, pl, &stem, 0.012, |u, v| {
        let vulcanite = u > 0.03;
        let shine = (v.abs() < 0.0012) as i32 as f32;
        (
            if vulcanite {
                mix(hex(0x0c0c0e), hex(0x6a6a70), shine * 0.6)
            } else {
                scale(briar, 0.8 + 0.4 * shine)
            },
            BLACK,
        )
    });
    t.flat(canvas, pl, &bowl, 0.02, move |u, v| {
        let grain = ((u * 300.0 + (v * 80.0).sin() * 3.0).sin() * 0.5 + 0.5).powi(2);
        let rim = v > 0.021;
        (
            if rim {
                hex(0x1a0c06)
            } else {
                scale(briar, 0.75 + 0.45 * grain)
            },
            BLACK,
        )
    });
    let plug = pl.then(0.02, 0.06, 0.0);
    let ash = Noise::new(rng.next_u64(), 0.004);
    let lump: Vec<Point> = (0..20)
        .map(|i| {
            let a = i as f32 / 20.0 * std::f32::consts::TAU;
            let r = 0.014 * (1.0 + 0.2 * (a * 3.0).sin() + 0.1 * (a * 7.0).cos());
            (a.cos() * r, a.sin() * r * 0.8)
        })
        .collect();
    t.shadow(canvas, &plug, &lump, 0.008, 0.5);
    t.flat(canvas, &plug, &lump, 0.008, move |u, v| {
        let n = ash.at(u, v);
        (
            if n > 0.7 {
                hex(0x8a8680)
            } else {
                scale(hex(0x2a1a10), 0.6 + 0.6 * n)
            },
            BLACK,
        )
    });
    (0.085, 0.012)
}

/// A brass key: a trefoil bow with a hole, a shaft and a cut bit.
pub(super) fn key(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let brass = hex(0xb08a3a);
    let bow: Vec<Point> = (0..48)
        .map(|i| {
            let a = i as f32 / 48.0 * std::f32::consts::TAU;
            let r = 0.05 * (1.0 + 0.14 * (3.0 * a).cos());
            (-0.13 + a.cos() * r, a.sin() * r)
        })
        .collect();
    let hole = ellipse_pts(-0.13, 0.0, 0.024, 0.024, 0.0, 30);
    let shaft = [(-0.085, -0.009), (0.17, -0.009), (0.17, 0.009), (-0.085, 0.009)];
    let collar = rounded_rect_pts(-0.09, -0.016, -0.07, 0.016, 0.004);
    let bit = [
        (0.1, -0.009),
        (0.1, -0.06),
        (0.118, -0.06),
        (0.118, -0.04),
        (0.13, -0.04),
        (0.13, -0.055),
        (0.15, -0.055),
        (0.15, -0.03),
        (0.165, -0.03),
        (0.165, -0.009),
    ];
    for shape in [&bow[..], &shaft[..], &bit[..]] {
        t.shadow(canvas, pl, shape, 0.008, 0.5);
    }
    let metal = |u: f32, v: f32| -> (Rgb, Rgb) {
        let band = ((v * 140.0 + u * 20.0).sin() * 0.5 + 0.5).powi(4);
        (mix(scale(brass, 0.7), hex(0xf0d890), band * 0.6), BLACK)
    };
    t.flat(canvas, pl, &shaft, 0.008, metal);
    t.flat(canvas, pl, &bit, 0.008, metal);
    t.flat(canvas, pl, &collar, 0.009, metal);
    t.flat_holed(canvas, pl, &bow, &[&hole], 0.009, metal);
    (-0.13, 0.037)
}

/// A pocket watch on its chain, the hands at a random hour.
pub(super) fn pocket_watch(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let brass = hex(0xb08a3a);
    let r = 0.075;
    let case_o = ellipse_pts(0.0, 0.0, r, r, 0.0, 48);
    t.shadow(canvas, pl, &case_o, 0.015, 0.6);
    // The chain snakes away across the table.
    let chain = bezier((0.0, r + 0.015), (0.05, 0.2), (0.2, 0.05), (0.26, 0.18), 26);
    for (i, p) in chain.iter().enumerate() {
        let lk = ellipse_pts(p.0, p.1, 0.007, 0.004, if i % 2 == 0 { 0.6 } else { -0.6 }, 10);
        t.flat(canvas, pl, &lk, 0.004, |_, _| (brass, BLACK));
    }
    let bow_o = ellipse_pts(0.0, r + 0.014, 0.016, 0.016, 0.0, 20);
    let bow_i = ellipse_pts(0.0, r + 0.014, 0.01, 0.01, 0.0, 20);
    t.flat_holed(canvas, pl, &bow_o, &[&bow_i], 0.012, |_, _| (brass, BLACK));
    t.flat(canvas, pl, &rect(-0.008, r - 0.004, 0.008, r + 0.008), 0.014, |_, _| {
        (brass, BLACK)
    });
    t.flat(canvas, pl, &case_o, 0.014, |u, v| {
        let a = v.atan2(u);
        (
            mix(
                scale(brass, 0.7),
                hex(0xf0d890),
                ((a * 2.0).sin() * 0.5 + 0.5).powi(3) * 0.6,
            ),
            BLACK,
        )
    });
    let face = ellipse_pts(0.0, 0.0, r * 0.85, r * 0.85, 0.0, 48);
    let hour = rng.range(0.0, std::f32::consts::TAU);
    let minute = rng.range(0.0, std::f32::consts::TAU);
    t.flat(canvas, pl, &face, 0.016, move |u, v| {
        let rr = (u * u + v * v).sqrt() / (r * 0.85);
        let a = v.atan2(u);
        let tick = rr > 0.82 && rr < 0.95 && ((a / std::f32::consts::TAU * 12.0).fract() - 0.5).abs() > 0.46;
        let minor = rr > 0.9 && rr < 0.95 && ((a / std::f32::consts::TAU * 60.0).fract() - 0.5).abs() > 0.4;
        let hand = |ang: f32, len: f32, wd: f32| {
            let (dx, dy) = (ang.cos(), ang.sin());
            let along = u * dx + v * dy;
            let across = (u * dy - v * dx).abs();
            along > -0.005 && along < len && across < wd
        };
        let sub_dial = ((u).powi(2) + (v + r * 0.4).powi(2)).sqrt() < r * 0.18;
        let ink = tick || minor || hand(hour, r * 0.45, 0.0025) || hand(minute, r * 0.7, 0.0015);
        let col = if ink {
            hex(0x141414)
        } else if sub_dial {
            hex(0xc8c0a8)
        } else {
            hex(0xe4dcc8)
        };
        (col, BLACK)
    });
    let (cx, cy) = t.s.cam.p(pl.to3(-0.02, 0.02, 0.016));
    canvas.glow_ellipse(cx, cy, 26.0, 14.0, [1.0; 3], 0.25);
    (0.0, r + 0.028)
}

/// A glove lying flat, its colour from the words, sooty if they say so.
pub(super) fn glove(t: &Table, canvas: &mut Canvas, pl: &Place, text: &str, rng: &mut Rng) -> (f32, f32) {
    let style = t.style;
    let col = if has_word(text, &["lavender", "lilac", "mauve"]) {
        hex(0x7a70c8)
    } else if has_word(text, &["pigskin", "tan", "driving", "suede"]) {
        hex(0x9a6a3a)
    } else if has_word(text, &["black", "leather", "dark"]) {
        hex(0x221e1c)
    } else if has_word(text, &["white", "ivory", "cream"]) {
        hex(0xc8c0b0)
    } else if rng.chance(0.5) {
        hex(0x221e1c)
    } else {
        mix(style.accent, hex(0x200808), 0.4)
    };
    // Palm and cuff, four tapered fingers and a thumb, each finger glossy along its length.
    let sooty = has_word(text, &["soot", "sooty", "grime", "coal"]);
    let palm = rounded_rect_pts(-0.058, -0.075, 0.058, 0.045, 0.026);
    let cuff = [(-0.05, -0.065), (0.05, -0.065), (0.062, -0.125), (-0.062, -0.125)];
    let finger_shape = |len: f32| -> Vec<Point> {
        let mut v = vec![(-0.013, 0.0), (0.013, 0.0)];
        v.extend(arc_pts(0.0, len - 0.011, 0.011, 0.011, 0.0, std::f32::consts::PI, 8));
        v
    };
    let mut fingers: Vec<(Transform, Vec<Point>)> = Vec::new();
    for &(x, len, a) in &[
        (-0.042f32, 0.07f32, 0.2f32),
        (-0.014, 0.086, 0.06),
        (0.014, 0.082, -0.05),
        (0.041, 0.066, -0.18),
    ] {
        let f = Transform::new(x, 0.03, 1.0, a);
        let pts: Vec<Point> = finger_shape(len).iter().map(|&(u, v)| f.p(u, v)).collect();
        fingers.push((f, pts));
    }
    let thumb_x = Transform::new(0.052, -0.025, 1.0, -1.0);
    let thumb: Vec<Point> = finger_shape(0.06).iter().map(|&(u, v)| thumb_x.p(u, v)).collect();
    fingers.push((thumb_x, thumb));
    for sh in [&palm[..], &cuff[..]] {
        t.shadow(canvas, pl, sh, 0.01, 0.45);
    }
    for (_, f) in &fingers {
        t.shadow(canvas, pl, f, 0.01, 0.45);
    }
    let gloss = hex(0xb0a498);
    t.flat(canvas, pl, &cuff, 0.008, move |_, v| {
        let hem = v < -0.113;
        (if hem { mix(col, gloss, 0.25) } else { col }, BLACK)
    });
    t.flat(canvas, pl, &palm, 0.01, move |u, v| {
        let sheen = (-((u + 0.01).powi(2) + (v - 0.0).powi(2)) / 0.0012).exp();
        // Soot ground into the palm: darkest in the middle, fading out in smudges.
        let smudge = (0.7 - ((u * 16.0).powi(2) + ((v + 0.02) * 12.0).powi(2)).sqrt()
            + 0.12 * (u * 70.0 + (v * 40.0).sin() * 2.0).sin())
        .clamp(0.0, 1.0);
        let leather = mix(col, gloss, 0.25 * sheen);
        let soot = if sooty { smudge * 0.8 } else { 0.0 };
        (mix(leather, hex(0x161412), soot), BLACK)
    });
    for (f, pts) in &fingers {
        let f = *f;
        t.flat(canvas, pl, pts, 0.011, move |u, v| {
            let (fx, _) = f.inv(u, v);
            let sheen = (-((fx + 0.003) / 0.005).powi(2)).exp();
            (mix(col, gloss, 0.4 * sheen), BLACK)
        });
    }
    // Seams between the fingers and round the cuff.
    let seam = scale(col, 0.35);
    for (_, pts) in &fingers {
        let outline: Vec<Point> = pts.iter().map(|&(u, v)| t.s.cam.p(pl.to3(u, v, 0.012))).collect();
        canvas.stroke(&outline[1..], 1.0, seam, 0.7);
    }
    // Stitches down the back.
    for x in [-0.02f32, 0.0, 0.02] {
        let pts: Vec<Point> = (0..8)
            .map(|k| t.s.cam.p(pl.to3(x, -0.05 + k as f32 * 0.01, 0.013)))
            .collect();
        for pair in pts.chunks(2) {
            if pair.len() == 2 {
                canvas.line(pair[0], pair[1], 1.0, mix(col, gloss, 0.5), 0.6);
            }
        }
    }
    (0.0, -0.12)
}
