//! The neck and shoulders and what is worn on them: coats, suits, dresses, collars, a fur stole, pearls.

use super::super::canvas::{
    BLACK, Blend, Canvas, Noise, Point, Rgb, Rng, bezier, cell, ellipse_pts, hex, inside, mix, mul, scale, smoothstep,
};
use super::{Clothes, Head, Lights, Sitter, ellipsoid_n, norm};

pub(super) fn neck(canvas: &mut Canvas, sitter: &Sitter) {
    let Sitter {
        look,
        lights,
        head,
        neck_base: (x0, ys),
        ..
    } = *sitter;
    let Head {
        x: hx, y: hy, rx, ry, ..
    } = head;
    let nx = (hx + x0) / 2.0;
    let nw = rx * 0.48;
    let pts = [
        (hx - nw, hy + ry * 0.4),
        (hx + nw, hy + ry * 0.4),
        (x0 + nw * 1.2, ys + 30.0),
        (x0 - nw * 1.2, ys + 30.0),
    ];
    let skin = look.skin;
    canvas.fill_with(&pts, Blend::Over, |x, y| {
        let n = [((x - nx) / (nw * 1.15)).clamp(-0.99, 0.99), 0.1, 0.0];
        let n = [n[0], n[1], (1.0 - n[0] * n[0]).sqrt()];
        let under_chin = smoothstep(hy + ry * 1.05, hy + ry * 0.6, y);
        (scale(mul(skin, lights.at(n)), 1.0 - 0.7 * under_chin), 1.0)
    });
}

pub(super) fn body(canvas: &mut Canvas, sitter: &Sitter, rng: &mut Rng) {
    let Sitter {
        look,
        lights,
        head,
        neck_base: (x0, ys),
        ..
    } = *sitter;
    let Head { rx, turn, .. } = head;
    let (w, h) = (canvas.wf(), canvas.hf());
    let sw = w * 0.37;
    let (swl, swr) = (sw * (1.0 + turn * 0.25), sw * (1.0 - turn * 0.25));
    let nw = rx * 0.55;
    // Neck, the slope of the trapezius, the round of the shoulder, the arm going down.
    let half = |sgn: f32, s: f32| -> Vec<Point> {
        let mut v = bezier(
            (x0 + sgn * nw, ys - 10.0),
            (x0 + sgn * (nw + s * 0.22), ys + 6.0),
            (x0 + sgn * s * 0.75, ys + 12.0),
            (x0 + sgn * s * 0.95, ys + 42.0),
            14,
        );
        v.extend(
            bezier(
                (x0 + sgn * s * 0.95, ys + 42.0),
                (x0 + sgn * s * 1.05, ys + 62.0),
                (x0 + sgn * s * 1.07, ys + 110.0),
                (x0 + sgn * s * 1.05, ys + 170.0),
                10,
            )
            .into_iter()
            .skip(1),
        );
        v.push((x0 + sgn * s * 1.02, h + 4.0));
        v
    };
    let mut outline = half(-1.0, swl);
    let mut right = half(1.0, swr);
    right.reverse();
    outline.extend(right);
    let cloth = look.cloth;
    let v_bottom = (x0 + turn * 10.0, h - 40.0);
    let is_dress = look.clothes == Clothes::Dress;
    let torso = Torso {
        x0,
        ys,
        sw,
        swl,
        swr,
        h,
        cloth,
        v_bottom,
        outline,
        lights,
    };
    if is_dress {
        dress(canvas, sitter, &torso, rng);
        return;
    }
    // Coat, jacket or sweater.
    let stripes = look.clothes == Clothes::Suit && rng.chance(0.4);
    canvas.fill_with(&torso.outline, Blend::Over, |x, y| {
        let mut col = cloth;
        if stripes && ((x - x0) / 13.0).fract().abs() < 0.08 {
            col = scale(col, 1.5);
        }
        (torso.shade(x, y, col), 1.0)
    });
    match look.clothes {
        Clothes::Turtleneck => turtleneck_collar(canvas, sitter, &torso),
        Clothes::Uniform => uniform_collar(canvas, sitter, &torso),
        _ => shirt_and_lapels(canvas, sitter, &torso, rng),
    }
}

/// The body below the head: its centre line and the foot of the neck, its shoulders' half-widths
/// (and each side's, turned), the picture's height, the cloth, the bottom of the V, its outline and
/// the lights on it.
struct Torso<'a> {
    x0: f32,
    ys: f32,
    sw: f32,
    swl: f32,
    swr: f32,
    h: f32,
    cloth: Rgb,
    v_bottom: Point,
    outline: Vec<Point>,
    lights: &'a Lights,
}

