//! Printed and written paper lying on the table: receipts, documents, newspapers, maps, sheet music,
//! booklets, cards, a desk calendar and a repair tag. Print is drawn as ink shapes (bars, dashes,
//! rules, pictures), never as letters.

use super::super::canvas::{Canvas, Point, Rgb, Rng, bezier, cell, ellipse_pts, hex, mix, scale, stroke_pts};
use super::{BLACK, Cuboid, Place, Table, handwriting, rect};
use crate::has_word;

const PAPER: u32 = 0xe2dac6;
const NEWSPRINT: u32 = 0xcec6b0;
const INK: u32 = 0x1c1c24;

/// A sheet lying flat: its shadow, then its face.
fn sheet(t: &Table, canvas: &mut Canvas, pl: &Place, outline: &[Point], lift: f32, look: impl Fn(f32, f32) -> Rgb) {
    t.shadow(canvas, pl, outline, lift + 0.002, 0.45);
    t.flat(canvas, pl, outline, lift, |u, v| (look(u, v), BLACK));
}

/// Ink over paper where `mark` holds.
fn ink(paper: Rgb, mark: bool) -> Rgb {
    if mark { mix(paper, hex(INK), 0.85) } else { paper }
}

/// Whether (u, v) lies in a row of short printed dashes: rows `pitch` apart, words of varying length.
fn print_row(u: f32, v: f32, pitch: f32, seed: u64) -> bool {
    let row = (v / pitch).floor() as i32;
    let fr = (v / pitch).fract();
    let word = (u / 0.011).floor() as i32;
    let gap = ((u / 0.011).fract()) > 0.82;
    fr > 0.35 && fr < 0.65 && !gap && cell(seed, word, row) > 0.12
}

/// A shop or cab receipt: a narrow printed slip, torn off along the bottom, with a column of
/// figures, a total and a rubber stamp.
pub(super) fn receipt(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let (hw, hh) = (0.055, 0.12);
    let mut outline = vec![(-hw, hh), (hw, hh)];
    for i in 0..=14 {
        let u = hw - 2.0 * hw * i as f32 / 14.0;
        outline.push((u, -hh + if i % 2 == 0 { 0.0 } else { 0.006 }));
    }
    let seed = rng.next_u64();
    let stamp = (rng.range(-0.02, 0.02), rng.range(-0.07, -0.03));
    let red = mix(t.style.accent, hex(0xb01818), 0.6);
    sheet(t, canvas, pl, &outline, 0.002, move |u, v| {
        let paper = hex(0xe8e2d2);
        let from_top = hh - v;
        let name = u.abs() < 0.035 && (0.012..0.024).contains(&from_top);
        let address = u.abs() < 0.028 && (0.03..0.034).contains(&from_top);
        let rule = (from_top - 0.045).abs() < 0.0008 || (from_top - 0.19).abs() < 0.0008;
        let rows = (0.05..0.18).contains(&from_top)
            && ((-hw + 0.008..-0.005).contains(&u) || (0.02..hw - 0.008).contains(&u))
            && print_row(u, from_top, 0.011, seed);
        let total = (0.196..0.206).contains(&from_top) && (0.015..hw - 0.008).contains(&u);
        let r = ((u - stamp.0).powi(2) + (v - stamp.1).powi(2)).sqrt();
        let ring = (r - 0.022).abs() < 0.0025 || ((v - stamp.1).abs() < 0.004 && r < 0.016);
        let col = ink(paper, name || address || rule || rows || total);
        if ring { mix(col, red, 0.75) } else { col }
    });
    (-hw + 0.01, hh - 0.01)
}

