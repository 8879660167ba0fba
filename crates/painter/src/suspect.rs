//! Suspects: a head-and-shoulders portrait, split-lit by a lamp, rim-lit in the case's accent,
//! with a hat, hair, collar and pose read from the appearance text where it names them.

use super::canvas::{
    Blend, Canvas, Noise, Point, Rgb, Rng, add, arc_pts, bezier, cell, ellipse_pts, hex, inside, mix, mul, scale,
    smoothstep, stroke_pts,
};
use super::{Style, has_word};
use crate::Suspect;

/// 4:5, a portrait.
pub const SIZE: (u32, u32) = (512, 640);

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

fn gender_of(s: &Suspect) -> char {
    let g = s.gender.to_lowercase();
    if g.starts_with('f') || g.contains("woman") || g.contains("female") {
        'f'
    } else if g.starts_with('m') || g.contains("man") {
        'm'
    } else {
        'x'
    }
}

/// A colour word next to a hair word ("silver-haired", "black hair", "hair: auburn").
fn hair_colour(text: &str) -> Option<Rgb> {
    let words: Vec<String> = text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    let hairish = [
        "hair",
        "haired",
        "curls",
        "bob",
        "locks",
        "mane",
        "waves",
        "ringlets",
        "bun",
        "crop",
        "beard",
        "moustache",
    ];
    let near_hair = |i: usize| {
        let lo = i.saturating_sub(3);
        let hi = (i + 4).min(words.len());
        words[lo..hi].iter().any(|w| hairish.contains(&w.as_str()))
    };
    for (i, w) in words.iter().enumerate() {
        let direct = match w.as_str() {
            "blonde" | "blond" | "platinum" | "flaxen" => Some(hex(0xc8a868)),
            "brunette" | "chestnut" => Some(hex(0x4a2a18)),
            "redhead" | "auburn" | "ginger" | "titian" | "copper" => Some(hex(0x8a3a1a)),
            "raven" | "jet" => Some(hex(0x0e0c0c)),
            "silver" | "grey" | "gray" | "white" | "grizzled" => near_hair(i).then(|| hex(0x9a9a9c)),
            "black" | "dark" => near_hair(i).then(|| hex(0x121010)),
            "brown" => near_hair(i).then(|| hex(0x3a2416)),
            "red" => near_hair(i).then(|| hex(0x8a3a1a)),
            "golden" | "fair" => near_hair(i).then(|| hex(0xc8a868)),
            _ => None,
        };
        if direct.is_some() {
            return direct;
        }
    }
    None
}

fn read_look(s: &Suspect, style: &Style, rng: &mut Rng) -> Look {
    let text = format!("{} {}", s.appearance, s.occupation);
    let g = gender_of(s);
    let f = g == 'f' || (g == 'x' && rng.chance(0.5));
    let has = |w: &[&str]| has_word(&text, w);
    let hat = hat_for(s, &text, f, rng);
    let hair = hair_for(s, &text, f, rng);
    let old = s.age >= 60 || has(&["elderly", "aged", "grizzled", "wrinkled"]);
    let hair_col = hair_colour(&text).unwrap_or_else(|| {
        if old {
            hex(0x8a8a8c)
        } else {
            *[
                hex(0x121010),
                hex(0x2e1c12),
                hex(0x4a2e1a),
                hex(0xb89860),
                hex(0x6a2a14),
            ]
            .get(rng.below(5))
            .unwrap_or(&hex(0x121010))
        }
    });
    let skin = skin_for(&text, rng);
    let clothes = clothes_for(&text, f, rng);
    let cloth = match clothes {
        Clothes::Trench => *[hex(0x8a7656), hex(0x6a6250), hex(0x3a3a3c)]
            .get(rng.below(3))
            .unwrap_or(&hex(0x8a7656)),
        Clothes::WhiteCoat => hex(0x9a9c98),
        Clothes::Uniform => hex(0x1a2234),
        Clothes::Tux => hex(0x0c0c0e),
        Clothes::Dress => *[
            hex(0x141216),
            mix(style.accent, hex(0x100808), 0.35),
            hex(0x2a2a40),
            hex(0xc0b8a8),
        ]
        .get(rng.below(4))
        .unwrap_or(&hex(0x141216)),
        _ => *[
            hex(0x22242a),
            hex(0x2a2018),
            hex(0x3a3a40),
            hex(0x1c2030),
            hex(0x3a2a20),
        ]
        .get(rng.below(5))
        .unwrap_or(&hex(0x22242a)),
    };
    let hat_col = match hat {
        Hat::Cloche | Hat::Beret | Hat::Pillbox => {
            *[hex(0x141214), mix(style.accent, hex(0x100808), 0.3), hex(0x3a3030)]
                .get(rng.below(3))
                .unwrap_or(&hex(0x141214))
        }
        Hat::Peaked => hex(0x141a28),
        _ => *[hex(0x1a1818), hex(0x2e2a26), hex(0x4a4440), hex(0x2a2018)]
            .get(rng.below(4))
            .unwrap_or(&hex(0x1a1818)),
    };
    let glasses = has(&["glasses", "spectacles", "specs", "bespectacled", "eyeglasses", "pince"]);
    Look {
        hat,
        hair,
        hair_col,
        skin,
        clothes,
        cloth,
        hat_col,
        glasses: glasses || (!has(&["monocle"]) && rng.chance(0.12)),
        monocle: has(&["monocle"]),
        beard: has(&["beard", "bearded", "goatee", "whiskers", "stubble"]) || (!f && !glasses && rng.chance(0.12)),
        moustache: has(&["moustache", "mustache", "moustached", "mustachioed"]) || (!f && rng.chance(0.25)),
        pearls: has(&["pearls", "pearl", "necklace", "choker"]) || (f && clothes == Clothes::Dress && rng.chance(0.5)),
        earrings: has(&["earrings", "earring"]) || (f && rng.chance(0.5)),
        cigarette: has(&["cigarette", "smoking", "smoker", "cigar", "cigarillo"]) || rng.chance(0.25),
        scar: has(&["scar", "scarred"]),
        fur: has(&["fur", "stole", "mink", "ermine"]),
        lipstick: f,
        old,
    }
}

/// The hat named in the words, or else one that suits the sitter.
fn hat_for(s: &Suspect, text: &str, f: bool, rng: &mut Rng) -> Hat {
    let app = s.appearance;
    let has = |w: &[&str]| has_word(text, w);
    if has(&["fedora", "trilby", "homburg", "panama"]) {
        Hat::Fedora
    } else if has(&["bowler", "derby"]) {
        Hat::Bowler
    } else if has(&["cloche"]) {
        Hat::Cloche
    } else if has(&["beret", "tam"]) {
        Hat::Beret
    } else if has(&["pillbox", "veil", "fascinator"]) {
        Hat::Pillbox
    } else if app.to_lowercase().contains("top hat") || has(&["tophat", "stovepipe"]) {
        Hat::Topper
    } else if has(&[
        "peaked",
        "captain",
        "chauffeur",
        "doorman",
        "sailor",
        "officer",
        "constable",
        "policeman",
        "porter",
    ]) {
        Hat::Peaked
    } else if has(&["cap", "newsboy", "flatcap"]) {
        Hat::FlatCap
    } else if has(&["bareheaded", "hatless"]) {
        Hat::None
    } else if f {
        *[Hat::None, Hat::None, Hat::Cloche, Hat::Beret, Hat::Pillbox, Hat::Fedora]
            .get(rng.below(6))
            .unwrap_or(&Hat::None)
    } else {
        *[
            Hat::None,
            Hat::Fedora,
            Hat::Fedora,
            Hat::Bowler,
            Hat::FlatCap,
            Hat::None,
        ]
        .get(rng.below(6))
        .unwrap_or(&Hat::None)
    }
}