impl Torso<'_> {
    /// A colour on the body, lit as a cylinder leaning back at the shoulders; the lamp light dies
    /// away down the body, keeping the eye on the face.
    fn shade(&self, x: f32, y: f32, col: Rgb) -> Rgb {
        let nx = ((x - self.x0) / (self.sw * 1.12)).clamp(-0.99, 0.99);
        let ny = -0.45 * smoothstep(self.ys + 90.0, self.ys, y);
        let n = norm([nx, ny, (1.0 - nx * nx).max(0.0).sqrt()]);
        scale(
            mul(col, self.lights.at(n)),
            0.3 + 0.7 * smoothstep(self.h, self.ys + 20.0, y),
        )
    }
}

/// A dress: skin first, then the dress with a neckline cut out of it, a fur stole and pearls if worn.
fn dress(canvas: &mut Canvas, sitter: &Sitter, torso: &Torso, rng: &mut Rng) {
    let Sitter { look, .. } = *sitter;
    let Head { rx, .. } = sitter.head;
    let Torso { x0, ys, cloth, .. } = *torso;
    // Skin first, then the dress with a neckline cut out of it.
    let skin = look.skin;
    canvas.fill_with(&torso.outline, Blend::Over, |x, y| (torso.shade(x, y, skin), 1.0));
    let deep = rng.range(50.0, 85.0);
    let wide = rng.range(0.95, 1.2);
    let neckline = bezier(
        (x0 - rx * wide, ys - 40.0),
        (x0 - rx * 0.8, ys + deep * 1.1),
        (x0 + rx * 0.8, ys + deep * 1.1),
        (x0 + rx * wide, ys - 40.0),
        20,
    );
    let sheen = mix(cloth, [1.0; 3], 0.25);
    canvas.fill_with(&torso.outline, Blend::Over, |x, y| {
        if inside(&neckline, x, y) {
            return (cloth, 0.0);
        }
        let s = ((x - x0) * 0.04 + (y * 0.02).sin()).sin().abs().powi(8);
        (torso.shade(x, y, mix(cloth, sheen, s * 0.3)), 1.0)
    });
    if look.fur {
        fur_stole(canvas, sitter, torso, rng);
    }
    if look.pearls {
        pearls(canvas, sitter, torso);
    }
}

/// A stole over both shoulders, its edges fluffy, hanging down beside the neckline.
fn fur_stole(canvas: &mut Canvas, sitter: &Sitter, torso: &Torso, rng: &mut Rng) {
    let Head { rx, .. } = sitter.head;
    let Torso { x0, ys, swl, swr, .. } = *torso;
    // A stole over both shoulders, its edges fluffy, hanging down beside the neckline.
    let fur_seed = rng.next_u64();
    let fur = Noise::new(fur_seed, 9.0);
    let furc = hex(0xb8b0a8);
    for sgn in [-1.0f32, 1.0] {
        let s = if sgn < 0.0 { swl } else { swr };
        let mut piece = bezier(
            (x0 + sgn * rx * 0.5, ys - 22.0),
            (x0 + sgn * s * 0.6, ys - 12.0),
            (x0 + sgn * s * 1.0, ys + 10.0),
            (x0 + sgn * s * 1.1, ys + 80.0),
            16,
        );
        piece.extend(bezier(
            (x0 + sgn * s * 1.1, ys + 80.0),
            (x0 + sgn * s * 0.95, ys + 140.0),
            (x0 + sgn * s * 0.6, ys + 150.0),
            (x0 + sgn * rx * 0.7, ys + 170.0),
            12,
        ));
        piece.extend(bezier(
            (x0 + sgn * rx * 0.7, ys + 170.0),
            (x0 + sgn * rx * 0.5, ys + 100.0),
            (x0 + sgn * rx * 0.9, ys + 30.0),
            (x0 + sgn * rx * 0.5, ys - 22.0),
            12,
        ));
        let n = piece.len();
        let fluffy: Vec<Point> = piece
            .iter()
            .enumerate()
            .map(|(i, &(x, y))| {
                let (a, b) = (piece[(i + n - 1) % n], piece[(i + 1) % n]);
                let (dx, dy) = (b.0 - a.0, b.1 - a.1);
                let l = (dx * dx + dy * dy).sqrt().max(1e-3);
                let k = 7.0 * cell(fur_seed, i as i32, sgn as i32) - 2.0;
                (x - dy / l * k, y + dx / l * k)
            })
            .collect();
        canvas.fill_with(&fluffy, Blend::Over, |x, y| {
            let v = 0.5 + 0.6 * fur.fbm(x * 0.8, y * 0.5);
            (torso.shade(x, y, scale(furc, v)), 1.0)
        });
    }
}

