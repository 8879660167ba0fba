//! Games on the table: a deck of playing cards, small change in a china saucer, a travelling chess set.

use super::super::canvas::{
    Blend, Canvas, Point, Rng, Transform, ellipse_pts, hex, mix, rounded_rect_pts, scale, smoothstep,
};
use super::{BLACK, Cuboid, Place, Table, rect};

/// A squared deck of playing cards with a casino crest on the back, and three cards fanned beside it.
pub(super) fn cards(t: &Table, canvas: &mut Canvas, pl: &Place) -> (f32, f32) {
    let (hw, hh) = (0.032, 0.045);
    let accent = t.style.accent;
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