/// An official document: a typed sheet with a seal and a signature, a second sheet clipped behind it.
pub(super) fn document(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let (hw, hh) = (0.11, 0.15);
    let behind = pl.then(0.025, 0.02, rng.range(0.08, 0.18));
    let seed = rng.next_u64();
    sheet(t, canvas, &behind, &rect(-hw, -hh, hw, hh), 0.002, move |u, v| {
        ink(
            hex(0xd8d0bc),
            (-hh + 0.02..hh - 0.03).contains(&v) && u.abs() < hw - 0.02 && print_row(u, v, 0.01, seed),
        )
    });
    let accent = t.style.accent;
    sheet(t, canvas, pl, &rect(-hw, -hh, hw, hh), 0.004, move |u, v| {
        let paper = hex(PAPER);
        let from_top = hh - v;
        let crest = ((u.powi(2) + (from_top - 0.025).powi(2)).sqrt() - 0.012).abs() < 0.002;
        let title = u.abs() < 0.06 && (0.045..0.055).contains(&from_top);
        let body = (0.07..0.22).contains(&from_top) && u.abs() < hw - 0.018 && print_row(u, from_top, 0.01, seed ^ 1);
        let signature = (0.235..0.27).contains(&from_top)
            && (0.0..hw - 0.02).contains(&u)
            && handwriting(u * 0.7, from_top, 0.03, paper) != paper;
        let seal_r = ((u + 0.06).powi(2) + (from_top - 0.26).powi(2)).sqrt();
        let seal = seal_r < 0.02 + 0.002 * (u.atan2(from_top - 0.26) * 16.0).sin();
        if seal {
            return scale(
                mix(accent, hex(0x8a1010), 0.5),
                0.8 + 0.4 * (seal_r * 300.0).sin().abs(),
            );
        }
        ink(paper, crest || title || body || signature)
    });
    // A paper clip over the top edge, holding both sheets.
    let clip = [
        (-0.07, hh - 0.05),
        (-0.07, hh + 0.012),
        (-0.058, hh + 0.012),
        (-0.058, hh - 0.04),
    ];
    t.flat(canvas, pl, &stroke_pts(&clip, 0.0028, 0.0028), 0.006, |_, _| {
        (hex(0xb8bcc4), BLACK)
    });
    (-hw + 0.012, hh - 0.012)
}

/// What a folded newspaper page shows.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Page {
    Front,
    Listings,
    RacingForm,
}

/// A folded newspaper: a masthead, headlines, a halftone photograph, columns of print; or a page of
/// radio listings with one circled, or a racing form with ticks in blue pencil.
pub(super) fn newspaper(t: &Table, canvas: &mut Canvas, pl: &Place, name: &str, rng: &mut Rng) -> (f32, f32) {
    let page = if has_word(name, &["racing", "horse", "horses"]) {
        Page::RacingForm
    } else if has_word(name, &["listings", "listing", "radio"]) {
        Page::Listings
    } else {
        Page::Front
    };
    let (hw, hh) = (0.17, 0.21);
    let seed = rng.next_u64();
    let marked = rng.below(6) as i32 + 2;
    let pencil = if page == Page::RacingForm {
        hex(0x1a3a9a)
    } else {
        mix(t.style.accent, hex(0x1a2a8a), 0.4)
    };
    sheet(t, canvas, pl, &rect(-hw, -hh, hw, hh), 0.003, move |u, v| {
        let from_top = hh - v;
        let crease = if v.abs() < 0.003 { 0.75 } else { 1.0 };
        let paper = mix(hex(NEWSPRINT), hex(INK), newsprint_ink(page, u, from_top, hw, seed));
        let col = scale(paper, crease);
        if pencil_mark(page, u, from_top, hw, marked) {
            mix(col, pencil, 0.9)
        } else {
            col
        }
    });
    (-hw + 0.015, hh - 0.015)
}