/// A string of pearls round the neck, each with its glint.
fn pearls(canvas: &mut Canvas, sitter: &Sitter, torso: &Torso) {
    let Sitter { lights, .. } = *sitter;
    let Head { rx, .. } = sitter.head;
    let Torso { x0, ys, .. } = *torso;
    let n = 17;
    for i in 0..n {
        let t = i as f32 / (n - 1) as f32;
        let a = std::f32::consts::PI * (0.15 + 0.7 * t);
        let (px, py) = (x0 + a.cos() * rx * 0.95, ys - 12.0 + a.sin() * 38.0);
        let r = 5.0;
        canvas.fill_with(&ellipse_pts(px, py, r, r, 0.0, 14), Blend::Over, |x, y| {
            let n = ellipsoid_n(x, y, px, py, r, r);
            (mul(hex(0xe8e4dc), lights.at(n)), 1.0)
        });
        canvas.glow(px - lights.rim_x * 1.5, py - 1.5, 2.0, [1.0; 3], 0.6);
    }
}

/// The ribbed roll of a turtleneck.
fn turtleneck_collar(canvas: &mut Canvas, sitter: &Sitter, torso: &Torso) {
    let Head { rx, .. } = sitter.head;
    let Torso { x0, ys, cloth, .. } = *torso;
    let collar = [
        (x0 - rx * 0.62, ys - 45.0),
        (x0 + rx * 0.62, ys - 45.0),
        (x0 + rx * 0.75, ys + 10.0),
        (x0 - rx * 0.75, ys + 10.0),
    ];
    canvas.fill_with(&collar, Blend::Over, |x, y| {
        let rib = 0.85 + 0.15 * ((y - ys) * 0.5).sin();
        (torso.shade(x, y, scale(cloth, rib * 1.1)), 1.0)
    });
}

/// A uniform's stand collar, brass buttons and epaulettes.
fn uniform_collar(canvas: &mut Canvas, sitter: &Sitter, torso: &Torso) {
    let Sitter { lights, .. } = *sitter;
    let Head { rx, turn, .. } = sitter.head;
    let Torso { x0, ys, sw, cloth, .. } = *torso;
    let collar = [
        (x0 - rx * 0.6, ys - 30.0),
        (x0 + rx * 0.6, ys - 30.0),
        (x0 + rx * 0.7, ys + 12.0),
        (x0 - rx * 0.7, ys + 12.0),
    ];
    canvas.fill_with(&collar, Blend::Over, |x, y| (torso.shade(x, y, scale(cloth, 1.2)), 1.0));
    for side in [-1.0f32, 1.0] {
        for k in 0..3 {
            let (bx, by) = (x0 + side * 32.0 + turn * 10.0, ys + 70.0 + k as f32 * 60.0);
            canvas.ellipse(bx, by, 6.0, 6.0, mul(hex(0xc8a040), lights.at([0.0, 0.0, 1.0])), 1.0);
        }
        let ep = [
            (x0 + side * rx * 0.9, ys - 2.0),
            (x0 + side * sw * 0.85, ys + 12.0),
            (x0 + side * sw * 0.87, ys + 28.0),
            (x0 + side * rx * 0.9, ys + 16.0),
        ];
        canvas.fill_with(&ep, Blend::Over, |x, y| (torso.shade(x, y, scale(cloth, 1.4)), 1.0));
    }
}

