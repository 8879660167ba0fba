//! Locations: rooms and streets in one-point perspective, lit by lamps, windows, neon and the moon.

use super::canvas::{
    Blend, Canvas, Noise, Point, Rgb, Rng, Transform, add, bezier, cell, ellipse_pts, hex, mix, scale, smoothstep,
    stroke_pts,
};
use super::scene::{Aperture, Cam, Lamp, Moon, Scene, V3};
use super::{Style, has_word};
use crate::Location;

/// 3:2, like a photograph of the scene.
pub const SIZE: (u32, u32) = (768, 512);

mod fitout;
mod fittings;
mod furniture;
mod outdoors;
mod plans;

use fitout::{Finish, Fitout, Glazing, Outlook, Walls};
use furniture::Piece;

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
    let mut c = Canvas::new(SIZE.0, SIZE.1, style.night);
    match motif {
        Motif::Street => street(&mut c, style, rng, false),
        Motif::Alley => street(&mut c, style, rng, true),
        Motif::Docks => docks(&mut c, style, rng),
        Motif::Garden => garden(&mut c, style, rng),
        Motif::Theatre => theatre(&mut c, style, rng),
        Motif::Platform => outdoors::platform(&mut c, style, rng),
        Motif::Rooftop => outdoors::rooftop(&mut c, style, rng),
        m => room(&mut c, style, rng, m, &text),
    }
    c
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

const BLACK: Rgb = [0.0; 3];

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

// ---------------------------------------------------------------------------------------------
// Rooms

#[derive(Debug, Clone, Copy, PartialEq)]
enum Floor {
    Planks,
    Checker,
    Carpet,
    Flags,
    Marble,
    Parquet,
    Concrete,
    Straw,
    /// A boathouse floor: black water down the middle, boards either side.
    Slip,
}

#[derive(Debug, Clone, Copy)]
enum Prop {
    Desk {
        x: f32,
        z: f32,
    },
    Chair {
        x: f32,
        z: f32,
    },
    Armchair {
        x: f32,
        z: f32,
    },
    Sofa {
        x: f32,
        z: f32,
    },
    Cabinet {
        x: f32,
        z: f32,
    },
    FloorLamp {
        x: f32,
        z: f32,
    },
    Pendant {
        x: f32,
        z: f32,
    },
    RoundTable {
        x: f32,
        z: f32,
    },
    Bed {
        x: f32,
        z: f32,
    },
    Piano {
        x: f32,
        z: f32,
    },
    Plant {
        x: f32,
        z: f32,
        size: f32,
    },
    CoatStand {
        x: f32,
        z: f32,
    },
    Counter {
        x0: f32,
        x1: f32,
        z0: f32,
        z1: f32,
    },
    Stool {
        x: f32,
        z: f32,
    },
    Bench {
        x: f32,
        z: f32,
    },
    /// A piece of the newer rooms' furniture.
    Piece(Piece),
}

impl Prop {
    fn z(&self) -> f32 {
        match *self {
            Prop::Desk { z, .. }
            | Prop::Chair { z, .. }
            | Prop::Armchair { z, .. }
            | Prop::Sofa { z, .. }
            | Prop::Cabinet { z, .. }
            | Prop::FloorLamp { z, .. }
            | Prop::Pendant { z, .. }
            | Prop::RoundTable { z, .. }
            | Prop::Bed { z, .. }
            | Prop::Piano { z, .. }
            | Prop::Plant { z, .. }
            | Prop::CoatStand { z, .. }
            | Prop::Stool { z, .. }
            | Prop::Bench { z, .. } => z,
            // Against a wall, behind everything else.
            Prop::Counter { z1, .. } => z1 + 100.0,
            Prop::Piece(p) => p.depth(),
        }
    }
}

struct Room {
    hw: f32,
    h: f32,
    d: f32,
}

fn room(canvas: &mut Canvas, style: &Style, rng: &mut Rng, motif: Motif, text: &str) {
    let (w, h) = (canvas.wf(), canvas.hf());
    let Fitout {
        room: r,
        eye_height,
        glazing,
        outlook,
        finish,
        floor,
        door: may_have_door,
        paintings,
        fireplace: may_have_fireplace,
    } = Fitout::for_motif(motif, text, rng);
    let eye = [rng.range(-0.8, 0.8), eye_height, 0.0];
    let cam = Cam {
        cx: w * rng.range(0.42, 0.58),
        cy: h * rng.range(0.40, 0.47),
        f: w * rng.range(0.5, 0.6),
        eye,
    };
    let glass_house = glazing == Glazing::Glasshouse;
    let seed = rng.next_u64();
    let side = if rng.chance(0.5) { -1.0 } else { 1.0 };
    // Windows: the moon (or a neon sign across the street) shines through them.
    let (windows, moon_dir) = match glazing {
        Glazing::Windows | Glazing::Glasshouse => ordinary_windows(glass_house, side, &r, rng),
        other => fitout::windows(other, &r, rng),
    };
    let neon = rng.chance(0.45);
    let moon_col = if neon {
        mix(style.moon, style.accent, 0.65)
    } else {
        style.moon
    };

    let wares = match finish {
        Finish::Shelves(wares) => Some(wares),
        _ => None,
    };
    let props = plan_props(motif, text, &r, wares, rng);
    let mut lamps = prop_lamps(&props, &r, style);
    let fireplace = may_have_fireplace && rng.chance(0.45) && !windows.iter().any(|a| a.axis == 2);
    let fire_x = rng.range(-r.hw * 0.4, r.hw * 0.4);
    if fireplace {
        lamps.push(Lamp {
            pos: [fire_x, 0.4, r.d - 0.4],
            color: [1.0, 0.45, 0.12],
            power: 4.0,
            aim: None,
        });
    }
    // A dim fill from somewhere overhead, so the room's shape reads in the dark.
    lamps.push(Lamp {
        pos: [rng.range(-1.0, 1.0), r.h - 0.3, r.d * 0.6],
        color: mix(style.amber, style.dusk, 0.6),
        power: 2.4,
        aim: None,
    });
    if lamps.len() < 2 || glass_house {
        lamps.push(amber_lamp(
            style,
            [rng.range(-1.0, 1.0), r.h - 0.9, rng.range(3.5, r.d - 2.0)],
            3.0,
            true,
        ));
    }
    let scene = Scene {
        cam,
        lamps,
        moon: Some(Moon {
            dir: moon_dir,
            color: moon_col,
            power: 0.9,
            through: windows.clone(),
            open_sky: false,
        }),
        ambient: scale(style.dusk, 0.35),
        fog: scale(style.night, 0.6),
        fog_density: 0.02,
    };

    // The shell.
    let shell = Shell {
        motif,
        finish,
        floor,
        outlook,
        seed,
        neon,
        moon_col,
        glass_house,
        room: &r,
        windows: &windows,
    };
    room_shell(canvas, style, rng, &scene, &shell);
    let wall = BackWall {
        side,
        may_have_door,
        fireplace,
        fire_x,
        paintings,
    };
    back_wall(canvas, style, rng, &scene, &shell, &wall);

    // Furniture, far to near.
    let mut props = props;
    props.sort_by(|a, b| b.z().partial_cmp(&a.z()).unwrap_or(std::cmp::Ordering::Equal));
    for p in &props {
        draw_prop(&scene, canvas, *p, &r, style, rng);
    }
    // Light in the air.
    let overhead = matches!(glazing, Glazing::Glasshouse | Glazing::Skylight | Glazing::DomeSlot);
    for ap in windows.iter().filter(|a| a.axis != 1 || overhead) {
        scene.shaft(canvas, ap, if glass_house { 0.04 } else { 0.1 });
    }
    for l in &scene.lamps {
        if l.aim.is_some() && l.pos[1] > 1.5 {
            scene.cone_to_floor(canvas, l.pos, 1.2, style.amber, 0.16);
        }
    }
    // Dust in the light, a haze near the back.
    let (vx, vy) = (scene.cam.cx, scene.cam.cy);
    canvas.glow_ellipse(vx, vy, w * 0.5, h * 0.35, mix(style.dusk, style.amber, 0.2), 0.07);
}

/// The lamps the furniture brings: desk lamps, floor lamps, pendants, candles on round tables.
fn prop_lamps(props: &[Prop], r: &Room, style: &Style) -> Vec<Lamp> {
    let mut lamps = Vec::new();
    for p in props {
        match *p {
            Prop::Desk { x, z } => lamps.push(amber_lamp(style, [x + 0.35, 1.2, z], 3.0, true)),
            Prop::FloorLamp { x, z } => lamps.push(amber_lamp(style, [x, 1.55, z], 3.2, false)),
            Prop::Pendant { x, z } => lamps.push(amber_lamp(style, [x, r.h - 0.8, z], 5.0, true)),
            Prop::RoundTable { x, z } => lamps.push(amber_lamp(style, [x, 0.95, z], 0.9, false)),
            Prop::Piece(piece) => lamps.extend(piece.lamp(r, style)),
            _ => {}
        }
    }
    lamps
}

/// What may be on a room's back wall: a door (toward `side` when a window takes the middle), a
/// fireplace (at `fire_x`), and paintings.
struct BackWall {
    side: f32,
    may_have_door: bool,
    fireplace: bool,
    fire_x: f32,
    paintings: bool,
}

/// Back-wall features: a door (perhaps ajar, light spilling in), the fireplace, and a painting
/// where no window is.
fn back_wall(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene, shell: &Shell, wall: &BackWall) {
    let BackWall {
        side,
        may_have_door,
        fireplace,
        fire_x,
        paintings,
    } = *wall;
    let Shell {
        finish,
        glass_house,
        room: r,
        windows,
        ..
    } = *shell;
    let (hw, d) = (r.hw, r.d);

    // Back-wall features: a door (perhaps ajar, light spilling in) and the fireplace.
    let door_x = if windows.iter().any(|a| a.axis == 2) {
        side * (hw - 0.8)
    } else {
        rng.range(-hw + 0.8, hw - 0.8)
    };
    let door = may_have_door && !glass_house && (!fireplace || (door_x - fire_x).abs() > 1.6) && rng.chance(0.7);
    if door {
        back_door(scene, canvas, style, rng, door_x, d);
    }
    if fireplace {
        draw_fireplace(scene, canvas, fire_x, d, style);
    }
    // Paintings on a wall without a window.
    if paintings && finish != Finish::Books && rng.chance(0.7) {
        let px = if door {
            -door_x.signum() * rng.range(0.6, hw - 0.6).min(hw - 0.6)
        } else {
            rng.range(-1.0, 1.0)
        };
        let (pw, ph) = (rng.range(0.6, 1.1), rng.range(0.5, 0.8));
        if !windows
            .iter()
            .any(|a| a.axis == 2 && a.u.0 - 0.2 < px + pw && a.u.1 + 0.2 > px - pw)
        {
            seascape(
                scene,
                canvas,
                style,
                Frame {
                    x: px,
                    width: pw,
                    height: ph,
                    wall_z: d,
                },
            );
        }
    }
}

/// What a room's shell is made of: the kind of place, the wall finish and the floor, what the
/// windows look out on (and whether a neon sign tints the light), the seed, the box and its windows.
struct Shell<'a> {
    motif: Motif,
    finish: Finish,
    floor: Floor,
    outlook: Outlook,
    seed: u64,
    neon: bool,
    moon_col: Rgb,
    glass_house: bool,
    room: &'a Room,
    windows: &'a [Aperture],
}

/// The shell: floor, ceiling (with its skylights), side and back walls with their windows, and the
/// shadow along the skirting.
fn room_shell(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene, shell: &Shell) {
    let Shell {
        motif,
        finish,
        floor,
        outlook,
        seed,
        neon,
        moon_col,
        glass_house,
        room: r,
        windows,
    } = *shell;
    let wall_col = match motif {
        Motif::Library => hex(0x3a2a20),
        Motif::Bar => mix(hex(0x2a1a22), style.accent, 0.15),
        Motif::Greenhouse => hex(0x1e2a24),
        _ => *[
            hex(0x3b4a5a),
            hex(0x4a3a30),
            hex(0x2f4038),
            hex(0x553838),
            hex(0x5a5040),
        ]
        .get(rng.below(5))
        .unwrap_or(&hex(0x3b4a5a)),
    };
    let walls = Walls {
        finish,
        colour: wall_col,
        accent: style.accent,
        amber: style.amber,
        height: r.h,
        seed,
    };
    let sky_top = scale(style.night, 0.7);
    let sky_low = mix(style.dusk, if neon { style.accent } else { style.amber }, 0.25);
    let window_view = WindowView {
        seed,
        sky_top,
        sky_low,
        light: moon_col,
        amber: style.amber,
        outlook,
    };
    let wins = windows;
    let wall = |p: V3, n: V3| -> (Rgb, Rgb) {
        for ap in wins {
            if (p[ap.axis] - ap.at).abs() < 0.02 {
                let (u, v) = ap.uv(p);
                if let Some(m) = window_look(ap, u, v, &window_view) {
                    return m;
                }
            }
        }
        let side_wall = n[0].abs() > 0.5;
        let (u, v) = if side_wall { (p[2], p[1]) } else { (p[0], p[1]) };
        if glass_house {
            return (scale(wall_col, 0.8), BLACK);
        }
        walls.look(u, v, side_wall)
    };
    let floor_mat = |p: V3, _n: V3| -> (Rgb, Rgb) { (floor_look(floor, p[0], p[2], seed, style), BLACK) };
    let (hw, rh, d) = (r.hw, r.h, r.d);
    scene.face(
        canvas,
        &[[-hw, 0.0, 0.3], [hw, 0.0, 0.3], [hw, 0.0, d], [-hw, 0.0, d]],
        floor_mat,
    );
    scene.face(
        canvas,
        &[[-hw, rh, 0.3], [hw, rh, 0.3], [hw, rh, d], [-hw, rh, d]],
        |p, n| {
            for ap in wins.iter().filter(|a| a.axis == 1) {
                let (u, v) = ap.uv(p);
                if let Some(m) = window_look(ap, u, v, &window_view) {
                    return m;
                }
            }
            let _ = n;
            let beam = ((p[2] * 0.8).fract() < 0.08) as i32 as f32;
            (scale(wall_col, 0.45 - beam * 0.15), BLACK)
        },
    );
    scene.face(
        canvas,
        &[[-hw, 0.0, 0.3], [-hw, rh, 0.3], [-hw, rh, d], [-hw, 0.0, d]],
        wall,
    );
    scene.face(
        canvas,
        &[[hw, 0.0, 0.3], [hw, rh, 0.3], [hw, rh, d], [hw, 0.0, d]],
        wall,
    );
    scene.face(canvas, &[[-hw, 0.0, d], [hw, 0.0, d], [hw, rh, d], [-hw, rh, d]], wall);
    // Skirting shadow where walls meet the floor.
    for (a, b) in [
        ([-hw, 0.0, 0.5], [-hw, 0.0, d]),
        ([hw, 0.0, 0.5], [hw, 0.0, d]),
        ([-hw, 0.0, d], [hw, 0.0, d]),
    ] {
        canvas.fill_mode(
            &stroke_pts(&[scene.cam.p(a), scene.cam.p(b)], 3.0, 1.5),
            BLACK,
            0.5,
            Blend::Over,
        );
    }
}