/// How much ink a newspaper page has at (u, from_top): 0 bare, about 0.4 for body text, 0.9 for
/// mastheads, headlines and the darks of a photograph.
fn newsprint_ink(page: Page, u: f32, from_top: f32, hw: f32, seed: u64) -> f32 {
    let across = (u + hw - 0.012) / 0.08;
    let column = across.floor() as i32;
    let in_column = across.fract() < 0.9 && u < hw - 0.012 && u > -hw + 0.012;
    if page == Page::Front {
        if front_page(u, from_top, hw, seed) {
            return 0.9;
        }
        let beside_photo = from_top > 0.1 && (from_top > 0.205 || u > 0.03);
        let text = in_column && beside_photo && print_row(u, from_top, 0.008, seed ^ column as u64);
        return if text { 0.4 } else { 0.0 };
    }
    let row = from_top / 0.018;
    let heading = (0.012..0.03).contains(&from_top) && u.abs() < 0.1;
    if heading {
        return 0.9;
    }
    if from_top < 0.04 || !in_column {
        return 0.0;
    }
    let rule = row.fract() < 0.05;
    let time = across.fract() < 0.2 && (0.35..0.65).contains(&row.fract());
    let entry = across.fract() > 0.25 && print_row(u, from_top, 0.018, seed ^ row.floor() as u64);
    if time {
        0.85
    } else if entry {
        0.4
    } else if rule {
        0.2
    } else {
        0.0
    }
}

/// Whether a blue-pencil mark lies at (u, from_top): a listing circled, horses ticked.
fn pencil_mark(page: Page, u: f32, from_top: f32, hw: f32, marked: i32) -> bool {
    let row = (from_top / 0.018).floor() as i32;
    match page {
        Page::Listings => {
            let (cu, cv) = (-hw + 0.012 + 0.08 * 1.45, 0.04 + 0.018 * (marked as f32 + 0.5));
            let r = (((u - cu) / 0.048).powi(2) + ((from_top - cv) / 0.014).powi(2)).sqrt();
            (r - 1.0).abs() < 0.16
        }
        Page::RacingForm => {
            let ticked = row % 4 == 1 && row > 2 && row < 16;
            let du = u - (-hw + 0.07 + 0.08 * (row % 3) as f32);
            let dv = ((from_top / 0.018).fract() - 0.5) * 0.018;
            let short = (0.0..0.004).contains(&du) && (dv - du).abs() < 0.0012;
            let long = (0.004..0.014).contains(&du) && (dv + (du - 0.004) * 1.2 - 0.004).abs() < 0.0012;
            ticked && (short || long)
        }
        Page::Front => false,
    }
}

/// The masthead, the headline and the halftone photograph of a front page.
fn front_page(u: f32, from_top: f32, hw: f32, seed: u64) -> bool {
    let masthead = (0.012..0.04).contains(&from_top) && u.abs() < hw - 0.03 && {
        let glyph = ((u + hw) / 0.017).floor() as i32;
        let f = ((u + hw) / 0.017).fract();
        f > 0.15 && f < 0.85 && cell(seed ^ 9, glyph, 0) > 0.08
    };
    let rules = (from_top - 0.046).abs() < 0.001 || (from_top - 0.052).abs() < 0.0006;
    let headline = ((0.06..0.075).contains(&from_top) || (0.08..0.094).contains(&from_top))
        && u.abs() < hw - 0.02
        && ((u + hw) / 0.03).fract() < 0.86;
    let photo = (0.105..0.2).contains(&from_top) && (-hw + 0.012..0.02).contains(&u) && {
        let (x, y) = ((u + hw) / 0.11, (from_top - 0.105) / 0.095);
        let tone =
            0.5 + 0.4 * (x * 5.0).sin() * (y * 3.0 + 1.0).cos() - 0.3 * ((x - 0.5).powi(2) + (y - 0.4).powi(2)).sqrt();
        (((u * 420.0).sin() * (from_top * 420.0).sin()) * 0.5 + 0.5) < tone.clamp(0.05, 0.95)
    };
    masthead || rules || headline || photo
}

