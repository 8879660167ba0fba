//! How a room is built before it is furnished: its size, its windows and what lies beyond them,
//! the finish of its walls and its floor. Each motif has its own fit-out.

use super::super::canvas::{Rgb, Rng, cell, hex, mix, scale};
use super::super::scene::{Aperture, V3, norm};
use super::rooms::{Floor, Room};
use super::shell::book_wall;
use super::surfaces::{acoustic, boards, brick, marble, panelling, pegboard, safe_boxes, shelf_of, stone, wine_rack};
use super::{BLACK, Motif};
use crate::has_word;

/// What lets light in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Glazing {
    /// Windows on a side wall or the back wall, perhaps with blinds.
    Windows,
    /// Glass all round and overhead.
    Glasshouse,
    /// A windowless room.
    Closed,
    /// A long skylight down the middle of the ceiling.
    Skylight,
    /// The slot of an observatory dome, open to the stars.
    DomeSlot,
    /// Windows on every side, floor to ceiling (a lighthouse's lamp room).
    AllRound,
    /// Tall louvred openings in the side walls (a belfry).
    Louvres,
    /// A great doorway in the back wall, open to the night.
    BackOpening,
    /// Windows with iron bars.
    Barred,
    /// A small window in the back wall onto somewhere lit (a projection port, a studio booth).
    Port,
}

/// What is seen through the windows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Outlook {
    /// Lit windows across the street.
    City,
    /// Shrubs and trees.
    Garden,
    /// A dark sea (or lake) under the night sky.
    Water,
    /// Fog, lit from somewhere.
    Fog,
    /// A warm, bright room beyond the glass.
    Lit,
}

/// What the goods on a shop's shelves are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Wares {
    /// Clocks, cameras, trumpets: a pawnshop.
    Pledges,
    /// Vases, busts and small framed pictures: an antique shop.
    Antiques,
    /// Bolts of cloth: a tailor.
    Bolts,
    /// Teapots and plates on a dresser: a tea room.
    China,
}

/// The surface of the side and back walls.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Finish {
    /// Paint over a panelled dado, in one of a few colours.
    Painted,
    Books,
    Brick,
    WineRacks,
    Shelves(Wares),
    Mirrors,
    Marble,
    SafeBoxes,
    StarCharts,
    Pegboard,
    Stone,
    AcousticTiles,
    /// White walls hung with modern canvases.
    Gallery,
    /// White tiles below, copper pans and a row of service bells above.
    Kitchen,
    Boards,
    Panelling,
    Wallpaper,
}

/// A room's build: size, eye height, windows, walls, floor, and what else it may have.
pub(super) struct Fitout {
    pub room: Room,
    pub eye_height: f32,
    pub glazing: Glazing,
    pub outlook: Outlook,
    pub finish: Finish,
    pub floor: Floor,
    pub door: bool,
    pub paintings: bool,
    pub fireplace: bool,
}

/// A room's size ranges: half width, height, depth.
struct Size {
    half_width: (f32, f32),
    height: (f32, f32),
    depth: (f32, f32),
}

const ORDINARY: Size = Size {
    half_width: (2.6, 3.4),
    height: (2.9, 3.5),
    depth: (7.5, 10.0),
};
const SMALL: Size = Size {
    half_width: (2.0, 2.4),
    height: (2.5, 2.8),
    depth: (5.5, 6.5),
};
const GRAND: Size = Size {
    half_width: (4.0, 4.8),
    height: (4.2, 5.0),
    depth: (10.0, 12.0),
};
const CAVERNOUS: Size = Size {
    half_width: (5.0, 6.0),
    height: (5.5, 6.5),
    depth: (13.0, 16.0),
};

