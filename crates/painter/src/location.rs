//! Locations: rooms and streets in one-point perspective, lit by lamps, windows, neon and the moon.

use super::canvas::{BLACK, Blend, Canvas, Noise, Rgb, Rng, Transform, add, mix, scale, smoothstep, stroke_pts};
use super::scene::{Lamp, Scene, V3};
use super::{Style, has_word};
use crate::Location;

/// 3:2, like a photograph of the scene.
pub const SIZE: (u32, u32) = (768, 512);

mod amusements;
mod docks;
mod fitout;
mod fittings;
mod furniture;
mod gardens;
mod halls;
mod outdoors;
mod plans;
mod props;
mod rooms;
mod shell;
mod streets;
mod surfaces;
mod theatre;

use docks::docks;
use gardens::garden;
use rooms::room;
use streets::street;
use theatre::theatre;

/// The kind of place a location picture shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motif {
    Office,
    Parlour,
    Library,
    Bar,
    Greenhouse,
    Theatre,
    Street,
    Alley,
    Docks,
    Garden,
    /// A shop interior: a glass counter, shelves of goods (pawnshop, antiques, tailor).
    Shop,
    TeaRoom,
    Cellar,
    DressingRoom,
    Warehouse,
    Lobby,
    Observatory,
    Boathouse,
    Billiards,
    Casino,
    Arcade,
    Gallery,
    /// A kitchen or a servants' hall.
    Kitchen,
    Garage,
    Ballroom,
    /// A radio or recording studio.
    Studio,
    ProjectionBooth,
    Belfry,
    Stables,
    Vault,
    Lighthouse,
    /// A railway platform under the station roof.
    Platform,
    Rooftop,
}

/// Words (or phrases of whole words) that pick a motif, most specific first: a name is matched
/// against the whole table before its description is, so "Jazz Club Dressing Room" is a dressing
/// room, not a bar, and "Dockside Warehouse" a warehouse, not the docks.
#[rustfmt::skip]
const BY_WORDS: &[(Motif, &[&str])] = &[
    (Motif::Vault, &["vault", "strongroom", "strong room", "safe deposit"]),
    (Motif::Cellar, &["cellar", "basement", "crypt"]),
    (Motif::DressingRoom, &["dressing room", "dressing", "green room", "greenroom"]),
    (Motif::Warehouse, &["warehouse", "storehouse", "godown", "hangar"]),
    (Motif::Boathouse, &["boathouse", "boat house", "boatyard", "slipway"]),
    (Motif::Arcade, &["arcade", "amusement", "funfair", "pinball"]),
    (Motif::Lighthouse, &["lighthouse", "lamp room", "beacon"]),
    (Motif::Belfry, &["bell tower", "belfry", "steeple", "campanile", "bell"]),
    (Motif::Observatory, &["observatory", "planetarium", "telescope"]),
    (Motif::ProjectionBooth, &["projection booth", "projection", "projectionist", "projector"]),
    (Motif::Studio, &["radio", "broadcasting", "recording studio", "studio"]),
    (Motif::Platform, &["platform", "station", "railway", "railroad", "train", "depot", "terminal", "subway"]),
    (Motif::Rooftop, &["rooftop", "roof", "parapet", "balcony"]),
    (Motif::Billiards, &["billiard", "billiards", "pool hall", "poolroom", "snooker"]),
    (Motif::Casino, &["casino", "gaming", "roulette", "gambling"]),
    (Motif::Ballroom, &["ballroom", "dance hall", "dancehall", "dance floor"]),
    (Motif::Lobby, &["lobby", "foyer", "reception", "concourse"]),
    (Motif::Gallery, &["gallery", "museum", "exhibition"]),
    (Motif::Kitchen, &["kitchen", "servants", "servant", "scullery", "pantry"]),
    (Motif::Garage, &["garage", "motor", "carriage house", "mews"]),
    (Motif::Stables, &["stable", "stables", "paddock", "hayloft", "barn"]),
    (Motif::TeaRoom, &["tea room", "tearoom", "teashop", "tea shop", "cafe", "café", "coffee shop", "coffeehouse",
        "bakery", "patisserie"]),
    (Motif::Greenhouse, &["greenhouse", "conservatory", "orangery", "hothouse", "glasshouse", "atrium"]),
    (Motif::Docks, &["dock", "harbor", "harbour", "pier", "wharf", "quay", "waterfront", "marina",
        "port", "shipyard", "river", "canal", "jetty", "seafront", "boardwalk"]),
    (Motif::Theatre, &["theatre", "theater", "stage", "opera", "cinema", "auditorium", "cabaret", "backstage",
        "playhouse", "vaudeville", "concert"]),
    (Motif::Library, &["library", "archive", "bookshop", "bookstore", "book shop", "study", "records", "reading"]),
    (Motif::Shop, &["pawnshop", "pawnbroker", "pawn shop", "antique", "antiques", "tailor", "shop", "store",
        "boutique", "jeweller", "jeweler", "haberdasher", "emporium", "drugstore", "pharmacy", "florist"]),
    (Motif::Bar, &["bar", "club", "speakeasy", "lounge", "saloon", "tavern", "pub", "jazz", "nightclub",
        "cocktail", "diner", "restaurant"]),
    (Motif::Alley, &["alley", "alleyway", "backstreet", "passage", "backyard", "loading"]),
    (Motif::Garden, &["garden", "gardens", "park", "cemetery", "graveyard", "orchard", "courtyard", "lawn",
        "grounds", "maze", "estate", "terrace"]),
    (Motif::Street, &["street", "avenue", "road", "lane", "corner", "boulevard", "square", "bridge", "sidewalk",
        "plaza", "crossing", "district"]),
    (Motif::Parlour, &["parlour", "parlor", "drawing", "sitting", "living", "bedroom", "suite", "hotel", "manor",
        "mansion", "salon", "room", "apartment", "flat", "penthouse"]),
    (Motif::Office, &["office", "agency", "precinct", "bureau", "bank", "newsroom", "firm", "headquarters",
        "laboratory", "lab", "clinic"]),
];

