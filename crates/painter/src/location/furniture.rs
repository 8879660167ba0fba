//! Furniture and fittings of the rooms added for the case writer's places: shop counters, clocks
//! and armour, wine barrels, a dressing table, crates, lift doors, a telescope, a billiard table,
//! chandeliers, gaming tables, arcade machines, a kitchen range, a limousine, a studio microphone,
//! projectors, bells, stalls, a vault door, a lighthouse lens and rowing boats.
//!
//! Each piece knows where it stands (its depth, for drawing far to near), whether it lights the
//! room, and how to draw itself.

use super::super::Style;
use super::super::canvas::{
    Blend, Canvas, Point, Rgb, Rng, Transform, add, ellipse_pts, hex, mix, mul, scale, smoothstep, stroke_pts,
};
use super::super::scene::{Lamp, Scene, V3};
use super::halls::{billiard_table, chandelier, cue_rack, front_desk, lift_doors, telescope};
use super::rooms::Room;
use super::{BLACK, amber_lamp, at};

/// A piece of furniture or a fitting, placed in the room (x across, z away from us, metres).
#[derive(Debug, Clone, Copy)]
pub(super) enum Piece {
    /// A glass-topped shop counter from x0 to x1, z0 to z1, goods glinting inside.
    DisplayCase {
        x0: f32,
        x1: f32,
        z0: f32,
        z1: f32,
    },
    GrandfatherClock {
        x: f32,
        z: f32,
    },
    SuitOfArmour {
        x: f32,
        z: f32,
    },
    DressForm {
        x: f32,
        z: f32,
    },
    Barrel {
        x: f32,
        z: f32,
    },
    /// A bare bulb on its cord.
    BareBulb {
        x: f32,
        z: f32,
    },
    /// A dressing table against the back wall under a mirror ringed with bulbs.
    Vanity {
        x: f32,
    },
    /// A double-bass case leaning on a side wall.
    InstrumentCase {
        x: f32,
        z: f32,
    },
    /// A stack of shipping crates, `high` crates tall.
    Crates {
        x: f32,
        z: f32,
        high: u8,
    },
    /// Roof trusses across a big shed.
    Trusses,
    /// Brass lift doors in the back wall, a floor dial above them.
    LiftDoors {
        x: f32,
    },
    /// A long front desk across the room, pigeonholes of keys on the wall behind.
    FrontDesk {
        x0: f32,
        x1: f32,
        z: f32,
    },
    Telescope {
        x: f32,
        z: f32,
    },
    BilliardTable {
        x: f32,
        z: f32,
    },
    /// A rack of cues on a side wall.
    CueRack {
        side: f32,
        z: f32,
    },
    Chandelier {
        x: f32,
        z: f32,
    },
    CardTable {
        x: f32,
        z: f32,
    },
    RouletteTable {
        x: f32,
        z: f32,
    },
    /// Brass posts and a velvet rope from z0 to z1 at x.
    VelvetRope {
        x: f32,
        z0: f32,
        z1: f32,
    },
    ArcadeMachine {
        x: f32,
        z: f32,
    },
    /// A fortune-telling automaton in a glass case.
    Automaton {
        x: f32,
        z: f32,
    },
    /// Strings of coloured bulbs along both walls, under the ceiling.
    BulbStrings,
    LongTable {
        x: f32,
        z0: f32,
        z1: f32,
    },
    /// A coal range against the back wall, its firebox glowing.
    Range {
        x: f32,
    },
    Limousine {
        x: f32,
        z: f32,
    },
    Microphone {
        x: f32,
        z: f32,
    },
    /// A red ON AIR light box over the booth window.
    OnAirSign {
        x: f32,
    },
    Projector {
        x: f32,
        z: f32,
    },
    /// A stack of film cans.
    FilmCans {
        x: f32,
        z: f32,
    },
    /// A bronze bell hanging from a beam; `size` is its mouth's width.
    Bell {
        x: f32,
        z: f32,
        size: f32,
    },
    /// A ladder going down through a hatch in the floor.
    Ladder {
        x: f32,
        z: f32,
    },
    /// Stall partitions and half doors along a side wall.
    Stalls {
        side: f32,
    },
    /// A saddle on a saddle horse.
    Saddle {
        x: f32,
        z: f32,
    },
    /// A chalkboard on the back wall.
    Chalkboard {
        x: f32,
    },
    /// A round vault door in the back wall.
    VaultDoor {
        x: f32,
    },
    /// The great lens of a lighthouse, lit.
    Lens {
        x: f32,
        z: f32,
    },
    Rowboat {
        x: f32,
        z: f32,
    },
    /// Oars racked on a side wall.
    Oars {
        side: f32,
        z: f32,
    },
    /// A typewriter on a desk top.
    Typewriter {
        x: f32,
        z: f32,
    },
    /// A low bandstand across the back of the room, music stands on it.
    Bandstand,
    GiltChair {
        x: f32,
        z: f32,
    },
}