/// A folded road map: panels between creases, the sea along a wavy coast, roads, and a route traced
/// in pencil along the coast road.
pub(super) fn road_map(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let (hw, hh) = (0.19, 0.13);
    let seed = rng.next_u64();
    let phase = rng.range(0.0, 6.0);
    sheet(t, canvas, pl, &rect(-hw, -hh, hw, hh), 0.003, move |u, v| {
        let coast = -0.09 + 0.025 * (v * 22.0 + phase).sin() + 0.012 * (v * 57.0).sin();
        let land = hex(0xd8d2b0);
        let mut col = if u < coast {
            mix(hex(0x8ab0c8), hex(0x6a98b8), ((u - coast) * 90.0).sin().abs() * 0.3)
        } else {
            land
        };
        let near_coast = (u - coast - 0.018).abs() < 0.0022;
        let route = (u - coast - 0.018).abs() < 0.0045 && v > -0.08;
        let highway = (v - 0.04 - 0.03 * (u * 9.0).sin()).abs() < 0.0025 && u > coast;
        let lane = (u - 0.08 - 0.02 * (v * 14.0).cos()).abs() < 0.0015 && u > coast;
        let town = u > coast + 0.02
            && cell(seed, (u / 0.02).floor() as i32, (v / 0.02).floor() as i32) > 0.93
            && ((u / 0.02).fract() - 0.5).abs() < 0.2
            && ((v / 0.02).fract() - 0.5).abs() < 0.2;
        if highway || near_coast {
            col = hex(0xb83a2a);
        }
        if lane {
            col = hex(0xc8a030);
        }
        if town {
            col = hex(0x3a3a3a);
        }
        if route && !near_coast {
            col = mix(col, hex(0x303038), 0.7);
        }
        let panel = ((u + hw) / (hw / 2.0)).floor() as i32 + 4 * ((v + hh) / hh).floor() as i32;
        let fold = ((u + hw) / (hw / 2.0))
            .fract()
            .min(1.0 - ((u + hw) / (hw / 2.0)).fract())
            < 0.015;
        scale(
            col,
            if panel % 2 == 0 { 1.0 } else { 0.88 } * if fold { 0.75 } else { 1.0 },
        )
    });
    (-hw + 0.015, hh - 0.015)
}

/// Sheet music: systems of five-line staves with note heads, stems and bar lines, pencilled marks.
pub(super) fn sheet_music(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let (hw, hh) = (0.11, 0.15);
    let seed = rng.next_u64();
    sheet(t, canvas, pl, &rect(-hw, -hh, hw, hh), 0.003, move |u, v| {
        let paper = hex(PAPER);
        let from_top = hh - v;
        let title = u.abs() < 0.05 && (0.012..0.022).contains(&from_top);
        if !(0.035..0.29).contains(&from_top) || u.abs() > hw - 0.012 {
            return ink(paper, title);
        }
        let system = ((from_top - 0.035) / 0.042).floor() as i32;
        let within = (from_top - 0.035) - system as f32 * 0.042;
        let line = within < 0.02 && (within / 0.005).fract() < 0.14;
        let bar = within < 0.0205 && (((u + hw - 0.012) / 0.05).fract() < 0.012);
        let beat = ((u + hw) / 0.0125).floor() as i32;
        let pitch = (cell(seed, beat, system) * 8.0).floor() * 0.0025;
        let head = (((u + hw) / 0.0125).fract() - 0.5) * 0.0125;
        let note = beat % 4 != 3 && ((head / 0.0034).powi(2) + ((within - pitch - 0.002) / 0.0024).powi(2)) < 1.0;
        let stem = beat % 4 != 3 && (head - 0.003).abs() < 0.0005 && (pitch - 0.014..pitch + 0.002).contains(&within);
        let pencil = within > 0.022 && within < 0.028 && beat % 5 == 1 && head.abs() < 0.0015;
        if pencil {
            return mix(paper, hex(0x6a6a70), 0.6);
        }
        ink(paper, line || bar || note || stem)
    });
    (-hw + 0.012, hh - 0.012)
}

/// What the cover of a booklet shows.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cover {
    /// A theatre programme: stage curtains.
    Curtains,
    /// A railway timetable: a locomotive.
    Locomotive,
    /// An auction catalogue: an urn in a frame.
    Urn,
}

