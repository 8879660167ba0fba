//! The procedural pictures show what the procedural writer says: every location it can name is
//! drawn as its own kind of place, and every evidence item as its own kind of object, never as the
//! painter's fallback. The walk builds each name and description the way the writer does, with every
//! value its templates can take.

use std::collections::{BTreeMap, BTreeSet};

use case_model::{CaseCounts, CaseRequest};
use painter::{Motif, ObjectKind, motif_for, object_for};

use super::{Person, Vars, clock, fill, lib, person_at, write};

/// What each place of the writer's pool is drawn as.
#[rustfmt::skip]
const PLACES: &[(Motif, &[&str])] = &[
    (Motif::Library, &["Library"]),
    (Motif::Greenhouse, &["Conservatory"]),
    (Motif::Cellar, &["Wine Cellar"]),
    (Motif::DressingRoom, &["Jazz Club Dressing Room"]),
    (Motif::Warehouse, &["Dockside Warehouse"]),
    (Motif::Lobby, &["Hotel Lobby"]),
    (Motif::Platform, &["Train Platform"]),
    (Motif::Observatory, &["Observatory"]),
    (Motif::Boathouse, &["Boathouse"]),
    (Motif::Billiards, &["Billiard Room"]),
    (Motif::Rooftop, &["Rooftop Terrace"]),
    (Motif::Shop, &["Pawnshop", "Antique Shop", "Tailor's Shop"]),
    (Motif::Office, &["Newsroom"]),
    (Motif::Casino, &["Casino Floor"]),
    (Motif::Bar, &["Speakeasy Back Room"]),
    (Motif::Theatre, &["Opera Box"]),
    (Motif::Arcade, &["Pier Arcade"]),
    (Motif::Gallery, &["Art Gallery"]),
    (Motif::Kitchen, &["Servants' Hall"]),
    (Motif::Garage, &["Chauffeur's Garage"]),
    (Motif::Ballroom, &["Ballroom"]),
    (Motif::Lighthouse, &["Lighthouse"]),
    (Motif::Studio, &["Radio Studio"]),
    (Motif::ProjectionBooth, &["Projection Booth"]),
    (Motif::TeaRoom, &["Tea Room"]),
    (Motif::Parlour, &["Penthouse Suite"]),
    (Motif::Belfry, &["Bell Tower"]),
    (Motif::Stables, &["Racetrack Stables"]),
    (Motif::Alley, &["Back Alley"]),
    (Motif::Vault, &["Bank Vault"]),
];