/// Against the back wall: drawn before anything standing in the room.
const ON_BACK_WALL: f32 = 200.0;
/// Against a side wall, or overhead across the whole room.
const ON_SIDE_WALL: f32 = 150.0;

impl Piece {
    /// How far away it stands, for drawing far to near.
    pub fn depth(&self) -> f32 {
        use Piece::*;
        match *self {
            LiftDoors { .. }
            | Range { .. }
            | OnAirSign { .. }
            | Chalkboard { .. }
            | VaultDoor { .. }
            | Vanity { .. } => ON_BACK_WALL,
            Bandstand => ON_BACK_WALL - 1.0,
            CueRack { .. } | Stalls { .. } | Oars { .. } | Trusses | BulbStrings => ON_SIDE_WALL,
            DisplayCase { z1, .. } => z1,
            VelvetRope { z1, .. } | LongTable { z1, .. } => z1,
            FrontDesk { z, .. }
            | GrandfatherClock { z, .. }
            | SuitOfArmour { z, .. }
            | DressForm { z, .. }
            | Barrel { z, .. }
            | BareBulb { z, .. }
            | InstrumentCase { z, .. }
            | Crates { z, .. }
            | Telescope { z, .. }
            | BilliardTable { z, .. }
            | Chandelier { z, .. }
            | CardTable { z, .. }
            | RouletteTable { z, .. }
            | ArcadeMachine { z, .. }
            | Automaton { z, .. }
            | Limousine { z, .. }
            | Microphone { z, .. }
            | Projector { z, .. }
            | FilmCans { z, .. }
            | Bell { z, .. }
            | Ladder { z, .. }
            | Saddle { z, .. }
            | Lens { z, .. }
            | Rowboat { z, .. }
            | Typewriter { z, .. }
            | GiltChair { z, .. } => z,
        }
    }

    /// The light it gives, if it is a light.
    pub fn lamp(&self, r: &Room, style: &Style) -> Option<Lamp> {
        let warm = |pos: V3, power: f32| Lamp {
            pos,
            color: style.amber,
            power,
            aim: None,
        };
        match *self {
            // A tall room needs a brighter bulb to reach its floor.
            Piece::BareBulb { x, z } => Some(warm([x, r.h - 0.9, z], 5.0 * (r.h / 3.0).powi(2))),
            Piece::Vanity { x } => Some(warm([x, 1.6, r.d - 0.5], 4.0)),
            Piece::Chandelier { x, z } => Some(warm([x, r.h - 1.0, z], 9.0)),
            Piece::Range { x } => Some(Lamp {
                pos: [x, 0.5, r.d - 0.8],
                color: [1.0, 0.45, 0.12],
                power: 4.0,
                aim: None,
            }),
            Piece::ArcadeMachine { x, z } => Some(Lamp {
                pos: [x, 1.6, z - 0.5],
                color: style.accent,
                power: 1.5,
                aim: None,
            }),
            Piece::Automaton { x, z } => Some(warm([x, 1.3, z - 0.3], 2.5)),
            Piece::Lens { x, z } => Some(Lamp {
                pos: [x, 1.5, z],
                color: [1.0, 0.95, 0.8],
                power: 14.0,
                aim: None,
            }),
            Piece::Projector { x, z } => Some(warm([x, 1.3, z], 1.2)),
            Piece::BilliardTable { x, z } => Some(amber_lamp(style, [x, 1.6, z], 7.0, true)),
            Piece::OnAirSign { x } => Some(Lamp {
                pos: [x, 2.3, r.d - 0.3],
                color: [1.0, 0.15, 0.1],
                power: 1.5,
                aim: None,
            }),
            _ => None,
        }
    }