/// The hair named in the words, or else a style that suits the sitter and their age.
fn hair_for(s: &Suspect, text: &str, f: bool, rng: &mut Rng) -> Hair {
    let has = |w: &[&str]| has_word(text, w);
    if has(&["bald", "balding", "shaven", "shaved"]) {
        Hair::Bald
    } else if has(&["bob", "bobbed"]) {
        Hair::Bob
    } else if has(&["curls", "curly", "ringlets", "frizzy"]) {
        Hair::Curly
    } else if has(&["bun", "chignon", "updo"]) {
        Hair::Bun
    } else if has(&["slicked", "pomaded", "brilliantined", "oiled", "greased"]) {
        Hair::Slick
    } else if has(&["wavy", "waves", "marcel"]) {
        Hair::Waves
    } else if has(&["long", "flowing", "shoulder"]) && f {
        Hair::Long
    } else if f {
        *[Hair::Bob, Hair::Waves, Hair::Long, Hair::Bun, Hair::Curly]
            .get(rng.below(5))
            .unwrap_or(&Hair::Bob)
    } else if s.age > 58 && rng.chance(0.4) {
        Hair::Bald
    } else {
        *[Hair::Short, Hair::Slick, Hair::Short, Hair::Curly]
            .get(rng.below(4))
            .unwrap_or(&Hair::Short)
    }
}

/// The skin tone named in the words, or else one of a range.
fn skin_for(text: &str, rng: &mut Rng) -> Rgb {
    let has = |w: &[&str]| has_word(text, w);
    if has(&["pale", "pallid", "fair", "freckled", "porcelain", "ashen"]) {
        hex(0xe0c0a8)
    } else if has(&["tanned", "olive", "weathered", "swarthy", "sunburnt"]) {
        hex(0xb88a64)
    } else if has(&["dark-skinned", "ebony", "brown-skinned"]) {
        hex(0x6a4630)
    } else {
        *[
            hex(0xdcc0aa),
            hex(0xc8a68c),
            hex(0xb08c70),
            hex(0x8a6a50),
            hex(0x684c3a),
        ]
        .get(rng.below(5))
        .unwrap_or(&hex(0xc8a68c))
    }
}

/// The clothes named in the words or suited to the occupation, or else what the sitter might wear.
fn clothes_for(text: &str, f: bool, rng: &mut Rng) -> Clothes {
    let has = |w: &[&str]| has_word(text, w);
    if has(&["trench", "trenchcoat", "raincoat", "mackintosh", "overcoat"]) {
        Clothes::Trench
    } else if has(&["tuxedo", "tux", "bowtie", "tails", "tailcoat"])
        || text.to_lowercase().contains("bow tie")
        || text.to_lowercase().contains("dinner jacket")
    {
        Clothes::Tux
    } else if has(&["gown", "dress", "frock", "evening", "fur", "stole", "mink", "ermine"]) {
        Clothes::Dress
    } else if has(&["turtleneck", "sweater", "jumper", "polo", "cardigan"]) {
        Clothes::Turtleneck
    } else if has(&[
        "uniform",
        "officer",
        "constable",
        "policeman",
        "captain",
        "chauffeur",
        "doorman",
        "sergeant",
        "porter",
        "guard",
    ]) {
        Clothes::Uniform
    } else if has(&[
        "doctor",
        "nurse",
        "chemist",
        "pharmacist",
        "scientist",
        "surgeon",
        "physician",
        "coroner",
        "apothecary",
    ]) || text.to_lowercase().contains("lab coat")
    {
        Clothes::WhiteCoat
    } else if has(&[
        "suit",
        "pinstripe",
        "pinstriped",
        "waistcoat",
        "vest",
        "jacket",
        "blazer",
        "tweed",
    ]) {
        Clothes::Suit
    } else if has(&[
        "butler",
        "waiter",
        "pianist",
        "musician",
        "conductor",
        "magician",
        "host",
        "maitre",
        "croupier",
        "singer",
    ]) {
        if f { Clothes::Dress } else { Clothes::Tux }
    } else if has(&[
        "artist",
        "painter",
        "poet",
        "writer",
        "photographer",
        "sculptor",
        "novelist",
    ]) {
        Clothes::Turtleneck
    } else if f {
        *[Clothes::Dress, Clothes::Dress, Clothes::Trench, Clothes::Suit]
            .get(rng.below(4))
            .unwrap_or(&Clothes::Dress)
    } else {
        *[Clothes::Suit, Clothes::Suit, Clothes::Trench, Clothes::Turtleneck]
            .get(rng.below(4))
            .unwrap_or(&Clothes::Suit)
    }
}

pub fn paint(s: &Suspect, style: &Style, rng: &mut Rng, index: usize) -> Canvas {
    let look = read_look(s, style, rng);
    let (w, h) = (SIZE.0 as f32, SIZE.1 as f32);
    let mut c = Canvas::new(SIZE.0, SIZE.1, style.night);
    let backdrop = [
        Backdrop::Blinds,
        Backdrop::RainyWindow,
        Backdrop::Brick,
        Backdrop::Halo,
        Backdrop::Smoke,
    ][((style.seed % 991) as usize + index * 2) % 5];
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
    backdrop_paint(&mut c, backdrop, style, rng, key_side);

    let hx = w * 0.5 + turn * 40.0;
    let hy = h * rng.range(0.37, 0.41);
    let rx = rng.range(62.0, 72.0);
    let ry = rx * rng.range(1.24, 1.36);
    let x0 = w * 0.5 + turn * 18.0;
    let ys = hy + ry * 1.22;

    // A soft shadow thrown on the wall behind, away from the lamp.
    c.shadow(x0 - key_side * 70.0, ys + 40.0, 240.0, 320.0, 0.45);

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
    back_hair(&mut c, &sitter);
    neck(&mut c, &sitter);
    body(&mut c, &sitter, rng);
    head(&mut c, &sitter, rng);
    front_hair(&mut c, &sitter, rng);
    hat(&mut c, &sitter);
    if look.glasses || look.monocle {
        spectacles(&mut c, &sitter);
    }
    if look.cigarette {
        cigarette(&mut c, &sitter, rng);
    }
    // Haze from the lamp side.
    c.glow(
        if key_side > 0.0 { w } else { 0.0 },
        h * 0.25,
        w * 0.9,
        lights.key,
        0.08,
    );
    c
}

fn norm(v: [f32; 3]) -> [f32; 3] {
    super::scene::norm(v)
}

// ---------------------------------------------------------------------------------------------
// Backdrops