/// A door in the back wall, perhaps ajar with lamplight spilling across the floor.
fn back_door(scene: &Scene, canvas: &mut Canvas, style: &Style, rng: &mut Rng, door_x: f32, d: f32) {
    let ajar = rng.chance(0.6);
    let dz = d - 0.01;
    scene.face(
        canvas,
        &[
            [door_x - 0.5, 0.0, dz],
            [door_x + 0.5, 0.0, dz],
            [door_x + 0.5, 2.15, dz],
            [door_x - 0.5, 2.15, dz],
        ],
        |p, _| {
            let lu = p[0] - (door_x - 0.5);
            let frame = !(0.07..0.93).contains(&lu) || p[1] > 2.08;
            let panel = ((lu - 0.18).abs() < 0.02 || (lu - 0.82).abs() < 0.02) && p[1] > 0.2;
            let col = if frame {
                hex(0x2a1a10)
            } else if panel {
                hex(0x1c120c)
            } else {
                hex(0x3a2616)
            };
            (col, BLACK)
        },
    );
    if ajar {
        let gap = rng.range(0.12, 0.3);
        let gx = door_x + 0.42 - gap;
        let q = [
            scene.cam.p([gx, 0.0, dz]),
            scene.cam.p([gx + gap, 0.0, dz]),
            scene.cam.p([gx + gap, 2.08, dz]),
            scene.cam.p([gx, 2.08, dz]),
        ];
        canvas.fill(&q, mix(style.amber, [1.0, 0.95, 0.85], 0.4), 1.0);
        // The spill on the floor, widening toward us.
        let spill = [
            scene.cam.p([gx, 0.0, dz]),
            scene.cam.p([gx + gap, 0.0, dz]),
            scene.cam.p([gx + gap * 6.0 + 0.6, 0.0, dz - 4.5]),
            scene.cam.p([gx - gap * 2.0 - 0.2, 0.0, dz - 4.5]),
        ];
        let top = q[0].1;
        let bottom = spill[2].1;
        canvas.fill_with(&spill, Blend::Add, |_, y| {
            (
                style.amber,
                0.55 * (1.0 - ((y - top) / (bottom - top).max(1.0)).clamp(0.0, 1.0)).powi(2),
            )
        });
        let (gx0, gy0) = scene.cam.p([gx + gap / 2.0, 1.0, dz]);
        canvas.glow(gx0, gy0, 60.0, style.amber, 0.25);
    }
}

/// Where a painting hangs on the back wall: its centre x, its size, and the wall's depth.
#[derive(Debug, Clone, Copy)]
struct Frame {
    x: f32,
    width: f32,
    height: f32,
    wall_z: f32,
}

/// A dark seascape in a gilt frame: a horizon and a red streak in the sky.
fn seascape(scene: &Scene, canvas: &mut Canvas, style: &Style, frame: Frame) {
    let Frame {
        x: px,
        width: pw,
        height: ph,
        wall_z: d,
    } = frame;
    let z = d - 0.02;
    let y0 = 1.5;
    let accent = style.accent;
    scene.face(
        canvas,
        &[
            [px - pw / 2.0, y0, z],
            [px + pw / 2.0, y0, z],
            [px + pw / 2.0, y0 + ph, z],
            [px - pw / 2.0, y0 + ph, z],
        ],
        |p, _| {
            let (lu, lv) = ((p[0] - px + pw / 2.0) / pw, (p[1] - y0) / ph);
            let edge = lu.min(1.0 - lu).min(lv.min(1.0 - lv));
            if edge < 0.08 {
                (hex(0x8a6a30), BLACK)
            } else {
                // A dark seascape: a horizon, a red sky streak.
                let hor = 0.45 + 0.08 * (lu * 7.0).sin();
                let col = if lv < hor {
                    hex(0x1a2028)
                } else {
                    mix(scale(accent, 0.6), hex(0x302830), (lv - hor) * 2.5)
                };
                (col, BLACK)
            }
        },
    );
}

/// Windows in a side wall or the back wall (perhaps with blinds), or a glass house's panes; and
/// the way the moonlight comes through them.
fn ordinary_windows(glass_house: bool, side: f32, r: &Room, rng: &mut Rng) -> (Vec<Aperture>, V3) {
    let mut windows: Vec<Aperture> = Vec::new();
    let blinds = !glass_house && rng.chance(0.65);
    let slats = if blinds { rng.range(0.08, 0.12) } else { 0.0 };
    let moon_dir;
    if glass_house {
        windows.push(Aperture {
            axis: 1,
            at: r.h,
            u: (-r.hw, r.hw),
            v: (0.5, r.d),
            slats: 0.0,
            open: 1.0,
            panes: (5, 8),
            bar: 0.05,
        });
        for sx in [-r.hw, r.hw] {
            windows.push(Aperture {
                axis: 0,
                at: sx,
                u: (0.5, r.d),
                v: (0.7, r.h),
                slats: 0.0,
                open: 1.0,
                panes: (9, 3),
                bar: 0.05,
            });
        }
        windows.push(Aperture {
            axis: 2,
            at: r.d,
            u: (-r.hw, r.hw),
            v: (0.7, r.h),
            slats: 0.0,
            open: 1.0,
            panes: (6, 3),
            bar: 0.05,
        });
        moon_dir = norm3([rng.range(-0.5, 0.5), -1.0, rng.range(-0.6, -0.1)]);
    } else if rng.chance(0.55) {
        let sx = side * r.hw;
        let z0 = rng.range(2.8, r.d - 3.2);
        let wl = rng.range(1.3, 1.9);
        windows.push(Aperture {
            axis: 0,
            at: sx,
            u: (z0, z0 + wl),
            v: (0.9, 2.5),
            slats,
            open: 0.55,
            panes: (2, 2),
            bar: 0.05,
        });
        if rng.chance(0.5) && z0 + wl * 2.0 + 0.6 < r.d - 0.3 {
            let z1 = z0 + wl + 0.6;
            windows.push(Aperture {
                axis: 0,
                at: sx,
                u: (z1, z1 + wl),
                v: (0.9, 2.5),
                slats,
                open: 0.55,
                panes: (2, 2),
                bar: 0.05,
            });
        }
        moon_dir = norm3([-side, rng.range(-0.8, -0.45), rng.range(-0.7, 0.1)]);
    } else {
        let n = 1 + rng.below(2);
        let ww = rng.range(1.1, 1.6);
        for i in 0..n {
            let window_centre = if n == 1 {
                rng.range(-0.8, 0.8)
            } else {
                (i as f32 - 0.5) * r.hw * 0.95
            };
            windows.push(Aperture {
                axis: 2,
                at: r.d,
                u: (window_centre - ww / 2.0, window_centre + ww / 2.0),
                v: (0.9, 2.5),
                slats,
                open: 0.55,
                panes: (2, 2),
                bar: 0.05,
            });
        }
        moon_dir = norm3([rng.range(-0.5, 0.5), rng.range(-0.6, -0.4), -1.0]);
    }
    (windows, moon_dir)
}

fn norm3(v: V3) -> V3 {
    super::scene::norm(v)
}

/// Glass, frame, bars or blinds at (u, v) of a window; None outside it.
/// What a room's windows show: the night sky from `sky_low` to `sky_top`, the light behind the
/// slats, the lamplight, and the outlook beyond the glass.
#[derive(Debug, Clone, Copy)]
struct WindowView {
    seed: u64,
    sky_top: Rgb,
    sky_low: Rgb,
    light: Rgb,
    amber: Rgb,
    outlook: Outlook,
}

fn window_look(ap: &Aperture, u: f32, v: f32, view: &WindowView) -> Option<(Rgb, Rgb)> {
    let WindowView {
        seed,
        sky_top,
        sky_low,
        light,
        amber,
        outlook,
    } = *view;
    let fr = 0.07;
    let frame = hex(0x1a1410);
    if !(u > ap.u.0 - fr && u < ap.u.1 + fr && v > ap.v.0 - fr && v < ap.v.1 + fr) {
        return None;
    }
    if !ap.contains(u, v) {
        return Some((frame, BLACK));
    }
    if ap.passes(u, v) || (ap.slats > 0.0 && !ap.passes(u, v) && is_pane(ap, u, v)) {
        if ap.slats > 0.0 && !ap.passes(u, v) {
            // A slat: pale, lit from behind.
            return Some((hex(0x8a8478), scale(light, 0.12)));
        }
        let t = ((v - ap.v.0) / (ap.v.1 - ap.v.0)).clamp(0.0, 1.0);
        let mut sky = mix(sky_low, sky_top, t.powf(0.7));
        if ap.axis != 1
            && let Some(view) = fitout::beyond(outlook, u, v, sky, amber, seed)
        {
            return Some((BLACK, scale(view, 1.3)));
        }
        if ap.axis != 1 && outlook == Outlook::Garden {
            // Shrubs and trees outside the glass.
            let top = 1.3 + 0.5 * cell(seed, (u * 1.5).floor() as i32, 3) + 0.15 * (u * 9.0).sin();
            if v < top {
                return Some((BLACK, scale(sky_top, 0.25)));
            }
        }
        if ap.axis != 1 && outlook == Outlook::City {
            // Lit windows across the street.
            let (gx, gy) = ((u * 9.0).floor() as i32, (v * 7.0).floor() as i32);
            if v < ap.v.0 + (ap.v.1 - ap.v.0) * 0.55 && cell(seed, gx, gy) < 0.09 {
                sky = add(sky, scale(amber, 0.6));
            }
        }
        return Some((BLACK, scale(sky, 1.3)));
    }
    Some((frame, BLACK))
}

fn is_pane(ap: &Aperture, u: f32, v: f32) -> bool {
    let bar = Aperture {
        slats: 0.0,
        ..ap.clone()
    };
    bar.passes(u, v)
}

fn floor_look(kind: Floor, x: f32, z: f32, seed: u64, style: &Style) -> Rgb {
    match kind {
        Floor::Planks => {
            let bw = 0.17;
            let board = (x / bw).floor() as i32;
            let offset = cell(seed, board, 7) * 2.0;
            let along = z + offset;
            let plank = (along / 1.6).floor() as i32;
            let shade = 0.75 + 0.5 * cell(seed, board, plank);
            let seam = (x / bw).fract() < 0.05 || (along / 1.6).fract() < 0.01;
            let grain = 0.93 + 0.07 * ((x * 90.0 + (along * 3.0).sin() * 2.0).sin());
            let base = scale(hex(0x5a3a22), shade * grain);
            if seam { scale(base, 0.35) } else { base }
        }
        Floor::Checker => {
            let s = 0.5;
            let (i, j) = ((x / s).floor() as i32, (z / s).floor() as i32);
            let light = (i + j).rem_euclid(2) == 0;
            let grout = (x / s).fract() < 0.03 || (z / s).fract() < 0.03;
            let base = if light { hex(0x8a8478) } else { hex(0x141414) };
            if grout {
                scale(base, 0.6)
            } else {
                scale(base, 0.9 + 0.1 * cell(seed, i, j))
            }
        }
        Floor::Carpet => {
            let border = mix(hex(0x3a2020), style.accent, 0.4);
            let pat = ((x * 2.0).sin() * (z * 2.0).sin()).abs();
            mix(hex(0x2a1e1e), border, 0.25 * pat)
        }
        Floor::Flags => {
            let s = 0.6;
            let row = (z / s).floor() as i32;
            let xo = x + if row % 2 == 0 { 0.0 } else { s / 2.0 };
            let (i, j) = ((xo / s).floor() as i32, row);
            let grout = (xo / s).fract() < 0.04 || (z / s).fract() < 0.04;
            let base = scale(hex(0x6a6a62), 0.6 + 0.4 * cell(seed, i, j));
            if grout { scale(base, 0.4) } else { base }
        }
        other => fitout::floor(other, x, z, seed),
    }
}

/// Book spines on shelves, seen on a side wall: (u, v) are metres along and up the wall.
fn book_wall(u: f32, v: f32, seed: u64, accent: Rgb) -> (Rgb, Rgb) {
    let shelf_h = 0.4;
    let row = (v / shelf_h).floor() as i32;
    let inrow = v - row as f32 * shelf_h;
    if inrow < 0.035 {
        return (hex(0x3a2414), BLACK);
    }
    let bay = (u / 1.0).fract();
    if bay < 0.04 {
        return (hex(0x2a1a10), BLACK);
    }
    let spine = ((u + row as f32 * 0.37) / 0.045).floor() as i32;
    let r = cell(seed, spine, row);
    let height = 0.22 + 0.12 * cell(seed ^ 99, spine, row);
    if inrow > 0.035 + height || r > 0.93 {
        return (hex(0x0a0806), BLACK);
    }
    let palette = [
        hex(0x5a1a16),
        hex(0x1e3a28),
        hex(0x1c2a48),
        hex(0x6a5030),
        hex(0x222222),
        hex(0x4a3a2a),
    ];
    let mut col = palette[(r * 6.0) as usize % 6];
    if r > 0.88 {
        col = accent;
    }
    let band = ((inrow - 0.035) / height - 0.82).abs() < 0.03 || ((inrow - 0.035) / height - 0.2).abs() < 0.02;
    if band && cell(seed ^ 7, spine, row) > 0.4 {
        col = hex(0xa88a40);
    }
    let edge = (((u + row as f32 * 0.37) / 0.045).fract() - 0.5).abs();
    (scale(col, 1.0 - edge * 0.8), BLACK)
}

fn plan_props(motif: Motif, text: &str, r: &Room, wares: Option<fitout::Wares>, rng: &mut Rng) -> Vec<Prop> {
    let newer = plans::furnish(motif, wares, text, r, rng);
    if !newer.is_empty() {
        return newer;
    }
    let mut v = Vec::new();
    let side = if rng.chance(0.5) { -1.0 } else { 1.0 };
    match motif {
        Motif::Office => office_props(&mut v, text, r, side, rng),
        Motif::Parlour => parlour_props(&mut v, text, r, side, rng),
        Motif::Library => library_props(&mut v, r, side, rng),
        Motif::Bar => bar_props(&mut v, r, side, rng),
        Motif::Greenhouse => greenhouse_props(&mut v, r, side, rng),
        _ => {}
    }
    v
}

