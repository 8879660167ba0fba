//! Evidence: one object on a table under a spotlight, with a tagged card on a string. Flat things
//! are drawn in the table's own plane (so perspective foreshortens them); upright things stand on it.

use super::canvas::{BLACK, Blend, Canvas, Point, Rgb, Rng, Transform, hex, mix, scale, stroke_pts};
use super::scene::{Scene, V3};
use super::{Style, has_word};
use crate::Evidence;

/// 3:2, like the location pictures.
pub const SIZE: (u32, u32) = (768, 512);

mod books;
mod fabric;
mod games;
mod glass;
mod jewels;
mod letters;
mod matches;
mod papers;
mod table;
mod things;
mod trinkets;
mod weapons;

use glass::{ashtray, upright_glass};
use table::{dressing, paint_table, table_scene, tag};

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
    style: &'a Style,
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
    let mut canvas = Canvas::new(SIZE.0, SIZE.1, scale(style.night, 0.4));
    let (t, spot) = table_scene(style, rng, kind, index);
    let Spot { ox, oz, side } = spot;
    let light = t.light;
    let seed = rng.next_u64();
    paint_table(&t, &mut canvas, rng, seed, index);

    // Dressing at the edges: a forensic scale, a pencil, a magnifier.
    dressing(&t, &mut canvas, rng, ox, oz, side);
    // The object, its tag, the light.
    let rot = rng.range(-0.5, 0.5);
    let enlarge = enlargement(kind);
    let pl = Place::new(ox, oz, rot).scaled(enlarge);
    let tie = draw_object(&t, &mut canvas, kind, &pl, e, rng);
    tag(&t, &mut canvas, &pl, tie, rng);
    // Dust in the beam, and a warm pool.
    let (px, py) = t.s.cam.p([ox, 0.0, oz]);
    let (lx, ly) = t.s.cam.p(light);
    let r = t.s.cam.scale_at(oz) * 0.3;
    canvas.beam((lx, ly.min(-20.0)), (px - r, py), (px + r, py), style.amber, 0.06);
    canvas
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
        ObjectKind::Envelope if has_word(&text, &["bundle", "bundled", "stack"]) => letters::bundle(t, canvas, pl, rng),
        ObjectKind::Matchbook if has_word(&text, &["spilled", "matchbox", "box"]) => {
            matches::spilled_matches(t, canvas, pl, rng)
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
        ObjectKind::Jewel => jewels::jewel(t, canvas, pl, &text, rng),
        ObjectKind::Gem => jewels::gem(t, canvas, pl, &text),
        ObjectKind::Button => trinkets::button(t, canvas, pl, &text),
        ObjectKind::Compact => trinkets::compact(t, canvas, pl, rng),
        ObjectKind::Spectacles => trinkets::spectacles(t, canvas, pl, &text),
        ObjectKind::OperaGlasses => trinkets::opera_glasses(t, canvas, pl),
        ObjectKind::CaneTip => trinkets::cane_tip(t, canvas, pl),
        ObjectKind::Strap => trinkets::strap(t, canvas, pl, &text),
        ObjectKind::Pipe => trinkets::pipe(t, canvas, pl, rng),
        ObjectKind::Cord => fabric::cord(t, canvas, pl, &text, rng),
        ObjectKind::Flower => things::flower(t, canvas, pl, &text, rng),
        ObjectKind::Feather => things::feather(t, canvas, pl, &text),
        ObjectKind::Tin => things::tin(t, canvas, pl, &text),
        ObjectKind::ToolRoll => fabric::tool_roll(t, canvas, pl, rng),
        ObjectKind::Record => things::gramophone(t, canvas, pl),
        ObjectKind::Umbrella => things::umbrella(t, canvas, pl, rng),
        ObjectKind::Candle => things::candle(t, canvas, pl),
        ObjectKind::Cards => games::cards(t, canvas, pl),
        ObjectKind::Coins => games::saucer_of_change(t, canvas, pl, rng),
        ObjectKind::Flashbulb => things::flashbulb(t, canvas, pl),
        ObjectKind::Chess => games::chess_set(t, canvas, pl, rng),
        ObjectKind::Hatbox => things::hatbox(t, canvas, pl),
        ObjectKind::Letter | ObjectKind::Note | ObjectKind::Envelope => letters::letter(t, canvas, kind, pl, rng),
        ObjectKind::Revolver => weapons::revolver(t, canvas, pl),
        ObjectKind::Knife => weapons::knife(t, canvas, pl, &text),
        ObjectKind::Photograph => letters::photographs(t, canvas, pl, rng),
        ObjectKind::Watch => trinkets::pocket_watch(t, canvas, pl, rng),
        ObjectKind::Ticket => letters::ticket(t, canvas, pl),
        ObjectKind::Matchbook => matches::matchbook(t, canvas, pl),
        ObjectKind::Glove => trinkets::glove(t, canvas, pl, &text, rng),
        ObjectKind::Ring => jewels::ring(t, canvas, pl, rng),
        ObjectKind::Ledger | ObjectKind::Book => books::bound_book(t, canvas, kind, pl, rng),
        ObjectKind::Pen => books::pen(t, canvas, pl),
        ObjectKind::Bullet => weapons::bullets(t, canvas, pl, rng),
        ObjectKind::Cloth if has_word(&text, &["napkin"]) => fabric::napkin(t, canvas, pl),
        ObjectKind::Cloth if has_word(&text, &["pocket square", "silk square"]) => fabric::pocket_square(t, canvas, pl),
        ObjectKind::Cloth => fabric::cloth(t, canvas, pl, &text, rng),
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

fn lerp(a: f32, b: f32, t: f32) -> f32 {
    a + (b - a) * t
}