impl Fitout {
    pub fn for_motif(motif: Motif, text: &str, rng: &mut Rng) -> Self {
        use Finish as F;
        use Glazing as G;
        use Outlook as O;
        let painted_floor = [Floor::Planks, Floor::Planks, Floor::Checker, Floor::Carpet][rng.below(4)];
        #[rustfmt::skip]
        let (size, glazing, outlook, finish, floor) = match motif {
            Motif::Greenhouse => (ORDINARY, G::Glasshouse, O::Garden, F::Painted, Floor::Flags),
            Motif::Library => (ORDINARY, G::Windows, O::City, F::Books, painted_floor),
            Motif::Bar => (ORDINARY, G::Windows, O::City, F::Painted,
                if rng.chance(0.6) { Floor::Checker } else { Floor::Planks }),
            Motif::Shop => (ORDINARY, if has_word(text, &["pawnshop", "barred", "bars"]) { G::Barred } else { G::Windows },
                O::City, F::Shelves(wares(text)), if rng.chance(0.5) { Floor::Planks } else { Floor::Checker }),
            Motif::TeaRoom => (ORDINARY, G::Windows, O::City, F::Shelves(Wares::China), Floor::Checker),
            Motif::Cellar => (SMALL, G::Closed, O::City, F::WineRacks, Floor::Flags),
            Motif::DressingRoom => (SMALL, G::Closed, O::City, F::Wallpaper, Floor::Planks),
            Motif::Warehouse => (CAVERNOUS, G::BackOpening, O::Fog, F::Brick, Floor::Concrete),
            Motif::Lobby => (GRAND, G::Windows, O::City, F::Marble, Floor::Marble),
            Motif::Observatory => (ORDINARY, G::DomeSlot, O::City, F::StarCharts, Floor::Planks),
            Motif::Boathouse => (ORDINARY, G::BackOpening, O::Water, F::Boards, Floor::Slip),
            Motif::Billiards => (ORDINARY, G::Windows, O::City, F::Panelling, Floor::Carpet),
            Motif::Casino => (GRAND, G::Closed, O::City, F::Panelling, Floor::Carpet),
            Motif::Arcade => (GRAND, G::Windows, O::Water, F::Boards, Floor::Planks),
            Motif::Gallery => (GRAND, G::Skylight, O::City, F::Gallery, Floor::Parquet),
            Motif::Kitchen => (ORDINARY, G::Windows, O::Garden, F::Kitchen, Floor::Flags),
            Motif::Garage => (ORDINARY, G::Windows, O::City, F::Pegboard, Floor::Concrete),
            Motif::Ballroom => (GRAND, G::Windows, O::Garden, F::Mirrors, Floor::Parquet),
            Motif::Studio => (ORDINARY, G::Port, O::Lit, F::AcousticTiles, Floor::Carpet),
            Motif::ProjectionBooth => (SMALL, G::Port, O::Lit, F::Boards, Floor::Concrete),
            Motif::Belfry => (SMALL, G::Louvres, O::City, F::Stone, Floor::Planks),
            Motif::Stables => (ORDINARY, G::Windows, O::Garden, F::Boards, Floor::Straw),
            Motif::Vault => (SMALL, G::Closed, O::City, F::SafeBoxes, Floor::Concrete),
            Motif::Lighthouse => (SMALL, G::AllRound, O::Water, F::Stone, Floor::Flags),
            _ => (ORDINARY, G::Windows, O::City, F::Painted, painted_floor),
        };
        let room = Room {
            hw: rng.range(size.half_width.0, size.half_width.1),
            h: rng.range(size.height.0, size.height.1),
            d: rng.range(size.depth.0, size.depth.1),
        };
        let homely = matches!(motif, Motif::Parlour | Motif::Library | Motif::Office | Motif::Bar);
        Fitout {
            eye_height: if motif == Motif::Belfry {
                rng.range(2.0, 2.4)
            } else {
                rng.range(1.45, 1.7)
            },
            room,
            glazing,
            outlook,
            finish,
            floor,
            door: !matches!(glazing, G::Glasshouse | G::AllRound | G::BackOpening) && motif != Motif::Vault,
            paintings: homely || matches!(motif, Motif::Lobby | Motif::TeaRoom | Motif::Billiards),
            fireplace: matches!(motif, Motif::Parlour | Motif::Library | Motif::Billiards),
        }
    }
}

fn wares(text: &str) -> Wares {
    if has_word(
        text,
        &["tailor", "tweed", "worsted", "bolts", "cloth", "draper", "dressmaker"],
    ) {
        Wares::Bolts
    } else if has_word(text, &["antique", "antiques", "curio", "curiosity", "armor", "armour"]) {
        Wares::Antiques
    } else {
        Wares::Pledges
    }
}