/// An office: a desk and its chair, filing cabinets, perhaps a coat stand, a pendant, a lab bench.
fn office_props(v: &mut Vec<Prop>, text: &str, r: &Room, side: f32, rng: &mut Rng) {
    let (hw, d) = (r.hw, r.d);
    let x = rng.range(-0.9, 0.9);
    let z = rng.range(4.5, d - 2.0);
    v.push(Prop::Desk { x, z });
    v.push(Prop::Chair {
        x: x + rng.range(-0.2, 0.2),
        z: z + 0.8,
    });
    v.push(Prop::Cabinet {
        x: side * (hw - 0.35),
        z: rng.range(d - 2.5, d - 0.6),
    });
    if rng.chance(0.6) {
        v.push(Prop::Cabinet {
            x: side * (hw - 0.35),
            z: rng.range(3.5, 5.0),
        });
    }
    if rng.chance(0.6) {
        v.push(Prop::CoatStand {
            x: -side * (hw - 0.5),
            z: rng.range(3.5, d - 1.0),
        });
    }
    if rng.chance(0.5) {
        v.push(Prop::Pendant { x: x * 0.5, z: z - 1.0 });
    }
    if has_word(text, &["lab", "laboratory", "clinic"]) {
        v.push(Prop::Counter {
            x0: -side * hw,
            x1: -side * (hw - 0.7),
            z0: 3.0,
            z1: d - 0.5,
        });
    }
}

/// A parlour: a bed and a lamp, or a sofa, an armchair, a floor lamp and a round table; a piano or a plant.
fn parlour_props(v: &mut Vec<Prop>, text: &str, r: &Room, side: f32, rng: &mut Rng) {
    let (hw, d) = (r.hw, r.d);
    if has_word(text, &["bedroom", "bed"]) {
        v.push(Prop::Bed {
            x: rng.range(-0.8, 0.8),
            z: d - 1.3,
        });
        v.push(Prop::FloorLamp {
            x: side * (hw - 0.5),
            z: d - 0.6,
        });
    } else {
        v.push(Prop::Sofa {
            x: rng.range(-0.8, 0.8),
            z: rng.range(d - 2.4, d - 1.2),
        });
        v.push(Prop::Armchair {
            x: side * (hw - 0.9),
            z: rng.range(3.6, 5.5),
        });
        v.push(Prop::FloorLamp {
            x: side * (hw - 0.45),
            z: rng.range(d - 2.0, d - 0.5),
        });
        v.push(Prop::RoundTable {
            x: rng.range(-0.6, 0.6),
            z: rng.range(3.8, 5.0),
        });
    }
    if has_word(text, &["music", "piano", "ballroom", "salon"]) || rng.chance(0.3) {
        v.push(Prop::Piano {
            x: -side * (hw - 0.9),
            z: rng.range(d - 3.0, d - 1.0),
        });
    } else if rng.chance(0.6) {
        v.push(Prop::Plant {
            x: -side * (hw - 0.5),
            z: rng.range(4.0, d - 1.0),
            size: 1.0,
        });
    }
}

/// A library: a desk, an armchair beside it and a floor lamp.
fn library_props(v: &mut Vec<Prop>, r: &Room, side: f32, rng: &mut Rng) {
    let (hw, d) = (r.hw, r.d);
    let x = rng.range(-0.6, 0.6);
    let z = rng.range(4.0, d - 2.5);
    v.push(Prop::Desk { x, z });
    let az = z + rng.range(-1.5, 0.5);
    v.push(Prop::Armchair { x: -side * 1.4, z: az });
    v.push(Prop::FloorLamp {
        x: -side * (hw - 0.5),
        z: az + 0.5,
    });
}

/// A bar: the counter with its stools and pendants, round tables across the room, perhaps a piano.
fn bar_props(v: &mut Vec<Prop>, r: &Room, side: f32, rng: &mut Rng) {
    let (hw, d) = (r.hw, r.d);
    let x0 = side * (hw - 0.5);
    v.push(Prop::Counter {
        x0: side * (hw - 1.6),
        x1: side * (hw - 1.0),
        z0: 2.4,
        z1: d - 1.2,
    });
    let _ = x0;
    let stools = 4 + rng.below(3);
    for i in 0..stools {
        let z = 3.0 + i as f32 * (d - 4.6) / stools as f32;
        v.push(Prop::Stool {
            x: side * (hw - 2.0),
            z,
        });
    }
    let pendants = 2 + rng.below(2);
    for i in 0..pendants {
        v.push(Prop::Pendant {
            x: side * (hw - 1.4),
            z: 3.5 + i as f32 * (d - 5.0) / pendants as f32,
        });
    }
    for i in 0..2 + rng.below(2) {
        v.push(Prop::RoundTable {
            x: -side * rng.range(0.6, hw - 0.8),
            z: 3.5 + i as f32 * 1.9 + rng.range(-0.3, 0.3),
        });
    }
    if rng.chance(0.5) {
        v.push(Prop::Piano {
            x: -side * (hw - 0.9),
            z: d - 1.0,
        });
    }
}

/// A greenhouse: plants down both sides, a bench, perhaps a big plant at the back.
fn greenhouse_props(v: &mut Vec<Prop>, r: &Room, side: f32, rng: &mut Rng) {
    let (hw, d) = (r.hw, r.d);
    for i in 0..7 {
        let s = if i % 2 == 0 { -1.0 } else { 1.0 };
        v.push(Prop::Plant {
            x: s * (hw - rng.range(0.4, 0.9)),
            z: 2.5 + i as f32 * (d - 3.0) / 7.0,
            size: rng.range(1.0, 1.8),
        });
    }
    v.push(Prop::Bench {
        x: side * rng.range(0.3, 1.0),
        z: rng.range(4.0, d - 2.0),
    });
    if rng.chance(0.6) {
        v.push(Prop::Plant {
            x: -side * 0.5,
            z: d - 1.2,
            size: 2.2,
        });
    }
}

fn draw_prop(s: &Scene, canvas: &mut Canvas, p: Prop, r: &Room, style: &Style, rng: &mut Rng) {
    let dark = hex(0x1a1612);
    match p {
        Prop::Desk { x, z } => desk(s, canvas, x, z, style),
        Prop::Chair { x, z } => chair(s, canvas, x, z),
        Prop::Armchair { x, z } => armchair(s, canvas, x, z, style),
        Prop::Sofa { x, z } => sofa(s, canvas, x, z, style),
        Prop::Cabinet { x, z } => {
            s.cuboid(canvas, [x - 0.25, 0.0, z - 0.3], [x + 0.25, 1.35, z + 0.3], |q, n| {
                let drawer = ((q[1] / 0.33).fract() < 0.04) && n[1].abs() < 0.5;
                let handle = n[0].abs() > 0.5 && ((q[1] / 0.33).fract() - 0.6).abs() < 0.05 && (q[2] - z).abs() < 0.08;
                let col = if handle {
                    hex(0xa09070)
                } else if drawer {
                    hex(0x141618)
                } else {
                    hex(0x3a4048)
                };
                (col, BLACK)
            });
        }
        Prop::FloorLamp { x, z } => {
            let xf = at(s, [x, 0.0, z]);
            canvas.fill(&xf.pts(&stroke_pts(&[(0.0, 0.0), (0.0, -1.45)], 0.04, 0.03)), dark, 1.0);
            canvas.fill(&xf.ellipse(0.0, 0.0, 0.18, 0.04), dark, 1.0);
            let shade = [(-0.13, -1.75), (0.13, -1.75), (0.24, -1.42), (-0.24, -1.42)];
            canvas.fill(&xf.pts(&shade), mix(style.amber, [1.0, 0.9, 0.7], 0.3), 1.0);
            canvas.fill_with(&xf.pts(&shade), Blend::Multiply, |px, _| {
                let (lx, _) = xf.inv(px, 0.0);
                ([0.5; 3], (lx.abs() / 0.24).powi(2))
            });
            s.bulb(canvas, [x, 1.45, z], style.amber, 0.2, 0.8);
        }
        Prop::Pendant { x, z } => {
            let top = s.cam.p([x, r.h, z]);
            let low = s.cam.p([x, r.h - 0.7, z]);
            canvas.line(top, low, 1.0, dark, 0.9);
            let xf = at(s, [x, r.h - 0.7, z]);
            let shade = [(-0.05, 0.0), (0.05, 0.0), (0.25, 0.18), (-0.25, 0.18)];
            canvas.fill(&xf.pts(&shade), hex(0x202420), 1.0);
            canvas.fill(&xf.ellipse(0.0, 0.18, 0.25, 0.04), mix(style.amber, [1.0; 3], 0.4), 1.0);
            s.bulb(canvas, [x, r.h - 0.86, z], style.amber, 0.15, 0.7);
        }
        Prop::RoundTable { x, z } => round_table(s, canvas, x, z, style),
        Prop::Bed { x, z } => bed(s, canvas, x, z, style),
        Prop::Piano { x, z } => upright_piano(s, canvas, x, z),
        Prop::Plant { x, z, size } => {
            let xf = at(s, [x, 0.0, z]);
            plant(canvas, &xf, size, style, rng);
        }
        Prop::CoatStand { x, z } => coat_stand(s, canvas, x, z, style),
        Prop::Counter { x0, x1, z0, z1 } => bar_counter(s, canvas, (x0, x1), (z0, z1), r, style, rng),
        Prop::Stool { x, z } => {
            let xf = at(s, [x, 0.0, z]);
            canvas.fill(&xf.pts(&stroke_pts(&[(0.0, 0.0), (0.0, -0.75)], 0.05, 0.05)), dark, 1.0);
            canvas.fill(&xf.ellipse(0.0, 0.0, 0.18, 0.03), dark, 1.0);
            canvas.fill(
                &xf.ellipse(0.0, -0.78, 0.2, 0.05),
                mix(hex(0x2a1010), style.accent, 0.5),
                1.0,
            );
            canvas.fill(
                &xf.ellipse(0.0, -0.8, 0.18, 0.035),
                mix(hex(0x3a1a1a), style.accent, 0.6),
                1.0,
            );
        }
        Prop::Bench { x, z } => bench(s, canvas, x, z),
        Prop::Piece(piece) => piece.draw(s, canvas, r, style, rng),
    }
}

/// A wooden chair, its back toward the far wall.
fn chair(s: &Scene, canvas: &mut Canvas, x: f32, z: f32) {
    let col = hex(0x241810);
    for (dx, dz) in [(-0.2, 0.2), (0.2, 0.2)] {
        s.solid(
            canvas,
            [x + dx - 0.02, 0.0, z + dz - 0.02],
            [x + dx + 0.02, 0.45, z + dz + 0.02],
            col,
        );
    }
    s.solid(canvas, [x - 0.23, 0.42, z - 0.22], [x + 0.23, 0.47, z + 0.22], col);
    s.solid(
        canvas,
        [x - 0.22, 0.47, z - 0.24],
        [x + 0.22, 1.0, z - 0.2],
        scale(col, 1.2),
    );
    for (dx, dz) in [(-0.2, -0.2), (0.2, -0.2)] {
        s.solid(
            canvas,
            [x + dx - 0.02, 0.0, z + dz - 0.02],
            [x + dx + 0.02, 0.45, z + dz + 0.02],
            col,
        );
    }
}

/// An armchair upholstered in a shade of the case colour.
fn armchair(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    let col = mix(hex(0x3a1e1a), style.accent, 0.25);
    s.solid(canvas, [x - 0.45, 0.1, z - 0.4], [x + 0.45, 0.45, z + 0.4], col);
    s.solid(
        canvas,
        [x - 0.45, 0.45, z + 0.25],
        [x + 0.45, 1.05, z + 0.42],
        scale(col, 0.9),
    );
    s.solid(
        canvas,
        [x - 0.48, 0.1, z - 0.42],
        [x - 0.33, 0.7, z + 0.42],
        scale(col, 1.1),
    );
    s.solid(
        canvas,
        [x + 0.33, 0.1, z - 0.42],
        [x + 0.48, 0.7, z + 0.42],
        scale(col, 1.1),
    );
}

/// A sofa: back, seat and two arms.
fn sofa(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    let col = mix(hex(0x2a3030), style.accent, 0.2);
    s.solid(
        canvas,
        [x - 1.0, 0.1, z - 0.05],
        [x + 1.0, 0.95, z + 0.2],
        scale(col, 0.85),
    );
    s.solid(canvas, [x - 1.0, 0.1, z - 0.45], [x + 1.0, 0.45, z], col);
    s.solid(canvas, [x - 1.1, 0.1, z - 0.45], [x - 0.92, 0.7, z + 0.2], col);
    s.solid(canvas, [x + 0.92, 0.1, z - 0.45], [x + 1.1, 0.7, z + 0.2], col);
}

/// A bench: a wooden seat and back on iron legs.
fn bench(s: &Scene, canvas: &mut Canvas, x: f32, z: f32) {
    let iron = hex(0x101212);
    s.solid(
        canvas,
        [x - 0.8, 0.42, z - 0.2],
        [x + 0.8, 0.47, z + 0.2],
        hex(0x3a2a1a),
    );
    s.solid(
        canvas,
        [x - 0.8, 0.47, z + 0.18],
        [x + 0.8, 0.9, z + 0.22],
        hex(0x3a2a1a),
    );
    for dx in [-0.7, 0.7] {
        s.solid(
            canvas,
            [x + dx - 0.03, 0.0, z - 0.2],
            [x + dx + 0.03, 0.45, z + 0.2],
            iron,
        );
    }
}

/// A desk on two pedestals, with a drawer, papers and a lamp.
fn desk(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    let wood = hex(0x3a2414);
    let (hw, hd) = (0.8, 0.4);
    s.solid(
        canvas,
        [x - hw + 0.05, 0.0, z - hd + 0.05],
        [x - hw + 0.5, 0.72, z + hd - 0.05],
        scale(wood, 0.8),
    );
    s.solid(
        canvas,
        [x + hw - 0.5, 0.0, z - hd + 0.05],
        [x + hw - 0.05, 0.72, z + hd - 0.05],
        scale(wood, 0.8),
    );
    s.cuboid(canvas, [x - hw, 0.72, z - hd], [x + hw, 0.78, z + hd], |q, n| {
        let g = 0.9 + 0.1 * (q[0] * 40.0 + (q[2] * 9.0).sin()).sin();
        (scale(if n[1] > 0.5 { hex(0x4a2e1a) } else { wood }, g), BLACK)
    });
    // Drawer lines.
    let a = s.cam.p([x - hw + 0.08, 0.45, z - hd + 0.04]);
    let b = s.cam.p([x - hw + 0.47, 0.45, z - hd + 0.04]);
    canvas.line(a, b, 1.2, BLACK, 0.6);
    // Papers and a lamp.
    s.face(
        canvas,
        &[
            [x - 0.3, 0.781, z - 0.2],
            [x + 0.1, 0.781, z - 0.25],
            [x + 0.12, 0.781, z + 0.05],
            [x - 0.28, 0.781, z + 0.1],
        ],
        |_, _| (hex(0xd8d0c0), BLACK),
    );
    desk_lamp(s, canvas, [x + 0.35, 0.78, z], style);
}