/// A shirt in the V with a tie or a bow tie, lapels over it, and a pocket square on a suit.
fn shirt_and_lapels(canvas: &mut Canvas, sitter: &Sitter, torso: &Torso, rng: &mut Rng) {
    let Sitter {
        look, style, lights, ..
    } = *sitter;
    let Head { rx, turn, .. } = sitter.head;
    let Torso {
        x0,
        ys,
        h,
        cloth,
        v_bottom,
        ..
    } = *torso;
    // Shirt, tie or bow tie in the V, then lapels over it.
    let shirt = if look.clothes == Clothes::WhiteCoat {
        hex(0x6a7a8a)
    } else {
        hex(0xd8d4c8)
    };
    let v = [(x0 - rx * 0.55, ys - 20.0), (x0 + rx * 0.55, ys - 20.0), v_bottom];
    canvas.fill_with(&v, Blend::Over, |x, y| (torso.shade(x, y, shirt), 1.0));
    for side in [-1.0f32, 1.0] {
        let col_pts = [
            (x0 + side * rx * 0.55, ys - 24.0),
            (x0 + side * 4.0, ys + 12.0),
            (x0 + side * rx * 0.7, ys + 22.0),
        ];
        canvas.fill_with(&col_pts, Blend::Over, |x, y| {
            (torso.shade(x, y, scale(shirt, 1.1)), 1.0)
        });
    }
    let tie_col = mix(style.accent, hex(0x200808), 0.25);
    if look.clothes == Clothes::Tux {
        let (bx, by) = (x0, ys + 6.0);
        let bow = [(bx - 26.0, by - 12.0), (bx, by), (bx - 26.0, by + 12.0)];
        let bow2 = [(bx + 26.0, by - 12.0), (bx, by), (bx + 26.0, by + 12.0)];
        canvas.fill(&bow, hex(0x080808), 1.0);
        canvas.fill(&bow2, hex(0x080808), 1.0);
        canvas.ellipse(bx, by, 6.0, 7.0, hex(0x101010), 1.0);
        for k in 0..3 {
            canvas.ellipse(
                x0 + turn * 4.0,
                ys + 50.0 + k as f32 * 34.0,
                3.0,
                3.0,
                hex(0x202020),
                1.0,
            );
        }
    } else if look.clothes != Clothes::WhiteCoat || rng.chance(0.6) {
        let knot = [
            (x0 - 11.0, ys + 4.0),
            (x0 + 11.0, ys + 4.0),
            (x0 + 7.0, ys + 22.0),
            (x0 - 7.0, ys + 22.0),
        ];
        let blade = [
            (x0 - 7.0, ys + 22.0),
            (x0 + 7.0, ys + 22.0),
            (x0 + 20.0 + turn * 4.0, h),
            (x0 - 20.0 + turn * 4.0, h),
        ];
        let tc = if look.clothes == Clothes::WhiteCoat {
            hex(0x202830)
        } else {
            tie_col
        };
        canvas.fill_with(&blade, Blend::Over, |x, y| {
            let stripe = ((x + y) / 14.0).fract() < 0.2;
            (torso.shade(x, y, if stripe { scale(tc, 0.6) } else { tc }), 1.0)
        });
        canvas.fill_with(&knot, Blend::Over, |x, y| (torso.shade(x, y, scale(tc, 1.1)), 1.0));
    }
    // Lapels: wide on a trench coat (its collar turned up), notched on a jacket.
    let trench = look.clothes == Clothes::Trench;
    let lap_col = if look.clothes == Clothes::Tux {
        hex(0x1c1c20)
    } else {
        scale(cloth, 1.1)
    };
    for side in [-1.0f32, 1.0] {
        let wide = if trench { 1.5 } else { 1.0 };
        let lapel = [
            (x0 + side * rx * 0.6, ys - 22.0),
            (x0 + side * rx * (0.95 + 0.4 * wide), ys + 40.0 * wide),
            (x0 + side * rx * (0.9 + 0.35 * wide), ys + 58.0 * wide),
            (x0 + side * rx * (0.7 + 0.3 * wide), ys + 62.0 * wide),
            (v_bottom.0 + side * 6.0, v_bottom.1),
            (v_bottom.0 + side * 2.0, v_bottom.1 - 20.0),
            (x0 + side * rx * 0.3, ys + 30.0),
        ];
        canvas.fill_with(&lapel, Blend::Over, |x, y| {
            let sheen = if look.clothes == Clothes::Tux { 1.3 } else { 1.0 };
            (torso.shade(x - side * 30.0, y, scale(lap_col, sheen)), 1.0)
        });
        canvas.stroke(&[lapel[4], lapel[6], lapel[0]], 2.0, BLACK, 0.5);
        if trench {
            let flap = [
                (x0 + side * rx * 0.55, ys - 30.0),
                (x0 + side * rx * 1.25, ys - 70.0),
                (x0 + side * rx * 1.5, ys + 10.0),
                (x0 + side * rx * 0.9, ys + 20.0),
            ];
            canvas.fill_with(&flap, Blend::Over, |x, y| (torso.shade(x, y, scale(cloth, 0.95)), 1.0));
            canvas.stroke(&[flap[1], flap[2]], 2.0, BLACK, 0.4);
        }
    }
    if look.clothes == Clothes::Suit && rng.chance(0.6) {
        let side = -lights.rim_x;
        let (px, py) = (x0 + side * rx * 1.75, ys + 110.0);
        let sq = [
            (px - 18.0, py),
            (px - 9.0, py - 14.0),
            (px, py - 4.0),
            (px + 9.0, py - 16.0),
            (px + 18.0, py),
        ];
        canvas.fill(
            &sq,
            mul(mix(style.accent, [1.0; 3], 0.3), lights.at([side * 0.3, 0.0, 0.95])),
            1.0,
        );
    }
}