fn backdrop_paint(canvas: &mut Canvas, b: Backdrop, style: &Style, rng: &mut Rng, key_side: f32) {
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
            canvas.fill(
                &super::canvas::rect_pts(wx0, wy0, wx1, wy1),
                scale(style.night, 0.5),
                1.0,
            );
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
                canvas.fill(
                    &super::canvas::rect_pts(x - 9.0, wy0 - 9.0, x + 9.0, wy1 + 9.0),
                    hex(0x0a0a0c),
                    1.0,
                );
            }
            canvas.fill(
                &super::canvas::rect_pts(wx0 - 9.0, h * 0.36, wx1 + 9.0, h * 0.36 + 14.0),
                hex(0x0a0a0c),
                1.0,
            );
            canvas.fill(
                &super::canvas::rect_pts(wx0 - 9.0, wy0 - 9.0, wx1 + 9.0, wy0 + 5.0),
                hex(0x0a0a0c),
                1.0,
            );
            canvas.fill(
                &super::canvas::rect_pts(wx0 - 16.0, wy1, wx1 + 16.0, wy1 + 18.0),
                hex(0x141210),
                1.0,
            );
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

// ---------------------------------------------------------------------------------------------
// The figure

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

fn back_hair(canvas: &mut Canvas, sitter: &Sitter) {
    let Sitter { look, lights, head, .. } = *sitter;
    let Head {
        x: hx,
        y: hy,
        rx,
        ry,
        turn,
    } = head;
    let hc = look.hair_col;
    let shade = |x: f32, y: f32, cx: f32, cy: f32, ex: f32, ey: f32| -> (Rgb, f32) {
        let n = ellipsoid_n(x, y, cx, cy, ex, ey);
        (mul(hc, lights.at(n)), 1.0)
    };
    match look.hair {
        Hair::Long => {
            let pts = bezier(
                (hx - rx * 1.05, hy - ry * 0.4),
                (hx - rx * 1.5, hy + ry * 0.6),
                (hx - rx * 1.6, hy + ry * 1.4),
                (hx - rx * 1.2, hy + ry * 1.95),
                16,
            );
            let mut outline = pts;
            outline.extend(bezier(
                (hx + rx * 1.2, hy + ry * 1.95),
                (hx + rx * 1.6, hy + ry * 1.4),
                (hx + rx * 1.5, hy + ry * 0.6),
                (hx + rx * 1.05, hy - ry * 0.4),
                16,
            ));
            outline.extend(arc_pts(
                hx,
                hy - ry * 0.2,
                rx * 1.08,
                ry * 0.95,
                0.0,
                -std::f32::consts::PI,
                20,
            ));
            canvas.fill_with(&outline, Blend::Over, |x, y| {
                shade(x, y, hx, hy + ry * 0.5, rx * 1.6, ry * 1.7)
            });
        }
        Hair::Bob | Hair::Waves => {
            let drop = if look.hair == Hair::Bob { 0.62 } else { 0.75 };
            let mut outline = Vec::new();
            for i in 0..=30 {
                let a = std::f32::consts::PI * (1.0 + i as f32 / 30.0);
                outline.push((hx + a.cos() * rx * 1.16, hy - ry * 0.1 + a.sin() * ry * 1.02));
            }
            let wavy = look.hair == Hair::Waves;
            for sgn in [1.0f32, -1.0] {
                let mut side = bezier(
                    (hx + sgn * rx * 1.16, hy - ry * 0.1),
                    (hx + sgn * rx * 1.28, hy + ry * 0.2),
                    (hx + sgn * rx * 1.26, hy + ry * (drop - 0.05)),
                    (hx + sgn * rx * 0.95, hy + ry * drop),
                    14,
                );
                side.push((hx + sgn * rx * 0.62, hy + ry * (drop - 0.1)));
                if wavy {
                    for (k, p) in side.iter_mut().enumerate() {
                        p.0 += (k as f32 * 1.3).sin() * rx * 0.05 * sgn;
                    }
                }
                if sgn < 0.0 {
                    side.reverse();
                }
                outline.extend(side);
            }
            canvas.fill_with(&outline, Blend::Over, |x, y| shade(x, y, hx, hy, rx * 1.25, ry * 1.1));
        }
        Hair::Bun => {
            let bx = hx - turn.signum() * rx * 0.55;
            canvas.fill_with(
                &ellipse_pts(bx, hy - ry * 0.85, rx * 0.48, ry * 0.36, 0.0, 30),
                Blend::Over,
                |x, y| shade(x, y, bx, hy - ry * 0.85, rx * 0.48, ry * 0.36),
            );
        }
        Hair::Curly => {
            // Under a hat only the curls below the brim show.
            let hatted = look.hat != Hat::None;
            for i in 0..16 {
                let a = std::f32::consts::PI * (0.95 + 1.1 * i as f32 / 15.0);
                if hatted && a.sin() < -0.35 {
                    continue;
                }
                let (cx, cy) = (hx + a.cos() * rx * 1.02, hy - ry * 0.05 + a.sin() * ry * 1.0);
                let r = rx * 0.3;
                canvas.fill_with(&ellipse_pts(cx, cy, r, r, 0.0, 18), Blend::Over, |x, y| {
                    shade(x, y, cx, cy, r, r)
                });
            }
        }
        _ => {}
    }
}