    pub fn draw(&self, s: &Scene, canvas: &mut Canvas, r: &Room, style: &Style, rng: &mut Rng) {
        use super::amusements;
        use super::fittings as f;
        match *self {
            Piece::DisplayCase { x0, x1, z0, z1 } => display_case(s, canvas, [x0, x1, z0, z1], style, rng),
            Piece::GrandfatherClock { x, z } => grandfather_clock(s, canvas, x, z),
            Piece::SuitOfArmour { x, z } => suit_of_armour(s, canvas, x, z, style),
            Piece::DressForm { x, z } => dress_form(s, canvas, x, z),
            Piece::Barrel { x, z } => barrel(s, canvas, x, z),
            Piece::BareBulb { x, z } => bare_bulb(s, canvas, x, z, r, style),
            Piece::Vanity { x } => vanity(s, canvas, x, r, style),
            Piece::InstrumentCase { x, z } => instrument_case(s, canvas, x, z),
            Piece::Crates { x, z, high } => crates(s, canvas, x, z, high, rng),
            Piece::Trusses => trusses(s, canvas, r),
            Piece::LiftDoors { x } => lift_doors(s, canvas, x, r, style),
            Piece::FrontDesk { x0, x1, z } => front_desk(s, canvas, [x0, x1, z], r, style),
            Piece::Telescope { x, z } => telescope(s, canvas, x, z, style),
            Piece::BilliardTable { x, z } => billiard_table(s, canvas, x, z, style),
            Piece::CueRack { side, z } => cue_rack(s, canvas, side, z, r),
            Piece::Chandelier { x, z } => chandelier(s, canvas, x, z, r, style),
            Piece::CardTable { x, z } => amusements::card_table(s, canvas, x, z, style),
            Piece::RouletteTable { x, z } => amusements::roulette_table(s, canvas, x, z, style),
            Piece::VelvetRope { x, z0, z1 } => amusements::velvet_rope(s, canvas, x, z0, z1, style),
            Piece::ArcadeMachine { x, z } => amusements::arcade_machine(s, canvas, x, z, style, rng),
            Piece::Automaton { x, z } => amusements::automaton(s, canvas, x, z, style),
            Piece::BulbStrings => amusements::bulb_strings(s, canvas, r, style),
            Piece::LongTable { x, z0, z1 } => f::long_table(s, canvas, x, z0, z1),
            Piece::Range { x } => f::kitchen_range(s, canvas, x, r),
            Piece::Limousine { x, z } => f::limousine(s, canvas, x, z, style),
            Piece::Microphone { x, z } => f::microphone(s, canvas, x, z, style),
            Piece::OnAirSign { x } => f::on_air_sign(s, canvas, x, r),
            Piece::Projector { x, z } => f::projector(s, canvas, x, z, r, style),
            Piece::FilmCans { x, z } => f::film_cans(s, canvas, x, z),
            Piece::Bell { x, z, size } => f::bell(s, canvas, x, z, size, r),
            Piece::Ladder { x, z } => f::ladder(s, canvas, x, z),
            Piece::Stalls { side } => f::stalls(s, canvas, side, r),
            Piece::Saddle { x, z } => f::saddle(s, canvas, x, z),
            Piece::Chalkboard { x } => f::chalkboard(s, canvas, x, r),
            Piece::VaultDoor { x } => f::vault_door(s, canvas, x, r, style),
            Piece::Lens { x, z } => f::lighthouse_lens(s, canvas, x, z, style),
            Piece::Rowboat { x, z } => f::rowboat(s, canvas, x, z),
            Piece::Oars { side, z } => f::oars(s, canvas, side, z, r),
            Piece::Typewriter { x, z } => f::typewriter(s, canvas, x, z),
            Piece::Bandstand => amusements::bandstand(s, canvas, r, style),
            Piece::GiltChair { x, z } => amusements::gilt_chair(s, canvas, x, z, style),
        }
    }
}

/// An albedo as lit at a point, seen from the camera's side: for shapes drawn flat on the screen.
pub(super) fn lit_at(s: &Scene, pos: V3, albedo: Rgb) -> Rgb {
    mul(albedo, s.light(pos, super::super::scene::norm([0.0, 0.4, -1.0])))
}

