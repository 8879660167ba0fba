//! Evidence: one object on a table under a spotlight, with a tagged card on a string. Flat things
//! are drawn in the table's own plane (so perspective foreshortens them); upright things stand on it.

use super::canvas::{
    Blend, Canvas, Noise, Point, Rgb, Rng, Transform, add, bezier, cell, ellipse_pts, hex, mix, mul, scale, smoothstep,
    stroke_pts,
};
use super::scene::{Aperture, Cam, Lamp, Moon, Scene, V3, norm};
use super::{Style, has_word};
use crate::Evidence;

/// 3:2, like the location pictures.
pub const SIZE: (u32, u32) = (768, 512);

const BLACK: Rgb = [0.0; 3];

mod papers;
mod things;
mod trinkets;
mod weapons;

/// What an evidence picture shows on the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectKind {
    Knife,
    Key,
    Letter,
    Envelope,
    Note,
    Document,
    Receipt,
    Tag,
    Newspaper,
    Map,
    SheetMusic,
    Pamphlet,
    Card,
    Calendar,
    Bottle,
    Glass,
    Vial,
    Revolver,
    Photograph,
    Watch,
    Cigarette,
    Ticket,
    Matchbook,
    Lighter,
    Glove,
    Ring,
    Jewel,
    Gem,
    Button,
    Compact,
    Spectacles,
    OperaGlasses,
    CaneTip,
    Strap,
    Pipe,
    Ledger,
    Book,
    Pen,
    Bullet,
    Cloth,
    Cord,
    Flower,
    Feather,
    Tin,
    ToolRoll,
    Record,
    Umbrella,
    Candle,
    Cards,
    Coins,
    Flashbulb,
    Chess,
    Hatbox,
    Parcel,
}

/// Words (or phrases of whole words) that pick the object, in the order they are tried: a name is
/// matched against the whole table before its description is, and a phrase or a compound comes
/// before the word that alone would mean something else ("powder compact" is no powder, "opera
/// glasses" are no glass, a "watch fob" is no watch, a "letter opener" is a knife).
#[rustfmt::skip]
const BY_WORDS: &[(ObjectKind, &[&str])] = &[
    (ObjectKind::Compact, &["powder compact", "compact", "powder puff", "rouge"]),
    (ObjectKind::OperaGlasses, &["opera glasses", "binoculars", "field glasses", "lorgnette"]),
    (ObjectKind::Strap, &["watch strap", "watchstrap", "strap", "wristband"]),
    (ObjectKind::Jewel, &["watch fob", "fob", "brooch", "cameo", "pin", "charm", "cufflink", "comb", "tiepin",
        "hatpin", "hairpin", "medallion", "medal", "badge", "locket", "scarab"]),
    (ObjectKind::Cloth, &["pocket square", "napkin", "handkerchief", "hanky", "scarf", "cloth", "stocking", "rag",
        "shawl", "fabric", "veil", "necktie", "tie"]),
    (ObjectKind::Tin, &["typewriter ribbon", "tin", "canister", "can"]),
    (ObjectKind::Envelope, &["bundle of bills", "bundle of letters", "envelope", "seal"]),
    (ObjectKind::Knife, &["letter opener", "knife", "dagger", "opener", "blade", "razor", "scalpel", "stiletto",
        "bayonet", "machete", "cleaver"]),
    (ObjectKind::Revolver, &["revolver", "pistol", "gun", "handgun", "derringer", "firearm", "luger", "colt",
        "automatic", "weapon"]),
    (ObjectKind::Key, &["key", "keys", "keyring", "latchkey", "skeleton"]),
    (ObjectKind::Bullet, &["bullet", "cartridge", "casing", "shell", "slug", "ammunition"]),
    (ObjectKind::Matchbook, &["matchbook", "matches", "matchbox", "match"]),
    (ObjectKind::Lighter, &["lighter", "zippo", "tinderbox"]),
    (ObjectKind::Candle, &["candle", "candlestick", "taper", "nightlight"]),
    (ObjectKind::Cigarette, &["cigarette", "cigar", "ashtray", "butt", "ash", "ashes", "cigarillo"]),
    (ObjectKind::Pipe, &["pipe", "dottle", "tobacco", "briar"]),
    (ObjectKind::Flashbulb, &["flashbulb", "flash bulb", "bulb", "lightbulb"]),
    (ObjectKind::Record, &["gramophone record", "gramophone", "phonograph", "record", "turntable"]),
    (ObjectKind::Newspaper, &["newspaper", "racing form", "listings", "edition", "tabloid", "gazette",
        "clipping", "headline"]),
    (ObjectKind::Map, &["map", "street plan", "chart", "atlas"]),
    (ObjectKind::SheetMusic, &["sheet music", "music", "score", "songbook"]),
    (ObjectKind::Pamphlet, &["catalog", "catalogue", "program", "programme", "timetable", "brochure",
        "pamphlet", "booklet", "leaflet", "menu", "playbill"]),
    (ObjectKind::Calendar, &["calendar", "almanac"]),
    (ObjectKind::Cards, &["deck", "playing card", "cards", "tarot"]),
    (ObjectKind::Card, &["postcard", "card", "greeting"]),
    (ObjectKind::Chess, &["chess", "chessboard", "chessman", "checkers", "draughts"]),
    (ObjectKind::Coins, &["small change", "change", "coin", "dime", "penny", "saucer"]),
    (ObjectKind::Umbrella, &["umbrella", "parasol", "brolly"]),
    (ObjectKind::Hatbox, &["hatbox", "hat box", "bandbox"]),
    (ObjectKind::Feather, &["feather", "plume"]),
    (ObjectKind::Flower, &["flower", "petal", "carnation", "gardenia", "cornflower", "heather", "sprig", "rose",
        "orchid", "corsage", "boutonniere", "lily", "posy", "bouquet"]),
    (ObjectKind::Spectacles, &["spectacle", "spectacles", "eyeglasses", "glasses", "lens", "monocle",
        "pince nez", "eyeglass"]),
    (ObjectKind::CaneTip, &["cane", "ferrule", "walking stick"]),
    (ObjectKind::Cord, &["cord", "thread", "threads", "string", "twine", "rope", "fibre", "fiber", "wool"]),
    (ObjectKind::Button, &["button"]),
    (ObjectKind::ToolRoll, &["tool roll", "toolkit", "tool kit", "tool", "tools", "spanner", "wrench"]),
    (ObjectKind::Receipt, &["receipt", "bill", "slip", "invoice", "label", "voucher", "chit"]),
    (ObjectKind::Tag, &["tag"]),
    (ObjectKind::Ring, &["ring", "signet", "diamond", "necklace", "pendant", "earring", "bracelet", "jewel",
        "jewels", "jewelry", "jewellery"]),
    (ObjectKind::Gem, &["pearl", "emerald", "ruby", "sapphire", "gem", "gemstone", "opal"]),
    (ObjectKind::Document, &["papers", "policy", "document", "contract", "deed", "will", "testament",
        "certificate", "affidavit", "lease", "licence", "license", "passport", "report", "dossier"]),
    (ObjectKind::Note, &["iou", "note", "memo", "telegram", "scrap", "message", "page", "log", "cable"]),
    (ObjectKind::Letter, &["letter", "invitation", "confession", "manuscript", "blackmail", "correspondence"]),
    (ObjectKind::Vial, &["vial", "poison", "phial", "pills", "medicine", "arsenic", "cyanide", "tincture",
        "laudanum", "powder", "strychnine", "syringe", "sedative", "prescription", "dose"]),
    (ObjectKind::Bottle, &["bottle", "decanter", "flask", "whiskey", "whisky", "gin", "bourbon", "rum", "perfume",
        "brandy", "scotch"]),
    (ObjectKind::Glass, &["glass", "tumbler", "goblet", "wineglass", "cup", "teacup", "champagne", "wine",
        "cocktail", "martini", "snifter"]),
    (ObjectKind::Photograph, &["photograph", "photo", "snapshot", "picture", "portrait", "negative", "film"]),
    (ObjectKind::Watch, &["watch", "pocketwatch", "clock", "stopwatch", "timepiece", "wristwatch", "chronometer"]),
    (ObjectKind::Ticket, &["ticket", "stub", "pass", "token", "coupon"]),
    (ObjectKind::Glove, &["glove", "mitten", "gauntlet"]),
    (ObjectKind::Ledger, &["ledger", "accounts", "register", "logbook", "records"]),
    (ObjectKind::Book, &["book", "diary", "journal", "notebook", "album", "bible", "novel"]),
    (ObjectKind::Pen, &["fountain pen", "pen", "fountain", "pencil", "quill", "nib", "ink"]),
    (ObjectKind::Parcel, &["parcel", "package", "box", "crate", "case", "briefcase", "suitcase"]),
];