/// A small round table on one leg, with a shaded candle lamp glowing on it.
fn round_table(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    let dark = hex(0x1a1612);
    let xf = at(s, [x, 0.0, z]);
    canvas.fill(&xf.pts(&stroke_pts(&[(0.0, 0.0), (0.0, -0.72)], 0.06, 0.05)), dark, 1.0);
    canvas.fill(&xf.ellipse(0.0, 0.0, 0.25, 0.05), dark, 1.0);
    let (ex, ey) = s.cam.p([x, 0.74, z]);
    let top_y = s.cam.p([x, 0.74, z + 0.4]).1;
    let ry = (ey - top_y).abs().max(2.0);
    let rx = xf.s * 0.42;
    canvas.ellipse(ex, ey, rx, ry, hex(0x2a1a12), 1.0);
    canvas.ellipse(ex, ey + ry * 0.3, rx, ry * 0.75, hex(0x140c08), 1.0);
    canvas.ellipse(
        ex,
        ey - ry * 0.1,
        rx * 0.96,
        ry * 0.9,
        mix(hex(0x3a2418), style.amber, 0.25),
        1.0,
    );
    // A candle lamp or a small shaded lamp.
    let lx = Transform::new(ex, ey, xf.s, 0.0);
    canvas.fill(&lx.rect(-0.03, -0.16, 0.03, 0.0), hex(0xd8c8a0), 1.0);
    canvas.fill(
        &lx.pts(&[(-0.07, -0.3), (0.07, -0.3), (0.1, -0.16), (-0.1, -0.16)]),
        mix(style.accent, style.amber, 0.4),
        1.0,
    );
    canvas.glow(ex, ey - 0.22 * xf.s, 0.9 * xf.s, style.amber, 0.35);
    canvas.glow(ex, ey - 0.22 * xf.s, 0.15 * xf.s, [1.0, 0.9, 0.7], 0.8);
}

/// A bed with its headboard, a turned-down cover and two pillows.
fn bed(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    let bed = mix(hex(0x4a4038), style.accent, 0.15);
    s.solid(canvas, [x - 0.9, 0.0, z + 0.9], [x + 0.9, 1.3, z + 1.0], hex(0x2a1a10));
    s.solid(canvas, [x - 0.9, 0.0, z - 1.0], [x + 0.9, 0.35, z + 0.9], hex(0x2a1a10));
    s.cuboid(canvas, [x - 0.88, 0.35, z - 1.0], [x + 0.88, 0.58, z + 0.9], |q, _| {
        let bed = scale(bed, 1.6);
        let fold = 0.9 + 0.1 * (q[0] * 6.0 + q[2] * 2.0).sin();
        (scale(bed, fold), BLACK)
    });
    s.solid(
        canvas,
        [x - 0.7, 0.58, z + 0.4],
        [x - 0.1, 0.7, z + 0.85],
        hex(0x9a9488),
    );
    s.solid(
        canvas,
        [x + 0.1, 0.58, z + 0.4],
        [x + 0.7, 0.7, z + 0.85],
        hex(0x9a9488),
    );
}

/// An upright piano against a side wall, its keyboard facing the room.
fn upright_piano(s: &Scene, canvas: &mut Canvas, x: f32, z: f32) {
    s.solid(
        canvas,
        [x - 0.3, 0.0, z - 0.75],
        [x + 0.3, 1.25, z + 0.75],
        hex(0x0c0a0a),
    );
    let fx = if x < 0.0 { x + 0.3 } else { x - 0.3 };
    let dir = if x < 0.0 { 1.0 } else { -1.0 };
    let (ka, kb) = (fx.min(fx + dir * 0.22), fx.max(fx + dir * 0.22));
    s.solid(canvas, [ka, 0.6, z - 0.75], [kb, 0.715, z + 0.75], hex(0x0c0a0a));
    s.face(
        canvas,
        &[
            [fx, 0.72, z - 0.7],
            [fx + dir * 0.2, 0.72, z - 0.7],
            [fx + dir * 0.2, 0.72, z + 0.7],
            [fx, 0.72, z + 0.7],
        ],
        |q, _| {
            let k = ((q[2] - z + 0.7) / 0.023).floor() as i32;
            let black = matches!(k.rem_euclid(7), 1 | 2 | 4 | 5 | 6)
                && (q[0] - fx).abs() < 0.11
                && ((q[2] - z + 0.7) / 0.023).fract() > 0.6;
            (if black { hex(0x080808) } else { hex(0xc8c0b0) }, BLACK)
        },
    );
}

/// A coat stand with a coat and a hat hung on it.
fn coat_stand(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    let dark = hex(0x1a1612);
    let xf = at(s, [x, 0.0, z]);
    canvas.fill(&xf.pts(&stroke_pts(&[(0.0, 0.0), (0.0, -1.8)], 0.05, 0.04)), dark, 1.0);
    for a in [-0.35f32, 0.0, 0.35] {
        canvas.fill(
            &xf.pts(&stroke_pts(&[(0.0, -0.02), (a.sin() * 0.3, 0.02)], 0.04, 0.03)),
            dark,
            1.0,
        );
    }
    // A coat and a hat hung on it.
    let coat = [
        (-0.05, -1.75),
        (0.12, -1.72),
        (0.22, -1.0),
        (0.18, -0.75),
        (0.02, -0.78),
        (-0.08, -1.2),
    ];
    canvas.fill(&xf.pts(&coat), hex(0x4a3e2c), 1.0);
    canvas.fill(&xf.ellipse(-0.02, -1.82, 0.2, 0.035), hex(0x141210), 1.0);
    canvas.fill(
        &xf.pts(&[(-0.12, -1.82), (0.09, -1.82), (0.07, -1.95), (-0.1, -1.95)]),
        hex(0x141210),
        1.0,
    );
    canvas.fill(&xf.rect(-0.12, -1.86, 0.09, -1.83), style.accent, 0.8);
}

/// A panelled bar counter, and shelves of bottles glowing on the wall behind it.
fn bar_counter(s: &Scene, canvas: &mut Canvas, xs: (f32, f32), zs: (f32, f32), r: &Room, style: &Style, rng: &mut Rng) {
    let ((x0, x1), (z0, z1)) = (xs, zs);
    let (a, b) = (x0.min(x1), x0.max(x1));
    s.cuboid(canvas, [a, 0.0, z0], [b, 1.05, z1], |q, n| {
        if n[1] > 0.5 {
            return (hex(0x3a2010), BLACK);
        }
        let panel = ((q[2] * 1.5).fract() < 0.06) || q[1] > 0.98 || q[1] < 0.1;
        (if panel { hex(0x1c0e08) } else { hex(0x4a2a16) }, BLACK)
    });
    // A brass rail and a bottle shelf glowing on the wall behind.
    let wall_x = if x0 > 0.0 { r.hw - 0.05 } else { -r.hw + 0.05 };
    for shelf in [1.3f32, 1.75] {
        let mut zz = z0 + 0.3;
        while zz < z1 {
            let xf = at(s, [wall_x - wall_x.signum() * 0.15, shelf, zz]);
            let hgt = rng.range(0.22, 0.34);
            let col = *[
                hex(0x2a5a30),
                hex(0x6a3a12),
                hex(0x8a8a70),
                scale(style.accent, 0.8),
                hex(0x402010),
            ]
            .get(rng.below(5))
            .unwrap_or(&BLACK);
            let bottle = [
                (-0.04, 0.0),
                (0.04, 0.0),
                (0.04, -hgt * 0.6),
                (0.015, -hgt * 0.75),
                (0.015, -hgt),
                (-0.015, -hgt),
                (-0.015, -hgt * 0.75),
                (-0.04, -hgt * 0.6),
            ];
            canvas.fill(&xf.pts(&bottle), col, 0.9);
            canvas.fill(&xf.rect(-0.03, -hgt * 0.55, -0.015, -0.03), [1.0, 0.9, 0.7], 0.35);
            zz += rng.range(0.12, 0.22);
        }
        let (sa, sb) = (s.cam.p([wall_x, shelf, z0]), s.cam.p([wall_x, shelf, z1]));
        canvas.line(sa, sb, 2.0, hex(0x2a1a10), 1.0);
        canvas.fill_mode(&stroke_pts(&[sa, sb], 14.0, 2.0), style.amber, 0.12, Blend::Add);
    }
}

fn desk_lamp(s: &Scene, canvas: &mut Canvas, base: V3, style: &Style) {
    let xf = at(s, base);
    let brass = hex(0x8a6a30);
    canvas.fill(&xf.ellipse(0.0, 0.0, 0.09, 0.02), brass, 1.0);
    canvas.fill(
        &xf.pts(&stroke_pts(&[(0.0, 0.0), (0.0, -0.32)], 0.025, 0.02)),
        brass,
        1.0,
    );
    let shade = [(-0.17, -0.32), (0.17, -0.32), (0.15, -0.42), (-0.15, -0.42)];
    canvas.fill(&xf.pts(&shade), mix(hex(0x1a4a2a), style.accent, 0.35), 1.0);
    canvas.fill(
        &xf.pts(&[(-0.15, -0.32), (0.15, -0.32), (0.13, -0.36), (-0.13, -0.36)]),
        [0.5, 0.8, 0.6],
        0.35,
    );
    s.bulb(canvas, [base[0], base[1] + 0.3, base[2]], style.amber, 0.12, 0.6);
    let pool = s.cam.p([base[0] - 0.1, base[1], base[2]]);
    canvas.glow_ellipse(pool.0, pool.1, xf.s * 0.6, xf.s * 0.2, style.amber, 0.35);
}

fn draw_fireplace(s: &Scene, canvas: &mut Canvas, x: f32, d: f32, style: &Style) {
    let stone = hex(0x4a4440);
    s.solid(canvas, [x - 0.9, 0.0, d - 0.35], [x - 0.55, 1.15, d], stone);
    s.solid(canvas, [x + 0.55, 0.0, d - 0.35], [x + 0.9, 1.15, d], stone);
    s.solid(canvas, [x - 1.0, 1.15, d - 0.42], [x + 1.0, 1.27, d], hex(0x3a2a1e));
    s.solid(canvas, [x - 0.55, 0.85, d - 0.3], [x + 0.55, 1.15, d], stone);
    let q = [
        s.cam.p([x - 0.55, 0.0, d - 0.3]),
        s.cam.p([x + 0.55, 0.0, d - 0.3]),
        s.cam.p([x + 0.55, 0.85, d - 0.3]),
        s.cam.p([x - 0.55, 0.85, d - 0.3]),
    ];
    canvas.fill(&q, hex(0x0a0604), 1.0);
    let (fx, fy) = s.cam.p([x, 0.15, d - 0.3]);
    let sc = s.cam.scale_at(d - 0.3);
    canvas.glow_ellipse(fx, fy, sc * 0.5, sc * 0.35, [1.0, 0.45, 0.1], 0.9);
    canvas.glow_ellipse(fx, fy + sc * 0.05, sc * 0.3, sc * 0.15, [1.0, 0.8, 0.4], 0.8);
    canvas.glow(fx, fy, sc * 2.2, [1.0, 0.4, 0.1], 0.15);
    let _ = style;
}