/// What each evidence item the writer can name is drawn as.
#[rustfmt::skip]
const ITEMS: &[(ObjectKind, &[&str])] = &[
    (ObjectKind::Receipt, &["Cab Receipt", "Filling-Station Receipt", "Department-Store Receipt", "Prescription Slip",
        "Confectioner's Receipt", "Bill of Sale", "Engraver's Bill", "Pharmacy Label", "Withdrawal Slip"]),
    (ObjectKind::Ticket, &["Parking Ticket", "Operator's Ticket", "Streetcar Pass", "Pawn Ticket"]),
    (ObjectKind::Note, &["Night Watchman's Log", "Poison Register Page", "Torn IOU", "Angry Telegram"]),
    (ObjectKind::Photograph, &["Press Photograph", "Torn Photograph"]),
    (ObjectKind::Glove, &["Sooty Driving Gloves", "Lavender Glove"]),
    (ObjectKind::Pamphlet, &["Auction Catalog", "Railway Timetable", "Theater Program"]),
    (ObjectKind::Tin, &["Weed-Killer Tin", "Aspirin Tin", "Typewriter Ribbon"]),
    (ObjectKind::Tag, &["Gunsmith's Repair Tag"]),
    (ObjectKind::ToolRoll, &["Empty Tool Roll"]),
    (ObjectKind::Document, &["Discharge Papers", "Insurance Policy"]),
    (ObjectKind::Cigarette, &["Cigarette End", "Ashtray"]),
    (ObjectKind::Flower, &["Carnation Petals", "Gardenia Petal", "Heather Sprig", "Cornflower"]),
    (ObjectKind::Cord, &["Snapped Silk Cord", "Tartan Threads"]),
    (ObjectKind::Spectacles, &["Spectacle Arm", "Oval Lens"]),
    (ObjectKind::CaneTip, &["Cane Tip"]),
    (ObjectKind::Envelope, &["Stag Seal", "Bundle of Bills"]),
    (ObjectKind::Feather, &["Peacock Feather"]),
    (ObjectKind::Gem, &["Loose Pearl", "Loose Emerald"]),
    (ObjectKind::Jewel, &["Anchor Pin", "Watch Fob", "Lucky Charm", "Cufflink", "Scarab Pin", "Cameo Brooch",
        "Horseshoe Charm", "Dragonfly Comb"]),
    (ObjectKind::Cloth, &["Pocket Square", "Monogrammed Handkerchief", "Cocktail Napkin"]),
    (ObjectKind::Strap, &["Broken Watch Strap"]),
    (ObjectKind::Lighter, &["Cigarette Lighter"]),
    (ObjectKind::Button, &["Spat Button"]),
    (ObjectKind::Pipe, &["Pipe Dottle"]),
    (ObjectKind::Compact, &["Powder Compact"]),
    (ObjectKind::Pen, &["Engraved Fountain Pen"]),
    (ObjectKind::Key, &["Spare Key"]),
    (ObjectKind::Letter, &["Heated Letter", "Unfinished Letter"]),
    (ObjectKind::Matchbook, &["Matchbook Note", "Spilled Matches"]),
    (ObjectKind::Newspaper, &["Evening Newspaper", "Radio Listings", "Racing Form"]),
    (ObjectKind::Record, &["Gramophone Record"]),
    (ObjectKind::Umbrella, &["Wet Umbrella"]),
    (ObjectKind::Candle, &["Candle Stub"]),
    (ObjectKind::Cards, &["Deck of Cards"]),
    (ObjectKind::Card, &["Postcard from Havana", "Florist's Card"]),
    (ObjectKind::Coins, &["Saucer of Change"]),
    (ObjectKind::Flashbulb, &["Spent Flashbulb"]),
    (ObjectKind::Chess, &["Chess Set"]),
    (ObjectKind::Map, &["Road Map"]),
    (ObjectKind::OperaGlasses, &["Opera Glasses"]),
    (ObjectKind::Hatbox, &["Empty Hatbox"]),
    (ObjectKind::Calendar, &["Desk Calendar"]),
    (ObjectKind::SheetMusic, &["Sheet Music"]),
];

fn expected<K: Copy>(table: &[(K, &[&str])], name: &str) -> Option<K> {
    table.iter().find(|(_, names)| names.contains(&name)).map(|(k, _)| *k)
}

/// Everyone the writer can name: each first name once and each surname once, so every word a name
/// can put in a text is there.
fn people(surnames: &'static [&'static str]) -> Vec<Person> {
    let firsts = (lib::MALE_FIRST.len() + lib::FEMALE_FIRST.len()) as u64;
    let by_first = (0..firsts).map(|f| person_at(f, surnames));
    let by_surname = (0..surnames.len() as u64).map(|s| person_at(s * firsts + s % firsts, surnames));
    by_first.chain(by_surname).collect()
}

/// Every value each template key can take, as the writer fills it.
fn values() -> BTreeMap<&'static str, Vec<String>> {
    let mut values: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    let mut put = |vars: Vars| {
        for (key, value) in vars {
            let slot = values.entry(key).or_default();
            if !slot.contains(&value) {
                slot.push(value);
            }
        }
    };
    for person in people(lib::SUSPECT_SURNAMES) {
        put(person.vars());
        for alibi in lib::ALIBIS {
            let mut v = person.vars();
            v.push(("place", alibi.place.to_string()));
            let witness = fill(alibi.witness, &v);
            put(vec![("place", alibi.place.to_string()), ("witness", witness)]);
        }
    }
    for victim in people(lib::VICTIM_SURNAMES) {
        put(vec![("victim", victim.name())]);
    }
    for place in lib::PLACES {
        put(vec![("scene", place.name.to_string())]);
    }
    for k in 0..16 {
        put(vec![("time", clock(21 * 60 + 20 + 10 * k))]);
    }
    values
}