/// The object an evidence item is drawn as: the first object its name means, else the first its
/// description means; None when neither says (the picture then shows a wrapped parcel).
pub fn object_for(name: &str, description: &str) -> Option<ObjectKind> {
    let by = |text: &str| {
        BY_WORDS
            .iter()
            .find(|(_, words)| has_word(text, words))
            .map(|(k, _)| *k)
    };
    by(name).or_else(|| by(description))
}

/// Where an object lies on the table: local (u, v) in metres, turned, moved.
#[derive(Debug, Clone, Copy)]
struct Place {
    x: f32,
    z: f32,
    cos: f32,
    sin: f32,
    /// Drawing scale: small things are shown larger than life so they fill the frame.
    s: f32,
}

impl Place {
    fn new(x: f32, z: f32, rot: f32) -> Self {
        Place {
            x,
            z,
            cos: rot.cos(),
            sin: rot.sin(),
            s: 1.0,
        }
    }

    fn scaled(mut self, s: f32) -> Self {
        self.s = s;
        self
    }

    fn to3(&self, u: f32, v: f32, y: f32) -> V3 {
        let (u, v) = (u * self.s, v * self.s);
        [
            self.x + u * self.cos - v * self.sin,
            y,
            self.z + u * self.sin + v * self.cos,
        ]
    }

    fn local(&self, p: V3) -> (f32, f32) {
        let (dx, dz) = ((p[0] - self.x) / self.s, (p[2] - self.z) / self.s);
        (dx * self.cos + dz * self.sin, -dx * self.sin + dz * self.cos)
    }

    fn path(&self, pts: &[Point], y: f32) -> Vec<V3> {
        pts.iter().map(|&(u, v)| self.to3(u, v, y)).collect()
    }

    fn then(&self, u: f32, v: f32, rot: f32) -> Place {
        let p = self.to3(u, v, 0.0);
        Place::new(p[0], p[2], self.sin.atan2(self.cos) + rot).scaled(self.s)
    }
}

/// The table, its lights and what is drawn on it.
struct Table<'a> {
    s: Scene,
    st: &'a Style,
    /// Where the spotlight hangs (its table x, z), for shadows.
    light: V3,
}