fn neck(canvas: &mut Canvas, sitter: &Sitter) {
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

fn body(canvas: &mut Canvas, sitter: &Sitter, rng: &mut Rng) {
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
    const BLACK: Rgb = [0.0; 3];
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

fn head(canvas: &mut Canvas, sitter: &Sitter, rng: &mut Rng) {
    face_skin(canvas, sitter);
    eyes(canvas, sitter);
    nose_and_mouth(canvas, sitter);
    lines_and_scar(canvas, sitter);
    facial_hair(canvas, sitter, rng);
    earrings(canvas, sitter);
}

/// The ears, the skin of the face, and the shadows that model it.
fn face_skin(canvas: &mut Canvas, sitter: &Sitter) {
    let Sitter { look, lights, head, .. } = *sitter;
    let Head {
        x: hx,
        y: hy,
        rx,
        ry,
        turn,
    } = head;
    let skin = look.skin;
    // Ears first, on the sides.
    for side in [-1.0f32, 1.0] {
        let (ex, ey) = head.point(side * 0.98, 0.02);
        let vis = 1.0 - (side * turn).max(0.0) * 1.5;
        if vis > 0.2 {
            let (erx, ery) = (rx * 0.16 * vis, ry * 0.17);
            canvas.fill_with(
                &ellipse_pts(ex + side * rx * 0.05, ey, erx, ery, 0.0, 20),
                Blend::Over,
                |x, y| {
                    let n = ellipsoid_n(x, y, ex, ey, erx * 2.0, ery * 2.0);
                    (scale(mul(skin, lights.at([n[0] + side * 0.6, n[1], n[2]])), 0.85), 1.0)
                },
            );
        }
    }
    let outline = head.outline(1.0);
    canvas.fill_with(&outline, Blend::Over, |x, y| {
        let n = ellipsoid_n(x, y, hx, hy, rx, ry);
        (mul(skin, lights.face(n)), 1.0)
    });
    let f = |fx: f32, fy: f32| head.point(fx, fy);
    let squeeze = |fx: f32| 1.0 - (fx * turn).max(0.0) * 1.2;
    // Shadows that model the face: eye sockets, cheek, under the nose and lip, the jaw.
    for side in [-1.0f32, 1.0] {
        let (ex, ey) = f(side * 0.38, -0.1);
        canvas.shadow(ex, ey, rx * 0.24 * squeeze(side), ry * 0.11, 0.32);
        let (cx, cy) = f(side * 0.55, 0.32);
        if side * lights.rim_x > 0.0 {
            canvas.shadow(cx, cy, rx * 0.3, ry * 0.2, 0.3);
        }
    }
    let (jx, jy) = f(0.0, 0.92);
    canvas.shadow(jx, jy + ry * 0.05, rx * 0.7, ry * 0.12, 0.35);
}

/// The eyes, each with its lid line and brow.
fn eyes(canvas: &mut Canvas, sitter: &Sitter) {
    let Sitter { look, lights, head, .. } = *sitter;
    let Head {
        x: hx,
        y: hy,
        rx,
        ry,
        turn,
    } = head;
    let lit = |x: f32, y: f32| lights.face(ellipsoid_n(x, y, hx, hy, rx, ry));
    let f = |fx: f32, fy: f32| head.point(fx, fy);
    let squeeze = |fx: f32| 1.0 - (fx * turn).max(0.0) * 1.2;
    // Eyes.
    let eye_white = hex(0xc8c0b4);
    let iris = hex(0x1a1410);
    for side in [-1.0f32, 1.0] {
        let (ex, ey) = f(side * 0.37, -0.08);
        let sq = squeeze(side * 0.37 + 0.1);
        let (erx, ery) = (rx * 0.14 * sq, ry * 0.045);
        let l = lit(ex, ey);
        let almond = [
            (ex - erx, ey),
            (ex - erx * 0.3, ey - ery * 1.1),
            (ex + erx * 0.4, ey - ery * 1.0),
            (ex + erx, ey),
            (ex + erx * 0.2, ey + ery * 0.9),
            (ex - erx * 0.4, ey + ery * 0.8),
        ];
        canvas.fill(&almond, mul(eye_white, scale(l, 0.8)), 1.0);
        let ix = ex + turn * erx * 0.5;
        canvas.ellipse(ix, ey, ery * 1.05, ery * 1.05, scale(iris, 0.8), 1.0);
        canvas.glow(
            ix - lights.rim_x * 2.0,
            ey - 2.0,
            2.2,
            [1.0; 3],
            0.5 * (l[0] + l[1]).min(1.0),
        );
        // Upper lid line and brow.
        canvas.stroke(&[almond[0], almond[1], almond[2], almond[3]], 2.2, hex(0x1a100c), 0.8);
        let brow_col = mul(mix(look.hair_col, hex(0x1a1410), 0.5), scale(l, 0.9));
        let (b0, b1, b2) = (f(side * 0.18, -0.24), f(side * 0.4, -0.3), f(side * 0.62, -0.24));
        let brow = bezier(b0, b1, b1, b2, 8);
        let thick = if look.lipstick { 3.0 } else { 5.5 };
        canvas.fill(&stroke_pts(&brow, thick, thick * 0.5), brow_col, 0.9);
        if look.lipstick {
            canvas.stroke(&[almond[0], almond[1], almond[2], almond[3]], 1.2, hex(0x000000), 0.8);
        }
    }
}

/// The nose (a shadow down the dark side, a bright tip, nostrils) and the mouth.
fn nose_and_mouth(canvas: &mut Canvas, sitter: &Sitter) {
    let Sitter {
        look,
        style,
        lights,
        head,
        ..
    } = *sitter;
    let Head {
        x: hx,
        y: hy,
        rx,
        ry,
        turn,
    } = head;
    let skin = look.skin;
    let lit = |x: f32, y: f32| lights.face(ellipsoid_n(x, y, hx, hy, rx, ry));
    let f = |fx: f32, fy: f32| head.point(fx, fy);
    let squeeze = |fx: f32| 1.0 - (fx * turn).max(0.0) * 1.2;
    // Nose: a shadow down the dark side, a bright tip, nostrils.
    let (n0x, n0y) = f(0.0, -0.05);
    let (ntx, nty) = f(0.03, 0.3);
    let dark_side = lights.rim_x;
    let nose_shadow = [
        (n0x + dark_side * 4.0, n0y),
        (ntx + dark_side * 14.0, nty - 4.0),
        (ntx + dark_side * 10.0, nty + 6.0),
        (ntx + dark_side * 2.0, nty + 4.0),
    ];
    canvas.fill_mode(&nose_shadow, [0.0; 3], 0.35, Blend::Multiply);
    canvas.glow(ntx - dark_side * 3.0, nty - 3.0, rx * 0.1, mul(skin, lights.key), 0.35);
    canvas.ellipse(ntx - 7.0, nty + 5.0, 4.0, 2.2, [0.08, 0.04, 0.03], 0.6);
    canvas.ellipse(ntx + 7.0, nty + 5.0, 4.0, 2.2, [0.08, 0.04, 0.03], 0.6);
    // Mouth.
    let (mx, my) = f(0.02, 0.52);
    let mw = rx * 0.3 * squeeze(0.2);
    let lips = if look.lipstick {
        mix(style.accent, hex(0x8a1018), 0.45)
    } else {
        mix(skin, hex(0x6a3028), 0.5)
    };
    let l = lit(mx, my);
    let upper = [
        (mx - mw, my),
        (mx - mw * 0.3, my - 7.0),
        (mx, my - 5.0),
        (mx + mw * 0.3, my - 7.0),
        (mx + mw, my),
        (mx, my + 1.0),
    ];
    let lower = [
        (mx - mw * 0.9, my),
        (mx + mw * 0.9, my),
        (mx + mw * 0.4, my + 9.0),
        (mx - mw * 0.4, my + 9.0),
    ];
    canvas.fill(&upper, mul(scale(lips, 0.75), l), if look.lipstick { 1.0 } else { 0.7 });
    canvas.fill(&lower, mul(lips, l), if look.lipstick { 1.0 } else { 0.6 });
    canvas.stroke(&[(mx - mw, my), (mx, my + 1.0), (mx + mw, my)], 1.6, hex(0x1a0a08), 0.8);
}

/// Lines of age on the brow and beside the nose, and a scar.
fn lines_and_scar(canvas: &mut Canvas, sitter: &Sitter) {
    let Sitter { look, head, .. } = *sitter;
    let f = |fx: f32, fy: f32| head.point(fx, fy);
    // Age, scars, facial hair.
    if look.old {
        for k in 0..3 {
            let (a, b) = (f(-0.3, -0.45 - k as f32 * 0.07), f(0.3, -0.45 - k as f32 * 0.07));
            canvas.stroke(&[a, ((a.0 + b.0) / 2.0, a.1 - 3.0), b], 1.2, hex(0x2a1a10), 0.3);
        }
        for side in [-1.0f32, 1.0] {
            let (a, b) = (f(side * 0.2, 0.28), f(side * 0.32, 0.55));
            canvas.stroke(&[a, b], 1.5, hex(0x2a1a10), 0.35);
        }
    }
    if look.scar {
        let (a, b) = (f(0.35, 0.05), f(0.58, 0.45));
        canvas.stroke(&[a, b], 2.5, hex(0xe0b0a0), 0.5);
    }
}

/// A beard along the jaw, and a moustache (with the beard or alone).
fn facial_hair(canvas: &mut Canvas, sitter: &Sitter, rng: &mut Rng) {
    let Sitter { look, lights, head, .. } = *sitter;
    let Head {
        x: hx, y: hy, rx, ry, ..
    } = head;
    let lit = |x: f32, y: f32| lights.face(ellipsoid_n(x, y, hx, hy, rx, ry));
    let f = |fx: f32, fy: f32| head.point(fx, fy);
    let hair_lit = |x: f32, y: f32| mul(look.hair_col, lit(x, y));
    if look.beard {
        // Along the jaw from ear to ear, below the cheekbones, leaving the mouth clear.
        let mut beard: Vec<Point> = Vec::new();
        for i in 0..=24 {
            let a = std::f32::consts::PI * (i as f32 / 24.0);
            let (fx, fy) = (a.cos() * 0.97, 0.05 + a.sin() * 0.93);
            let (x, y) = f(fx, fy.min(0.97));
            beard.push((x, y + ry * 0.1 * a.sin().powi(2)));
        }
        for &(fx, fy) in &[
            (-0.6, 0.32),
            (-0.34, 0.44),
            (-0.26, 0.6),
            (0.0, 0.7),
            (0.26, 0.6),
            (0.34, 0.44),
            (0.6, 0.32),
            (0.97, 0.05),
        ] {
            beard.push(f(fx, fy));
        }
        let tex = Noise::new(rng.next_u64(), 5.0);
        canvas.fill_with(&beard, Blend::Over, |x, y| {
            (scale(hair_lit(x, y), 0.75 + 0.25 * tex.at(x, y * 0.4)), 1.0)
        });
    }
    if look.moustache || look.beard {
        let (l0, l1, l2) = (f(-0.32, 0.5), f(0.0, 0.4), f(0.32, 0.5));
        let stache = [
            l0,
            (l1.0 - rx * 0.15, l1.1 - 2.0),
            (l1.0, l1.1 + 2.0),
            (l1.0 + rx * 0.15, l1.1 - 2.0),
            l2,
            (l1.0, l1.1 + 11.0),
        ];
        canvas.fill_with(&stache, Blend::Over, |x, y| (scale(hair_lit(x, y), 0.8), 1.0));
    }
}

/// Earrings, on the ears the turn of the head leaves in sight.
fn earrings(canvas: &mut Canvas, sitter: &Sitter) {
    let Sitter { look, style, head, .. } = *sitter;
    let turn = head.turn;
    if look.earrings {
        for side in [-1.0f32, 1.0] {
            let (ex, ey) = head.point(side * 0.98, 0.2);
            if (side * turn) < 0.25 {
                canvas.ellipse(
                    ex + side * 5.0,
                    ey + 8.0,
                    4.0,
                    7.0,
                    mix(style.accent, [1.0; 3], 0.2),
                    1.0,
                );
                canvas.glow(ex + side * 5.0, ey + 6.0, 9.0, style.accent, 0.4);
            }
        }
    }
}

fn front_hair(canvas: &mut Canvas, sitter: &Sitter, rng: &mut Rng) {
    let Sitter { look, lights, head, .. } = *sitter;
    let Head {
        x: hx,
        y: hy,
        rx,
        ry,
        turn,
    } = head;
    let hc = look.hair_col;
    let hatted = matches!(
        look.hat,
        Hat::Fedora | Hat::Bowler | Hat::Cloche | Hat::Topper | Hat::Peaked | Hat::FlatCap
    );
    let shade = move |x: f32, y: f32| -> Rgb {
        let n = ellipsoid_n(x, y, hx, hy - ry * 0.1, rx * 1.12, ry * 1.05);
        mul(hc, lights.at(n))
    };
    let part = turn.signum() * -0.35 + rng.range(-0.1, 0.1);
    let hairline = |depth: f32| -> Vec<Point> {
        // From the right temple back over the forehead to the left temple.
        let (rt, pt, lt) = (
            head.point(0.9, -0.45),
            head.point(part, -depth),
            head.point(-0.9, -0.45),
        );
        bezier(rt, (rt.0 - rx * 0.2, pt.1 + ry * 0.05), (pt.0 + rx * 0.2, pt.1), pt, 10)
            .into_iter()
            .chain(bezier(
                pt,
                (pt.0 - rx * 0.3, pt.1 + ry * 0.02),
                (lt.0 + rx * 0.3, pt.1 + ry * 0.1),
                lt,
                10,
            ))
            .collect()
    };
    let cap = |inflate: f32, depth: f32| -> Vec<Point> {
        let mut v: Vec<Point> = arc_pts(
            hx,
            hy - ry * 0.05,
            rx * inflate,
            ry * inflate,
            std::f32::consts::PI * 1.06,
            std::f32::consts::PI * 1.94,
            24,
        );
        v.reverse();
        let mut out: Vec<Point> = v.into_iter().rev().collect();
        let mut line = hairline(depth);
        line.reverse();
        out.extend(line);
        out
    };
    if look.hair == Hair::Bald {
        if look.old {
            for side in [-1.0f32, 1.0] {
                let (x, y) = head.point(side * 0.95, -0.2);
                canvas.fill_with(
                    &ellipse_pts(x, y, rx * 0.13, ry * 0.2, 0.0, 16),
                    Blend::Over,
                    |px, py| (shade(px, py), 0.9),
                );
            }
        }
        return;
    }
    if hatted && !matches!(look.hair, Hair::Bob | Hair::Waves | Hair::Long | Hair::Curly) {
        // Only the sideburns show under a hat.
        for side in [-1.0f32, 1.0] {
            let a = head.point(side * 0.97, -0.42);
            let b = head.point(side * 0.95, -0.12);
            canvas.fill_with(&stroke_pts(&[a, b], rx * 0.1, rx * 0.05), Blend::Over, |x, y| {
                (scale(shade(x, y), 0.7), 1.0)
            });
        }
        return;
    }
    let (inflate, depth) = match look.hair {
        Hair::Slick => (1.05, 0.66),
        Hair::Short => (1.08, 0.64),
        Hair::Curly => (1.12, 0.6),
        _ => (1.1, 0.6),
    };
    let shape = cap(inflate, depth);
    let sheen = look.hair == Hair::Slick || look.hair == Hair::Waves;
    canvas.fill_with(&shape, Blend::Over, |x, y| {
        let mut col = shade(x, y);
        if sheen {
            let s = (((x - hx) * 0.12 + (y - hy) * 0.35).sin() * 0.5 + 0.5).powi(6);
            col = add(col, scale(lights.key, 0.25 * s));
        }
        (col, 1.0)
    });
    // A few strands catching the light.
    for _ in 0..7 {
        let a = rng.range(std::f32::consts::PI * 1.15, std::f32::consts::PI * 1.85);
        let p0 = (hx + a.cos() * rx * 0.9, hy - ry * 0.05 + a.sin() * ry * 0.95);
        let p1 = (hx + a.cos() * rx * 0.5 + (part * rx), hy - ry * 0.55);
        canvas.fill_mode(
            &stroke_pts(&bezier(p0, ((p0.0 + p1.0) / 2.0, p0.1 - 8.0), p1, p1, 8), 2.0, 0.5),
            mix(hc, lights.key, 0.5),
            0.25,
            Blend::Over,
        );
    }
    if look.hair == Hair::Curly {
        for i in 0..9 {
            let a = std::f32::consts::PI * (1.12 + 0.76 * i as f32 / 8.0);
            let (cx, cy) = (hx + a.cos() * rx * 0.95, hy - ry * 0.1 + a.sin() * ry * 0.95);
            let r = rx * 0.2;
            canvas.fill_with(&ellipse_pts(cx, cy, r, r, 0.0, 16), Blend::Over, |x, y| {
                (mul(hc, lights.at(ellipsoid_n(x, y, cx, cy, r, r))), 1.0)
            });
        }
    }
}

fn hat(canvas: &mut Canvas, sitter: &Sitter) {
    let Sitter { look, lights, head, .. } = *sitter;
    let Head { x: hx, rx, turn, .. } = head;
    let col = look.hat_col;
    let cx = hx + turn * rx * 0.15;
    let tilt = -turn * 0.12;
    let face = head.outline(1.0);
    let fit = HatFit {
        col,
        cx,
        tilt,
        face,
        lights,
    };
    match look.hat {
        Hat::None => {}
        Hat::Fedora => fedora(canvas, sitter, &fit),
        Hat::Bowler => bowler(canvas, sitter, &fit),
        Hat::Topper => top_hat(canvas, sitter, &fit),
        Hat::Cloche => cloche(canvas, sitter, &fit),
        Hat::Beret => beret(canvas, sitter, &fit),
        Hat::Pillbox => pillbox(canvas, sitter, &fit),
        Hat::FlatCap => flat_cap(canvas, sitter, &fit),
        Hat::Peaked => peaked_cap(canvas, sitter, &fit),
    }
}

/// Where a hat sits on the head: its colour, its centre line, its tilt, the face its brim shades,
/// and the lights on it.
struct HatFit<'a> {
    col: Rgb,
    cx: f32,
    tilt: f32,
    face: Vec<Point>,
    lights: &'a Lights,
}

impl HatFit<'_> {
    /// The hat's colour lit as a part of an ellipsoid (half-axes ex, ey) centred at height ecy.
    fn shade(&self, x: f32, y: f32, ex: f32, ey: f32, ecy: f32) -> Rgb {
        let n = ellipsoid_n(x, y, self.cx, ecy, ex, ey);
        mul(self.col, self.lights.at(n))
    }

    /// The shadow a brim throws over the eyes.
    fn brim_shadow(&self, canvas: &mut Canvas, y0: f32, depth: f32, k: f32) {
        canvas.fill_with(&self.face, Blend::Multiply, |_, y| {
            ([0.0; 3], k * smoothstep(y0 + depth, y0 + depth * 0.55, y))
        });
    }
}