/// When no word decides, the case seed and the slot index do (so the slots of a case differ).
const FALLBACK: [Motif; 10] = [
    Motif::Office,
    Motif::Street,
    Motif::Parlour,
    Motif::Bar,
    Motif::Docks,
    Motif::Library,
    Motif::Alley,
    Motif::Garden,
    Motif::Theatre,
    Motif::Greenhouse,
];

/// The place a location is drawn as: the first motif its name means, else the first its
/// description means; None when neither says (the picture then falls back on a stock scene).
pub fn motif_for(name: &str, description: &str) -> Option<Motif> {
    let by = |text: &str| {
        BY_WORDS
            .iter()
            .find(|(_, words)| has_word(text, words))
            .map(|(m, _)| *m)
    };
    by(name).or_else(|| by(description))
}

pub fn paint(loc: &Location, style: &Style, rng: &mut Rng, index: usize) -> Canvas {
    let motif = motif_for(loc.name, loc.description)
        .unwrap_or(FALLBACK[((style.seed % 997) as usize + index) % FALLBACK.len()]);
    let text = format!("{} {}", loc.name, loc.description);
    let mut canvas = Canvas::new(SIZE.0, SIZE.1, style.night);
    match motif {
        Motif::Street => street(&mut canvas, style, rng, false),
        Motif::Alley => street(&mut canvas, style, rng, true),
        Motif::Docks => docks(&mut canvas, style, rng),
        Motif::Garden => garden(&mut canvas, style, rng),
        Motif::Theatre => theatre(&mut canvas, style, rng),
        Motif::Platform => outdoors::platform(&mut canvas, style, rng),
        Motif::Rooftop => outdoors::rooftop(&mut canvas, style, rng),
        m => room(&mut canvas, style, rng, m, &text),
    }
    canvas
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

/// Screen-space drawing at a 3D floor point, in metres (y up is negative).
fn at(s: &Scene, pos: V3) -> Transform {
    let (x, y) = s.cam.p(pos);
    Transform::new(x, y, s.cam.scale_at(pos[2]), 0.0)
}

/// The night sky above a horizon: gradient, a hazy moon, clouds, a few stars.
fn sky(canvas: &mut Canvas, style: &Style, rng: &mut Rng, horizon: f32) {
    let top = scale(style.night, 0.55);
    let low = mix(style.dusk, style.amber, 0.12);
    let clouds = Noise::new(rng.next_u64(), 70.0);
    let (mx, my) = (canvas.wf() * rng.range(0.15, 0.85), horizon * rng.range(0.2, 0.55));
    let moon = rng.chance(0.75);
    canvas.shade(0.0, 0.0, canvas.wf(), horizon + 2.0, Blend::Over, |x, y| {
        let t = (y / horizon.max(1.0)).clamp(0.0, 1.0);
        let mut col = mix(top, low, t.powf(1.6));
        let n = clouds.fbm(x * 0.6, y * 2.2);
        let band = smoothstep(0.48, 0.75, n) * (0.35 + 0.65 * t);
        let lit = if moon {
            1.0 / (1.0 + ((x - mx).powi(2) + (y - my).powi(2)) / 30000.0)
        } else {
            0.3
        };
        col = mix(
            col,
            add(scale(style.dusk, 0.7), scale(style.moon, 0.25 * lit)),
            band * 0.8,
        );
        (col, 1.0)
    });
    for _ in 0..40 {
        let (x, y) = (rng.range(0.0, canvas.wf()), rng.range(0.0, horizon * 0.7));
        canvas.glow(x, y, rng.range(1.0, 2.2), style.moon, rng.range(0.15, 0.5));
    }
    if moon {
        let r = rng.range(14.0, 24.0);
        canvas.glow(mx, my, r * 9.0, style.moon, 0.18);
        canvas.ellipse(mx, my, r, r, mix(style.moon, [1.0, 0.95, 0.85], 0.5), 0.95);
        canvas.shade(mx - r, my - r, mx + r, my + r, Blend::Over, |x, y| {
            let n = clouds.at(x * 6.0, y * 6.0);
            let d = ((x - mx).powi(2) + (y - my).powi(2)).sqrt();
            (scale(style.moon, 0.7), if d < r { 0.25 * n } else { 0.0 })
        });
        // Thin cloud passing in front.
        let cy = my + rng.range(-0.5, 0.6) * r;
        canvas.fill_with(
            &stroke_pts(
                &[(mx - r * 4.0, cy), (mx + r * 4.0, cy + rng.range(-8.0, 8.0))],
                r * 0.5,
                r * 0.3,
            ),
            Blend::Over,
            |_, _| (scale(style.night, 0.9), 0.5),
        );
    }
}

/// Rain: thin slanted streaks, brighter near the lights.
fn rain(canvas: &mut Canvas, style: &Style, rng: &mut Rng, amount: usize) {
    let slant = rng.range(-0.25, 0.25);
    for _ in 0..amount {
        let (x, y) = (rng.range(-40.0, canvas.wf() + 40.0), rng.range(-20.0, canvas.hf()));
        let len = rng.range(10.0, 34.0);
        let col = mix(style.moon, style.amber, rng.range(0.0, 0.5));
        canvas.fill_mode(
            &stroke_pts(&[(x, y), (x + slant * len, y + len)], 1.1, 0.5),
            col,
            rng.range(0.06, 0.2),
            Blend::Add,
        );
    }
}

/// Wet ground: the column of broken reflection a light at `x` throws on it, from `from_y` down to
/// `to_y`.
#[derive(Debug, Clone, Copy)]
struct Reflection {
    x: f32,
    from_y: f32,
    to_y: f32,
    width: f32,
    color: Rgb,
    strength: f32,
    seed: u64,
}

impl Reflection {
    fn paint(&self, canvas: &mut Canvas) {
        let Reflection {
            x,
            from_y,
            to_y,
            width,
            color: col,
            strength,
            seed,
        } = *self;
        let ripple = Noise::new(seed, 9.0);
        let len = (to_y - from_y).max(1.0);
        canvas.shade(x - width, from_y, x + width, to_y, Blend::Add, |px, py| {
            let t = (py - from_y) / len;
            let across = ((px - x) / width).abs();
            let r = ripple.at(px * 0.35, py * 3.0);
            (
                col,
                strength * (1.0 - t).powf(1.5) * smoothstep(1.0, 0.0, across) * smoothstep(0.35, 0.75, r),
            )
        });
    }
}

/// A man in a trench coat and a fedora, standing, in metres (feet at 0,0).
fn figure(canvas: &mut Canvas, xf: &Transform, body: Rgb, rim: Rgb, rim_side: f32) {
    let coat = [
        (-0.2, -1.42),
        (0.2, -1.42),
        (0.27, -1.3),
        (0.31, -0.45),
        (0.24, -0.4),
        (-0.24, -0.4),
        (-0.31, -0.45),
        (-0.27, -1.3),
    ];
    let legs = [(-0.17, -0.42), (-0.03, -0.42), (-0.05, 0.0), (-0.16, 0.0)];
    let legs2 = [(0.03, -0.42), (0.17, -0.42), (0.16, 0.0), (0.05, 0.0)];
    let shift = Transform {
        ox: xf.ox + rim_side * xf.s * 0.025,
        ..*xf
    };
    for (x, a) in [(&shift, 1.0), (xf, 0.0)] {
        let col = if a > 0.0 { rim } else { body };
        canvas.fill(&x.pts(&coat), col, 1.0);
        canvas.fill(&x.pts(&legs), col, 1.0);
        canvas.fill(&x.pts(&legs2), col, 1.0);
        canvas.fill(&x.ellipse(0.0, -1.56, 0.1, 0.12), col, 1.0);
        canvas.fill(&x.rect(-0.05, -1.48, 0.05, -1.4), col, 1.0);
        canvas.fill(&x.ellipse(0.0, -1.66, 0.21, 0.035), col, 1.0);
        canvas.fill(
            &x.pts(&[
                (-0.11, -1.66),
                (0.11, -1.66),
                (0.09, -1.79),
                (0.0, -1.76),
                (-0.09, -1.79),
            ]),
            col,
            1.0,
        );
    }
}

/// A lamp post: a dark pole and a lantern head with its light.
fn lamp_post(s: &Scene, canvas: &mut Canvas, base: V3, height: f32, col: Rgb) {
    let x = at(s, base);
    let pole = stroke_pts(&[(0.0, 0.0), (0.0, -height)], 0.12, 0.07);
    canvas.fill(&x.pts(&pole), [0.02, 0.02, 0.03], 1.0);
    canvas.fill(&x.rect(-0.1, -0.4, 0.1, 0.0), [0.02, 0.02, 0.03], 1.0);
    canvas.fill(
        &x.pts(&[
            (-0.22, -height - 0.05),
            (0.22, -height - 0.05),
            (0.12, -height - 0.5),
            (-0.12, -height - 0.5),
        ]),
        scale(col, 0.9),
        1.0,
    );
    canvas.fill(
        &x.pts(&[(-0.3, -height - 0.5), (0.3, -height - 0.5), (0.0, -height - 0.72)]),
        [0.02, 0.02, 0.03],
        1.0,
    );
    s.bulb(canvas, [base[0], base[1] + height + 0.25, base[2]], col, 0.25, 1.0);
}

fn amber_lamp(style: &Style, pos: V3, power: f32, down: bool) -> Lamp {
    Lamp {
        pos,
        color: style.amber,
        power,
        aim: if down { Some(([0.0, -1.0, 0.0], 0.25)) } else { None },
    }
}

fn norm3(v: V3) -> V3 {
    super::scene::norm(v)
}