/// Fills a screen-space silhouette, lit as if it faced us, brighter toward the lamp's side.
pub(super) fn silhouette(s: &Scene, canvas: &mut Canvas, xf: &Transform, pts: &[Point], pos: V3, albedo: Rgb) {
    let base = lit_at(s, pos, albedo);
    let rim = lit_at(s, [pos[0] + 0.4, pos[1], pos[2]], albedo);
    let (ox, half) = (xf.ox, xf.s * 0.3);
    canvas.fill_with(&xf.pts(pts), Blend::Over, |x, _| {
        let t = ((x - ox) / half).clamp(-1.0, 1.0) * 0.5 + 0.5;
        (mix(scale(base, 0.8), add(rim, scale(albedo, 0.05)), t), 1.0)
    });
}

/// A glass-topped counter: a panelled wooden base, a velvet bed of goods glinting under glass.
fn display_case(s: &Scene, canvas: &mut Canvas, [x0, x1, z0, z1]: [f32; 4], style: &Style, rng: &mut Rng) {
    let (a, b) = (x0.min(x1), x0.max(x1));
    s.cuboid(canvas, [a, 0.0, z0], [b, 0.85, z1], |q, n| {
        let panel = ((q[2] * 1.6).fract() < 0.06 || (q[0] * 1.6).fract() < 0.06) && n[1].abs() < 0.5;
        let wood = if q[1] < 0.1 { hex(0x1c0e08) } else { hex(0x4a2a16) };
        (if panel { scale(wood, 0.5) } else { wood }, BLACK)
    });
    let velvet = mix(hex(0x2a0c14), style.accent, 0.25);
    s.face(
        canvas,
        &[[a, 0.86, z0], [b, 0.86, z0], [b, 0.86, z1], [a, 0.86, z1]],
        |_, _| (velvet, BLACK),
    );
    for _ in 0..((z1 - z0) * 10.0) as usize {
        let p = [rng.range(a + 0.08, b - 0.08), 0.87, rng.range(z0 + 0.1, z1 - 0.1)];
        let (gx, gy) = s.cam.p(p);
        let size = s.cam.scale_at(p[2]) * 0.012;
        let col = if rng.chance(0.6) { hex(0xf0c860) } else { hex(0xe8f0ff) };
        canvas.glow(gx, gy, size * 2.5, col, 0.6);
        canvas.glow(gx, gy, size * 0.6, [1.0; 3], 0.9);
    }
    // The glass box: faint panes with bright edges.
    let top = 1.08;
    let faces: [[V3; 4]; 2] = [
        [[a, 0.86, z0], [b, 0.86, z0], [b, top, z0], [a, top, z0]],
        [[a, top, z0], [b, top, z0], [b, top, z1], [a, top, z1]],
    ];
    let inner = if s.cam.eye[0] < a { a } else { b };
    let side: [V3; 4] = [[inner, 0.86, z0], [inner, top, z0], [inner, top, z1], [inner, 0.86, z1]];
    for face in faces.iter().chain([&side]) {
        let pts: Vec<Point> = face.iter().map(|&p| s.cam.p(p)).collect();
        canvas.fill_mode(&pts, mix(style.moon, style.amber, 0.3), 0.08, Blend::Add);
        let mut edge = pts.clone();
        edge.push(pts[0]);
        canvas.stroke(&edge, 1.2, mix(style.amber, [1.0; 3], 0.5), 0.45);
    }
}

/// A grandfather clock against the back wall: tall case, moon-white face, brass pendulum.
fn grandfather_clock(s: &Scene, canvas: &mut Canvas, x: f32, z: f32) {
    s.cuboid(canvas, [x - 0.26, 0.0, z - 0.15], [x + 0.26, 2.15, z + 0.15], |q, _| {
        let hood = q[1] > 1.5;
        let waist = (0.55..1.45).contains(&q[1]) && (q[0] - x).abs() < 0.17;
        let col = if waist {
            hex(0x2a1408)
        } else if hood {
            hex(0x4a2612)
        } else {
            hex(0x3a1e0e)
        };
        (col, BLACK)
    });
    let xf = at(s, [x, 0.0, z - 0.15]);
    let face = ellipse_pts(0.0, -1.82, 0.18, 0.18, 0.0, 32);
    canvas.fill(&xf.pts(&face), lit_at(s, [x, 1.8, z - 0.2], hex(0xe8e0c8)), 1.0);
    canvas.stroke(&xf.pts(&face), xf.s * 0.02, hex(0x8a6a30), 1.0);
    for (angle, len) in [(-2.2f32, 0.1f32), (-0.6, 0.14)] {
        let tip = (angle.cos() * len, -1.82 + angle.sin() * len);
        canvas.line(xf.p(0.0, -1.82), xf.p(tip.0, tip.1), xf.s * 0.012, hex(0x141414), 1.0);
    }
    let window = xf.rect(-0.1, -1.4, 0.1, -0.6);
    canvas.fill(&window, hex(0x0c0806), 1.0);
    let (bx, by) = xf.p(0.02, -0.75);
    canvas.ellipse(bx, by, xf.s * 0.06, xf.s * 0.06, hex(0xb08a3a), 1.0);
    canvas.glow(bx, by, xf.s * 0.1, hex(0xf0d890), 0.3);
}