/// A fedora: a wide brim, a pinched crown and a band.
fn fedora(canvas: &mut Canvas, sitter: &Sitter, fit: &HatFit) {
    let Sitter { style, lights, .. } = *sitter;
    let Head { y: hy, rx, ry, .. } = sitter.head;
    let HatFit { col, cx, tilt, .. } = *fit;
    let by = hy - ry * 0.46;
    let (brx, bry) = (rx * 1.75, ry * 0.2);
    fit.brim_shadow(canvas, by, ry * 0.55, 0.8);
    let brim = ellipse_pts(cx, by, brx, bry, tilt, 48);
    canvas.fill_with(&brim, Blend::Over, |x, y| (fit.shade(x, y, brx, bry * 3.0, by), 1.0));
    let top = by - ry * 0.78;
    let crown = vec![
        (cx - rx * 1.0, by + 2.0),
        (cx - rx * 0.92, top + ry * 0.2),
        (cx - rx * 0.75, top),
        (cx - rx * 0.2, top + ry * 0.1),
        (cx, top + ry * 0.16),
        (cx + rx * 0.2, top + ry * 0.1),
        (cx + rx * 0.75, top),
        (cx + rx * 0.92, top + ry * 0.2),
        (cx + rx * 1.0, by + 2.0),
    ];
    canvas.fill_with(&crown, Blend::Over, |x, y| {
        (fit.shade(x, y, rx * 1.05, ry, by - ry * 0.3), 1.0)
    });
    // The pinch: two dents catching less light.
    canvas.fill_mode(
        &[
            (cx - rx * 0.1, top + ry * 0.17),
            (cx + rx * 0.1, top + ry * 0.17),
            (cx, by - ry * 0.35),
        ],
        [0.0; 3],
        0.3,
        Blend::Multiply,
    );
    let band_col = if style.seed.is_multiple_of(3) {
        mix(style.accent, hex(0x100808), 0.3)
    } else {
        hex(0x080808)
    };
    let band = [
        (cx - rx * 1.0, by + 2.0),
        (cx - rx * 0.98, by - ry * 0.17),
        (cx + rx * 0.98, by - ry * 0.17),
        (cx + rx * 1.0, by + 2.0),
    ];
    canvas.fill_with(&band, Blend::Over, |x, y| {
        (mul(band_col, lights.at(ellipsoid_n(x, y, cx, by, rx * 1.1, ry))), 1.0)
    });
    // The front of the brim, over the crown's base.
    let front: Vec<Point> = brim
        .iter()
        .copied()
        .filter(|p| p.1 >= by - 1.0 || (p.0 - cx).abs() > rx * 1.02)
        .collect();
    canvas.fill_with(&front, Blend::Over, |x, y| (fit.shade(x, y, brx, bry * 3.0, by), 1.0));
    canvas.stroke(
        &arc_pts(cx, by, brx, bry, 0.15, std::f32::consts::PI - 0.15, 24),
        1.5,
        mul(col, lights.rim),
        0.6,
    );
}