/// A thin stapled booklet with an art-deco cover: a theatre programme, a timetable, a catalogue.
pub(super) fn pamphlet(t: &Table, canvas: &mut Canvas, pl: &Place, text: &str) -> (f32, f32) {
    let theatre = ["program", "programme", "theater", "theatre", "revue", "playbill"];
    let cover = if has_word(text, &theatre) {
        Cover::Curtains
    } else if has_word(text, &["timetable", "railway", "train", "locomotive"]) {
        Cover::Locomotive
    } else {
        Cover::Urn
    };
    let (hw, hh, th) = (0.08, 0.115, 0.005);
    let accent = t.style.accent;
    let ground = match cover {
        Cover::Curtains => mix(accent, hex(0x3a0a10), 0.45),
        Cover::Locomotive => hex(0xd8cca8),
        Cover::Urn => hex(0x1e2a3a),
    };
    let gold = hex(0xc8a050);
    t.shadow(canvas, pl, &rect(-hw, -hh, hw, hh), th, 0.5);
    t.block(canvas, pl, Cuboid::centred(hw, hh, th), move |u, v, y, face| {
        if face != 4 {
            return (if y > th - 0.001 { ground } else { hex(0xd8d0bc) }, BLACK);
        }
        let edge = (hw - u.abs()).min(hh - v.abs());
        let border = (edge - 0.008).abs() < 0.0015 || (edge - 0.012).abs() < 0.0008;
        let title = (hh - v - 0.035).abs() < 0.008 && u.abs() < 0.05;
        let picture = match cover {
            Cover::Curtains => {
                // A stage seen from the stalls: curtains drawn back, a valance, a spotlight's pool.
                let stage = u.abs() < 0.05 && (-0.07..0.04).contains(&v);
                let rise = (v + 0.07) / 0.11;
                let curtain = stage && u.abs() > 0.042 - 0.03 * rise;
                let valance = stage && v > 0.028 + 0.004 * (u * 200.0).sin().abs();
                let pool = ((u / 0.02).powi(2) + ((v + 0.055) / 0.008).powi(2)) < 1.0;
                if valance {
                    Some(gold)
                } else if curtain {
                    Some(scale(accent, 0.8 + 0.4 * (u * 400.0).sin().abs()))
                } else if pool {
                    Some(hex(0xe8d8a0))
                } else if stage {
                    Some(hex(0x0c0c10))
                } else {
                    None
                }
            }
            Cover::Locomotive => {
                let (x, y) = (u / 0.05, (v + 0.03) / 0.05);
                let boiler = (-0.9..0.5).contains(&x) && (-0.1..0.45).contains(&y);
                let cab = (0.5..1.0).contains(&x) && (-0.1..0.8).contains(&y);
                let stack = (-0.7..-0.5).contains(&x) && (0.45..0.75).contains(&y);
                let wheel = [-0.6f32, -0.1, 0.4, 0.8]
                    .iter()
                    .any(|w| ((x - w).powi(2) + (y + 0.3).powi(2)).sqrt() < 0.2);
                (boiler || cab || stack || wheel).then_some(hex(0x18181c))
            }
            Cover::Urn => {
                let (x, y) = (u / 0.04, (v + 0.02) / 0.05);
                let width = 0.35 + 0.55 * (1.0 - ((y - 0.1) * 1.6).powi(2)).max(0.0);
                let urn = y > -0.9 && y < 0.9 && x.abs() < width.max(if y < -0.6 { 0.45 } else { 0.0 });
                let frame =
                    (x.abs() - 1.4).abs() < 0.06 && y.abs() < 1.2 || (y.abs() - 1.2).abs() < 0.05 && x.abs() < 1.4;
                if frame {
                    Some(gold)
                } else {
                    urn.then_some(mix(gold, hex(0xe8d8b0), 0.4))
                }
            }
        };
        let col = if border || title {
            gold
        } else {
            picture.unwrap_or(ground)
        };
        (col, BLACK)
    });
    (-hw + 0.01, hh - 0.01)
}