/// A suit of armour on a plinth, holding a halberd.
fn suit_of_armour(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, style: &Style) {
    s.solid(canvas, [x - 0.3, 0.0, z - 0.3], [x + 0.3, 0.2, z + 0.3], hex(0x2a2622));
    let xf = at(s, [x, 0.2, z]);
    let steel = mix(hex(0x8a9098), style.moon, 0.15);
    let pos = [x, 1.2, z];
    let pole = stroke_pts(&[(0.42, 0.0), (0.42, -2.3)], 0.035, 0.03);
    silhouette(s, canvas, &xf, &pole, pos, hex(0x3a2414));
    let blade = [(0.42, -2.3), (0.62, -2.1), (0.62, -1.95), (0.42, -2.0), (0.36, -2.15)];
    silhouette(s, canvas, &xf, &blade, pos, steel);
    #[rustfmt::skip]
    let body: &[Point] = &[
        (-0.18, 0.0), (-0.08, 0.0), (-0.06, -0.8), (0.06, -0.8), (0.08, 0.0), (0.18, 0.0),
        (0.17, -0.9), (0.24, -1.05), (0.3, -1.5), (0.22, -1.52), (0.16, -1.42), (0.1, -1.5),
        (0.11, -1.62), (0.07, -1.78), (0.0, -1.82), (-0.07, -1.78), (-0.11, -1.62), (-0.1, -1.5),
        (-0.16, -1.42), (-0.22, -1.52), (-0.3, -1.5), (-0.24, -1.05), (-0.17, -0.9),
    ];
    silhouette(s, canvas, &xf, body, pos, steel);
    let visor = xf.rect(-0.07, -1.68, 0.07, -1.65);
    canvas.fill(&visor, hex(0x050505), 1.0);
    let breast = xf.ellipse(0.0, -1.22, 0.15, 0.2);
    canvas.fill_mode(&breast, [1.0; 3], 0.12, Blend::Add);
    let gauntlet = xf.ellipse(0.38, -1.1, 0.06, 0.06);
    canvas.fill(&gauntlet, lit_at(s, pos, steel), 1.0);
}

/// A tailor's dress form: a headless torso of linen on a turned pole and three feet.
fn dress_form(s: &Scene, canvas: &mut Canvas, x: f32, z: f32) {
    let xf = at(s, [x, 0.0, z]);
    let pos = [x, 1.2, z];
    for foot in [(-0.25, 0.04), (0.25, 0.04), (0.0, -0.03)] {
        let leg = stroke_pts(&[(0.0, -0.12), foot], 0.03, 0.025);
        silhouette(s, canvas, &xf, &leg, pos, hex(0x2a1a10));
    }
    let pole = stroke_pts(&[(0.0, -0.1), (0.0, -0.95)], 0.035, 0.03);
    silhouette(s, canvas, &xf, &pole, pos, hex(0x3a2414));
    #[rustfmt::skip]
    let torso: &[Point] = &[
        (-0.14, -0.95), (0.14, -0.95), (0.18, -1.1), (0.13, -1.3), (0.17, -1.48), (0.2, -1.55),
        (0.08, -1.6), (0.05, -1.7), (-0.05, -1.7), (-0.08, -1.6), (-0.2, -1.55), (-0.17, -1.48),
        (-0.13, -1.3), (-0.18, -1.1),
    ];
    silhouette(s, canvas, &xf, torso, pos, hex(0xc8bca0));
    let tape = stroke_pts(&[(-0.15, -1.5), (-0.05, -1.3), (0.05, -1.0), (0.0, -0.9)], 0.012, 0.012);
    canvas.fill(&xf.pts(&tape), lit_at(s, pos, hex(0xd8c040)), 1.0);
    let cap = xf.rect(-0.04, -1.76, 0.04, -1.7);
    canvas.fill(&cap, lit_at(s, pos, hex(0x3a2414)), 1.0);
}