/// The windows a glazing cuts, and the direction moonlight comes through them.
pub(super) fn windows(glazing: Glazing, r: &Room, rng: &mut Rng) -> (Vec<Aperture>, V3) {
    let opening = |axis: usize, at: f32, u: (f32, f32), v: (f32, f32)| Aperture {
        axis,
        at,
        u,
        v,
        slats: 0.0,
        open: 1.0,
        panes: (1, 1),
        bar: 0.05,
    };
    let side = if rng.chance(0.5) { -1.0 } else { 1.0 };
    match glazing {
        Glazing::Closed => (Vec::new(), norm([0.0, -1.0, 0.3])),
        Glazing::Skylight => {
            let light = Aperture {
                panes: (3, 10),
                ..opening(1, r.h, (-1.2, 1.2), (1.0, r.d - 0.5))
            };
            (vec![light], norm([rng.range(-0.3, 0.3), -1.0, rng.range(-0.4, 0.0)]))
        }
        Glazing::DomeSlot => {
            let slot = Aperture {
                panes: (1, 1),
                ..opening(1, r.h, (-0.6, 0.6), (r.d * 0.3, r.d))
            };
            (vec![slot], norm([0.2, -1.0, -0.3]))
        }
        Glazing::AllRound => {
            let mut all: Vec<Aperture> = [-r.hw, r.hw]
                .iter()
                .map(|&x| Aperture {
                    panes: (4, 2),
                    ..opening(0, x, (0.4, r.d), (0.9, r.h - 0.2))
                })
                .collect();
            all.push(Aperture {
                panes: (4, 2),
                ..opening(2, r.d, (-r.hw, r.hw), (0.9, r.h - 0.2))
            });
            (all, norm([rng.range(-0.5, 0.5), -0.5, -1.0]))
        }
        Glazing::Louvres => {
            let louvre = |x: f32, z0: f32| Aperture {
                slats: 0.14,
                open: 0.45,
                ..opening(0, x, (z0, z0 + 1.0), (1.2, r.h - 0.4))
            };
            let z0 = rng.range(2.0, r.d - 2.5);
            (vec![louvre(-r.hw, z0), louvre(r.hw, z0)], norm([side, -0.4, -0.3]))
        }
        Glazing::BackOpening => {
            let wide = (r.hw * 0.45).min(2.6);
            let door = opening(2, r.d, (-wide, wide), (0.0, (r.h * 0.7).min(4.0)));
            (vec![door], norm([rng.range(-0.3, 0.3), -0.35, -1.0]))
        }
        Glazing::Port => {
            let x = rng.range(-0.6, 0.6);
            let port = Aperture {
                panes: (2, 1),
                ..opening(2, r.d, (x - 0.8, x + 0.8), (1.1, 1.9))
            };
            (vec![port], norm([0.0, -0.3, -1.0]))
        }
        Glazing::Barred => {
            let sx = side * r.hw;
            let z0 = rng.range(2.8, r.d - 3.2);
            let bars = Aperture {
                panes: (6, 1),
                bar: 0.04,
                ..opening(0, sx, (z0, z0 + 1.6), (0.9, 2.5))
            };
            (vec![bars], norm([-side, rng.range(-0.8, -0.45), rng.range(-0.7, 0.1)]))
        }
        Glazing::Windows | Glazing::Glasshouse => unreachable!("the room lays out its own windows"),
    }
}

/// What is seen through a window at height v (metres) and across-position u.
pub(super) fn beyond(outlook: Outlook, u: f32, v: f32, sky: Rgb, amber: Rgb, seed: u64) -> Option<Rgb> {
    match outlook {
        Outlook::Water => {
            let horizon = 1.25;
            (v < horizon).then(|| {
                let glitter = ((u * 23.0).sin() * (v * 61.0).sin()).abs() > 0.92;
                let sea = scale(sky, 0.35 + 0.25 * (v / horizon));
                if glitter { mix(sea, [1.0; 3], 0.25) } else { sea }
            })
        }
        Outlook::Fog => {
            let n = cell(seed, (u * 3.0).floor() as i32, (v * 2.0).floor() as i32);
            Some(mix(scale(sky, 1.2), amber, 0.12 + 0.08 * n))
        }
        Outlook::Lit => Some(mix(amber, [1.0, 0.95, 0.85], 0.3 + 0.1 * (u * 3.0).sin())),
        Outlook::City | Outlook::Garden => None,
    }
}

/// The walls of a room: their finish, base colour and the case's accent.
pub(super) struct Walls {
    pub finish: Finish,
    pub colour: Rgb,
    pub accent: Rgb,
    pub amber: Rgb,
    pub height: f32,
    pub seed: u64,
}