/// Every text a template can become: each key of it takes each of its values in turn, the others
/// their first value.
fn texts(template: &str, values: &BTreeMap<&'static str, Vec<String>>) -> Vec<String> {
    let keys: Vec<&'static str> = values
        .keys()
        .copied()
        .filter(|k| template.contains(&format!("{{{k}}}")))
        .collect();
    let first: Vars = keys.iter().map(|k| (*k, values[k][0].clone())).collect();
    let mut out = vec![fill(template, &first)];
    for key in &keys {
        for value in &values[key][1..] {
            let vars: Vars = first
                .iter()
                .map(|(k, v)| (*k, if k == key { value.clone() } else { v.clone() }))
                .collect();
            out.push(fill(template, &vars));
        }
    }
    out
}

/// Every evidence item the writer can make: its name and the description templates it fills.
fn evidence_templates() -> Vec<(&'static str, &'static str)> {
    let breakers = lib::BREAKERS.iter().map(|c| (c.name, c.description));
    let clues = lib::WEAPONS.iter().map(|w| (w.clue_name, w.clue));
    let traces = lib::FEATURES.iter().map(|f| (f.trace_name, f.trace));
    let herrings = lib::HERRINGS.iter().map(|h| (h.name, h.description));
    let neutral = lib::NEUTRAL.iter().map(|c| (c.name, c.description));
    breakers
        .chain(clues)
        .chain(traces)
        .chain(herrings)
        .chain(neutral)
        .collect()
}

#[test]
fn every_place_and_evidence_item_the_writer_names_is_drawn_as_what_it_is() {
    let mut wrong = Vec::new();
    for place in lib::PLACES {
        let drawn = motif_for(place.name, place.description);
        match (drawn, expected(PLACES, place.name)) {
            (None, _) => wrong.push(format!("location {:?} falls back on a stock scene", place.name)),
            (Some(m), Some(want)) if m != want => {
                wrong.push(format!("location {:?} is drawn as {m:?}, not {want:?}", place.name))
            }
            (Some(m), None) => wrong.push(format!(
                "location {:?} (drawn as {m:?}) has no expected scene",
                place.name
            )),
            _ => {}
        }
    }
    let values = values();
    let mut texts_checked = 0;
    let items = evidence_templates();
    for (name, template) in &items {
        let want = expected(ITEMS, name);
        if want.is_none() {
            wrong.push(format!("evidence {name:?} has no expected object"));
        }
        for description in texts(template, &values) {
            texts_checked += 1;
            match object_for(name, &description) {
                None => wrong.push(format!("evidence {name:?} falls back on a parcel ({description:?})")),
                Some(kind) if want.is_some_and(|w| w != kind) => wrong.push(format!(
                    "evidence {name:?} is drawn as {kind:?}, not {want:?} ({description:?})"
                )),
                _ => {}
            }
        }
    }
    let names: BTreeSet<&str> = items.iter().map(|(n, _)| *n).collect();
    assert_eq!(names.len(), items.len(), "evidence names repeat");
    eprintln!(
        "{} locations and {} evidence items ({texts_checked} descriptions) checked",
        lib::PLACES.len(),
        items.len()
    );
    assert!(texts_checked > 1_000, "only {texts_checked} descriptions were built");
    assert!(
        wrong.is_empty(),
        "{} pictures would not show their subject:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn generated_cases_draw_every_location_and_item_as_what_it_is() {
    let mut shapes = vec![CaseCounts::default(); 200];
    shapes.extend([
        CaseCounts {
            locations: lib::PLACES.len(),
            suspects: 5,
            evidence: 20,
        },
        CaseCounts {
            locations: 6,
            suspects: 3,
            evidence: 12,
        },
    ]);
    let mut wrong = BTreeSet::new();
    for (day, counts) in shapes.into_iter().enumerate() {
        let seed = 20_400 + day as u64;
        let request = CaseRequest {
            id: format!("case-{seed}"),
            date: "2025-11-27".into(),
            seed,
            counts,
            created_at: 0,
        };
        let case = write(&request).expect("a case");
        for l in &case.locations {
            let drawn = motif_for(&l.name, &l.description);
            if drawn.is_none() || drawn != expected(PLACES, &l.name) {
                wrong.insert(format!("day {seed}: location {:?} is drawn as {drawn:?}", l.name));
            }
        }
        for e in &case.evidence {
            let drawn = object_for(&e.name, &e.description);
            if drawn.is_none() || drawn != expected(ITEMS, &e.name) {
                wrong.insert(format!(
                    "day {seed}: {:?} ({:?}) is drawn as {drawn:?}",
                    e.name, e.description
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.into_iter().collect::<Vec<_>>().join("\n"));
}
