//! Glass on the table: a bottle, a wine glass, a tumbler or a vial standing, and an ashtray with a lit cigarette.

use super::super::Style;
use super::super::canvas::{
    Blend, Canvas, Noise, Point, Rgb, Rng, Transform, add, bezier, ellipse_pts, hex, mix, scale, smoothstep, stroke_pts,
};
use super::{BLACK, ObjectKind, Place, Table, lerp, rect};
use crate::has_word;

/// A bottle's, a glass's or a vial's shape and colours: its profile (radius, height) from the
/// base up, in metres; the glass's tint, the liquid's colour and how full it is.
struct Vessel {
    profile: Vec<Point>,
    tint: Rgb,
    liquid: Rgb,
    fill: f32,
}

/// The vessel an upright glass object is: a perfume or a wine bottle, a wine glass or a tumbler,
/// a vial.
fn vessel_for(kind: ObjectKind, text: &str, style: &Style, rng: &mut Rng) -> Vessel {
    let (profile, tint, liquid, fill): (Vec<(f32, f32)>, Rgb, Rgb, f32) = match kind {
        ObjectKind::Bottle => {
            let perfume = has_word(text, &["perfume", "scent"]);
            let tint = if perfume {
                mix(style.accent, [1.0; 3], 0.3)
            } else {
                *[hex(0x2a5a2a), hex(0x6a3a10), hex(0x8a8a80)]
                    .get(rng.below(3))
                    .unwrap_or(&hex(0x2a5a2a))
            };
            let p = if perfume {
                vec![
                    (0.06, 0.0),
                    (0.065, -0.03),
                    (0.06, -0.1),
                    (0.02, -0.11),
                    (0.015, -0.13),
                    (0.03, -0.16),
                ]
            } else {
                vec![
                    (0.045, 0.0),
                    (0.048, -0.01),
                    (0.048, -0.2),
                    (0.04, -0.24),
                    (0.016, -0.28),
                    (0.014, -0.34),
                    (0.018, -0.35),
                ]
            };
            (p, tint, hex(0x5a2a08), rng.range(0.2, 0.6))
        }
        ObjectKind::Glass => {
            if has_word(
                text,
                &["wine", "goblet", "champagne", "wineglass", "martini", "cocktail"],
            ) {
                (
                    vec![
                        (0.045, 0.0),
                        (0.045, -0.004),
                        (0.006, -0.01),
                        (0.005, -0.09),
                        (0.02, -0.1),
                        (0.045, -0.14),
                        (0.048, -0.2),
                    ],
                    hex(0xb0c0c8),
                    mix(hex(0x6a0a18), style.accent, 0.3),
                    0.6,
                )
            } else {
                (
                    vec![(0.04, 0.0), (0.043, -0.015), (0.05, -0.13)],
                    hex(0xb0c0c8),
                    hex(0x9a5a10),
                    0.35,
                )
            }
        }
        _ => (
            vec![
                (0.022, 0.0),
                (0.024, -0.005),
                (0.024, -0.11),
                (0.018, -0.12),
                (0.018, -0.135),
                (0.02, -0.14),
            ],
            hex(0x8aa0a0),
            mix(style.accent, hex(0x102010), 0.2),
            rng.range(0.4, 0.8),
        ),
    };
    Vessel {
        profile,
        tint,
        liquid,
        fill,
    }
}

/// An upright vessel as drawn: where it stands on the canvas (and its scale), the side the lamp
/// is on, its profile, and the canvas heights of its base and its top.
struct Standing<'a> {
    xf: Transform,
    key: f32,
    profile: &'a [Point],
    base_y: f32,
    top_y: f32,
}

impl Standing<'_> {
    /// The profile's radius at a canvas height.
    fn radius_at(&self, y: f32) -> f32 {
        let (xf, profile) = (self.xf, self.profile);
        let ly = (y - xf.oy) / xf.s;
        let mut r = profile[0].0;
        for w in profile.windows(2) {
            if ly <= w[0].1 && ly >= w[1].1 {
                let k = (ly - w[0].1) / (w[1].1 - w[0].1);
                r = lerp(w[0].0, w[1].0, k);
            }
        }
        r * xf.s
    }
}