/// A standing wine barrel: bulging staves, iron hoops, its head in the light.
fn barrel(s: &Scene, canvas: &mut Canvas, x: f32, z: f32) {
    let xf = at(s, [x, 0.0, z]);
    let pos = [x, 0.5, z];
    let mut outline = Vec::new();
    for i in 0..=16 {
        let t = i as f32 / 16.0;
        outline.push((0.3 + 0.06 * (t * std::f32::consts::PI).sin(), -t * 0.95));
    }
    let right = outline.clone();
    outline.extend(right.iter().rev().map(|&(u, v)| (-u, v)));
    let wood = lit_at(s, pos, hex(0x5a3418));
    let (ox, half) = (xf.ox, xf.s * 0.36);
    canvas.fill_with(&xf.pts(&outline), Blend::Over, |px, py| {
        let across = ((px - ox) / half).clamp(-1.0, 1.0);
        let stave = ((across.asin() * 7.0).sin()).abs() < 0.08;
        let up = (xf.oy - py) / (xf.s * 0.95);
        let hoop = [0.12, 0.3, 0.7, 0.88].iter().any(|h| (up - h).abs() < 0.025);
        let round = 0.55 + 0.45 * (1.0 - across * across).sqrt();
        let col = if hoop {
            scale(hex(0x1a1a1c), 1.4)
        } else if stave {
            scale(wood, 0.5)
        } else {
            wood
        };
        (scale(col, round), 1.0)
    });
    let head = xf.ellipse(0.0, -0.95, 0.3, 0.06);
    canvas.fill(&head, lit_at(s, [x, 1.0, z], hex(0x6a4420)), 1.0);
}

/// A bare bulb on a twisted cord, burning.
fn bare_bulb(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, r: &Room, style: &Style) {
    let top = s.cam.p([x, r.h, z]);
    let low = s.cam.p([x, r.h - 0.85, z]);
    canvas.line(top, low, 1.2, hex(0x101010), 1.0);
    s.bulb(canvas, [x, r.h - 0.92, z], style.amber, 0.07, 1.3);
}

/// A dressing table against the back wall, its mirror ringed with bulbs, a stool before it.
fn vanity(s: &Scene, canvas: &mut Canvas, x: f32, r: &Room, style: &Style) {
    let d = r.d;
    s.cuboid(canvas, [x - 0.7, 0.0, d - 0.5], [x + 0.7, 0.76, d - 0.02], |q, n| {
        let drawer = n[2] < -0.5 && ((q[1] - 0.55).abs() < 0.01 || ((q[0] - x).abs() - 0.35).abs() < 0.01);
        (if drawer { hex(0x1a0e08) } else { hex(0x3a2216) }, BLACK)
    });
    let (mw, m0, m1) = (0.5, 1.0, 1.85);
    let glass = mix(hex(0x2a3440), style.amber, 0.2);
    s.face(
        canvas,
        &[
            [x - mw, m0, d - 0.01],
            [x + mw, m0, d - 0.01],
            [x + mw, m1, d - 0.01],
            [x - mw, m1, d - 0.01],
        ],
        |q, _| {
            (
                glass,
                scale(
                    style.amber,
                    0.25 * smoothstep(0.6, 0.0, ((q[0] - x).abs() / mw - 0.2).max(0.0)),
                ),
            )
        },
    );
    let mut ring: Vec<V3> = Vec::new();
    for i in 0..6 {
        let t = i as f32 / 5.0;
        ring.push([x - mw - 0.06, m0 + 0.05 + t * (m1 - m0 - 0.1), d - 0.03]);
        ring.push([x + mw + 0.06, m0 + 0.05 + t * (m1 - m0 - 0.1), d - 0.03]);
    }
    for i in 0..5 {
        ring.push([x - mw + (i as f32 + 0.5) * (2.0 * mw) / 5.0, m1 + 0.06, d - 0.03]);
    }
    for p in ring {
        s.bulb(canvas, p, style.amber, 0.03, 0.8);
    }
    // Pots and a powder puff on the table top, a stool in front.
    for k in 0..4 {
        let p = [x - 0.4 + k as f32 * 0.25, 0.76, d - 0.25];
        let xf = at(s, p);
        canvas.fill(
            &xf.rect(-0.03, -0.08 - 0.03 * (k % 2) as f32, 0.03, 0.0),
            lit_at(s, p, mix(style.accent, hex(0xd8d0c0), 0.5)),
            1.0,
        );
    }
    s.solid(
        canvas,
        [x - 0.2, 0.0, d - 1.0],
        [x + 0.2, 0.45, d - 0.7],
        mix(hex(0x3a1e1a), style.accent, 0.3),
    );
}