impl Table<'_> {
    /// A flat shape lying on the table at height y, lit per pixel; `mat` works in local (u, v).
    fn flat(&self, canvas: &mut Canvas, pl: &Place, pts: &[Point], y: f32, mat: impl Fn(f32, f32) -> (Rgb, Rgb)) {
        let path = pl.path(pts, y);
        self.s.face(canvas, &path, |p, _| {
            let (u, v) = pl.local(p);
            mat(u, v)
        });
    }

    fn flat_holed(
        &self,
        canvas: &mut Canvas,
        pl: &Place,
        outer: &[Point],
        holes: &[&[Point]],
        y: f32,
        mat: impl Fn(f32, f32) -> (Rgb, Rgb),
    ) {
        let mut paths = vec![pl.path(outer, y)];
        for h in holes {
            paths.push(pl.path(h, y));
        }
        let refs: Vec<&[V3]> = paths.iter().map(|p| p.as_slice()).collect();
        self.s.face_paths(canvas, &refs, |p, _| {
            let (u, v) = pl.local(p);
            mat(u, v)
        });
    }

    /// A soft shadow of a flat shape raised `height` above the table: the shape projected away
    /// from the lamp, smeared a few times.
    fn shadow(&self, canvas: &mut Canvas, pl: &Place, pts: &[Point], height: f32, strength: f32) {
        let centre = pl.to3(0.0, 0.0, 0.0);
        let away = [centre[0] - self.light[0], centre[2] - self.light[2]];
        let len = (away[0] * away[0] + away[1] * away[1]).sqrt().max(1e-3);
        let reach = height * 1.5 + 0.004;
        let blur = height * 0.8 + 0.006;
        let passes = 6;
        for k in 0..passes {
            let a = k as f32 / passes as f32 * std::f32::consts::TAU;
            let (dx, dz) = (
                away[0] / len * reach + a.cos() * blur,
                away[1] / len * reach + a.sin() * blur,
            );
            let proj: Vec<Point> = pts
                .iter()
                .map(|&(u, v)| {
                    let p = pl.to3(u, v, 0.0005);
                    self.s.cam.p([p[0] + dx, p[1], p[2] + dz])
                })
                .collect();
            canvas.fill_mode(&proj, [0.0; 3], strength / passes as f32 * 1.6, Blend::Multiply);
        }
    }

    /// Screen-space drawing for an upright object standing at a table point; metres, y up negative.
    fn upright(&self, x: f32, z: f32) -> Transform {
        let (sx, sy) = self.s.cam.p([x, 0.0, z]);
        Transform::new(sx, sy, self.s.cam.scale_at(z), 0.0)
    }

    /// Which way the lamp is, on screen, from a table point (-1 left, 1 right).
    fn key_side(&self, x: f32) -> f32 {
        if self.light[0] >= x { 1.0 } else { -1.0 }
    }

    /// A box lying on the table, turned with its place: sides facing the camera, then the top.
    fn block(&self, canvas: &mut Canvas, pl: &Place, shape: Cuboid, mat: impl Fn(f32, f32, f32, usize) -> (Rgb, Rgb)) {
        let Cuboid {
            u0,
            v0,
            u1,
            v1,
            height: h,
        } = shape;
        let corners = [(u0, v0), (u1, v0), (u1, v1), (u0, v1)];
        let eye = self.s.cam.eye;
        for i in 0..4 {
            let (a, b) = (corners[i], corners[(i + 1) % 4]);
            let (pa, pb) = (pl.to3(a.0, a.1, 0.0), pl.to3(b.0, b.1, 0.0));
            let mid = [(pa[0] + pb[0]) / 2.0, h / 2.0, (pa[2] + pb[2]) / 2.0];
            let centre = pl.to3((u0 + u1) / 2.0, (v0 + v1) / 2.0, h / 2.0);
            let out = [mid[0] - centre[0], 0.0, mid[2] - centre[2]];
            let to_eye = [eye[0] - mid[0], eye[1] - mid[1], eye[2] - mid[2]];
            if out[0] * to_eye[0] + out[2] * to_eye[2] <= 0.0 {
                continue;
            }
            let quad = [pa, pb, [pb[0], h, pb[2]], [pa[0], h, pa[2]]];
            self.s.face(canvas, &quad, |p, _| {
                let (u, v) = pl.local(p);
                mat(u, v, p[1], i)
            });
        }
        let top = pl.path(&corners, h);
        self.s.face(canvas, &top, |p, _| {
            let (u, v) = pl.local(p);
            mat(u, v, h, 4)
        });
    }
}

/// A box on a place: its corners from (u0, v0) to (u1, v1) on the place, and its height.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cuboid {
    pub u0: f32,
    pub v0: f32,
    pub u1: f32,
    pub v1: f32,
    pub height: f32,
}

impl Cuboid {
    /// A box centred on the object's place: `half_width` either side along the table, `half_depth` either
    /// side across it.
    pub fn centred(half_width: f32, half_depth: f32, height: f32) -> Cuboid {
        Cuboid {
            u0: -half_width,
            v0: -half_depth,
            u1: half_width,
            v1: half_depth,
            height,
        }
    }
}

/// Where the object sits on the table (x, z) and which side of it the lamp hangs (-1 or 1).
#[derive(Debug, Clone, Copy)]
struct Spot {
    ox: f32,
    oz: f32,
    side: f32,
}

pub fn paint(e: &Evidence, style: &Style, rng: &mut Rng, index: usize) -> Canvas {
    let kind = object_for(e.name, e.description).unwrap_or(ObjectKind::Parcel);
    let mut c = Canvas::new(SIZE.0, SIZE.1, scale(style.night, 0.4));
    let (t, spot) = table_scene(style, rng, kind, index);
    let Spot { ox, oz, side } = spot;
    let light = t.light;
    let seed = rng.next_u64();
    paint_table(&t, &mut c, rng, seed, index);

    // Dressing at the edges: a forensic scale, a pencil, a magnifier.
    dressing(&t, &mut c, rng, ox, oz, side);
    // The object, its tag, the light.
    let rot = rng.range(-0.5, 0.5);
    let enlarge = enlargement(kind);
    let pl = Place::new(ox, oz, rot).scaled(enlarge);
    let tie = draw_object(&t, &mut c, kind, &pl, e, rng);
    tag(&t, &mut c, &pl, tie, rng);
    // Dust in the beam, and a warm pool.
    let (px, py) = t.s.cam.p([ox, 0.0, oz]);
    let (lx, ly) = t.s.cam.p(light);
    let r = t.s.cam.scale_at(oz) * 0.3;
    c.beam((lx, ly.min(-20.0)), (px - r, py), (px + r, py), style.amber, 0.06);
    c
}