/// A potted plant with arching fronds and a few big leaves, in metres.
fn plant(canvas: &mut Canvas, xf: &Transform, size: f32, style: &Style, rng: &mut Rng) {
    let pot = [(-0.2, -0.45), (0.2, -0.45), (0.15, 0.0), (-0.15, 0.0)];
    canvas.fill(&xf.pts(&pot), hex(0x5a3020), 1.0);
    canvas.fill(&xf.rect(-0.22, -0.5, 0.22, -0.42), hex(0x6a3a28), 1.0);
    let leaf_dark = hex(0x0c1a10);
    let leaf_lit = mix(hex(0x2a4a30), style.moon, 0.2);
    let n = 7 + rng.below(5);
    for i in 0..n {
        let a = -std::f32::consts::FRAC_PI_2 + (i as f32 / (n - 1) as f32 - 0.5) * 2.6 + rng.range(-0.15, 0.15);
        let len = size * rng.range(0.6, 1.0);
        let tip = (a.cos() * len, -0.5 + a.sin() * len * 0.9 + len * 0.25);
        let ctrl = (a.cos() * len * 0.5, -0.5 + a.sin() * len * 1.1);
        let pts = bezier((0.0, -0.45), ctrl, ctrl, tip, 12);
        canvas.fill(&xf.pts(&stroke_pts(&pts, 0.05, 0.01)), leaf_dark, 1.0);
        for (k, p) in pts.iter().enumerate().skip(2).step_by(2) {
            let wdt = 0.13 * size * (1.0 - k as f32 / 13.0);
            let q = pts[(k + 1).min(pts.len() - 1)];
            let (dx, dy) = (q.0 - p.0, q.1 - p.1);
            let l = (dx * dx + dy * dy).sqrt().max(1e-4);
            let (nx, ny) = (-dy / l, dx / l);
            for sgn in [-1.0, 1.0] {
                let leaf = [
                    *p,
                    (p.0 + nx * wdt * sgn + dx * 1.5, p.1 + ny * wdt * sgn + dy * 1.5 + 0.03),
                    q,
                ];
                let col = if sgn > 0.0 { leaf_lit } else { leaf_dark };
                canvas.fill(&xf.pts(&leaf), col, 0.95);
            }
        }
    }
    if rng.chance(0.5) {
        for _ in 0..3 {
            let (bx, by) = (rng.range(-0.4, 0.4) * size, -0.5 - rng.range(0.3, 0.8) * size);
            canvas.fill(&xf.ellipse(bx, by, 0.05, 0.05), style.accent, 0.9);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Streets and alleys

fn street(canvas: &mut Canvas, style: &Style, rng: &mut Rng, alley: bool) {
    let (w, h) = (canvas.wf(), canvas.hf());
    let rw = if alley {
        rng.range(1.6, 2.4)
    } else {
        rng.range(3.5, 5.0)
    };
    let sw = if alley { rw } else { rw + rng.range(2.0, 3.0) };
    let eye = [rng.range(-rw * 0.6, rw * 0.6), rng.range(1.5, 1.9), 0.0];
    let cam = Cam {
        cx: w * rng.range(0.4, 0.6),
        cy: h * rng.range(0.44, 0.54),
        f: w * rng.range(0.5, 0.6),
        eye,
    };
    let far = if alley { rng.range(30.0, 45.0) } else { 140.0 };
    let seed = rng.next_u64();
    // Street lamps, a neon sign, and the light at the alley's end.
    let mut lamps = Vec::new();
    let spacing = rng.range(11.0, 18.0);
    let mut posts: Vec<V3> = Vec::new();
    let lamp_side = if rng.chance(0.5) { -1.0 } else { 1.0 };
    if alley {
        let z = rng.range(7.0, 14.0);
        posts.push([lamp_side * (sw - 0.05), 3.4, z]);
    } else {
        let mut z = rng.range(5.0, 9.0);
        while z < 80.0 {
            posts.push([lamp_side * (rw + 0.6), 4.4, z]);
            if rng.chance(0.35) {
                posts.push([-lamp_side * (rw + 0.6), 4.4, z + spacing / 2.0]);
            }
            z += spacing;
        }
    }
    for p in &posts {
        lamps.push(Lamp {
            pos: *p,
            color: style.amber,
            power: 14.0,
            aim: Some(([0.0, -1.0, 0.0], 0.15)),
        });
    }
    let neon_z = rng.range(9.0, 22.0);
    let neon_side = -lamp_side;
    let neon_pos = [neon_side * (sw - 0.8), 4.5, neon_z];
    lamps.push(Lamp {
        pos: neon_pos,
        color: style.accent,
        power: 9.0,
        aim: None,
    });
    let scene = Scene {
        cam,
        lamps,
        moon: Some(Moon {
            dir: norm3([rng.range(-0.6, 0.6), -0.6, -0.8]),
            color: style.moon,
            power: 0.25,
            through: vec![],
            open_sky: true,
        }),
        ambient: scale(style.night, 0.5),
        fog: mix(style.dusk, style.amber, 0.08),
        fog_density: if alley { 0.03 } else { rng.range(0.012, 0.02) },
    };
    sky(canvas, style, rng, scene.cam.cy + 5.0);

    let layout = StreetLayout {
        alley,
        road: rw,
        walls: sw,
        far,
        seed,
    };
    // The far end: a skyline, or the bright street across the alley's mouth.
    street_far_end(canvas, style, rng, &scene, &layout);
    // Ground: road and pavements.
    street_ground(canvas, &scene, &layout);
    // Buildings, far to near on each side.
    street_buildings(canvas, style, rng, &scene, &layout);
    // Props: bins and crates in an alley, a parked car's shadow on a street.
    if alley {
        alley_clutter(canvas, style, rng, &scene, &layout);
    }
    // The neon sign: a blade sticking out of the wall, glowing in the accent colour.
    neon_sign(canvas, style, &scene, &layout, neon_side, neon_z);
    // Lamp posts and their pools on the wet ground.
    street_lamp_posts(canvas, style, &scene, &layout, &mut posts);
    // Someone waiting under the light.
    if rng.chance(0.6) {
        let p = posts[rng.below(posts.len())];
        let pz = p[2] + rng.range(-1.0, 1.0);
        let px = if alley {
            p[0] - p[0].signum() * 0.6
        } else {
            p[0] - p[0].signum() * 0.5
        };
        let base = [px, if alley { 0.0 } else { 0.15 }, pz.max(4.0)];
        let xf = at(&scene, base);
        canvas.shadow(xf.ox, xf.oy, xf.s * 0.5, xf.s * 0.12, 0.7);
        figure(canvas, &xf, hex(0x060608), style.amber, -p[0].signum());
    }
    // Fog on the ground, rain in the air.
    canvas.glow_ellipse(scene.cam.cx, scene.cam.cy + 10.0, w * 0.7, h * 0.2, scene.fog, 0.22);
    if rng.chance(0.7) {
        rain(canvas, style, rng, 500);
    }
}

/// The shape of a street or an alley: half the width of the road and of the gap between the walls,
/// how far it runs, and the seed for its windows and paving.
#[derive(Debug, Clone, Copy)]
struct StreetLayout {
    alley: bool,
    road: f32,
    walls: f32,
    far: f32,
    seed: u64,
}

/// The far end: a skyline of lit windows, or the bright street across the alley's mouth.
fn street_far_end(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene, layout: &StreetLayout) {
    let StreetLayout {
        alley,
        road: rw,
        far,
        seed,
        ..
    } = *layout;
    let w = canvas.wf();
    if alley {
        let end = [
            scene.cam.p([-rw, 0.0, far]),
            scene.cam.p([rw, 0.0, far]),
            scene.cam.p([rw, 4.5, far]),
            scene.cam.p([-rw, 4.5, far]),
        ];
        let glowc = mix(style.amber, style.fog_light(), 0.5);
        let (top, bottom) = (end[2].1, end[0].1);
        canvas.fill_with(&end, Blend::Over, |_, y| {
            (scale(glowc, 0.5 + 0.5 * ((y - top) / (bottom - top).max(1.0))), 1.0)
        });
        let (ex, ey) = scene.cam.p([0.0, 1.5, far]);
        canvas.glow(ex, ey, w * 0.35, glowc, 0.35);
    } else {
        let mut x = -60.0;
        while x < 60.0 {
            let bw = rng.range(6.0, 16.0);
            let bh = rng.range(10.0, 45.0);
            let zz = far + rng.range(0.0, 40.0);
            let col = scale(style.night, 0.9);
            let q = [
                scene.cam.p([x, 0.0, zz]),
                scene.cam.p([x + bw, 0.0, zz]),
                scene.cam.p([x + bw, bh, zz]),
                scene.cam.p([x, bh, zz]),
            ];
            let fogc = scene.fog;
            canvas.fill_with(&q, Blend::Over, |px, py| {
                let lit = cell(seed, (px / 3.0) as i32, (py / 4.0) as i32) < 0.06 && (py as i32 % 4 > 1);
                (
                    if lit {
                        mix(style.amber, fogc, 0.5)
                    } else {
                        mix(col, fogc, 0.55)
                    },
                    1.0,
                )
            });
            x += bw + rng.range(0.0, 3.0);
        }
    }
}

/// Ground: the road (cobbles in an alley, tram lines on a street) and the pavements with their kerbs.
fn street_ground(canvas: &mut Canvas, scene: &Scene, layout: &StreetLayout) {
    let StreetLayout {
        alley,
        road: rw,
        walls: sw,
        far,
        seed,
        ..
    } = *layout;
    let road_mat = |p: V3, _n: V3| -> (Rgb, Rgb) {
        if alley {
            let (i, j) = ((p[0] / 0.22).floor() as i32, (p[2] / 0.16).floor() as i32);
            let joint = (p[0] / 0.22).fract() < 0.12 || (p[2] / 0.16).fract() < 0.15;
            let col = scale(hex(0x3a3a40), 0.5 + 0.5 * cell(seed, i, j));
            (if joint { scale(col, 0.3) } else { col }, BLACK)
        } else {
            let tram = ((p[0] - 0.9).abs() < 0.04 || (p[0] + 0.9).abs() < 0.04) as i32 as f32;
            (
                add(
                    scale(
                        hex(0x202226),
                        0.8 + 0.4 * cell(seed, (p[0] * 2.0) as i32, (p[2] * 2.0) as i32),
                    ),
                    scale(hex(0x303030), tram),
                ),
                BLACK,
            )
        }
    };
    scene.face(
        canvas,
        &[
            [-sw - 1.0, 0.0, 0.5],
            [sw + 1.0, 0.0, 0.5],
            [sw + 1.0, 0.0, far],
            [-sw - 1.0, 0.0, far],
        ],
        road_mat,
    );
    if !alley {
        for sgn in [-1.0f32, 1.0] {
            let (a, b) = (sgn * rw, sgn * sw);
            let (lo, hi) = (a.min(b), a.max(b));
            scene.face(
                canvas,
                &[[lo, 0.15, 0.5], [hi, 0.15, 0.5], [hi, 0.15, far], [lo, 0.15, far]],
                |p, _| {
                    let slab = (p[2] / 1.2).fract() < 0.03 || ((p[0] - lo) / 1.1).fract() < 0.03;
                    (if slab { hex(0x1a1a1c) } else { hex(0x4a4a50) }, BLACK)
                },
            );
            scene.face(
                canvas,
                &[[a, 0.0, 0.5], [a, 0.15, 0.5], [a, 0.15, far], [a, 0.0, far]],
                |_, _| (hex(0x5a5a60), BLACK),
            );
        }
    }
}

/// Buildings, far to near on each side, and fire escapes against the walls of an alley.
fn street_buildings(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene, layout: &StreetLayout) {
    let StreetLayout {
        alley, walls: sw, far, ..
    } = *layout;
    for sgn in [-1.0f32, 1.0] {
        let mut blocks = Vec::new();
        let mut z = 0.5;
        while z < far {
            let len = if alley { far } else { rng.range(7.0, 16.0) };
            let hgt = if alley {
                rng.range(12.0, 20.0)
            } else {
                rng.range(9.0, 26.0)
            };
            let palette = [
                hex(0x4a3028),
                hex(0x3a3a40),
                hex(0x504840),
                hex(0x2e2a30),
                hex(0x5a4030),
            ];
            blocks.push((
                z,
                (z + len).min(far),
                hgt,
                palette[rng.below(palette.len())],
                rng.next_u64(),
            ));
            z += len;
        }
        for (i, &(z0, z1, hgt, col, bseed)) in blocks.iter().enumerate().rev() {
            let x = sgn * sw;
            // Step face where this block rises above the nearer one.
            let nearer_h = if i > 0 { blocks[i - 1].2 } else { 0.0 };
            if hgt > nearer_h && i > 0 {
                scene.face(
                    canvas,
                    &[
                        [x, nearer_h, z0],
                        [x + sgn * 10.0, nearer_h, z0],
                        [x + sgn * 10.0, hgt, z0],
                        [x, hgt, z0],
                    ],
                    |_, _| (scale(col, 0.6), BLACK),
                );
            }
            let lit_p = if alley { 0.12 } else { 0.22 };
            scene.face(
                canvas,
                &[[x, 0.0, z0], [x, 0.0, z1], [x, hgt, z1], [x, hgt, z0]],
                |p, _| {
                    let front = Facade {
                        len: z1 - z0,
                        hgt,
                        col,
                        seed: bseed,
                        lit_p,
                        alley,
                    };
                    facade(p[2] - z0, p[1], &front, style)
                },
            );
        }
        if alley {
            // Fire escapes: landings and zigzag stairs against the walls.
            let x = sgn * (sw - 0.9);
            let zc = rng.range(6.0, 16.0);
            let iron = hex(0x0a0a0c);
            for k in 0..4 {
                let y = 3.5 + k as f32 * 3.0;
                let a = scene.cam.p([x, y, zc - 1.5]);
                let b = scene.cam.p([x, y, zc + 1.5]);
                let s0 = scene.cam.scale_at(zc);
                canvas.line(a, b, s0 * 0.08, iron, 1.0);
                let ra = scene.cam.p([x, y + 0.9, zc - 1.5]);
                let rb = scene.cam.p([x, y + 0.9, zc + 1.5]);
                canvas.line(ra, rb, s0 * 0.03, iron, 1.0);
                for j in 0..7 {
                    let zz = zc - 1.5 + j as f32 * 0.5;
                    canvas.line(
                        scene.cam.p([x, y, zz]),
                        scene.cam.p([x, y + 0.9, zz]),
                        s0 * 0.02,
                        iron,
                        1.0,
                    );
                }
                if k < 3 {
                    let s1 = scene.cam.p([x, y, zc + 1.3]);
                    let s2 = scene.cam.p([x, y + 3.0, zc - 1.3]);
                    canvas.line(s1, s2, s0 * 0.06, iron, 1.0);
                }
            }
        }
    }
}

/// Bins and crates along the walls of an alley, and steam rising from a grate.
fn alley_clutter(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene, layout: &StreetLayout) {
    let StreetLayout { road: rw, .. } = *layout;
    for _ in 0..2 + rng.below(3) {
        let x = if rng.chance(0.5) { -rw + 0.45 } else { rw - 0.45 };
        let z = rng.range(4.0, 18.0);
        scene.cuboid(
            canvas,
            [x - 0.3, 0.0, z - 0.3],
            [x + 0.3, rng.range(0.5, 1.0), z + 0.3],
            |p, _| {
                let rib = (p[1] * 8.0).fract() < 0.15;
                (if rib { hex(0x202428) } else { hex(0x3a4048) }, BLACK)
            },
        );
    }
    // Steam from a grate.
    let (sx, sy) = scene.cam.p([rng.range(-0.8, 0.8), 0.2, rng.range(8.0, 14.0)]);
    let sc = scene.cam.scale_at(10.0);
    for k in 0..5 {
        canvas.glow_ellipse(
            sx + k as f32 * sc * 0.1,
            sy - k as f32 * sc * 0.5,
            sc * (0.5 + k as f32 * 0.25),
            sc * 0.6,
            style.moon,
            0.1,
        );
    }
}

/// The neon sign: a blade sticking out of the wall, a star and a border glowing in the accent colour.
fn neon_sign(canvas: &mut Canvas, style: &Style, scene: &Scene, layout: &StreetLayout, neon_side: f32, neon_z: f32) {
    let StreetLayout { walls: sw, seed, .. } = *layout;
    let h = canvas.hf();
    let (x0, x1) = (neon_side * (sw - 0.05), neon_side * (sw - 1.3));
    let q = [
        scene.cam.p([x0, 3.6, neon_z]),
        scene.cam.p([x1, 3.6, neon_z]),
        scene.cam.p([x1, 5.6, neon_z]),
        scene.cam.p([x0, 5.6, neon_z]),
    ];
    canvas.fill(&q, hex(0x0c0c10), 1.0);
    let inner = [
        scene.cam.p([x0 - neon_side * 0.15, 3.8, neon_z]),
        scene.cam.p([x1 + neon_side * 0.15, 3.8, neon_z]),
        scene.cam.p([x1 + neon_side * 0.15, 5.4, neon_z]),
        scene.cam.p([x0 - neon_side * 0.15, 5.4, neon_z]),
    ];
    let mut ring = inner.to_vec();
    ring.push(inner[0]);
    let sc = scene.cam.scale_at(neon_z);
    canvas.fill(
        &stroke_pts(&ring, sc * 0.08, sc * 0.08),
        mix(style.accent, [1.0; 3], 0.5),
        1.0,
    );
    // Not letters: a star and bars.
    let (mx, my) = scene.cam.p([(x0 + x1) / 2.0, 4.6, neon_z]);
    let star: Vec<Point> = (0..10)
        .map(|i| {
            let a = i as f32 * std::f32::consts::PI / 5.0 - std::f32::consts::FRAC_PI_2;
            let r = if i % 2 == 0 { sc * 0.4 } else { sc * 0.17 };
            (mx + a.cos() * r, my + a.sin() * r)
        })
        .collect();
    canvas.fill(&star, mix(style.accent, [1.0; 3], 0.6), 1.0);
    canvas.glow(mx, my, sc * 3.5, style.accent, 0.45);
    canvas.glow(mx, my, sc * 1.2, style.accent, 0.5);
    let floor = scene.cam.p([(x0 + x1) / 2.0, 0.0, neon_z]);
    Reflection {
        x: floor.0,
        from_y: floor.1,
        to_y: h,
        width: sc * 0.8,
        color: style.accent,
        strength: 0.5,
        seed: seed ^ 5,
    }
    .paint(canvas);
}

/// Lamp posts (or caged bulbs over alley doors), far to near, and their pools on the wet ground.
fn street_lamp_posts(canvas: &mut Canvas, style: &Style, scene: &Scene, layout: &StreetLayout, posts: &mut [V3]) {
    let StreetLayout { alley, seed, .. } = *layout;
    let h = canvas.hf();
    posts.sort_by(|a, b| b[2].partial_cmp(&a[2]).unwrap_or(std::cmp::Ordering::Equal));
    for p in posts.iter() {
        if alley {
            // A caged bulb over a door.
            let (bx, by) = scene.cam.p(*p);
            let sc = scene.cam.scale_at(p[2]);
            canvas.fill(
                &Transform::new(bx, by, sc, 0.0).pts(&[(-0.25, -0.05), (0.25, -0.05), (0.18, 0.1), (-0.18, 0.1)]),
                hex(0x101010),
                1.0,
            );
            scene.bulb(canvas, [p[0], p[1] - 0.15, p[2]], style.amber, 0.12, 1.0);
            scene.cone_to_floor(canvas, [p[0], p[1] - 0.1, p[2]], 1.8, style.amber, 0.18);
        } else {
            lamp_post(scene, canvas, [p[0], 0.15, p[2]], p[1] - 0.4, style.amber);
            scene.cone_to_floor(canvas, [p[0], p[1], p[2]], 2.2, style.amber, 0.1);
        }
        let (gx, gy) = scene.cam.p([p[0], 0.0, p[2]]);
        Reflection {
            x: gx,
            from_y: gy,
            to_y: h,
            width: scene.cam.scale_at(p[2]) * 0.5,
            color: style.amber,
            strength: 0.55,
            seed: seed ^ p[2].to_bits() as u64,
        }
        .paint(canvas);
    }
}

impl Style {
    fn fog_light(&self) -> Rgb {
        mix(self.moon, [1.0, 0.95, 0.85], 0.3)
    }
}

/// A building front along the street: its length and height, its brick colour, how many of its
/// windows are lit, and whether it stands in an alley (no shopfront then).
#[derive(Debug, Clone, Copy)]
struct Facade {
    len: f32,
    hgt: f32,
    col: Rgb,
    seed: u64,
    lit_p: f32,
    alley: bool,
}

/// A building front: storeys of windows (some lit), a shopfront at street level.
fn facade(u: f32, v: f32, front: &Facade, style: &Style) -> (Rgb, Rgb) {
    let Facade {
        len,
        hgt,
        col,
        seed,
        lit_p,
        alley,
    } = *front;
    let brick = {
        let row = (v / 0.08).floor() as i32;
        let bu = u + if row % 2 == 0 { 0.0 } else { 0.11 };
        let joint = (v / 0.08).fract() < 0.15 || (bu / 0.22).fract() < 0.06;
        let base = scale(col, 0.85 + 0.3 * cell(seed, (bu / 0.22) as i32, row));
        if joint { scale(base, 0.6) } else { base }
    };
    if v > hgt - 0.6 {
        // Cornice.
        return (scale(col, if v > hgt - 0.3 { 1.3 } else { 0.5 }), BLACK);
    }
    if !alley && v < 3.2 {
        // Shopfront: a big window, sometimes lit, and an awning line.
        let bay = (u / 5.0).floor() as i32;
        let lu = u - bay as f32 * 5.0;
        let lit = cell(seed, bay, -1) < 0.45;
        if (0.5..4.0).contains(&lu) && (0.6..2.6).contains(&v) {
            let mullion = ((lu - 0.5) / 1.166).fract() < 0.04;
            if mullion {
                return (hex(0x101010), BLACK);
            }
            return if lit {
                (BLACK, scale(style.amber, 0.75 + 0.2 * (v / 2.6)))
            } else {
                (hex(0x080a10), scale(style.night, 0.3))
            };
        }
        if v > 2.7 {
            return (scale(col, 0.45), BLACK);
        }
        return (scale(brick, 0.8), BLACK);
    }
    let storey = 3.2;
    let floor_i = (v / storey).floor() as i32;
    let fv = v - floor_i as f32 * storey;
    let colw = 2.2;
    let col_i = (u / colw).floor() as i32;
    let fu = u - col_i as f32 * colw;
    if u > 0.6 && u < len - 0.6 && (0.6..1.7).contains(&fu) && (0.9..2.6).contains(&fv) {
        let r = cell(seed, col_i, floor_i);
        if fv < 0.95 || (fu - 1.15).abs() < 0.02 || (fv - 1.9).abs() < 0.02 {
            return (hex(0x1a1816), BLACK);
        }
        if r < lit_p {
            let blinds = cell(seed ^ 3, col_i, floor_i) < 0.5 && (fv * 12.0).fract() < 0.4;
            let warm = if r < lit_p * 0.15 { style.accent } else { style.amber };
            return (BLACK, scale(warm, if blinds { 0.35 } else { 0.8 }));
        }
        return (hex(0x0a0c12), scale(style.dusk, 0.15 + 0.1 * (fv - 0.9)));
    }
    if (0.75..0.9).contains(&fv) && (0.45..1.85).contains(&fu) {
        return (scale(col, 1.4), BLACK);
    }
    (brick, BLACK)
}

// ---------------------------------------------------------------------------------------------
// Docks

/// The pier and what stands on it, in metres: the deck's height, the pier's centre, half width
/// and length, the lamp's place on it; the horizon on screen, and the scene's seed.
#[derive(Debug, Clone, Copy)]
struct Pier {
    deck: f32,
    pier_x: f32,
    pier_w: f32,
    pier_len: f32,
    lamp_x: f32,
    lamp_z: f32,
    horizon: f32,
    seed: u64,
}

fn docks(canvas: &mut Canvas, style: &Style, rng: &mut Rng) {
    let (w, h) = (canvas.wf(), canvas.hf());
    let deck = 1.2;
    let eye = [rng.range(-0.6, 0.6), deck + 1.6, 0.0];
    let cam = Cam {
        cx: w * rng.range(0.4, 0.6),
        cy: h * rng.range(0.42, 0.52),
        f: w * rng.range(0.5, 0.58),
        eye,
    };
    let seed = rng.next_u64();
    let pier_x = rng.range(-1.0, 1.0);
    let pier_w = rng.range(1.8, 2.6);
    let pier_len = rng.range(30.0, 60.0);
    let lamp_z = rng.range(8.0, 14.0);
    let lamp_x = pier_x + if rng.chance(0.5) { -pier_w + 0.3 } else { pier_w - 0.3 };
    let lamps = vec![Lamp {
        pos: [lamp_x, deck + 4.0, lamp_z],
        color: style.amber,
        power: 10.0,
        aim: Some(([0.0, -1.0, 0.0], 0.1)),
    }];
    let scene = Scene {
        cam,
        lamps,
        moon: Some(Moon {
            dir: norm3([rng.range(-0.5, 0.5), -0.5, -0.9]),
            color: style.moon,
            power: 0.3,
            through: vec![],
            open_sky: true,
        }),
        ambient: scale(style.night, 0.5),
        fog: mix(style.dusk, style.moon, 0.15),
        fog_density: 0.018,
    };
    let horizon = scene.cam.cy + scene.cam.f * eye[1] / 2000.0;
    let pier = Pier {
        deck,
        pier_x,
        pier_w,
        pier_len,
        lamp_x,
        lamp_z,
        horizon,
        seed,
    };
    sky(canvas, style, rng, horizon);
    far_shore(canvas, style, rng, &scene, &pier);
    harbour_water(canvas, style, rng, &scene, &pier);
    pier_deck(canvas, &scene, &pier);
    pier_cargo(canvas, rng, &scene, &pier);
    dock_lights(canvas, style, rng, &scene, &pier);
    canvas.glow_ellipse(w / 2.0, horizon, w * 0.8, h * 0.12, scene.fog, 0.25);
    if rng.chance(0.4) {
        rain(canvas, style, rng, 350);
    }
}

/// Across the water: a low line of warehouses with a few lights, cranes, perhaps a ship.
fn far_shore(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene, pier: &Pier) {
    let (w, h) = (canvas.wf(), canvas.hf());
    let eye = scene.cam.eye;
    let Pier { pier_x, horizon, .. } = *pier;
    // Far shore: a low line of warehouses with a few lights.
    let shore_y = horizon;
    let mut x = 0.0;
    while x < w {
        let bw = rng.range(20.0, 70.0);
        let bh = rng.range(4.0, 18.0);
        canvas.fill(
            &[
                (x, shore_y),
                (x + bw, shore_y),
                (x + bw, shore_y - bh),
                (x, shore_y - bh),
            ],
            mix(style.night, scene.fog, 0.5),
            1.0,
        );
        if rng.chance(0.4) {
            canvas.glow(x + bw * 0.5, shore_y - bh * 0.5, 6.0, style.amber, 0.5);
        }
        x += bw;
    }
    // Cranes against the sky.
    let cranes = 1 + rng.below(3);
    for k in 0..cranes {
        let bx = w * (0.15 + 0.7 * (k as f32 + rng.range(0.0, 0.8)) / cranes as f32);
        let sc = rng.range(0.7, 1.1);
        crane(
            canvas,
            bx,
            shore_y,
            sc * h * 0.3,
            rng.sign(),
            mix(style.night, BLACK, 0.5),
            style,
        );
    }
    // A ship moored across the water.
    if rng.chance(0.7) {
        let sx = if pier_x + eye[0] > 0.0 {
            w * rng.range(0.1, 0.3)
        } else {
            w * rng.range(0.6, 0.85)
        };
        ship(canvas, sx, shore_y + 6.0, rng.range(140.0, 220.0), style, rng);
    }
}

/// The water: dark, with broken reflections of the pier lamp and the moon.
fn harbour_water(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene, pier: &Pier) {
    let (w, h) = (canvas.wf(), canvas.hf());
    let Pier {
        pier_x,
        lamp_x,
        lamp_z,
        horizon,
        seed,
        ..
    } = *pier;
    // The water: dark, with broken reflections of every light.
    let ripple = Noise::new(seed, 11.0);
    let water_top = horizon;
    canvas.shade(0.0, water_top, w, h, Blend::Over, |x, y| {
        let t = ((y - water_top) / (h - water_top)).clamp(0.0, 1.0);
        let r = ripple.at(x * 0.25, y * 2.5);
        let col = mix(mix(style.dusk, scene.fog, 0.4), scale(style.night, 0.5), t.powf(0.5));
        (scale(col, 0.8 + 0.4 * r), 1.0)
    });
    let (lx, _) = scene.cam.p([lamp_x + (lamp_x - pier_x).signum() * 1.5, 0.0, lamp_z]);
    Reflection {
        x: lx,
        from_y: horizon + 30.0,
        to_y: h,
        width: 30.0,
        color: style.amber,
        strength: 0.3,
        seed: seed ^ 11,
    }
    .paint(canvas);
    let mx = w * rng.range(0.2, 0.8);
    Reflection {
        x: mx,
        from_y: horizon,
        to_y: h,
        width: 40.0,
        color: style.moon,
        strength: 0.25,
        seed: seed ^ 12,
    }
    .paint(canvas);
}

/// The pier itself: pilings, far to near, and the planked deck on them.
fn pier_deck(canvas: &mut Canvas, scene: &Scene, pier: &Pier) {
    let Pier {
        deck,
        pier_x,
        pier_w,
        pier_len,
        seed,
        ..
    } = *pier;
    // Pier: pilings, deck, crates, bollards.
    let pz0 = 0.5;
    let mut z = pier_len;
    while z > 1.0 {
        for sgn in [-1.0f32, 1.0] {
            let px = pier_x + sgn * pier_w;
            scene.solid(
                canvas,
                [px - 0.12, -2.0, z - 0.12],
                [px + 0.12, deck + 0.1, z + 0.12],
                hex(0x2a2018),
            );
        }
        z -= 3.0;
    }
    scene.cuboid(
        canvas,
        [pier_x - pier_w, deck - 0.25, pz0],
        [pier_x + pier_w, deck, pier_len],
        |p, n| {
            if n[1] > 0.5 {
                let plank = (p[2] / 0.22).floor() as i32;
                let gap = (p[2] / 0.22).fract() < 0.1;
                let col = scale(hex(0x4a3a2a), 0.6 + 0.5 * cell(seed, plank, 3));
                (if gap { scale(col, 0.25) } else { col }, BLACK)
            } else {
                (hex(0x2a2018), BLACK)
            }
        },
    );
}

/// Crates (some stacked) and bollards on the deck, far to near.
fn pier_cargo(canvas: &mut Canvas, rng: &mut Rng, scene: &Scene, pier: &Pier) {
    let Pier {
        deck,
        pier_x,
        pier_w,
        pier_len,
        ..
    } = *pier;
    let mut items: Vec<(f32, f32, u8)> = Vec::new();
    for _ in 0..3 + rng.below(3) {
        items.push((
            pier_x + rng.sign() * rng.range(0.4, pier_w - 0.5),
            rng.range(5.0, pier_len * 0.6),
            rng.below(3) as u8,
        ));
    }
    items.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal));
    for (x, z, kind) in items {
        match kind {
            0 | 1 => {
                let s = rng.range(0.6, 1.0);
                scene.cuboid(
                    canvas,
                    [x - s / 2.0, deck, z - s / 2.0],
                    [x + s / 2.0, deck + s, z + s / 2.0],
                    |p, n| {
                        let slat = if n[0].abs() > 0.5 {
                            (p[1] / 0.15).fract() < 0.12
                        } else {
                            (p[0] / 0.15).fract() < 0.12
                        };
                        (if slat { hex(0x2a1e12) } else { hex(0x6a5236) }, BLACK)
                    },
                );
                if kind == 1 {
                    let s2 = s * 0.7;
                    scene.solid(
                        canvas,
                        [x - s2 / 2.0, deck + s, z - s2 / 2.0],
                        [x + s2 / 2.0, deck + s + s2, z + s2 / 2.0],
                        hex(0x5a4630),
                    );
                }
            }
            _ => {
                let bx = pier_x + (x - pier_x).signum() * (pier_w - 0.25);
                let xf = at(scene, [bx, deck, z]);
                canvas.fill(&xf.rect(-0.12, -0.45, 0.12, 0.0), hex(0x141414), 1.0);
                canvas.fill(&xf.ellipse(0.0, -0.45, 0.17, 0.06), hex(0x1c1c1c), 1.0);
            }
        }
    }
}

/// The pier lamp and its cone, perhaps a figure under it, and a red-light buoy on the water.
fn dock_lights(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene, pier: &Pier) {
    let (w, h) = (canvas.wf(), canvas.hf());
    let Pier {
        deck,
        pier_x,
        lamp_x,
        lamp_z,
        horizon,
        seed,
        ..
    } = *pier;
    // The lamp and its reflection, the moon's track on the water.
    lamp_post(scene, canvas, [lamp_x, deck, lamp_z], 3.6, style.amber);
    scene.cone_to_floor(canvas, [lamp_x, deck + 4.0, lamp_z], 2.0, style.amber, 0.1);
    if rng.chance(0.5) {
        let xf = at(scene, [pier_x + rng.range(-0.5, 0.5), deck, rng.range(12.0, 20.0)]);
        figure(canvas, &xf, hex(0x060608), style.amber, 1.0);
    }
    // A red-light buoy in the accent colour.
    let (bx, by) = (w * rng.range(0.05, 0.95), horizon + rng.range(8.0, 30.0));
    canvas.glow(bx, by, 30.0, style.accent, 0.5);
    canvas.glow(bx, by, 5.0, mix(style.accent, [1.0; 3], 0.5), 1.0);
    Reflection {
        x: bx,
        from_y: by + 4.0,
        to_y: h * 0.95,
        width: 8.0,
        color: style.accent,
        strength: 0.4,
        seed: seed ^ 13,
    }
    .paint(canvas);
}

fn crane(canvas: &mut Canvas, x: f32, base: f32, height: f32, dir: f32, col: Rgb, style: &Style) {
    let lw = (height * 0.012).max(1.0);
    let tw = height * 0.08;
    let top = base - height;
    canvas.line((x - tw, base), (x - tw * 0.6, top), lw * 1.5, col, 1.0);
    canvas.line((x + tw, base), (x + tw * 0.6, top), lw * 1.5, col, 1.0);
    let n = 8;
    for i in 0..n {
        let (y0, y1) = (
            lerp(base, top, i as f32 / n as f32),
            lerp(base, top, (i + 1) as f32 / n as f32),
        );
        let (a0, a1) = (
            tw * (1.0 - 0.4 * i as f32 / n as f32),
            tw * (1.0 - 0.4 * (i + 1) as f32 / n as f32),
        );
        canvas.line((x - a0, y0), (x + a1, y1), lw, col, 1.0);
        canvas.line((x + a0, y0), (x - a1, y1), lw, col, 1.0);
    }
    // Jib and counter-jib.
    let jib = height * 0.9;
    let jy = top + height * 0.05;
    canvas.line(
        (x - dir * jib * 0.3, jy),
        (x + dir * jib, jy + height * 0.02),
        lw * 2.0,
        col,
        1.0,
    );
    canvas.line((x, top - height * 0.15), (x + dir * jib, jy), lw, col, 1.0);
    canvas.line((x, top - height * 0.15), (x - dir * jib * 0.3, jy), lw, col, 1.0);
    canvas.fill(
        &rect_around(x - dir * jib * 0.25, jy + height * 0.03, height * 0.05, height * 0.03),
        col,
        1.0,
    );
    let hook_x = x + dir * jib * 0.7;
    canvas.line((hook_x, jy), (hook_x, jy + height * 0.45), lw * 0.6, col, 1.0);
    canvas.glow(x, top - height * 0.15, 8.0, style.accent, 0.8);
    canvas.glow(x, top - height * 0.15, 2.5, [1.0; 3], 0.6);
}

fn lerp(a: f32, b: f32, t: f32) -> f32 {
    a + (b - a) * t
}

fn rect_around(x: f32, y: f32, hw: f32, hh: f32) -> Vec<Point> {
    vec![(x - hw, y - hh), (x + hw, y - hh), (x + hw, y + hh), (x - hw, y + hh)]
}

fn ship(canvas: &mut Canvas, x: f32, y: f32, len: f32, style: &Style, rng: &mut Rng) {
    let hull_col = hex(0x06070a);
    let hh = len * 0.16;
    let hull = [
        (x - len / 2.0, y - hh),
        (x + len / 2.0 + len * 0.08, y - hh * 1.3),
        (x + len / 2.0, y),
        (x - len / 2.0 + len * 0.04, y),
    ];
    canvas.fill(&hull, hull_col, 1.0);
    canvas.fill(
        &rect_around(x - len * 0.05, y - hh * 1.5, len * 0.2, hh * 0.5),
        hull_col,
        1.0,
    );
    canvas.fill(
        &rect_around(x - len * 0.08, y - hh * 2.2, len * 0.1, hh * 0.3),
        hull_col,
        1.0,
    );
    canvas.fill(
        &[
            (x + len * 0.05, y - hh * 1.9),
            (x + len * 0.12, y - hh * 1.9),
            (x + len * 0.11, y - hh * 3.0),
            (x + len * 0.06, y - hh * 3.0),
        ],
        hull_col,
        1.0,
    );
    canvas.fill(
        &rect_around(x + len * 0.085, y - hh * 2.85, len * 0.03, hh * 0.12),
        scale(style.accent, 0.6),
        1.0,
    );
    canvas.line(
        (x - len * 0.35, y - hh),
        (x - len * 0.35, y - hh * 4.0),
        1.5,
        hull_col,
        1.0,
    );
    canvas.line(
        (x + len * 0.35, y - hh * 1.2),
        (x + len * 0.35, y - hh * 3.6),
        1.5,
        hull_col,
        1.0,
    );
    for i in 0..9 {
        if rng.chance(0.55) {
            let px = x - len * 0.4 + i as f32 * len * 0.1;
            canvas.glow(px, y - hh * 0.55, 3.5, style.amber, 0.9);
            Reflection {
                x: px,
                from_y: y + 2.0,
                to_y: y + 40.0,
                width: 3.0,
                color: style.amber,
                strength: 0.4,
                seed: i as u64,
            }
            .paint(canvas);
        }
    }
    canvas.glow(x - len * 0.35, y - hh * 4.0, 3.0, [1.0, 0.9, 0.8], 0.9);
}

// ---------------------------------------------------------------------------------------------
// Gardens

/// The layout of a garden, in metres: the gravel path's half width, where the hedges start beside
/// it, how far the lawn runs, and the seed the gravel, grass and leaves are speckled with.
#[derive(Debug, Clone, Copy)]
struct Grounds {
    path_w: f32,
    hedge_x: f32,
    far: f32,
    seed: u64,
}

fn garden(canvas: &mut Canvas, style: &Style, rng: &mut Rng) {
    let (w, h) = (canvas.wf(), canvas.hf());
    let eye = [rng.range(-0.5, 0.5), rng.range(1.5, 1.8), 0.0];
    let cam = Cam {
        cx: w * rng.range(0.42, 0.58),
        cy: h * rng.range(0.42, 0.5),
        f: w * rng.range(0.5, 0.6),
        eye,
    };
    let seed = rng.next_u64();
    let path_w = rng.range(0.9, 1.5);
    let hedge_x = path_w + rng.range(0.5, 1.5);
    let far = 40.0;
    let grounds = Grounds {
        path_w,
        hedge_x,
        far,
        seed,
    };
    let mut posts = Vec::new();
    let mut z = rng.range(5.0, 8.0);
    while z < 30.0 {
        posts.push([
            if posts.len() % 2 == 0 {
                -path_w - 0.3
            } else {
                path_w + 0.3
            },
            2.6,
            z,
        ]);
        z += rng.range(7.0, 11.0);
    }
    let lamps = posts
        .iter()
        .map(|p| Lamp {
            pos: *p,
            color: style.amber,
            power: 6.0,
            aim: None,
        })
        .collect();
    let scene = Scene {
        cam,
        lamps,
        moon: Some(Moon {
            dir: norm3([rng.range(-0.7, 0.7), -0.6, -0.6]),
            color: style.moon,
            power: 0.45,
            through: vec![],
            open_sky: true,
        }),
        ambient: scale(style.night, 0.45),
        fog: mix(style.dusk, style.moon, 0.2),
        fog_density: 0.035,
    };
    sky(canvas, style, rng, scene.cam.cy + 4.0);
    skyline_trees(canvas, style, rng, &scene, &grounds);
    lawn_and_path(canvas, &scene, &grounds);
    let end_z = path_end(canvas, style, rng, &scene);
    hedges(canvas, rng, &scene, &grounds, end_z);
    // Lanterns.
    for p in posts.iter().rev() {
        lamp_post(&scene, canvas, [p[0], 0.0, p[2]], p[1] - 0.4, style.amber);
    }
    // A bench, a topiary in the accent of the case (roses).
    let (bx, bz) = (-hedge_x + 0.2, rng.range(4.0, 7.0));
    let bxf = at(&scene, [bx + 0.5, 0.0, bz]);
    for k in 0..14 {
        let (fx, fy) = (rng.range(-0.6, 0.6), rng.range(-1.3, -0.9));
        canvas.fill(
            &bxf.ellipse(fx, fy, 0.05, 0.05),
            scale(style.accent, 0.5 + 0.5 * (k % 3) as f32 / 2.0),
            1.0,
        );
    }
    // Mist.
    let mist = Noise::new(seed, 90.0);
    canvas.shade(0.0, scene.cam.cy - 20.0, w, h, Blend::Add, |x, y| {
        let t = (y - scene.cam.cy + 20.0) / 80.0;
        let n = mist.at(x * 0.5, y * 2.0);
        (scene.fog, 0.12 * (1.0 - (t - 0.6).abs().min(1.0)) * n)
    });
}

/// Trees on the skyline, beyond the hedges.
fn skyline_trees(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene, grounds: &Grounds) {
    let hedge_x = grounds.hedge_x;
    let foliage = hex(0x05080a);
    let n_trees = 5 + rng.below(5);
    for _ in 0..n_trees {
        let tz = rng.range(18.0, 45.0);
        let tx = rng.sign() * rng.range(hedge_x + 1.0, 14.0);
        let xf = at(scene, [tx, 0.0, tz]);
        tree(
            canvas,
            &xf,
            rng.range(5.0, 11.0),
            foliage,
            mix(style.moon, style.dusk, 0.5),
            rng,
        );
    }
}

/// The lawn and the gravel path down its middle.
fn lawn_and_path(canvas: &mut Canvas, scene: &Scene, grounds: &Grounds) {
    let Grounds { path_w, far, seed, .. } = *grounds;
    scene.face(
        canvas,
        &[
            [-40.0, 0.0, 0.5],
            [40.0, 0.0, 0.5],
            [40.0, 0.0, far + 20.0],
            [-40.0, 0.0, far + 20.0],
        ],
        |p, _| {
            if p[0].abs() < path_w {
                let g = cell(seed, (p[0] * 20.0) as i32, (p[2] * 20.0) as i32);
                (scale(hex(0x7a7468), 0.7 + 0.3 * g), BLACK)
            } else {
                let g = cell(seed, (p[0] * 8.0) as i32, (p[2] * 8.0) as i32);
                (scale(hex(0x1e3020), 0.6 + 0.4 * g), BLACK)
            }
        },
    );
}

/// Something at the end of the path: a fountain, a statue or a gazebo. Returns how far away it is.
fn path_end(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene) -> f32 {
    let end_z = rng.range(20.0, 30.0);
    match rng.below(3) {
        0 => {
            scene.solid(canvas, [-1.6, 0.0, end_z - 1.6], [1.6, 0.5, end_z + 1.6], hex(0x7a7670));
            scene.solid(canvas, [-0.2, 0.5, end_z - 0.2], [0.2, 1.5, end_z + 0.2], hex(0x7a7670));
            scene.solid(canvas, [-0.8, 1.5, end_z - 0.8], [0.8, 1.7, end_z + 0.8], hex(0x7a7670));
            let (fx, fy) = scene.cam.p([0.0, 2.2, end_z]);
            canvas.glow_ellipse(fx, fy, 14.0, 26.0, style.moon, 0.3);
        }
        1 => {
            scene.solid(canvas, [-0.5, 0.0, end_z - 0.5], [0.5, 1.6, end_z + 0.5], hex(0x6a6660));
            let xf = at(scene, [0.0, 1.6, end_z]);
            let statue = [
                (-0.25, 0.0),
                (0.25, 0.0),
                (0.2, -0.9),
                (0.35, -1.3),
                (0.5, -1.75),
                (0.42, -1.8),
                (0.2, -1.45),
                (0.12, -1.5),
                (0.12, -1.75),
                (0.0, -1.9),
                (-0.12, -1.75),
                (-0.15, -1.4),
                (-0.25, -1.3),
                (-0.22, -0.9),
            ];
            canvas.fill(&xf.pts(&statue), hex(0x5a5a58), 1.0);
            canvas.fill_with(&xf.pts(&statue), Blend::Multiply, |px, _| {
                ([0.2; 3], if px < xf.ox { 0.7 } else { 0.0 })
            });
        }
        _ => {
            let gz = end_z;
            for (dx, dz) in [(-1.8, -1.2), (1.8, -1.2), (-1.8, 1.2), (1.8, 1.2)] {
                scene.solid(
                    canvas,
                    [dx - 0.08, 0.3, gz + dz - 0.08],
                    [dx + 0.08, 2.6, gz + dz + 0.08],
                    hex(0x8a8680),
                );
            }
            scene.solid(canvas, [-2.1, 0.0, gz - 1.5], [2.1, 0.3, gz + 1.5], hex(0x5a5650));
            let xf = at(scene, [0.0, 2.6, gz - 1.2]);
            canvas.fill(&xf.pts(&[(-2.3, 0.0), (2.3, 0.0), (0.0, -1.6)]), hex(0x14161a), 1.0);
            let (gx, gy) = scene.cam.p([0.0, 1.4, gz]);
            canvas.glow(gx, gy, 40.0, style.amber, 0.4);
        }
    }
    end_z
}

/// Hedges along the path up to `end_z`, with a gap on each side; clipped tops catch the moon.
fn hedges(canvas: &mut Canvas, rng: &mut Rng, scene: &Scene, grounds: &Grounds, end_z: f32) {
    let Grounds { hedge_x, seed, .. } = *grounds;
    for sgn in [-1.0f32, 1.0] {
        let x0 = sgn * hedge_x;
        let gap = rng.range(8.0, 14.0);
        for (z0, z1) in [(1.0, gap), (gap + 1.8, end_z - 3.0)] {
            if z1 <= z0 {
                continue;
            }
            let hh = rng.range(1.1, 1.5);
            scene.cuboid(
                canvas,
                [x0.min(x0 + sgn * 1.0), 0.0, z0],
                [x0.max(x0 + sgn * 1.0), hh, z1],
                |p, n| {
                    let leaf = cell(seed ^ 77, (p[2] * 12.0 + p[0] * 12.0) as i32, (p[1] * 12.0) as i32);
                    let base = if n[1] > 0.5 { hex(0x2a4430) } else { hex(0x12201a) };
                    (scale(base, 0.5 + 0.7 * leaf), BLACK)
                },
            );
        }
    }
}

fn tree(canvas: &mut Canvas, xf: &Transform, height: f32, col: Rgb, rim: Rgb, rng: &mut Rng) {
    canvas.fill(
        &xf.pts(&stroke_pts(&[(0.0, 0.0), (0.1, -height * 0.5)], 0.5, 0.25)),
        col,
        1.0,
    );
    let n = 10 + rng.below(8);
    let mut blobs = Vec::new();
    for _ in 0..n {
        let (bx, by) = (rng.range(-0.35, 0.35) * height, -height * rng.range(0.45, 0.95));
        let r = height * rng.range(0.12, 0.22);
        blobs.push((bx, by, r));
    }
    for &(bx, by, r) in &blobs {
        canvas.fill(&xf.ellipse(bx - r * 0.08, by - r * 0.08, r, r * 0.9), rim, 0.25);
    }
    for &(bx, by, r) in &blobs {
        canvas.fill(&xf.ellipse(bx, by, r, r * 0.9), col, 1.0);
    }
}

// ---------------------------------------------------------------------------------------------
// Theatre

/// The theatre's stage, in metres: the height of the boards, the depth of the proscenium (`front`)
/// and of the backdrop (`back`), the opening's half width and height, where the spotlight falls
/// (`spot_x`, `spot_z`) and where it hangs, and the seed the boards are grained with.
#[derive(Debug, Clone, Copy)]
struct Stage {
    stage_h: f32,
    front: f32,
    back: f32,
    open_w: f32,
    open_h: f32,
    spot_x: f32,
    spot_z: f32,
    spot_from: V3,
    seed: u64,
}

fn theatre(canvas: &mut Canvas, style: &Style, rng: &mut Rng) {
    let (w, h) = (canvas.wf(), canvas.hf());
    let eye = [rng.range(-1.5, 1.5), rng.range(2.8, 3.4), 0.0];
    let cam = Cam {
        cx: w * rng.range(0.44, 0.56),
        cy: h * rng.range(0.36, 0.42),
        f: w * rng.range(0.56, 0.62),
        eye,
    };
    let seed = rng.next_u64();
    let stage_h = 1.1;
    let front = 10.0;
    let back = 16.0;
    let open_w = rng.range(4.0, 5.0);
    let open_h = rng.range(5.0, 6.0);
    let spot_x = rng.range(-1.5, 1.5);
    let spot_z = rng.range(10.5, 12.5);
    let spot_from = [rng.range(-4.0, 4.0), 9.0, 4.0];
    let aim = norm3([spot_x - spot_from[0], stage_h - spot_from[1], spot_z - spot_from[2]]);
    let lamps = vec![
        Lamp {
            pos: spot_from,
            color: [1.0, 0.92, 0.8],
            power: 140.0,
            aim: Some((aim, 0.992)),
        },
        Lamp {
            pos: [0.0, stage_h + 0.1, front - 0.2],
            color: style.amber,
            power: 2.0,
            aim: None,
        },
    ];
    let scene = Scene {
        cam,
        lamps,
        moon: None,
        ambient: scale(style.night, 0.45),
        fog: scale(style.night, 0.5),
        fog_density: 0.02,
    };
    let stage = Stage {
        stage_h,
        front,
        back,
        open_w,
        open_h,
        spot_x,
        spot_z,
        spot_from,
        seed,
    };
    // The auditorium walls, dark.
    canvas.shade(0.0, 0.0, w, h, Blend::Over, |_, y| {
        (mix(scale(style.night, 0.4), scale(style.night, 0.8), y / h), 1.0)
    });
    stage_boards(canvas, style, rng, &scene, &stage);
    stage_prop(canvas, rng, &scene, &stage);
    let (sx, sy, r) = spotlight_beam(canvas, &scene, &stage);
    let curtain = stage_curtains(canvas, style, rng, &scene, &stage);
    valance(canvas, curtain, &scene, &stage);
    proscenium(canvas, style, &scene, &stage);
    footlights(canvas, style, &scene, &stage);
    auditorium_seats(canvas, style, &scene, &stage);
    canvas.glow_ellipse(sx, sy, r * 1.2, r * 0.4, [1.0, 0.9, 0.7], 0.3);
}

/// The backdrop (a painted moon or a dark fold), the boards of the stage and the apron below them.
fn stage_boards(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene, stage: &Stage) {
    let Stage {
        stage_h,
        front,
        back,
        open_w,
        open_h,
        seed,
        ..
    } = *stage;
    // Backdrop and stage floor.
    let moon_backdrop = rng.chance(0.5);
    scene.face(
        canvas,
        &[
            [-open_w, stage_h, back],
            [open_w, stage_h, back],
            [open_w, open_h + 2.0, back],
            [-open_w, open_h + 2.0, back],
        ],
        |p, _| {
            if moon_backdrop {
                let d = ((p[0] - 1.5).powi(2) + (p[1] - 4.2).powi(2)).sqrt();
                let moon = if d < 0.7 { 0.9 } else { 0.0 };
                (add(hex(0x1a2a48), [moon; 3]), scale(style.dusk, 0.3))
            } else {
                let fold = 0.7 + 0.3 * (p[0] * 5.0).sin();
                (scale(hex(0x2a2420), fold), BLACK)
            }
        },
    );
    scene.face(
        canvas,
        &[
            [-open_w - 1.0, stage_h, front - 0.6],
            [open_w + 1.0, stage_h, front - 0.6],
            [open_w + 1.0, stage_h, back],
            [-open_w - 1.0, stage_h, back],
        ],
        |p, _| {
            let board = (p[0] / 0.2).floor() as i32;
            let seam = (p[0] / 0.2).fract() < 0.06;
            let col = scale(hex(0x5a4028), 0.6 + 0.4 * cell(seed, board, 1));
            (if seam { scale(col, 0.4) } else { col }, BLACK)
        },
    );
    scene.face(
        canvas,
        &[
            [-open_w - 1.0, 0.0, front - 0.6],
            [open_w + 1.0, 0.0, front - 0.6],
            [open_w + 1.0, stage_h, front - 0.6],
            [-open_w - 1.0, stage_h, front - 0.6],
        ],
        |_, _| (hex(0x1a1010), BLACK),
    );
}

/// Something on stage, in the spotlight: a microphone, a chair, or a grand piano's silhouette.
fn stage_prop(canvas: &mut Canvas, rng: &mut Rng, scene: &Scene, stage: &Stage) {
    let Stage {
        stage_h,
        spot_x,
        spot_z,
        ..
    } = *stage;
    let prop_x = spot_x + rng.range(-0.4, 0.4);
    let xf = at(scene, [prop_x, stage_h, spot_z]);
    let ink = hex(0x08080a);
    match rng.below(3) {
        0 => {
            canvas.fill(&xf.pts(&stroke_pts(&[(0.0, 0.0), (0.0, -1.6)], 0.03, 0.02)), ink, 1.0);
            canvas.fill(&xf.pts(&[(-0.25, 0.0), (0.25, 0.0), (0.0, -0.05)]), ink, 1.0);
            canvas.fill(&xf.ellipse(0.0, -1.65, 0.05, 0.08), hex(0x8a8a8a), 1.0);
        }
        1 => {
            for x in [-0.2, 0.2] {
                canvas.fill(&xf.rect(x - 0.02, -0.45, x + 0.02, 0.0), ink, 1.0);
            }
            canvas.fill(&xf.rect(-0.24, -0.5, 0.24, -0.44), ink, 1.0);
            canvas.fill(&xf.rect(-0.22, -1.0, -0.17, -0.45), ink, 1.0);
            canvas.fill(&xf.rect(0.17, -1.0, 0.22, -0.45), ink, 1.0);
            canvas.fill(&xf.rect(-0.22, -1.0, 0.22, -0.9), ink, 1.0);
        }
        _ => {
            let piano = [(-1.0, -0.95), (0.6, -0.95), (1.0, -0.85), (1.1, -0.75), (-1.0, -0.75)];
            canvas.fill(&xf.pts(&piano), ink, 1.0);
            canvas.fill(
                &xf.pts(&[(-1.0, -0.95), (-0.3, -1.7), (-0.2, -1.65), (-0.9, -0.95)]),
                ink,
                1.0,
            );
            for x in [-0.9, 0.8] {
                canvas.fill(&xf.rect(x - 0.04, -0.78, x + 0.04, 0.0), ink, 1.0);
            }
        }
    }
}

/// The spotlight's beam down to the stage; returns the pool's centre on screen and its radius.
fn spotlight_beam(canvas: &mut Canvas, scene: &Scene, stage: &Stage) -> (f32, f32, f32) {
    let Stage {
        stage_h,
        spot_x,
        spot_z,
        spot_from,
        ..
    } = *stage;
    let w = canvas.wf();
    // The spotlight beam and pool.
    let (sx, sy) = scene.cam.p([spot_x, stage_h, spot_z]);
    let (ax, ay) = scene.cam.p(spot_from);
    let r = scene.cam.scale_at(spot_z) * 1.1;
    canvas.beam(
        (ax.clamp(-200.0, w + 200.0), ay.min(-10.0)),
        (sx - r, sy),
        (sx + r, sy),
        [1.0, 0.95, 0.85],
        0.22,
    );
    (sx, sy, r)
}

/// The curtains in the case's colour, pulled to the sides and tied back; returns their colour.
fn stage_curtains(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene, stage: &Stage) -> Rgb {
    let Stage {
        stage_h,
        front,
        open_w,
        open_h,
        ..
    } = *stage;
    // Proscenium and curtains in the case's colour, pulled to the sides.
    let curtain = mix(style.accent, hex(0x300808), 0.35);
    let open = rng.range(0.5, 0.75);
    for sgn in [-1.0f32, 1.0] {
        let inner = sgn * open_w * open;
        let outer = sgn * (open_w + 0.2);
        let (lo, hi) = (inner.min(outer), inner.max(outer));
        scene.face(
            canvas,
            &[
                [lo, stage_h, front],
                [hi, stage_h, front],
                [hi, open_h + 1.5, front],
                [lo, open_h + 1.5, front],
            ],
            |p, _| {
                let t = (p[0] - inner).abs() / (outer - inner).abs().max(0.1);
                let f = 0.45 + 0.55 * ((p[0] * 7.0 + (p[1] * 0.6).sin() * (1.0 - t)).sin()).abs().powf(0.6);
                // Lit from below by the footlights, fading upward.
                let foot = 0.35 * (1.0 - ((p[1] - stage_h) / open_h).clamp(0.0, 1.0)).powi(2);
                (scale(curtain, f), scale(curtain, f * (0.08 + foot)))
            },
        );
        // Tie-back swag.
        let (tx, ty) = scene.cam.p([inner, stage_h + 1.5, front]);
        canvas.fill(&ellipse_pts(tx, ty, 6.0, 4.0, 0.0, 16), hex(0xc8a040), 1.0);
    }
    curtain
}

/// The valance: the scalloped drape across the top of the opening.
fn valance(canvas: &mut Canvas, curtain: Rgb, scene: &Scene, stage: &Stage) {
    let Stage {
        front, open_w, open_h, ..
    } = *stage;
    let sc = scene.cam.scale_at(front);
    let (vl, vt) = scene.cam.p([-open_w - 0.3, open_h + 1.5, front]);
    let (vr, vb) = scene.cam.p([open_w + 0.3, open_h - 0.4, front]);
    let mut val = vec![(vl, vt)];
    let swags = 5;
    for i in 0..=swags * 8 {
        let t = i as f32 / (swags * 8) as f32;
        let x = vl + (vr - vl) * t;
        let y = vb - sc * 0.5 + (t * swags as f32 * std::f32::consts::PI).sin().abs() * sc * 0.6;
        val.push((x, y));
    }
    val.push((vr, vt));
    canvas.fill_with(&val, Blend::Over, |x, y| {
        let f = 0.6 + 0.4 * ((x - vl) / (vr - vl) * swags as f32 * std::f32::consts::PI).sin().abs();
        (
            scale(curtain, f * (0.9 - 0.3 * ((vb - y) / (vb - vt)).clamp(0.0, 1.0))),
            1.0,
        )
    });
}

/// The proscenium's gilt frame, and the walls beside the stage with their sconces.
fn proscenium(canvas: &mut Canvas, style: &Style, scene: &Scene, stage: &Stage) {
    let Stage {
        stage_h,
        front,
        open_w,
        open_h,
        ..
    } = *stage;
    let sc = scene.cam.scale_at(front);
    // Proscenium frame: gilt edges.
    let frame = [
        scene.cam.p([-open_w - 0.3, stage_h, front - 0.05]),
        scene.cam.p([-open_w - 0.3, open_h + 1.5, front - 0.05]),
        scene.cam.p([open_w + 0.3, open_h + 1.5, front - 0.05]),
        scene.cam.p([open_w + 0.3, stage_h, front - 0.05]),
    ];
    canvas.stroke(&frame, sc * 0.18, hex(0x6a5020), 1.0);
    canvas.stroke(&frame, sc * 0.05, hex(0xc8a050), 0.8);
    // Walls beside the stage with sconces.
    for sgn in [-1.0f32, 1.0] {
        let x0 = sgn * (open_w + 0.3);
        let q = [
            scene.cam.p([x0, 0.0, front - 0.05]),
            scene.cam.p([sgn * 30.0, 0.0, front - 0.05]),
            scene.cam.p([sgn * 30.0, 20.0, front - 0.05]),
            scene.cam.p([x0, 20.0, front - 0.05]),
        ];
        canvas.fill(&q, scale(style.night, 0.45), 1.0);
        for y in [2.5f32, 4.5] {
            let (lx, ly) = scene.cam.p([sgn * (open_w + 1.6), y, front - 0.1]);
            canvas.glow(lx, ly, sc * 1.5, style.amber, 0.35);
            canvas.glow(lx, ly, sc * 0.12, [1.0, 0.9, 0.7], 1.0);
        }
    }
}

/// A row of footlights along the front of the stage.
fn footlights(canvas: &mut Canvas, style: &Style, scene: &Scene, stage: &Stage) {
    let Stage {
        stage_h, front, open_w, ..
    } = *stage;
    let sc = scene.cam.scale_at(front);
    let n = 9;
    for i in 0..n {
        let x = -open_w + 0.5 + i as f32 * (2.0 * open_w - 1.0) / (n - 1) as f32;
        let (fx, fy) = scene.cam.p([x, stage_h, front - 0.5]);
        canvas.glow(fx, fy, sc * 0.5, style.amber, 0.5);
        canvas.glow(fx, fy, sc * 0.08, [1.0, 0.9, 0.7], 1.0);
    }
}

/// Rows of empty seats in the dark, rising toward us.
fn auditorium_seats(canvas: &mut Canvas, style: &Style, scene: &Scene, stage: &Stage) {
    let front = stage.front;
    let seat = mix(hex(0x2a0a0a), style.accent, 0.2);
    let mut z = front - 2.5;
    let mut row = 0;
    while z > 2.5 {
        let y = 0.45 + (front - 2.5 - z) * 0.12;
        let mut x = -14.0 + (row % 2) as f32 * 0.28;
        let light = 0.5 / (1.0 + row as f32 * 0.6);
        while x < 14.0 {
            if x.abs() > 0.7 {
                let xf = at(scene, [x, y, z]);
                canvas.fill(&xf.pts(&rounded_seat()), scale(seat, 0.6), 1.0);
                canvas.fill(
                    &xf.pts(&[(-0.2, -0.5), (0.2, -0.5), (0.18, -0.46), (-0.18, -0.46)]),
                    style.amber,
                    light,
                );
            }
            x += 0.56;
        }
        z -= 0.95;
        row += 1;
    }
}

fn rounded_seat() -> Vec<Point> {
    let mut v = vec![(-0.25, 0.6), (0.25, 0.6)];
    v.extend(super::canvas::arc_pts(
        0.0,
        -0.35,
        0.25,
        0.16,
        0.0,
        -std::f32::consts::PI,
        10,
    ));
    v
}