/// A double-bass case leaning against a side wall, and a trumpet case on the floor by it.
fn instrument_case(s: &Scene, canvas: &mut Canvas, x: f32, z: f32) {
    let lean = if x > 0.0 { 0.18 } else { -0.18 };
    let xf = Transform::new(at(s, [x, 0.0, z]).ox, at(s, [x, 0.0, z]).oy, s.cam.scale_at(z), lean);
    let pos = [x, 1.0, z];
    let mut body = Vec::new();
    for i in 0..=24 {
        let t = i as f32 / 24.0;
        let waist = 0.3 - 0.08 * (t * std::f32::consts::TAU * 0.9).sin().abs();
        body.push((waist * (1.0 - 0.3 * t), -t * 1.3));
    }
    let right = body.clone();
    body.extend([(0.06, -1.4), (0.05, -1.85), (-0.05, -1.85), (-0.06, -1.4)]);
    body.extend(right.iter().rev().map(|&(u, v)| (-u, v)));
    silhouette(s, canvas, &xf, &body, pos, hex(0x1a1614));
    let seam = right.iter().map(|&(u, v)| xf.p(u * 0.92, v)).collect::<Vec<_>>();
    canvas.stroke(&seam, 1.0, lit_at(s, pos, hex(0x5a5048)), 0.6);
    let small = at(s, [x - lean * 3.0, 0.0, z - 0.6]);
    let trumpet = [(-0.3, 0.0), (0.3, 0.0), (0.33, -0.12), (0.1, -0.16), (-0.3, -0.1)];
    silhouette(s, canvas, &small, &trumpet, [x, 0.1, z - 0.6], hex(0x2a1a14));
}

/// Shipping crates stacked `high` tall: slatted boards, stencilled marks.
fn crates(s: &Scene, canvas: &mut Canvas, x: f32, z: f32, high: u8, rng: &mut Rng) {
    let size = 1.1;
    for level in 0..high {
        for (dx, dz) in [(0.0f32, 0.0f32), (size, 0.0)] {
            if level > 0 && rng.chance(0.3) {
                continue;
            }
            let lo = [x + dx - size / 2.0, level as f32 * size, z + dz];
            let hi = [lo[0] + size - 0.03, lo[1] + size - 0.02, z + dz + size - 0.03];
            let stencil = rng.chance(0.6);
            let tone = rng.range(0.75, 1.1);
            s.cuboid(canvas, lo, hi, move |q, n| {
                let (u, v) = if n[0].abs() > 0.5 { (q[2], q[1]) } else { (q[0], q[1]) };
                let (fu, fv) = ((u - lo[0].min(lo[2])) / size, (v - lo[1]) / size);
                let slat = (fv * 6.0).fract() < 0.06;
                let brace = (fu.fract() - fv).abs() < 0.04 || fu.fract() < 0.05 || fu.fract() > 0.95;
                let mark = stencil && n[2] < -0.5 && ((fv - 0.5).abs() < 0.08) && ((fu.fract() - 0.5).abs() < 0.25);
                let wood = scale(hex(0x7a6040), tone);
                let col = if mark {
                    hex(0x1a1410)
                } else if slat || brace {
                    scale(wood, 0.6)
                } else {
                    wood
                };
                (col, BLACK)
            });
        }
    }
}

/// Roof trusses: tie beams across the shed, rafters rising to the ridge, posts to the floor.
fn trusses(s: &Scene, canvas: &mut Canvas, r: &Room) {
    let wood = hex(0x2a2016);
    let mut z = 3.0;
    while z < r.d - 0.5 {
        s.solid(canvas, [-r.hw, r.h - 0.5, z - 0.1], [r.hw, r.h - 0.3, z + 0.1], wood);
        let xf = at(s, [0.0, r.h - 0.3, z]);
        for sgn in [-1.0f32, 1.0] {
            let brace = stroke_pts(&[(sgn * r.hw * 0.9, 0.0), (sgn * 0.2, -0.9)], 0.12, 0.12);
            canvas.fill(&xf.pts(&brace), lit_at(s, [0.0, r.h, z], wood), 1.0);
        }
        z += 3.0;
    }
}