/// Whether an object kind stands up on the table (and so sits a little further back, to fit).
fn stands_upright(kind: ObjectKind) -> bool {
    matches!(
        kind,
        ObjectKind::Bottle
            | ObjectKind::Glass
            | ObjectKind::Vial
            | ObjectKind::Ring
            | ObjectKind::Tin
            | ObjectKind::Candle
            | ObjectKind::Hatbox
    )
}

/// How much larger than life an object kind is drawn, so small things fill the frame.
fn enlargement(kind: ObjectKind) -> f32 {
    match kind {
        ObjectKind::Gem => 3.0,
        ObjectKind::Button | ObjectKind::Jewel | ObjectKind::CaneTip => 2.6,
        ObjectKind::Lighter | ObjectKind::Spectacles | ObjectKind::Flashbulb => 2.3,
        ObjectKind::Strap | ObjectKind::Pipe | ObjectKind::OperaGlasses => 2.0,
        ObjectKind::Flower | ObjectKind::Cord | ObjectKind::Compact => 1.8,
        ObjectKind::Matchbook | ObjectKind::Bullet | ObjectKind::Card | ObjectKind::Tin => 1.7,
        ObjectKind::Cards | ObjectKind::Coins | ObjectKind::Candle => 1.6,
        ObjectKind::Calendar => 1.4,
        ObjectKind::Umbrella => 1.2,
        ObjectKind::Revolver => 1.35,
        ObjectKind::Watch | ObjectKind::Ticket | ObjectKind::Glove | ObjectKind::Key | ObjectKind::Tag => 1.3,
        ObjectKind::Chess => 1.3,
        ObjectKind::Receipt | ObjectKind::Pamphlet => 1.2,
        ObjectKind::Cigarette | ObjectKind::Knife | ObjectKind::Photograph | ObjectKind::Pen | ObjectKind::Cloth => {
            1.15
        }
        ObjectKind::Hatbox | ObjectKind::Record => 0.9,
        _ => 1.0,
    }
}

/// The camera, the spotlight (and perhaps moonlight through blinds) over the table, and where on
/// it the object sits.
fn table_scene<'a>(style: &'a Style, rng: &mut Rng, kind: ObjectKind, index: usize) -> (Table<'a>, Spot) {
    let (w, h) = (SIZE.0 as f32, SIZE.1 as f32);
    // A camera close above the table, looking down at it: the table fills the frame (its
    // vanishing point is above the picture) and the object fills the middle.
    let eye = [0.0, rng.range(0.42, 0.48), 0.0];
    let cam = Cam {
        cx: w * rng.range(0.46, 0.54),
        cy: h * rng.range(-0.4, -0.3),
        f: w * rng.range(0.76, 0.8),
        eye,
    };
    // The object sits a little off centre (upright things further back, so they fit); the lamp
    // hangs to one side of it.
    let upright = stands_upright(kind);
    let ox = rng.range(-0.03, 0.03);
    let oz = rng.range(0.6, 0.66) - if upright { 0.03 } else { 0.0 };
    let side = if (index + (style.seed % 2) as usize).is_multiple_of(2) {
        -1.0
    } else {
        1.0
    };
    let light = [
        ox + side * rng.range(0.15, 0.3),
        rng.range(0.6, 0.8),
        oz + rng.range(0.05, 0.2),
    ];
    let aim = norm([ox - light[0], -light[1], oz - light[2]]);
    let blinds = rng.chance(0.5);
    let moon = blinds.then(|| {
        let ax = -side * 1.2;
        Moon {
            dir: norm([side * 1.0, -0.5, rng.range(-0.3, 0.3)]),
            color: mix(style.moon, style.accent, 0.3),
            power: 0.35,
            through: vec![Aperture {
                axis: 0,
                at: ax,
                u: (0.0, 3.0),
                v: (0.2, 1.6),
                slats: rng.range(0.04, 0.06),
                open: 0.5,
                panes: (1, 1),
                bar: 0.0,
            }],
            open_sky: false,
        }
    });
    let scene = Scene {
        cam,
        lamps: vec![
            Lamp {
                pos: light,
                color: mix(style.amber, [1.0, 0.95, 0.85], 0.3),
                power: 2.2,
                aim: Some((aim, 0.86)),
            },
            Lamp {
                pos: [-side * 1.0, 0.5, 1.6],
                color: style.dusk,
                power: 0.5,
                aim: None,
            },
        ],
        moon,
        ambient: scale(style.night, 0.6),
        fog: scale(style.night, 0.3),
        fog_density: 0.0,
    };
    (
        Table {
            s: scene,
            st: style,
            light,
        },
        Spot { ox, oz, side },
    )
}