/// A bottle, a glass or a vial, standing; lit from the lamp's side, rimmed in the accent.
pub(super) fn upright_glass(
    t: &Table,
    canvas: &mut Canvas,
    kind: ObjectKind,
    pl: &Place,
    text: &str,
    rng: &mut Rng,
) -> (f32, f32) {
    let style = t.style;
    let xf = t.upright(pl.x, pl.z);
    let key = t.key_side(pl.x);
    let s = xf.s;
    let Vessel {
        profile,
        tint,
        liquid,
        fill,
    } = vessel_for(kind, text, style, rng);
    let scale_up = match kind {
        ObjectKind::Vial => 1.5,
        ObjectKind::Bottle => 0.7,
        _ => 1.0,
    };
    let xf = Transform::new(xf.ox, xf.oy, s * scale_up, 0.0);
    let height = -profile.last().map(|p| p.1).unwrap_or(-0.2);
    // Shadow, stretched away from the lamp, and a coloured caustic in it.
    canvas.shadow(
        xf.ox - key * xf.s * height * 0.7,
        xf.oy - xf.s * 0.01,
        xf.s * (0.06 + height * 0.5),
        xf.s * 0.04,
        0.75,
    );
    canvas.glow_ellipse(
        xf.ox - key * xf.s * height * 0.5,
        xf.oy - xf.s * 0.005,
        xf.s * 0.04,
        xf.s * 0.012,
        mix(tint, liquid, 0.5),
        0.35,
    );
    // The outline from the profile, mirrored.
    let mut outline: Vec<Point> = profile.iter().map(|&(r, y)| xf.p(r, y)).collect();
    outline.extend(profile.iter().rev().map(|&(r, y)| xf.p(-r, y)));
    let top_y = xf.p(0.0, -height).1;
    let base_y = xf.oy;
    let liquid_y = lerp(base_y, top_y, fill);
    let rim = mix(style.accent, [1.0; 3], 0.3);
    let standing = Standing {
        xf,
        key,
        profile: &profile,
        base_y,
        top_y,
    };
    let r_at = |y: f32| standing.radius_at(y);
    let ox = xf.ox;
    let see_through = kind == ObjectKind::Glass;
    let lamp = t.style.amber;
    canvas.fill_with(&outline, Blend::Over, |x, y| {
        let r = r_at(y).max(1.0);
        let nx = ((x - ox) / r).clamp(-1.0, 1.0);
        let edge = nx.abs().powi(4);
        let spec =
            smoothstep(0.12, 0.0, (nx - key * 0.45).abs()) + 0.5 * smoothstep(0.06, 0.0, (nx + key * 0.75).abs());
        let in_liquid = y > liquid_y;
        let body = if in_liquid { mix(liquid, tint, 0.3) } else { tint };
        let lit = 0.35 + 0.65 * (0.5 + 0.5 * nx * key);
        let mut col = scale(body, if see_through { 0.35 } else { 0.55 } * lit);
        col = add(col, scale(lamp, spec * 0.9));
        col = add(col, scale(rim, edge * smoothstep(0.3, 1.0, -nx * key) * 0.8));
        let a = if see_through {
            0.25 + 0.6 * edge + spec * 0.5 + if in_liquid { 0.45 } else { 0.0 }
        } else {
            0.92
        };
        (col, a.min(1.0))
    });
    // Meniscus line, a blank label with lines, a cork.
    let (lx0, lx1) = (ox - r_at(liquid_y) * 0.95, ox + r_at(liquid_y) * 0.95);
    canvas.stroke(
        &[(lx0, liquid_y), (lx1, liquid_y)],
        1.5,
        mix(liquid, [1.0; 3], 0.4),
        0.6,
    );
    if kind != ObjectKind::Glass {
        label_and_cork(canvas, style, kind, &standing);
    }
    canvas.glow(
        ox + key * r_at(lerp(base_y, top_y, 0.6)) * 0.45,
        lerp(base_y, top_y, 0.65),
        xf.s * 0.02,
        [1.0; 3],
        0.5,
    );
    // The string goes round the neck.
    (0.0, 0.0)
}