/// A postcard (a sunny picture: sea, sun and palm trees) or a florist's card (a printed rose and a
/// line of handwriting, on its little envelope).
pub(super) fn card(t: &Table, canvas: &mut Canvas, pl: &Place, text: &str, rng: &mut Rng) -> (f32, f32) {
    if has_word(text, &["postcard", "palm", "havana"]) {
        let (hw, hh) = (0.11, 0.07);
        let sun = (rng.range(-0.05, 0.05), rng.range(0.01, 0.04));
        sheet(t, canvas, pl, &rect(-hw, -hh, hw, hh), 0.003, move |u, v| {
            if (hw - u.abs()).min(hh - v.abs()) < 0.006 {
                return hex(0xe8e2d4);
            }
            let horizon = -0.005;
            let mut col = if v > horizon {
                mix(hex(0xe8b060), hex(0x3aa0c8), ((v - horizon) / 0.07).clamp(0.0, 1.0))
            } else if v > -0.04 + 0.004 * (u * 60.0).sin() {
                mix(
                    hex(0x2a7aa0),
                    hex(0x60b0c8),
                    ((u * 80.0 + v * 300.0).sin() * 0.5 + 0.5) * 0.4,
                )
            } else {
                hex(0xe0c890)
            };
            if ((u - sun.0).powi(2) + (v - sun.1).powi(2)).sqrt() < 0.014 {
                col = hex(0xfff0b0);
            }
            if palm(u - 0.06, v + 0.055) || palm((u + 0.075) * 1.2, (v + 0.06) * 1.2) {
                col = hex(0x1a2a18);
            }
            col
        });
        return (-hw + 0.01, hh - 0.01);
    }
    let envelope = pl.then(0.03, 0.025, rng.range(0.15, 0.35));
    sheet(t, canvas, &envelope, &rect(-0.06, -0.04, 0.06, 0.04), 0.002, |u, v| {
        scale(hex(0xd8d0c0), if v > 0.04 - (0.06 - u.abs()) * 0.5 { 0.9 } else { 1.0 })
    });
    let (hw, hh) = (0.055, 0.035);
    let mut outline = Vec::new();
    for i in 0..=20 {
        let u = -hw + 2.0 * hw * i as f32 / 20.0;
        outline.push((u, hh - if i % 2 == 0 { 0.0 } else { 0.0015 }));
    }
    outline.extend([(hw, -hh), (-hw, -hh)]);
    let accent = t.style.accent;
    sheet(t, canvas, pl, &outline, 0.004, move |u, v| {
        let paper = hex(0xece6d8);
        let (x, y) = (u + 0.035, v - 0.005);
        let bloom = (x * x + y * y).sqrt() < 0.008;
        let leaf = ((x + 0.004).powi(2) / 0.00006 + (y + 0.014).powi(2) / 0.00001) < 1.0
            || (x.abs() < 0.001 && (-0.025..-0.004).contains(&y));
        if bloom {
            return mix(accent, hex(0xc02030), 0.5);
        }
        if leaf {
            return hex(0x2a5a2a);
        }
        let writing =
            u > -0.015 && u < hw - 0.008 && v.abs() < hh - 0.01 && handwriting(u * 1.4, v, 0.014, paper) != paper;
        ink(paper, writing)
    });
    (-hw + 0.008, 0.0)
}

/// A palm tree's silhouette: a leaning trunk and a crown of drooping fronds.
fn palm(u: f32, v: f32) -> bool {
    let trunk = v < 0.03 && v > -0.015 && (u - (v + 0.015) * 0.25).abs() < 0.0025;
    let (x, y) = (u - 0.011, v - 0.03);
    let a = y.atan2(x);
    let r = (x * x + y * y).sqrt();
    let frond = r < 0.022 && ((a * 3.5).sin().abs() > 0.75) && y > -0.012 - r * 0.3;
    trunk || frond
}