/// The wall behind and the table: turned a little, its far edge (and perhaps its near edge)
/// crossing the frame; the surface cycles through the case's slots.
fn paint_table(t: &Table, canvas: &mut Canvas, rng: &mut Rng, seed: u64, index: usize) {
    let style = t.st;
    let light = t.light;
    let (w, h) = (SIZE.0 as f32, SIZE.1 as f32);
    // The wall behind, and the table: turned a little, its far edge (and perhaps its near edge)
    // crossing the frame.
    let far_edge = rng.range(1.6, 2.3);
    let wall = far_edge + rng.range(0.4, 1.2);
    let wall_col = *[hex(0x2a3038), hex(0x302824), hex(0x24302a), hex(0x2c2430)]
        .get(rng.below(4))
        .unwrap_or(&hex(0x2a3038));
    let turn = rng.range(-0.2, 0.2);
    let centre = 0.9;
    let tp = Place::new(0.0, centre, turn);
    // Only when the far edge is in the picture is there anything behind the table to paint.
    let far_y =
        t.s.cam
            .p(tp.to3(-0.6, far_edge - centre, 0.0))
            .1
            .max(t.s.cam.p(tp.to3(0.6, far_edge - centre, 0.0)).1);
    let behind = far_y > 0.0;
    if behind {
        t.s.face(
            canvas,
            &[
                [-4.0, -1.0, wall],
                [4.0, -1.0, wall],
                [4.0, 3.0, wall],
                [-4.0, 3.0, wall],
            ],
            |p, _| {
                let panel = ((p[0] * 2.0).fract() < 0.03) as i32 as f32;
                (scale(wall_col, 1.0 - panel * 0.4), BLACK)
            },
        );
        let (gx, gy) = t.s.cam.p([light[0], 0.4, wall]);
        canvas.glow_ellipse(gx, gy, w * 0.45, h * 0.25, mix(style.amber, style.dusk, 0.5), 0.12);
    }
    // Slots of a case cycle through the surfaces, so neighbours differ.
    let surface = ((style.seed % 5) as usize + index * 2) % 5;
    let grain = Noise::new(seed, 0.05);
    let near = rng.range(0.4, 0.44) - centre;
    let top = [
        (-2.0, near),
        (2.0, near),
        (2.0, far_edge - centre),
        (-2.0, far_edge - centre),
    ];
    let thick = 0.045;
    // The far edge's face is hidden; draw the table's body dropping away below the far edge first.
    let back = [
        tp.to3(-2.0, far_edge - centre, 0.0),
        tp.to3(2.0, far_edge - centre, 0.0),
        tp.to3(2.0, far_edge - centre, -1.0),
        tp.to3(-2.0, far_edge - centre, -1.0),
    ];
    if behind {
        t.s.face(canvas, &back, |_, _| (scale(wall_col, 0.3), BLACK));
    }
    t.flat(canvas, &tp, &top, 0.0, |u, v| {
        (table_look(surface, u, v, seed, &grain, style), BLACK)
    });
    // The near edge.
    let front = [
        tp.to3(-2.0, near, 0.0),
        tp.to3(2.0, near, 0.0),
        tp.to3(2.0, near, -thick),
        tp.to3(-2.0, near, -thick),
    ];
    t.s.face(canvas, &front, |p, _| {
        let (u, _) = tp.local(p);
        (scale(table_look(surface, u, near, seed, &grain, style), 0.5), BLACK)
    });
    let below = [
        t.s.cam.p(front[3]),
        t.s.cam.p(front[2]),
        (w + 2000.0, h + 2000.0),
        (-2000.0, h + 2000.0),
    ];
    canvas.fill(&below, scale(style.night, 0.15), 1.0);
}

fn table_look(kind: usize, u: f32, v: f32, seed: u64, grain: &Noise, style: &Style) -> Rgb {
    match kind {
        0 | 1 => {
            // Wood: long boards with wavy grain.
            let board = (v / 0.22).floor() as i32;
            let g = grain.at(u * 0.25, v * 6.0 + board as f32 * 3.0);
            let rings = ((u * 9.0 + g * 12.0).sin() * 0.5 + 0.5).powi(3);
            let seam = (v / 0.22).fract() < 0.02;
            let base = if kind == 0 { hex(0x6a4428) } else { hex(0x4a2e1c) };
            let col = scale(base, 0.75 + 0.35 * cell(seed, board, 0) - 0.2 * rings);
            if seam { scale(col, 0.3) } else { col }
        }
        2 => {
            // Green baize.
            let n = grain.at(u * 20.0, v * 20.0);
            scale(hex(0x1e4a30), 0.8 + 0.3 * n)
        }
        3 => {
            // A leather desk blotter on dark wood, gilt tooling round its edge.
            let inside = u.abs() < 0.55 && (-0.35..0.45).contains(&v);
            if inside {
                let edge = (0.55 - u.abs()).min((v + 0.35).min(0.45 - v));
                let n = grain.at(u * 30.0, v * 30.0);
                let leather = scale(mix(hex(0x3a1410), style.accent, 0.2), 0.8 + 0.25 * n);
                if (edge - 0.025).abs() < 0.004 {
                    hex(0x8a6a30)
                } else {
                    leather
                }
            } else {
                scale(hex(0x2a1810), 0.8 + 0.2 * grain.at(u * 0.3, v * 8.0))
            }
        }
        _ => {
            // Brushed steel: a laboratory bench or a morgue table.
            let brush = grain.at(u * 0.1, v * 40.0);
            scale(hex(0x6a7078), 0.6 + 0.3 * brush)
        }
    }
}