impl Walls {
    /// The wall's albedo and glow at (u, v): metres along and up it; `side` for the side walls.
    pub fn look(&self, u: f32, v: f32, side: bool) -> (Rgb, Rgb) {
        let lit = |c: Rgb| (c, BLACK);
        match self.finish {
            Finish::Books if side && u > 1.0 && v < self.height - 0.25 => book_wall(u, v, self.seed, self.accent),
            Finish::Painted | Finish::Books => lit(self.painted(u, v)),
            Finish::Brick => lit(brick(u, v, self.seed)),
            Finish::WineRacks if side && (0.05..2.1).contains(&v) && u > 1.2 => lit(wine_rack(u, v, self.seed)),
            Finish::WineRacks => lit(brick(u, v, self.seed)),
            Finish::Shelves(wares) if side && (0.9..2.6).contains(&v) && u > 1.0 => {
                lit(shelf_of(wares, u, v, self.seed, self.accent))
            }
            Finish::Shelves(Wares::China) => lit(mix(self.painted(u, v), hex(0xd8c8a8), 0.4)),
            Finish::Shelves(_) => lit(self.painted(u, v)),
            Finish::Mirrors => self.mirror(u, v),
            Finish::Marble => lit(marble(u, v, self.seed)),
            Finish::SafeBoxes => lit(safe_boxes(u, v, self.seed)),
            Finish::StarCharts => self.star_charts(u, v),
            Finish::Pegboard => lit(pegboard(u, v)),
            Finish::Stone => lit(stone(u, v, self.seed)),
            Finish::AcousticTiles => lit(acoustic(u, v)),
            Finish::Gallery => lit(self.gallery(u, v, side)),
            Finish::Kitchen => lit(self.kitchen(u, v, side)),
            Finish::Boards => lit(boards(u, v, self.seed)),
            Finish::Panelling => lit(panelling(u, v, self.height)),
            Finish::Wallpaper => lit(self.wallpaper(u, v)),
        }
    }

    /// Paint over a panelled dado, with a picture rail.
    fn painted(&self, u: f32, v: f32) -> Rgb {
        let mut col = self.colour;
        if (u * 3.0).fract() < 0.5 {
            col = scale(col, 0.9);
        }
        if v < 1.0 {
            col = scale(mix(self.colour, hex(0x2a1c12), 0.6), 0.8);
            let panel = ((u * 1.2).fract() - 0.5).abs();
            if panel > 0.44 || !(0.15..0.85).contains(&v) {
                col = scale(col, 0.7);
            }
        }
        if (0.96..1.04).contains(&v) || (self.height - 0.2..self.height - 0.12).contains(&v) {
            col = scale(col, 1.35);
        }
        col
    }

    /// Tall mirror panels in gilt frames: they give back the room's lamps as soft blurs.
    fn mirror(&self, u: f32, v: f32) -> (Rgb, Rgb) {
        let bay = (u / 1.6).fract();
        let frame = !(0.06..0.94).contains(&bay) || !(0.4..self.height - 0.4).contains(&v);
        if frame {
            let gilt = mix(hex(0x8a6a30), hex(0xe0c070), ((u * 40.0).sin() * 0.5 + 0.5).powi(3));
            return (if v < 0.4 { scale(self.colour, 0.7) } else { gilt }, BLACK);
        }
        let blur = cell(self.seed, (u / 1.6).floor() as i32, 0);
        let glint = (-((bay - 0.3 - blur * 0.4).powi(2) * 40.0 + (v - 2.4).powi(2) * 3.0)).exp();
        (
            scale(hex(0x2a3440), 0.6),
            add3(scale(self.amber, 0.35 * glint), scale(hex(0x3a4a5a), 0.15)),
        )
    }

    /// Dark walls with star charts pinned up: white stars and the lines between them.
    fn star_charts(&self, u: f32, v: f32) -> (Rgb, Rgb) {
        let wall = scale(hex(0x1a2030), 0.9);
        let (bay, row) = ((u / 1.4).floor() as i32, (v / 1.1).floor() as i32);
        let (fu, fv) = ((u / 1.4).fract(), (v / 1.1).fract());
        let chart = (0.1..0.9).contains(&fu) && (0.1..0.9).contains(&fv) && v > 0.9 && row < 3;
        if !chart {
            return (wall, BLACK);
        }
        let paper = mix(hex(0x1a2a5a), self.accent, 0.15);
        let seed = self.seed ^ (bay as u64 * 31 + row as u64);
        let star = cell(seed, (fu * 40.0) as i32, (fv * 40.0) as i32) > 0.96
            && ((fu * 40.0).fract() - 0.5).abs() < 0.25
            && ((fv * 40.0).fract() - 0.5).abs() < 0.25;
        let ring = (((fu - 0.5).powi(2) + (fv - 0.5).powi(2)).sqrt() - 0.33).abs() < 0.006;
        let line = ((fv - 0.3 - fu * 0.4 - 0.1 * (fu * 9.0).sin()).abs() < 0.006) && (0.2..0.8).contains(&fu);
        let col = if star || ring || line { hex(0xd8dce8) } else { paper };
        (col, if star { scale(hex(0xd8dce8), 0.2) } else { BLACK })
    }

