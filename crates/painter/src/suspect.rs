//! Suspects: a head-and-shoulders portrait, split-lit by a lamp, rim-lit in the case's accent,
//! with a hat, hair, collar and pose read from the appearance text where it names them.

use super::Style;
use super::canvas::{Canvas, Point, Rgb, Rng, add, mix, scale, smoothstep};
use crate::Suspect;

/// 4:5, a portrait.
pub const SIZE: (u32, u32) = (512, 640);

mod accessories;
mod backdrop;
mod clothes;
mod face;
mod hair;
mod hats;
mod look;

use accessories::{cigarette, spectacles};
use backdrop::backdrop_paint;
use clothes::{body, neck};
use face::head;
use hair::{back_hair, front_hair};
use hats::hat;
use look::read_look;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Hat {
    None,
    Fedora,
    Bowler,
    Cloche,
    Beret,
    Pillbox,
    FlatCap,
    Peaked,
    Topper,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Hair {
    Bald,
    Short,
    Slick,
    Bob,
    Waves,
    Long,
    Bun,
    Curly,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Clothes {
    Trench,
    Suit,
    Tux,
    Dress,
    Turtleneck,
    Uniform,
    WhiteCoat,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Backdrop {
    Blinds,
    RainyWindow,
    Brick,
    Halo,
    Smoke,
}

/// The backdrops in the order a case's portraits take them, two steps apart from slot to slot.
const BACKDROPS: [Backdrop; 5] = [
    Backdrop::Blinds,
    Backdrop::RainyWindow,
    Backdrop::Brick,
    Backdrop::Halo,
    Backdrop::Smoke,
];

struct Look {
    hat: Hat,
    hair: Hair,
    hair_col: Rgb,
    skin: Rgb,
    clothes: Clothes,
    cloth: Rgb,
    hat_col: Rgb,
    glasses: bool,
    monocle: bool,
    beard: bool,
    moustache: bool,
    pearls: bool,
    earrings: bool,
    cigarette: bool,
    scar: bool,
    fur: bool,
    lipstick: bool,
    old: bool,
}

/// Which way the light falls: key lamp, fill, and an accent rim from behind.
struct Lights {
    key: Rgb,
    dir: [f32; 3],
    fill: Rgb,
    rim: Rgb,
    rim_x: f32,
}

impl Lights {
    fn at(&self, n: [f32; 3]) -> Rgb {
        self.lit(n, -0.05, 0.6)
    }

    /// Faces get a harder terminator: a graphic split between light and shadow.
    fn face(&self, n: [f32; 3]) -> Rgb {
        self.lit(n, 0.0, 0.3)
    }

    fn lit(&self, n: [f32; 3], lo: f32, hi: f32) -> Rgb {
        let d = n[0] * self.dir[0] + n[1] * self.dir[1] + n[2] * self.dir[2];
        let k = smoothstep(lo, hi, d);
        let rim = smoothstep(0.55, 0.97, n[0] * self.rim_x) * (1.0 - n[2]).max(0.0);
        add(
            add(scale(self.key, k * 1.05), scale(self.fill, 0.3 + 0.12 * (1.0 - k))),
            scale(self.rim, rim * 2.4),
        )
    }
}

fn ellipsoid_n(x: f32, y: f32, cx: f32, cy: f32, rx: f32, ry: f32) -> [f32; 3] {
    let (nx, ny) = ((x - cx) / rx, (y - cy) / ry);
    let r2 = nx * nx + ny * ny;
    if r2 >= 0.999 {
        let l = r2.sqrt();
        return [nx / l, ny / l, 0.03];
    }
    [nx, ny, (1.0 - r2).sqrt()]
}

pub fn paint(s: &Suspect, style: &Style, rng: &mut Rng, index: usize) -> Canvas {
    let look = read_look(s, style, rng);
    let (w, h) = (SIZE.0 as f32, SIZE.1 as f32);
    let mut canvas = Canvas::new(SIZE.0, SIZE.1, style.night);
    let backdrop = BACKDROPS[((style.seed % 991) as usize + index * 2) % BACKDROPS.len()];
    // Pose: a slight turn, the lamp on one side, the accent rim on the other.
    let turn = rng.range(0.18, 0.42)
        * if (index + (style.seed % 2) as usize).is_multiple_of(2) {
            1.0
        } else {
            -1.0
        };
    let key_side = if rng.chance(0.7) { -turn.signum() } else { turn.signum() };
    let warm = backdrop != Backdrop::Blinds || rng.chance(0.5);
    let lights = Lights {
        key: if warm {
            mix(style.amber, [1.0, 0.97, 0.92], 0.55)
        } else {
            mix(style.moon, [1.0; 3], 0.45)
        },
        dir: norm([key_side * 0.9, -0.4, 0.35]),
        fill: scale(style.dusk, 1.0),
        rim: mix(style.accent, [1.0; 3], 0.25),
        rim_x: -key_side,
    };
    backdrop_paint(&mut canvas, backdrop, style, rng, key_side);

    let hx = w * 0.5 + turn * 40.0;
    let hy = h * rng.range(0.37, 0.41);
    let rx = rng.range(62.0, 72.0);
    let ry = rx * rng.range(1.24, 1.36);
    let x0 = w * 0.5 + turn * 18.0;
    let ys = hy + ry * 1.22;

    // A soft shadow thrown on the wall behind, away from the lamp.
    canvas.shadow(x0 - key_side * 70.0, ys + 40.0, 240.0, 320.0, 0.45);

    let sitter = Sitter {
        look: &look,
        style,
        lights: &lights,
        head: Head {
            x: hx,
            y: hy,
            rx,
            ry,
            turn,
        },
        neck_base: (x0, ys),
        key_side,
    };
    back_hair(&mut canvas, &sitter);
    neck(&mut canvas, &sitter);
    body(&mut canvas, &sitter, rng);
    head(&mut canvas, &sitter, rng);
    front_hair(&mut canvas, &sitter, rng);
    hat(&mut canvas, &sitter);
    if look.glasses || look.monocle {
        spectacles(&mut canvas, &sitter);
    }
    if look.cigarette {
        cigarette(&mut canvas, &sitter, rng);
    }
    // Haze from the lamp side.
    canvas.glow(
        if key_side > 0.0 { w } else { 0.0 },
        h * 0.25,
        w * 0.9,
        lights.key,
        0.08,
    );
    canvas
}

fn norm(v: [f32; 3]) -> [f32; 3] {
    super::scene::norm(v)
}

/// Where the head sits on the canvas and how it is turned: its centre, its half width and half
/// height, and the turn of the face (positive toward the right of the picture).
#[derive(Debug, Clone, Copy)]
struct Head {
    x: f32,
    y: f32,
    rx: f32,
    ry: f32,
    turn: f32,
}

impl Head {
    /// The outline of the head, a little narrower at the jaw, grown by `inflate`.
    fn outline(&self, inflate: f32) -> Vec<Point> {
        let Head {
            x: hx, y: hy, rx, ry, ..
        } = *self;
        (0..56)
            .map(|i| {
                let a = i as f32 / 56.0 * std::f32::consts::TAU;
                let (ca, sa) = (a.cos(), a.sin());
                let k = 1.0 - 0.2 * smoothstep(0.1, 1.0, sa);
                (hx + ca * rx * k * inflate, hy + sa * ry * inflate)
            })
            .collect()
    }

    /// Where a point of the face (on the unit head, before turning) lands on the canvas.
    fn point(&self, fx: f32, fy: f32) -> Point {
        let Head {
            x: hx,
            y: hy,
            rx,
            ry,
            turn,
        } = *self;
        let fz = (1.0 - fx * fx - fy * fy).max(0.0).sqrt();
        let x = fx * turn.cos() + fz * turn.sin();
        (hx + x * rx, hy + fy * ry)
    }
}

/// What every part of a portrait is painted with: the sitter's looks, the case's palette, the
/// lights, and where the head and the shoulders are.
#[derive(Clone, Copy)]
struct Sitter<'a> {
    look: &'a Look,
    style: &'a Style,
    lights: &'a Lights,
    head: Head,
    /// The foot of the neck, where the shoulders start.
    neck_base: (f32, f32),
    /// The side the key light comes from: -1 left, 1 right.
    key_side: f32,
}