fn dressing(t: &Table, canvas: &mut Canvas, rng: &mut Rng, ox: f32, oz: f32, side: f32) {
    match rng.below(4) {
        0 => {
            // An L-shaped photo scale with tick marks.
            let pl = Place::new(ox + side * 0.26, oz - 0.12, rng.range(-0.3, 0.3));
            let arm = [
                (0.0, 0.0),
                (0.3, 0.0),
                (0.3, 0.03),
                (0.03, 0.03),
                (0.03, 0.2),
                (0.0, 0.2),
            ];
            t.shadow(canvas, &pl, &arm, 0.002, 0.3);
            t.flat(canvas, &pl, &arm, 0.002, |u, v| {
                let along = if v < 0.03 { u } else { v };
                let across = if v < 0.03 { v } else { u };
                let major = (along / 0.05).fract() < 0.05 && across < 0.02;
                let minor = (along / 0.01).fract() < 0.15 && across < 0.01;
                let band = ((along / 0.05).floor() as i32 % 2 == 0) && across > 0.024;
                let col = if major || minor || band {
                    hex(0x141414)
                } else {
                    hex(0xc8c4b8)
                };
                (col, BLACK)
            });
        }
        1 => {
            // A pencil.
            let pl = Place::new(
                ox + side * rng.range(0.24, 0.32),
                oz + rng.range(-0.12, 0.1),
                rng.range(-1.2, 1.2),
            );
            let body = [
                (-0.08, -0.004),
                (0.07, -0.004),
                (0.085, 0.0),
                (0.07, 0.004),
                (-0.08, 0.004),
            ];
            t.shadow(canvas, &pl, &body, 0.004, 0.4);
            t.flat(canvas, &pl, &body, 0.004, |u, v| {
                let col = if u > 0.078 {
                    hex(0x202020)
                } else if u > 0.07 {
                    hex(0xd0b080)
                } else if u < -0.07 {
                    hex(0xb06060)
                } else {
                    mix(hex(0x6a5a20), hex(0xc8a838), (v / 0.004).abs())
                };
                (col, BLACK)
            });
        }
        2 => {
            // A magnifying glass.
            let pl = Place::new(
                ox + side * rng.range(0.26, 0.32),
                oz + rng.range(-0.05, 0.15),
                rng.range(-0.6, 0.6),
            );
            let rim = ellipse_pts(0.0, 0.0, 0.05, 0.05, 0.0, 40);
            let lens = ellipse_pts(0.0, 0.0, 0.043, 0.043, 0.0, 40);
            let handle = [(0.048, -0.006), (0.13, -0.008), (0.13, 0.008), (0.048, 0.006)];
            t.shadow(canvas, &pl, &rim, 0.01, 0.35);
            t.flat(canvas, &pl, &handle, 0.008, |_, _| (hex(0x1a1210), BLACK));
            t.flat_holed(canvas, &pl, &rim, &[&lens], 0.01, |_, _| (hex(0x8a7040), BLACK));
            let lp = pl.path(&lens, 0.01);
            let pts: Vec<Point> = lp.iter().map(|&p| t.s.cam.p(p)).collect();
            let (cx, cy) = t.s.cam.p(pl.to3(0.0, 0.0, 0.01));
            canvas.fill_with(&pts, Blend::Add, |x, y| {
                let d = ((x - cx - 8.0).powi(2) + (y - cy + 6.0).powi(2)).sqrt();
                ([0.7, 0.8, 0.9], 0.25 * smoothstep(30.0, 0.0, d) + 0.04)
            });
        }
        _ => {
            // A second sheet of paper, a case file underneath.
            let pl = Place::new(ox + side * 0.3, oz + 0.12, rng.range(-0.4, 0.4));
            let folder = [
                (-0.16, -0.11),
                (0.16, -0.11),
                (0.16, 0.11),
                (0.02, 0.11),
                (0.0, 0.125),
                (-0.16, 0.125),
            ];
            t.shadow(canvas, &pl, &folder, 0.003, 0.3);
            t.flat(canvas, &pl, &folder, 0.003, |_, _| (hex(0x9a8458), BLACK));
            let sheet = [(-0.14, -0.1), (0.12, -0.1), (0.12, 0.09), (-0.14, 0.09)];
            t.flat(canvas, &pl.then(0.01, -0.01, 0.05), &sheet, 0.004, |u, v| {
                (paper_lines(u, v, 0.015, hex(0xd8d2c4)), BLACK)
            });
        }
    }
}

/// Handwriting as looping squiggles along the lines (never letters).
fn handwriting(u: f32, v: f32, pitch: f32, paper: Rgb) -> Rgb {
    let row = (v / pitch).floor();
    let fr = (v / pitch).fract() - 0.5;
    let word = ((u * 23.0 + row * 2.3).sin() + 0.6 * (u * 61.0 - row).sin()) > -0.5;
    let wiggle = 0.22 * (u * 520.0 + row * 1.7).sin() * (0.6 + 0.4 * (u * 97.0 + row).sin());
    let ink = word && (fr - wiggle).abs() < 0.07;
    if ink { mix(paper, hex(0x1a2038), 0.8) } else { paper }
}

/// Typed or written lines as rows of ink dashes (never letters).
fn paper_lines(u: f32, v: f32, pitch: f32, paper: Rgb) -> Rgb {
    let row = (v / pitch).floor() as i32;
    let fr = (v / pitch).fract();
    let word = ((u * 37.0 + row as f32 * 1.7).sin() + (u * 11.0 - row as f32).sin()) > -0.6;
    let ink = fr > 0.4 && fr < 0.62 && word && (u * 400.0).sin() > -0.3;
    if ink { mix(paper, hex(0x202028), 0.7) } else { paper }
}