/// A desk calendar: a wooden stand holding a tear-off pad, its red month band over a blank page,
/// the stubs of torn pages along the top.
pub(super) fn calendar(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let (hw, hh) = (0.075, 0.06);
    let seed = rng.next_u64();
    t.shadow(
        canvas,
        pl,
        &rect(-hw - 0.01, -hh - 0.01, hw + 0.01, hh + 0.01),
        0.035,
        0.55,
    );
    t.block(
        canvas,
        pl,
        Cuboid {
            u0: -hw - 0.01,
            v0: -hh - 0.01,
            u1: hw + 0.01,
            v1: hh + 0.01,
            height: 0.018,
        },
        |u, _, _, face| {
            let wood = hex(0x3a2414);
            (
                if face == 4 {
                    scale(wood, 0.9 + 0.1 * (u * 200.0).sin())
                } else {
                    scale(wood, 0.7)
                },
                BLACK,
            )
        },
    );
    let red = mix(t.style.accent, hex(0xb02020), 0.6);
    t.block(canvas, pl, Cuboid::centred(hw, hh, 0.034), move |u, v, y, face| {
        if face != 4 {
            let leaves = ((y * 2000.0).sin() * 0.5 + 0.5) * 0.15;
            return (scale(hex(0xd8d2c4), 0.85 + leaves), BLACK);
        }
        let from_top = hh - v;
        let stub = from_top < 0.008 && cell(seed, (u / 0.004).floor() as i32, 0) > 0.4;
        let band = (0.008..0.03).contains(&from_top);
        let month = band && u.abs() < 0.03 && (0.014..0.024).contains(&from_top);
        let rule = from_top > 0.04 && ((from_top - 0.04) / 0.02).fract() < 0.04 && u.abs() < hw - 0.01;
        let col = if stub {
            hex(0xf0ece4)
        } else if month {
            hex(0xf0e0d0)
        } else if band {
            red
        } else if rule {
            hex(0xb8c0d0)
        } else {
            hex(0xeeeae0)
        };
        (col, BLACK)
    });
    (-hw - 0.01, -hh)
}

/// A gunsmith's or jeweller's repair tag: a stiff white card with a red border, a brass eyelet and
/// a wire loop, filled in with figures.
pub(super) fn repair_tag(t: &Table, canvas: &mut Canvas, pl: &Place, rng: &mut Rng) -> (f32, f32) {
    let (hw, hh) = (0.06, 0.1);
    let card = [
        (-hw, -hh),
        (hw, -hh),
        (hw, hh - 0.02),
        (hw - 0.02, hh),
        (-hw + 0.02, hh),
        (-hw, hh - 0.02),
    ];
    let seed = rng.next_u64();
    let red = mix(t.style.accent, hex(0xb02020), 0.5);
    sheet(t, canvas, pl, &card, 0.003, move |u, v| {
        let edge = (hw - u.abs()).min(hh - v.abs());
        let paper = hex(0xe8e4da);
        if (edge - 0.006).abs() < 0.0015 {
            return red;
        }
        let from_top = hh - v;
        let bar = (0.04..0.05).contains(&from_top) && u.abs() < 0.035;
        let fields = from_top > 0.065 && u.abs() < hw - 0.014 && ((from_top - 0.065) / 0.018).fract() < 0.06;
        let entries =
            from_top > 0.065 && u > -0.01 && u < hw - 0.016 && handwriting(u * 1.3, from_top, 0.018, paper) != paper;
        let number = (0.17..0.185).contains(&from_top) && u.abs() < 0.03 && print_row(u, from_top - 0.17, 0.015, seed);
        ink(paper, bar || fields || entries || number)
    });
    let eyelet = ellipse_pts(0.0, hh - 0.02, 0.009, 0.009, 0.0, 24);
    let hole = ellipse_pts(0.0, hh - 0.02, 0.0045, 0.0045, 0.0, 16);
    t.flat_holed(canvas, pl, &eyelet, &[&hole], 0.0035, |_, _| (hex(0xb08a3a), BLACK));
    let wire = bezier(
        (0.0, hh - 0.02),
        (0.04, hh + 0.06),
        (-0.05, hh + 0.07),
        (-0.02, hh - 0.005),
        16,
    );
    t.flat(canvas, pl, &stroke_pts(&wire, 0.0015, 0.0015), 0.004, |_, _| {
        (hex(0x9a9ca4), BLACK)
    });
    (0.0, -hh)
}