/// A bowler: a round dome on a narrow curled brim.
fn bowler(canvas: &mut Canvas, sitter: &Sitter, fit: &HatFit) {
    let Head { y: hy, rx, ry, .. } = sitter.head;
    let HatFit { cx, tilt, .. } = *fit;
    let by = hy - ry * 0.5;
    fit.brim_shadow(canvas, by, ry * 0.4, 0.7);
    let (brx, bry) = (rx * 1.28, ry * 0.12);
    canvas.fill_with(&ellipse_pts(cx, by, brx, bry, tilt, 40), Blend::Over, |x, y| {
        (fit.shade(x, y, brx, bry * 3.0, by), 1.0)
    });
    let dome = arc_pts(
        cx,
        by,
        rx * 1.02,
        ry * 0.8,
        std::f32::consts::PI,
        std::f32::consts::TAU,
        30,
    );
    canvas.fill_with(&dome, Blend::Over, |x, y| {
        (fit.shade(x, y, rx * 1.02, ry * 0.8, by), 1.0)
    });
    canvas.fill(
        &[
            (cx - rx * 1.01, by),
            (cx - rx * 0.99, by - ry * 0.12),
            (cx + rx * 0.99, by - ry * 0.12),
            (cx + rx * 1.01, by),
        ],
        hex(0x060606),
        0.9,
    );
    let front = arc_pts(cx, by, brx, bry, 0.0, std::f32::consts::PI, 20);
    canvas.fill_with(&front, Blend::Over, |x, y| (fit.shade(x, y, brx, bry * 3.0, by), 1.0));
}