/// Draws the object and returns where the tag's string is tied (local coordinates).
fn draw_object(
    t: &Table,
    canvas: &mut Canvas,
    kind: ObjectKind,
    pl: &Place,
    e: &Evidence,
    rng: &mut Rng,
) -> (f32, f32) {
    let text = format!("{} {}", e.name, e.description);
    match kind {
        ObjectKind::Key => trinkets::key(t, canvas, pl),
        ObjectKind::Envelope if has_word(&text, &["bundle", "bundled", "stack"]) => papers::bundle(t, canvas, pl, rng),
        ObjectKind::Matchbook if has_word(&text, &["spilled", "matchbox", "box"]) => {
            things::spilled_matches(t, canvas, pl, rng)
        }
        ObjectKind::Document => papers::document(t, canvas, pl, rng),
        ObjectKind::Receipt => papers::receipt(t, canvas, pl, rng),
        ObjectKind::Tag => papers::repair_tag(t, canvas, pl, rng),
        ObjectKind::Newspaper => papers::newspaper(t, canvas, pl, e.name, rng),
        ObjectKind::Map => papers::road_map(t, canvas, pl, rng),
        ObjectKind::SheetMusic => papers::sheet_music(t, canvas, pl, rng),
        ObjectKind::Pamphlet => papers::pamphlet(t, canvas, pl, &text),
        ObjectKind::Card => papers::card(t, canvas, pl, &text, rng),
        ObjectKind::Calendar => papers::calendar(t, canvas, pl, rng),
        ObjectKind::Lighter => trinkets::lighter(t, canvas, pl, &text),
        ObjectKind::Jewel => trinkets::jewel(t, canvas, pl, &text, rng),
        ObjectKind::Gem => trinkets::gem(t, canvas, pl, &text),
        ObjectKind::Button => trinkets::button(t, canvas, pl, &text),
        ObjectKind::Compact => trinkets::compact(t, canvas, pl, rng),
        ObjectKind::Spectacles => trinkets::spectacles(t, canvas, pl, &text),
        ObjectKind::OperaGlasses => trinkets::opera_glasses(t, canvas, pl),
        ObjectKind::CaneTip => trinkets::cane_tip(t, canvas, pl),
        ObjectKind::Strap => trinkets::strap(t, canvas, pl, &text),
        ObjectKind::Pipe => trinkets::pipe(t, canvas, pl, rng),
        ObjectKind::Cord => things::cord(t, canvas, pl, &text, rng),
        ObjectKind::Flower => things::flower(t, canvas, pl, &text, rng),
        ObjectKind::Feather => things::feather(t, canvas, pl, &text),
        ObjectKind::Tin => things::tin(t, canvas, pl, &text),
        ObjectKind::ToolRoll => things::tool_roll(t, canvas, pl, rng),
        ObjectKind::Record => things::gramophone(t, canvas, pl),
        ObjectKind::Umbrella => things::umbrella(t, canvas, pl, rng),
        ObjectKind::Candle => things::candle(t, canvas, pl),
        ObjectKind::Cards => things::cards(t, canvas, pl),
        ObjectKind::Coins => things::saucer_of_change(t, canvas, pl, rng),
        ObjectKind::Flashbulb => things::flashbulb(t, canvas, pl),
        ObjectKind::Chess => things::chess_set(t, canvas, pl, rng),
        ObjectKind::Hatbox => things::hatbox(t, canvas, pl),
        ObjectKind::Letter | ObjectKind::Note | ObjectKind::Envelope => papers::letter(t, canvas, kind, pl, rng),
        ObjectKind::Revolver => weapons::revolver(t, canvas, pl),
        ObjectKind::Knife => weapons::knife(t, canvas, pl, &text),
        ObjectKind::Photograph => papers::photographs(t, canvas, pl, rng),
        ObjectKind::Watch => trinkets::pocket_watch(t, canvas, pl, rng),
        ObjectKind::Ticket => papers::ticket(t, canvas, pl),
        ObjectKind::Matchbook => things::matchbook(t, canvas, pl),
        ObjectKind::Glove => trinkets::glove(t, canvas, pl, &text, rng),
        ObjectKind::Ring => ring(t, canvas, pl, rng),
        ObjectKind::Ledger | ObjectKind::Book => papers::bound_book(t, canvas, kind, pl, rng),
        ObjectKind::Pen => papers::pen(t, canvas, pl),
        ObjectKind::Bullet => weapons::bullets(t, canvas, pl, rng),
        ObjectKind::Cloth if has_word(&text, &["napkin"]) => things::napkin(t, canvas, pl),
        ObjectKind::Cloth if has_word(&text, &["pocket square", "silk square"]) => things::pocket_square(t, canvas, pl),
        ObjectKind::Cloth => things::cloth(t, canvas, pl, &text, rng),
        ObjectKind::Parcel => things::parcel(t, canvas, pl, rng),
        ObjectKind::Bottle | ObjectKind::Glass | ObjectKind::Vial => upright_glass(t, canvas, kind, pl, &text, rng),
        ObjectKind::Cigarette => ashtray(t, canvas, pl, rng),
    }
}

fn rect(x0: f32, y0: f32, x1: f32, y1: f32) -> Vec<Point> {
    vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
}

fn sparkle(canvas: &mut Canvas, x: f32, y: f32, r: f32, col: Rgb) {
    canvas.glow(x, y, r, col, 0.6);
    canvas.fill_mode(
        &stroke_pts(&[(x - r * 1.6, y), (x + r * 1.6, y)], 1.6, 1.6),
        col,
        0.6,
        Blend::Add,
    );
    canvas.fill_mode(
        &stroke_pts(&[(x, y - r * 1.2), (x, y + r * 1.2)], 1.4, 1.4),
        col,
        0.5,
        Blend::Add,
    );
}

