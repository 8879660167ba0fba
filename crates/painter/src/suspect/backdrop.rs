//! The wall behind the sitter: blinds, a rainy window, brick, a halo of lamplight or smoke.

use super::super::Style;
use super::super::canvas::{Blend, Canvas, Noise, Rng, cell, hex, mix, rect_pts, scale, smoothstep};
use super::Backdrop;

pub(super) fn backdrop_paint(canvas: &mut Canvas, b: Backdrop, style: &Style, rng: &mut Rng, key_side: f32) {
    let (w, h) = (canvas.wf(), canvas.hf());
    let wall_top = scale(style.night, 0.8);
    let wall_low = scale(style.dusk, 0.7);
    canvas.shade(0.0, 0.0, w, h, Blend::Over, |x, y| {
        let t = y / h;
        let side = 0.5 + 0.5 * key_side * (x / w - 0.5) * 2.0;
        (scale(mix(wall_low, wall_top, t), 0.7 + 0.5 * side), 1.0)
    });
    match b {
        Backdrop::Blinds => {
            // Light through venetian blinds, slanting across the wall.
            let angle: f32 = rng.range(-0.45, -0.15) * key_side;
            let period = rng.range(26.0, 38.0);
            let duty = rng.range(0.45, 0.6);
            let (sa, ca) = (angle.sin(), angle.cos());
            let light = if rng.chance(0.5) {
                style.amber
            } else {
                mix(style.moon, style.accent, 0.25)
            };
            let wx0 = if key_side > 0.0 {
                w * rng.range(0.25, 0.4)
            } else {
                -20.0
            };
            let wx1 = if key_side > 0.0 {
                w + 20.0
            } else {
                w * rng.range(0.6, 0.75)
            };
            let (wy0, wy1) = (h * rng.range(0.02, 0.12), h * rng.range(0.62, 0.8));
            let mull = (wx0 + wx1) / 2.0 + rng.range(-40.0, 40.0);
            canvas.shade(wx0 - 30.0, wy0 - 30.0, wx1 + 30.0, wy1 + 30.0, Blend::Add, |x, y| {
                let edge =
                    smoothstep(0.0, 25.0, (x - wx0).min(wx1 - x)) * smoothstep(0.0, 25.0, (y - wy0).min(wy1 - y));
                let u = (x * sa + y * ca) / period;
                let stripe = smoothstep(0.0, 0.08, u.fract()) * smoothstep(duty, duty - 0.08, u.fract());
                let frame = if (x - mull).abs() < 7.0 { 0.1 } else { 1.0 };
                (light, 0.45 * edge * stripe * frame)
            });
        }
        Backdrop::RainyWindow => {
            let (wx0, wx1) = (w * 0.08, w * 0.92);
            let (wy0, wy1) = (h * 0.05, h * 0.7);
            let seed = rng.next_u64();
            canvas.fill(&rect_pts(wx0, wy0, wx1, wy1), scale(style.night, 0.5), 1.0);
            for _ in 0..26 {
                let (x, y) = (rng.range(wx0, wx1), rng.range(wy0 + 60.0, wy1));
                let col = if rng.chance(0.3) { style.accent } else { style.amber };
                canvas.glow(x, y, rng.range(10.0, 34.0), col, rng.range(0.2, 0.5));
            }
            let n = Noise::new(seed, 6.0);
            canvas.shade(wx0, wy0, wx1, wy1, Blend::Add, |x, y| {
                let drop = n.at(x * 1.2, y * 0.25);
                (style.moon, 0.12 * smoothstep(0.7, 0.9, drop))
            });
            for k in 0..3 {
                let x = wx0 + (wx1 - wx0) * k as f32 / 2.0;
                canvas.fill(&rect_pts(x - 9.0, wy0 - 9.0, x + 9.0, wy1 + 9.0), hex(0x0a0a0c), 1.0);
            }
            canvas.fill(
                &rect_pts(wx0 - 9.0, h * 0.36, wx1 + 9.0, h * 0.36 + 14.0),
                hex(0x0a0a0c),
                1.0,
            );
            canvas.fill(
                &rect_pts(wx0 - 9.0, wy0 - 9.0, wx1 + 9.0, wy0 + 5.0),
                hex(0x0a0a0c),
                1.0,
            );
            canvas.fill(&rect_pts(wx0 - 16.0, wy1, wx1 + 16.0, wy1 + 18.0), hex(0x141210), 1.0);
        }
        Backdrop::Brick => {
            let seed = rng.next_u64();
            let base = mix(hex(0x4a2a20), style.night, 0.4);
            canvas.shade(0.0, 0.0, w, h, Blend::Multiply, |x, y| {
                let row = (y / 22.0).floor() as i32;
                let bx = x + if row % 2 == 0 { 0.0 } else { 30.0 };
                let joint = (y / 22.0).fract() < 0.14 || (bx / 60.0).fract() < 0.06;
                let v = if joint {
                    0.45
                } else {
                    0.8 + 0.3 * cell(seed, (bx / 60.0) as i32, row)
                };
                ([v; 3], 1.0)
            });
            canvas.shade(0.0, 0.0, w, h, Blend::Over, |_, _| (base, 0.25));
            let lx = if key_side > 0.0 { w * 0.88 } else { w * 0.12 };
            canvas.glow(lx, h * 0.12, w * 0.7, style.amber, 0.35);
            canvas.glow(lx, h * 0.12, 40.0, style.amber, 0.6);
            canvas.glow(lx, h * 0.12, 10.0, [1.0, 0.95, 0.85], 1.0);
        }
        Backdrop::Halo => {
            canvas.glow(
                w * 0.5 - key_side * 40.0,
                h * 0.36,
                w * 0.75,
                mix(style.dusk, style.accent, 0.3),
                0.45,
            );
        }
        Backdrop::Smoke => {
            for _ in 0..14 {
                let (x, y) = (rng.range(0.0, w), rng.range(0.0, h * 0.7));
                let col = if rng.chance(0.35) { style.accent } else { style.amber };
                canvas.glow(x, y, rng.range(20.0, 60.0), col, rng.range(0.12, 0.3));
            }
            let n = Noise::new(rng.next_u64(), 60.0);
            canvas.shade(0.0, 0.0, w, h, Blend::Add, |x, y| {
                (style.moon, 0.12 * smoothstep(0.45, 0.85, n.fbm(x, y * 0.6)))
            });
        }
    }
}