/// A top hat: a tall body, a lit top and a band in the accent colour.
fn top_hat(canvas: &mut Canvas, sitter: &Sitter, fit: &HatFit) {
    let Sitter { style, .. } = *sitter;
    let Head { y: hy, rx, ry, .. } = sitter.head;
    let HatFit { cx, tilt, .. } = *fit;
    let by = hy - ry * 0.48;
    fit.brim_shadow(canvas, by, ry * 0.45, 0.75);
    let (brx, bry) = (rx * 1.35, ry * 0.14);
    canvas.fill_with(&ellipse_pts(cx, by, brx, bry, tilt, 40), Blend::Over, |x, y| {
        (fit.shade(x, y, brx, bry * 3.0, by), 1.0)
    });
    let body = [
        (cx - rx * 0.9, by),
        (cx - rx * 0.95, by - ry * 1.2),
        (cx + rx * 0.95, by - ry * 1.2),
        (cx + rx * 0.9, by),
    ];
    canvas.fill_with(&body, Blend::Over, |x, y| {
        (fit.shade(x, y, rx * 0.95, ry * 3.0, by - ry * 0.6), 1.0)
    });
    canvas.fill_with(
        &ellipse_pts(cx, by - ry * 1.2, rx * 0.95, ry * 0.1, 0.0, 30),
        Blend::Over,
        |x, y| (scale(fit.shade(x, y, rx, ry, by - ry * 1.2), 1.2), 1.0),
    );
    canvas.fill(
        &[
            (cx - rx * 0.9, by),
            (cx - rx * 0.91, by - ry * 0.18),
            (cx + rx * 0.91, by - ry * 0.18),
            (cx + rx * 0.9, by),
        ],
        mix(style.accent, hex(0x080808), 0.5),
        1.0,
    );
    let front = arc_pts(cx, by, brx, bry, 0.0, std::f32::consts::PI, 20);
    canvas.fill_with(&front, Blend::Over, |x, y| (fit.shade(x, y, brx, bry * 3.0, by), 1.0));
}

/// A cloche: a bell pulled low, a band and a flower on the side away from the light.
fn cloche(canvas: &mut Canvas, sitter: &Sitter, fit: &HatFit) {
    let Sitter { style, lights, .. } = *sitter;
    let Head { y: hy, rx, ry, .. } = sitter.head;
    let HatFit { cx, .. } = *fit;
    fit.brim_shadow(canvas, hy - ry * 0.32, ry * 0.35, 0.6);
    let mut bell = arc_pts(
        cx,
        hy - ry * 0.3,
        rx * 1.14,
        ry * 0.92,
        std::f32::consts::PI,
        std::f32::consts::TAU,
        30,
    );
    bell.push((cx + rx * 1.2, hy - ry * 0.05));
    bell.push((cx + rx * 0.9, hy - ry * 0.22));
    bell.push((cx, hy - ry * 0.3));
    bell.push((cx - rx * 0.9, hy - ry * 0.22));
    bell.push((cx - rx * 1.2, hy - ry * 0.05));
    canvas.fill_with(&bell, Blend::Over, |x, y| {
        (fit.shade(x, y, rx * 1.15, ry * 0.95, hy - ry * 0.35), 1.0)
    });
    let band = stroke_pts(
        &arc_pts(
            cx,
            hy - ry * 0.3,
            rx * 1.12,
            ry * 0.3,
            std::f32::consts::PI * 1.05,
            std::f32::consts::PI * 1.95,
            20,
        ),
        9.0,
        9.0,
    );
    canvas.fill(&band, mix(style.accent, hex(0x100808), 0.25), 1.0);
    let side = -lights.rim_x;
    let (fx, fy) = (cx + side * rx * 0.75, hy - ry * 0.55);
    for k in 0..5 {
        let a = k as f32 * std::f32::consts::TAU / 5.0;
        canvas.ellipse(
            fx + a.cos() * 7.0,
            fy + a.sin() * 7.0,
            7.0,
            7.0,
            mix(style.accent, [1.0; 3], 0.2),
            1.0,
        );
    }
    canvas.ellipse(fx, fy, 4.0, 4.0, hex(0x1a1010), 1.0);
}

/// A beret tipped to one side, with its stalk.
fn beret(canvas: &mut Canvas, sitter: &Sitter, fit: &HatFit) {
    let Head {
        y: hy, rx, ry, turn, ..
    } = sitter.head;
    let HatFit { col, cx, .. } = *fit;
    let side = if turn > 0.0 { -1.0 } else { 1.0 };
    let (bx, by) = (cx + side * rx * 0.25, hy - ry * 0.72);
    let (brx, bry) = (rx * 1.25, ry * 0.36);
    let beret = ellipse_pts(bx, by, brx, bry, side * 0.18, 40);
    canvas.fill_with(&beret, Blend::Over, |x, y| (fit.shade(x, y, brx, bry * 1.3, by), 1.0));
    canvas.fill(
        &stroke_pts(&[(bx, by - bry * 0.9), (bx + 3.0, by - bry * 1.25)], 5.0, 3.0),
        col,
        1.0,
    );
    canvas.stroke(
        &arc_pts(
            cx,
            hy - ry * 0.45,
            rx * 0.98,
            ry * 0.15,
            0.2,
            std::f32::consts::PI - 0.2,
            16,
        ),
        4.0,
        scale(col, 0.5),
        0.8,
    );
}

/// A pillbox set to one side, with a net veil down to the nose.
fn pillbox(canvas: &mut Canvas, sitter: &Sitter, fit: &HatFit) {
    let Head {
        x: hx,
        y: hy,
        rx,
        ry,
        turn,
        ..
    } = sitter.head;
    let HatFit { cx, .. } = *fit;
    let side = if turn > 0.0 { -1.0 } else { 1.0 };
    let (px, py) = (cx + side * rx * 0.35, hy - ry * 0.82);
    let body = [
        (px - rx * 0.5, py),
        (px - rx * 0.48, py - ry * 0.3),
        (px + rx * 0.48, py - ry * 0.3),
        (px + rx * 0.5, py),
    ];
    canvas.fill_with(&body, Blend::Over, |x, y| {
        (fit.shade(x, y, rx * 0.5, ry * 2.0, py), 1.0)
    });
    canvas.fill_with(
        &ellipse_pts(px, py - ry * 0.3, rx * 0.48, ry * 0.08, 0.0, 24),
        Blend::Over,
        |x, y| (scale(fit.shade(x, y, rx * 0.5, ry, py - ry * 0.3), 1.3), 1.0),
    );
    canvas.fill_with(
        &ellipse_pts(px, py, rx * 0.5, ry * 0.08, 0.0, 24),
        Blend::Over,
        |x, y| (fit.shade(x, y, rx * 0.5, ry, py), 1.0),
    );
    // A net veil down to the nose.
    let veil = [
        (px - rx * 0.5, py),
        (px + rx * 0.5, py),
        (hx + rx * 1.05, hy + ry * 0.05),
        (hx - rx * 1.05, hy + ry * 0.05),
    ];
    canvas.fill_with(&veil, Blend::Multiply, |x, y| {
        let g = (((x + y) / 7.0).fract() < 0.15) || (((x - y) / 7.0).fract() < 0.15);
        ([0.0; 3], if g { 0.45 } else { 0.08 })
    });
}

