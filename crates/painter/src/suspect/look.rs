//! Reading a sitter's looks from their words: hat, hair and its colour, skin, clothes and the rest.

use super::super::Style;
use super::super::canvas::{Rgb, Rng, hex, mix};
use super::{Clothes, Hair, Hat, Look};
use crate::{Suspect, has_word};

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

pub(super) fn read_look(s: &Suspect, style: &Style, rng: &mut Rng) -> Look {
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