/// A ring standing on the table, its stone in the case's colour (and perhaps a velvet box).
fn ring(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let style = t.st;
    let xf = t.upright(pl.x, pl.z);
    let key = t.key_side(pl.x);
    if rng.chance(0.5) {
        // A velvet box behind it.
        t.block(
            canvas,
            &pl.then(0.0, 0.09, 0.0),
            Cuboid::centred(0.08, 0.06, 0.07),
            |_, _, _, f| (scale(hex(0x2a0c14), if f == 4 { 0.6 } else { 1.0 }), BLACK),
        );
    }
    canvas.shadow(xf.ox - key * xf.s * 0.05, xf.oy, xf.s * 0.11, xf.s * 0.03, 0.7);
    let (rx, ry) = (0.065, 0.07);
    let cy = -ry;
    let outer = xf.pts(&ellipse_pts(0.0, cy, rx, ry, 0.0, 48));
    let inner = xf.pts(&ellipse_pts(0.0, cy, rx * 0.78, ry * 0.8, 0.0, 48));
    let gold = hex(0xd0a040);
    let (ox, oy) = xf.p(0.0, cy);
    let s = xf.s;
    canvas.fill_paths_with(&[&outer, &inner], Blend::Over, |x, y| {
        let a = (y - oy).atan2(x - ox);
        let lit = 0.5 + 0.5 * (a.cos() * key);
        let band = ((a * 2.0).sin() * 0.5 + 0.5).powi(4);
        (
            scale(mix(scale(gold, 0.55), hex(0xfff0c0), band * 0.6), 0.5 + 0.9 * lit),
            1.0,
        )
    });
    // The stone: a faceted cut, darker below, bright table facet on top.
    let (gx, gy) = xf.p(0.0, cy - ry - 0.012);
    let g = s * 0.032;
    let crown = [
        (gx - g, gy),
        (gx - g * 0.6, gy - g * 0.7),
        (gx + g * 0.6, gy - g * 0.7),
        (gx + g, gy),
    ];
    let pavilion = [(gx - g, gy), (gx + g, gy), (gx, gy + g * 1.1)];
    canvas.fill(
        &[
            (gx - g * 0.9, gy + g * 0.5),
            (gx + g * 0.9, gy + g * 0.5),
            (gx + g * 0.7, gy + g * 1.2),
            (gx - g * 0.7, gy + g * 1.2),
        ],
        gold,
        1.0,
    );
    canvas.fill(&pavilion, scale(style.accent, 0.5), 1.0);
    canvas.fill(
        &[(gx - g, gy), (gx, gy), (gx, gy + g * 1.1)],
        scale(style.accent, 0.8),
        1.0,
    );
    canvas.fill(&crown, mix(style.accent, [1.0; 3], 0.2), 1.0);
    canvas.fill(
        &[
            (gx - g * 0.6, gy - g * 0.7),
            (gx + g * 0.6, gy - g * 0.7),
            (gx + g * 0.3, gy - g * 0.3),
            (gx - g * 0.3, gy - g * 0.3),
        ],
        mix(style.accent, [1.0; 3], 0.5),
        1.0,
    );
    canvas.glow(gx, gy, g * 5.0, style.accent, 0.35);
    sparkle(canvas, gx + key * g * 0.4, gy - g * 0.5, g * 0.9, [1.0; 3]);
    // A coloured glint thrown on the table.
    let (tx, ty) = xf.p(-key * 0.06, 0.02);
    canvas.glow_ellipse(tx, ty, s * 0.05, s * 0.015, style.accent, 0.4);
    (0.0, -0.01)
}

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
fn upright_glass(
    t: &Table,
    canvas: &mut Canvas,
    kind: ObjectKind,
    pl: &Place,
    text: &str,
    rng: &mut Rng,
) -> (f32, f32) {
    let style = t.st;
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
    let lamp = t.st.amber;
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

fn ashtray(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let style = t.st;
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

/// The evidence tag: a manila card with a reinforced hole, a coloured band and ruled marks (no
/// writing), tied to the object with a string that lies on the table.
fn tag(t: &Table, canvas: &mut Canvas, pl: &Place, tie: (f32, f32), rng: &mut Rng) {
    let style = t.st;
    let side = -t.key_side(pl.x);
    let tpl = Place::new(
        pl.x + side * rng.range(0.2, 0.26),
        pl.z - rng.range(0.05, 0.1),
        rng.range(-0.6, 0.6),
    );
    let (hw, hh) = (0.075, 0.042);
    let card = [
        (-hw + 0.015, -hh),
        (hw, -hh),
        (hw, hh),
        (-hw + 0.015, hh),
        (-hw, hh - 0.015),
        (-hw, -hh + 0.015),
    ];
    t.shadow(canvas, &tpl, &card, 0.004, 0.5);
    let hole_c = (-hw + 0.014, 0.0);
    let hole = ellipse_pts(hole_c.0, hole_c.1, 0.0045, 0.0045, 0.0, 16);
    let accent = style.accent;
    let marks = rng.next_u64();
    t.flat_holed(canvas, &tpl, &card, &[&hole], 0.003, move |u, v| {
        let manila = hex(0xd2b880);
        let r = ((u - hole_c.0).powi(2) + (v - hole_c.1).powi(2)).sqrt();
        if r < 0.009 {
            return (hex(0xb89a60), BLACK);
        }
        if u > hw - 0.02 {
            return (mix(accent, hex(0x300808), 0.2), BLACK);
        }
        // Ruled lines with tick marks and dashes on them: a filled-in form, unreadable.
        let row = ((v + hh) / 0.016).floor() as i32;
        let fr = ((v + hh) / 0.016).fract();
        let rule = fr < 0.08 && u > -hw + 0.03 && row > 0;
        let tick = fr > 0.25 && fr < 0.75 && u > -hw + 0.032 && u < hw - 0.03 && row > 0 && row < 5 && {
            let k = ((u + hw) / 0.0045).floor() as i32;
            cell(marks, k, row) < 0.55 && ((u + hw) / 0.0045).fract() < 0.45
        };
        let col = if tick {
            hex(0x1a1a30)
        } else if rule {
            hex(0x8a7050)
        } else {
            manila
        };
        (col, BLACK)
    });
    // The string.
    let a = tpl.to3(hole_c.0, hole_c.1, 0.003);
    let b = pl.to3(tie.0, tie.1, 0.004);
    let mid = [
        (a[0] + b[0]) / 2.0 + rng.range(-0.06, 0.06),
        0.002,
        (a[2] + b[2]) / 2.0 - rng.range(0.0, 0.08),
    ];
    let pts: Vec<Point> = (0..=20)
        .map(|i| {
            let k = i as f32 / 20.0;
            let u = 1.0 - k;
            let p = [
                u * u * a[0] + 2.0 * u * k * mid[0] + k * k * b[0],
                0.002,
                u * u * a[2] + 2.0 * u * k * mid[2] + k * k * b[2],
            ];
            t.s.cam.p(p)
        })
        .collect();
    let shadow: Vec<Point> = pts.iter().map(|p| (p.0 + 2.0, p.1 + 2.0)).collect();
    canvas.fill_mode(&stroke_pts(&shadow, 2.5, 2.5), [0.0; 3], 0.35, Blend::Multiply);
    canvas.fill(
        &stroke_pts(&pts, 1.8, 1.8),
        mul(hex(0xd8ccb0), t.s.light([b[0], 0.0, b[2]], [0.0, 1.0, 0.0])),
        1.0,
    );
}

fn lerp(a: f32, b: f32, t: f32) -> f32 {
    a + (b - a) * t
}