/// A flat cap with its short peak.
fn flat_cap(canvas: &mut Canvas, sitter: &Sitter, fit: &HatFit) {
    let Head {
        y: hy, rx, ry, turn, ..
    } = sitter.head;
    let HatFit { col, cx, tilt, .. } = *fit;
    let by = hy - ry * 0.5;
    fit.brim_shadow(canvas, by, ry * 0.4, 0.7);
    let crown = ellipse_pts(cx - turn * rx * 0.1, by - ry * 0.25, rx * 1.12, ry * 0.42, tilt, 36);
    canvas.fill_with(&crown, Blend::Over, |x, y| {
        (fit.shade(x, y, rx * 1.12, ry * 0.5, by - ry * 0.25), 1.0)
    });
    let peak = arc_pts(
        cx + turn * rx * 0.4,
        by - ry * 0.02,
        rx * 0.9,
        ry * 0.16,
        0.0,
        std::f32::consts::PI,
        20,
    );
    canvas.fill_with(&peak, Blend::Over, |x, y| {
        (scale(fit.shade(x, y, rx, ry * 0.3, by), 0.8), 1.0)
    });
    canvas.stroke(
        &[(cx, by - ry * 0.6), (cx + turn * rx * 0.3, by - ry * 0.05)],
        1.5,
        scale(col, 0.5),
        0.7,
    );
}

/// A peaked cap: a stiff crown, a black band, a badge and a shiny peak.
fn peaked_cap(canvas: &mut Canvas, sitter: &Sitter, fit: &HatFit) {
    let Sitter { lights, .. } = *sitter;
    let Head {
        y: hy, rx, ry, turn, ..
    } = sitter.head;
    let HatFit { cx, .. } = *fit;
    let by = hy - ry * 0.5;
    fit.brim_shadow(canvas, by, ry * 0.45, 0.75);
    let crown = [
        (cx - rx * 1.0, by),
        (cx - rx * 1.3, by - ry * 0.45),
        (cx + rx * 1.3, by - ry * 0.45),
        (cx + rx * 1.0, by),
    ];
    canvas.fill_with(&crown, Blend::Over, |x, y| {
        (fit.shade(x, y, rx * 1.3, ry * 2.0, by - ry * 0.3), 1.0)
    });
    canvas.fill_with(
        &ellipse_pts(cx, by - ry * 0.45, rx * 1.3, ry * 0.1, 0.0, 30),
        Blend::Over,
        |x, y| (scale(fit.shade(x, y, rx * 1.3, ry, by - ry * 0.45), 1.2), 1.0),
    );
    canvas.fill(
        &[
            (cx - rx * 1.0, by),
            (cx - rx * 1.02, by - ry * 0.17),
            (cx + rx * 1.02, by - ry * 0.17),
            (cx + rx * 1.0, by),
        ],
        hex(0x050505),
        1.0,
    );
    canvas.ellipse(
        cx + turn * rx * 0.3,
        by - ry * 0.28,
        8.0,
        9.0,
        mul(hex(0xd0a848), lights.at([0.0, 0.0, 1.0])),
        1.0,
    );
    let peak = arc_pts(
        cx + turn * rx * 0.3,
        by,
        rx * 0.85,
        ry * 0.2,
        0.0,
        std::f32::consts::PI,
        20,
    );
    canvas.fill(&peak, hex(0x060606), 1.0);
    canvas.stroke(
        &arc_pts(cx + turn * rx * 0.3, by, rx * 0.85, ry * 0.2, 0.3, 1.2, 8),
        2.0,
        lights.key,
        0.3,
    );
}

fn spectacles(canvas: &mut Canvas, sitter: &Sitter) {
    let Sitter {
        look, head, key_side, ..
    } = *sitter;
    let Head { rx, ry, turn, .. } = head;
    let frame = hex(0x0a0a0a);
    let f = |fx: f32, fy: f32| head.point(fx, fy);
    let sides: &[f32] = if look.monocle { &[1.0] } else { &[-1.0, 1.0] };
    for &side in sides {
        let (ex, ey) = f(side * 0.37, -0.08);
        let sq = 1.0 - (side * turn).max(0.0) * 1.1;
        let (grx, gry) = (rx * 0.2 * sq, ry * 0.12);
        let ring = ellipse_pts(ex, ey, grx, gry, 0.0, 28);
        let inner = ellipse_pts(ex, ey, grx - 3.0, gry - 3.0, 0.0, 28);
        canvas.fill_paths_with(&[&ring, &inner], Blend::Over, |_, _| (frame, 1.0));
        // The rims catch the lamp along their upper edge.
        canvas.stroke(
            &arc_pts(
                ex,
                ey,
                grx - 1.0,
                gry - 1.0,
                std::f32::consts::PI * 1.1,
                std::f32::consts::PI * 1.9,
                12,
            ),
            1.2,
            [0.9, 0.85, 0.75],
            0.45,
        );
        canvas.fill_with(&inner, Blend::Add, |x, y| {
            let g = (((x - ex) - (y - ey) * key_side) / grx * 2.0 + 0.6 * key_side).abs();
            ([0.8, 0.85, 0.9], 0.18 * smoothstep(0.5, 0.0, g))
        });
        if look.monocle {
            let chain = bezier(
                (ex + grx, ey),
                (ex + grx * 2.0, ey + ry * 0.6),
                (ex + grx * 1.5, ey + ry * 1.4),
                (ex + grx * 2.4, ey + ry * 2.0),
                16,
            );
            canvas.stroke(&chain, 1.5, hex(0xb09040), 0.8);
        }
    }
    if !look.monocle {
        let (a, b) = (f(-0.17, -0.1), f(0.17, -0.1));
        canvas.stroke(&[a, ((a.0 + b.0) / 2.0, a.1 - 4.0), b], 2.5, frame, 1.0);
        for side in [-1.0f32, 1.0] {
            let (a, b) = (f(side * 0.57, -0.1), f(side * 0.97, -0.06));
            canvas.stroke(&[a, b], 2.5, frame, 1.0);
        }
    }
}

fn cigarette(canvas: &mut Canvas, sitter: &Sitter, rng: &mut Rng) {
    let Sitter { style, head, .. } = *sitter;
    let Head { rx, turn, .. } = head;
    let side = if turn >= 0.0 { 1.0 } else { -1.0 };
    let (mx, my) = head.point(side * 0.22, 0.54);
    let len = rx * 0.75;
    let tip = (mx + side * len, my + len * 0.22);
    canvas.fill(&stroke_pts(&[(mx, my), tip], 6.0, 6.0), hex(0xd8d4c8), 1.0);
    canvas.fill(
        &stroke_pts(&[(mx, my), (mx + side * len * 0.25, my + len * 0.055)], 6.2, 6.2),
        hex(0xb08050),
        1.0,
    );
    canvas.glow(tip.0, tip.1, 14.0, hex(0xff6020), 0.9);
    canvas.glow(tip.0, tip.1, 4.0, [1.0, 0.8, 0.5], 1.0);
    // Smoke curling up.
    let mut p = tip;
    for k in 0..4 {
        let q = (p.0 + rng.range(-30.0, 30.0), p.1 - rng.range(50.0, 80.0));
        let pts = bezier(
            p,
            (p.0 + rng.range(-40.0, 40.0), p.1 - 20.0),
            (q.0 + rng.range(-40.0, 40.0), q.1 + 20.0),
            q,
            16,
        );
        canvas.fill_mode(
            &stroke_pts(&pts, 3.0 + k as f32 * 3.0, 6.0 + k as f32 * 4.0),
            mix(style.moon, [1.0; 3], 0.3),
            0.1 - k as f32 * 0.015,
            Blend::Add,
        );
        p = q;
    }
}