/// A blank paper label with lines on a bottle or a vial, lit from the lamp's side, and its cork.
fn label_and_cork(canvas: &mut Canvas, style: &Style, kind: ObjectKind, standing: &Standing) {
    let Standing {
        xf, key, base_y, top_y, ..
    } = *standing;
    let ox = xf.ox;
    let r_at = |y: f32| standing.radius_at(y);
    let (ly0, ly1) = (
        lerp(base_y, top_y, 0.18),
        lerp(base_y, top_y, if kind == ObjectKind::Vial { 0.6 } else { 0.5 }),
    );
    let lr = r_at((ly0 + ly1) / 2.0) * 0.98;
    let label = [(ox - lr, ly0), (ox + lr, ly0), (ox + lr, ly1), (ox - lr, ly1)];
    canvas.fill_with(&label, Blend::Over, |x, y| {
        let nx = (x - ox) / lr;
        let line = ((y - ly1) / (ly0 - ly1) * 6.0).fract() < 0.12 && nx.abs() < 0.6 && ((y - ly1) / (ly0 - ly1)) > 0.3;
        let band = ((y - ly1) / (ly0 - ly1)) < 0.2;
        let paper = if band {
            mix(style.accent, hex(0x200808), 0.3)
        } else if line {
            hex(0x3a3020)
        } else {
            hex(0xd0c4a0)
        };
        (scale(paper, 0.35 + 0.65 * (0.5 + 0.5 * nx * key)), 1.0)
    });
    let cr = r_at(top_y + 2.0).max(3.0) * 1.05;
    let cork = [
        (ox - cr, top_y + 2.0),
        (ox + cr, top_y + 2.0),
        (ox + cr * 1.1, top_y - xf.s * 0.025),
        (ox - cr * 1.1, top_y - xf.s * 0.025),
    ];
    canvas.fill_with(&cork, Blend::Over, |x, _| {
        (scale(hex(0x8a6a40), 0.4 + 0.6 * (0.5 + 0.5 * (x - ox) / cr * key)), 1.0)
    });
}

pub(super) fn ashtray(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let style = t.style;
    let r = 0.1;
    let outer = ellipse_pts(0.0, 0.0, r, r, 0.0, 48);
    let inner = ellipse_pts(0.0, 0.0, r * 0.72, r * 0.72, 0.0, 48);
    t.shadow(canvas, pl, &outer, 0.03, 0.6);
    let glass = mix(hex(0x5a6a70), style.accent, 0.15);
    t.flat_holed(canvas, pl, &outer, &[&inner], 0.03, move |u, v| {
        let a = v.atan2(u);
        let notch = (a * 3.0 / std::f32::consts::TAU * 2.0).fract() < 0.1 && (u * u + v * v).sqrt() > r * 0.85;
        (
            scale(glass, if notch { 0.5 } else { 0.9 + 0.4 * (a * 2.0).sin().abs() }),
            BLACK,
        )
    });
    let ash = Noise::new(rng.next_u64(), 0.01);
    t.flat(canvas, pl, &inner, 0.012, move |u, v| {
        (scale(hex(0x6a6a66), 0.5 + 0.5 * ash.at(u, v)), BLACK)
    });
    // Stubs, one with lipstick, and a lit cigarette resting on the rim.
    for k in 0..3 {
        let sp = pl.then(rng.range(-0.03, 0.03), rng.range(-0.03, 0.03), rng.range(0.0, 3.0));
        let lipstick = k == 0;
        t.flat(canvas, &sp, &rect(-0.022, -0.004, 0.018, 0.004), 0.016, move |u, _| {
            let col = if u < -0.008 {
                if lipstick {
                    mix(style.accent, hex(0xc06060), 0.2)
                } else {
                    hex(0xc8a060)
                }
            } else if u > 0.014 {
                hex(0x2a2a2a)
            } else {
                hex(0xe0dcd0)
            };
            (col, BLACK)
        });
    }
    let cig = pl.then(0.09, 0.0, -0.35);
    t.shadow(canvas, &cig, &rect(-0.06, -0.004, 0.05, 0.004), 0.03, 0.4);
    t.flat(canvas, &cig, &rect(-0.06, -0.004, 0.05, 0.004), 0.032, |u, _| {
        let col = if u < -0.04 {
            hex(0xc8a060)
        } else if u > 0.045 {
            hex(0x505050)
        } else {
            hex(0xe8e4d8)
        };
        (col, BLACK)
    });
    let (ex, ey) = t.s.cam.p(cig.to3(0.05, 0.0, 0.032));
    canvas.glow(ex, ey, 18.0, hex(0xff5a18), 0.9);
    canvas.glow(ex, ey, 5.0, [1.0, 0.85, 0.6], 1.0);
    let mut p = (ex, ey);
    for k in 0..5 {
        let q = (p.0 + rng.range(-35.0, 35.0), p.1 - rng.range(40.0, 70.0));
        let pts = bezier(
            p,
            (p.0 + rng.range(-40.0, 40.0), p.1 - 20.0),
            (q.0 + rng.range(-40.0, 40.0), q.1 + 20.0),
            q,
            16,
        );
        canvas.fill_mode(
            &stroke_pts(&pts, 2.0 + k as f32 * 3.0, 5.0 + k as f32 * 4.0),
            mix(style.moon, [1.0; 3], 0.4),
            0.14 - k as f32 * 0.02,
            Blend::Add,
        );
        p = q;
    }
    (-r, 0.0)
}