    /// White gallery walls, hung with modern canvases at eye height.
    fn gallery(&self, u: f32, v: f32, side: bool) -> Rgb {
        let wall = hex(0xd8d4cc);
        let spacing = if side { 2.6 } else { 3.0 };
        let bay = (u / spacing).floor() as i32;
        let (cu, cv) = ((u / spacing).fract() * spacing - spacing * 0.5, v - 1.65);
        let (w2, h2) = (
            0.55 + 0.25 * cell(self.seed, bay, 1),
            0.45 + 0.2 * cell(self.seed, bay, 2),
        );
        if cu.abs() > w2 || cv.abs() > h2 || u < 1.0 && side {
            return if v < 0.12 { hex(0x3a3430) } else { wall };
        }
        if cu.abs() > w2 - 0.03 || cv.abs() > h2 - 0.03 {
            return hex(0x1a1614);
        }
        // Blocks of colour and heavy lines, or circles, or a single slash: one per canvas.
        let (x, y) = ((cu + w2) / (2.0 * w2), (cv + h2) / (2.0 * h2));
        let palette = [self.accent, hex(0xc8a020), hex(0x1a3a8a), hex(0xb01a1a), hex(0xe8e4dc)];
        match bay.rem_euclid(3) {
            0 => {
                let line = (x - 0.35).abs() < 0.02 || (y - 0.6).abs() < 0.02 || (x - 0.75).abs() < 0.02;
                let block = palette[((x > 0.35) as usize + 2 * (y > 0.6) as usize) % palette.len()];
                if line { hex(0x101010) } else { block }
            }
            1 => {
                let r = ((x - 0.45).powi(2) + (y - 0.5).powi(2)).sqrt();
                if r < 0.25 {
                    palette[0]
                } else if r < 0.3 {
                    hex(0x101010)
                } else {
                    palette[4]
                }
            }
            _ => {
                let slash = (y - x * 0.9 - 0.05).abs() < 0.06;
                if slash {
                    palette[3]
                } else {
                    mix(palette[2], palette[4], y * 0.6)
                }
            }
        }
    }

    /// A servants' hall: white tiles to shoulder height, copper pans hung on the side walls, a row
    /// of service bells high on the back wall.
    fn kitchen(&self, u: f32, v: f32, side: bool) -> Rgb {
        if v < 1.5 {
            let grout = (u / 0.15).fract() < 0.06 || (v / 0.15).fract() < 0.06;
            return if grout { hex(0x9a9890) } else { hex(0xd8d6ce) };
        }
        if side {
            let slot = (u / 0.55).floor() as i32;
            let r = 0.09 + 0.05 * cell(self.seed, slot, 3);
            let (cu, cv) = ((u / 0.55).fract() * 0.55 - 0.275, v - 2.0);
            let pan = (cu * cu + cv * cv).sqrt() < r && u > 1.5;
            let handle = cu.abs() < 0.015 && cv > 0.0 && cv < r + 0.18 && u > 1.5;
            if pan || handle {
                let shine = ((cu - cv) * 30.0).sin() * 0.5 + 0.5;
                return mix(hex(0x8a4a22), hex(0xe8a070), shine * 0.5);
            }
        } else if (2.15..2.5).contains(&v) && u.abs() < 1.6 {
            let board = !(2.2..2.45).contains(&v);
            let (cu, cv) = ((u / 0.25).fract() - 0.5, v - 2.3);
            let bell = (cu * cu * 0.0625 + cv * cv).sqrt() < 0.05 && cv < 0.02;
            return if bell {
                mix(hex(0x9a7a30), hex(0xf0d890), ((cu * 6.0).sin() * 0.5 + 0.5).powi(3))
            } else if board {
                hex(0x3a2414)
            } else {
                hex(0x4a2e1a)
            };
        }
        scale(mix(self.colour, hex(0xd8cca8), 0.5), 0.9)
    }

    /// A faded damask wallpaper over a dark skirting.
    fn wallpaper(&self, u: f32, v: f32) -> Rgb {
        if v < 0.15 {
            return hex(0x1a120c);
        }
        let base = mix(self.colour, self.accent, 0.12);
        let (x, y) = ((u / 0.35).fract() - 0.5, (v / 0.5).fract() - 0.5);
        let row = (v / 0.5).floor() as i32;
        let x = if row % 2 == 0 {
            x
        } else {
            (x + 1.0).rem_euclid(1.0) - 0.5
        };
        let motif = (x.abs() * 2.2 + y.abs()) < 0.35 + 0.08 * (y * 20.0).sin();
        scale(base, if motif { 1.25 } else { 0.9 })
    }
}

fn add3(a: Rgb, b: Rgb) -> Rgb {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}
