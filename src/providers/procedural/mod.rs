//! Procedural noir art: the pictures of the game whenever no image model is configured.
//!
//! Every picture is painted from scratch on a float canvas (`canvas`), some through a tiny
//! one-point-perspective 3D stage (`scene`): rooms and streets (`location`), head-and-shoulders
//! portraits (`suspect`) and objects on a table with an evidence tag (`evidence`). A case's pictures
//! share a palette: night blues, lamplight amber, and one accent colour taken from the case id.
//! Everything random comes from a SplitMix64 seeded with an FNV-1a hash of the case id, the slot
//! and the subject's text, so the same request always gives the same pixels.

mod canvas;
mod evidence;
mod location;
mod scene;
mod suspect;

use async_trait::async_trait;

use super::{ImageProvider, ImageRequest, Picture, ProviderError, Subject};
use crate::domain::SlotKind;
use canvas::{Rgb, Rng, fnv1a, hex, mix};

/// The procedural painter: deterministic, offline, fast.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProceduralArt;

impl ProceduralArt {
    pub fn new() -> Self {
        ProceduralArt
    }
}

#[async_trait]
impl ImageProvider for ProceduralArt {
    fn name(&self) -> &'static str {
        "procedural"
    }

    async fn generate(&self, request: &ImageRequest) -> Result<Picture, ProviderError> {
        let request = request.clone();
        tokio::task::spawn_blocking(move || render(&request))
            .await
            .map(Picture::Pixels)
            .map_err(|e| ProviderError::Retryable {
                message: format!("procedural renderer task failed: {e}"),
                retry_after: None,
            })
    }
}

/// The picture size of a slot kind: 3:2 scenes and evidence, 4:5 portraits.
pub fn size_of(kind: SlotKind) -> (u32, u32) {
    match kind {
        SlotKind::Location => location::SIZE,
        SlotKind::Suspect => suspect::SIZE,
        SlotKind::Evidence => evidence::SIZE,
    }
}

/// Paints one picture. Same request, same pixels.
pub fn render(request: &ImageRequest) -> image::RgbImage {
    let style = Style::for_case(&request.case_id);
    let (kind, text) = match &request.subject {
        Subject::Location(l) => ("location", format!("{}\n{}", l.name, l.description)),
        Subject::Suspect(s) => (
            "suspect",
            format!("{}\n{}\n{}\n{}", s.name, s.gender, s.occupation, s.appearance),
        ),
        Subject::Evidence(e) => ("evidence", format!("{}\n{}", e.name, e.description)),
    };
    let index = request.slot.index;
    let seed = fnv1a(&[
        &request.case_id,
        request.slot.kind.as_str(),
        kind,
        &index.to_string(),
        &text,
    ]);
    let mut rng = Rng::new(seed);
    let canvas = match &request.subject {
        Subject::Location(l) => location::paint(l, &style, &mut rng, index),
        Subject::Suspect(s) => suspect::paint(s, &style, &mut rng, index),
        Subject::Evidence(e) => evidence::paint(e, &style, &mut rng, index),
    };
    canvas.finish(seed, 0.055, 0.6)
}

/// The accent colours a case may get, one per case.
const ACCENTS: [(&str, u32); 8] = [
    ("crimson", 0xc0182e),
    ("teal", 0x18a098),
    ("absinthe", 0x9cc432),
    ("violet", 0x8c50d0),
    ("gold", 0xe0aa28),
    ("rose", 0xe04a82),
    ("tangerine", 0xf06a24),
    ("jade", 0x28b070),
];

/// The palette and the case-wide seed shared by all pictures of one case.
#[derive(Debug, Clone)]
pub(crate) struct Style {
    pub accent: Rgb,
    /// Deep night blue: shadows and backgrounds.
    pub night: Rgb,
    /// A lighter, hazier blue: skies near the horizon, fill light.
    pub dusk: Rgb,
    /// Lamplight.
    pub amber: Rgb,
    /// Cool moonlight.
    pub moon: Rgb,
    pub seed: u64,
}

impl Style {
    pub fn for_case(case_id: &str) -> Self {
        let seed = fnv1a(&[case_id]);
        let (_, accent) = ACCENTS[(seed % ACCENTS.len() as u64) as usize];
        let accent = hex(accent);
        // The night leans a touch toward the accent, so a case's pictures hang together.
        let night = mix(hex(0x0c1424), accent, 0.05);
        Style {
            accent,
            night,
            dusk: mix(hex(0x2c3e5c), accent, 0.06),
            amber: hex(0xffa84a),
            moon: hex(0xa8c0e0),
            seed,
        }
    }
}

/// Whether the text holds one of the words (whole words, any case, plural -s/-es allowed).
pub(crate) fn has_word(text: &str, words: &[&str]) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| {
            let w = w.to_lowercase();
            words
                .iter()
                .any(|k| w == *k || w.strip_suffix('s') == Some(k) || w.strip_suffix("es") == Some(k))
        })
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use image::RgbImage;
    use image::imageops::{FilterType, resize};

    use super::*;
    use crate::domain::{Evidence, Location, Slot, Suspect};

    fn location(name: &str, description: &str) -> Location {
        Location {
            id: name.to_lowercase().replace(' ', "-"),
            name: name.into(),
            description: description.into(),
            image_url: None,
        }
    }

    fn suspect(name: &str, gender: &str, age: u32, occupation: &str, appearance: &str) -> Suspect {
        Suspect {
            id: name.to_lowercase().replace(' ', "-"),
            name: name.into(),
            age,
            gender: gender.into(),
            occupation: occupation.into(),
            appearance: appearance.into(),
            background: String::new(),
            alibi: String::new(),
            profile_image_url: None,
        }
    }

    fn evidence(name: &str, description: &str) -> Evidence {
        Evidence {
            id: name.to_lowercase().replace(' ', "-"),
            name: name.into(),
            description: description.into(),
            found_at: "study".into(),
            image_url: None,
        }
    }

    /// A hand-built case: 4 locations, 3 suspects, 8 evidence items.
    fn sample(case_id: &str) -> Vec<ImageRequest> {
        let locations = [
            location("The Blue Heron Club", "A smoky jazz club with a long mahogany bar."),
            location(
                "Pier 9",
                "A fog-bound harbor pier where the freighters unload at night.",
            ),
            location("The Study", "Walls of books, a green-shaded lamp, a cold fireplace."),
            location(
                "Mercer Street",
                "A rain-slick street of shuttered shops under flickering lamps.",
            ),
        ];
        let suspects = [
            suspect(
                "Vivian Cross",
                "female",
                34,
                "Nightclub singer",
                "Platinum blonde bob, a cloche hat, pearls and dark lipstick.",
            ),
            suspect(
                "Eddie Malone",
                "male",
                46,
                "Bookmaker",
                "Heavy-set, a grey fedora, a pencil moustache, trench coat.",
            ),
            suspect(
                "Dr. Arthur Pell",
                "male",
                63,
                "Physician",
                "Silver-haired, round glasses, a neat beard.",
            ),
        ];
        let items = [
            evidence("Brass key", "A heavy key to a safe-deposit box."),
            evidence("Torn letter", "A love letter, torn in half."),
            evidence("Whiskey bottle", "Half empty, one glass missing."),
            evidence("Revolver", "A .38 with one round fired."),
            evidence("Pocket watch", "Stopped at a quarter past eleven."),
            evidence("Matchbook", "From the Blue Heron Club."),
            evidence("Glove", "A lady's black evening glove."),
            evidence("Ledger", "The club's second set of accounts."),
        ];
        requests(case_id, locations, suspects, items)
    }

    /// Many subjects: every location motif, a range of looks, every kind of object.
    fn gallery(case_id: &str) -> Vec<ImageRequest> {
        let locations = [
            location("Harlan & Co. Detective Agency", "A cramped office above a pawnshop."),
            location("The Vanderholt Parlour", "Velvet chairs and a grand piano."),
            location("Orchid Conservatory", "A glass greenhouse full of orchids and palms."),
            location("The Rialto Theatre", "An empty stage after the last show."),
            location("Back Alley", "Behind the club, fire escapes and trash cans."),
            location("Ashgrove Cemetery Gardens", "Hedges, a gravel path and a fountain."),
            location("Suite 714", "A hotel bedroom with the bed still made."),
            location("Nowhere in particular", "A place."),
        ];
        let suspects = [
            suspect(
                "Lola Vance",
                "female",
                28,
                "Actress",
                "Long auburn hair, a beret, earrings.",
            ),
            suspect("Mort Gable", "male", 52, "Butler", "Bald, a bow tie, stern."),
            suspect(
                "Rosa Delgado",
                "female",
                41,
                "Nurse",
                "Dark hair in a bun, a pillbox hat with a veil.",
            ),
            suspect(
                "Tommy Kale",
                "male",
                24,
                "Dock worker",
                "Curly red hair, a flat cap, a turtleneck sweater.",
            ),
            suspect(
                "Capt. Horace Wren",
                "male",
                58,
                "Harbour captain",
                "Grey beard, a peaked cap, uniform.",
            ),
            suspect(
                "Ivy Sterling",
                "female",
                36,
                "Heiress",
                "Black wavy hair, a fur stole, pearls, smoking a cigarette.",
            ),
            suspect(
                "Julian Ashe",
                "male",
                44,
                "Banker",
                "Slicked black hair, a top hat, a monocle, pinstripe suit.",
            ),
            suspect("Sam", "nonbinary", 30, "Photographer", "Short brown hair."),
            suspect(
                "Edgar Finch",
                "male",
                67,
                "Professor",
                "White hair, spectacles, a tweed jacket, a scar on his cheek.",
            ),
            suspect(
                "Dolores Kerr",
                "female",
                33,
                "Secretary",
                "Platinum blonde curls, a fedora, a trench coat.",
            ),
        ];
        let items = [
            "Letter opener",
            "Envelope",
            "Telegram",
            "Glass of wine",
            "Poison vial",
            "Photograph",
            "Train ticket",
            "Cigarette butts",
            "Diamond ring",
            "Diary",
            "Fountain pen",
            "Spent cartridge",
            "Silk handkerchief",
            "Mysterious parcel",
            "Pocket watch",
            "Pistol",
        ];
        requests(
            case_id,
            locations,
            suspects,
            items.into_iter().map(|name| evidence(name, "")),
        )
    }

    /// One request per subject, slots numbered within each kind.
    fn requests(
        case_id: &str,
        locations: impl IntoIterator<Item = Location>,
        suspects: impl IntoIterator<Item = Suspect>,
        items: impl IntoIterator<Item = Evidence>,
    ) -> Vec<ImageRequest> {
        let subjects = locations
            .into_iter()
            .enumerate()
            .map(|(i, l)| (Slot::new(SlotKind::Location, i), Subject::Location(l)))
            .chain(
                suspects
                    .into_iter()
                    .enumerate()
                    .map(|(i, s)| (Slot::new(SlotKind::Suspect, i), Subject::Suspect(s))),
            )
            .chain(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, e)| (Slot::new(SlotKind::Evidence, i), Subject::Evidence(e))),
            );
        subjects
            .map(|(slot, subject)| ImageRequest {
                case_id: case_id.into(),
                slot,
                prompt: String::new(),
                subject,
            })
            .collect()
    }

    fn thumb(img: &RgbImage) -> RgbImage {
        resize(img, 32, 32, FilterType::Triangle)
    }

    fn mean_abs_diff(a: &RgbImage, b: &RgbImage) -> f64 {
        let total: u64 = a
            .as_raw()
            .iter()
            .zip(b.as_raw())
            .map(|(x, y)| (*x as i32 - *y as i32).unsigned_abs() as u64)
            .sum();
        total as f64 / a.as_raw().len() as f64
    }

    #[test]
    fn the_same_slot_renders_the_same_pixels() {
        for req in sample("case-2024-03-14") {
            let (a, b) = (render(&req), render(&req));
            assert!(a == b, "slot {} rendered differently twice", req.slot);
        }
    }

    #[test]
    fn slots_of_one_case_all_look_different() {
        let reqs = sample("case-2024-03-14");
        let thumbs: Vec<(Slot, RgbImage)> = reqs.iter().map(|r| (r.slot, thumb(&render(r)))).collect();
        let mut worst = f64::MAX;
        for i in 0..thumbs.len() {
            for j in i + 1..thumbs.len() {
                let d = mean_abs_diff(&thumbs[i].1, &thumbs[j].1);
                worst = worst.min(d);
                assert!(
                    d > 8.0,
                    "{} and {} look alike (mean difference {d:.1})",
                    thumbs[i].0,
                    thumbs[j].0
                );
            }
        }
        eprintln!("smallest difference between two slots: {worst:.1}");
    }

    #[test]
    fn each_kind_has_its_own_size_and_fits_1024() {
        for req in sample("case-2024-03-14") {
            let img = render(&req);
            let want = size_of(req.slot.kind);
            assert_eq!(img.dimensions(), want, "slot {}", req.slot);
            assert!(img.width() <= 1024 && img.height() <= 1024);
        }
        assert_eq!(size_of(SlotKind::Location), (768, 512));
        assert_eq!(size_of(SlotKind::Suspect), (512, 640));
        assert_eq!(size_of(SlotKind::Evidence), (768, 512));
    }

    #[test]
    fn two_cases_use_different_accent_colours() {
        let names: Vec<String> = (1..=10)
            .map(|d| format!("{:?}", Style::for_case(&format!("case-2024-03-{d:02}")).accent))
            .collect();
        let distinct: std::collections::HashSet<&String> = names.iter().collect();
        assert!(distinct.len() >= 4, "accents of ten days: {names:?}");
        assert_ne!(
            Style::for_case("case-2024-03-14").accent,
            Style::for_case("case-2024-03-15").accent
        );
        // The same case always gets the same accent.
        assert_eq!(
            Style::for_case("case-2024-03-14").accent,
            Style::for_case("case-2024-03-14").accent
        );
    }

    #[test]
    fn a_different_case_paints_the_same_subjects_differently() {
        let (a, b) = (sample("case-2024-03-14"), sample("case-2024-03-15"));
        for (x, y) in a.iter().zip(&b) {
            assert!(render(x) != render(y), "slot {} is identical in two cases", x.slot);
        }
    }

    #[test]
    fn words_match_whole_words_only() {
        assert!(has_word("A fog-bound Harbor pier", &["harbor"]));
        assert!(has_word("two docks", &["dock"]));
        assert!(!has_word("a barrister", &["bar"]));
        assert!(!has_word("that man", &["hat"]));
    }

    #[test]
    fn any_location_suspect_or_evidence_text_renders() {
        // Empty and odd texts still give a full picture.
        let reqs = vec![
            ImageRequest {
                case_id: String::new(),
                slot: Slot::new(SlotKind::Location, 7),
                prompt: String::new(),
                subject: Subject::Location(location("", "")),
            },
            ImageRequest {
                case_id: "x".into(),
                slot: Slot::new(SlotKind::Suspect, 0),
                prompt: String::new(),
                subject: Subject::Suspect(suspect("", "", 0, "", "")),
            },
            ImageRequest {
                case_id: "x".into(),
                slot: Slot::new(SlotKind::Evidence, 99),
                prompt: String::new(),
                subject: Subject::Evidence(evidence("???", "")),
            },
        ];
        for r in reqs {
            let img = render(&r);
            assert_eq!(img.dimensions(), size_of(r.slot.kind));
        }
    }

    #[tokio::test]
    async fn the_provider_returns_pixels() {
        let req = sample("case-2024-03-14").remove(4);
        let art = ProceduralArt::new();
        assert_eq!(art.name(), "procedural");
        match art.generate(&req).await {
            Ok(Picture::Pixels(img)) => assert_eq!(img, render(&req)),
            Ok(Picture::Encoded(_)) => panic!("expected raw pixels"),
            Err(e) => panic!("{e}"),
        }
    }

    /// Not a timed assertion: prints the time per picture, per kind (meaningful in an optimised
    /// build; in a debug build this crate's own code is unoptimised).
    #[test]
    fn rendering_is_fast_enough() {
        let reqs = sample("case-2024-03-16");
        let mut per_kind = std::collections::BTreeMap::new();
        let start = Instant::now();
        for r in &reqs {
            let t = Instant::now();
            let _ = render(r);
            let e: &mut (std::time::Duration, u32) = per_kind.entry(r.slot.kind).or_default();
            e.0 += t.elapsed();
            e.1 += 1;
        }
        let per = start.elapsed() / reqs.len() as u32;
        let build = if cfg!(debug_assertions) {
            "debug assertions on"
        } else {
            "release"
        };
        eprintln!(
            "procedural art: {per:?} per picture over {} pictures ({build})",
            reqs.len()
        );
        for (kind, (total, n)) in per_kind {
            eprintln!("  {kind}: {:?} per picture", total / n);
        }
    }

    /// With ART_DUMP=/some/dir, writes the sample case's pictures there as PNG files.
    #[test]
    fn dumps_the_sample_case_when_asked() {
        let Ok(dir) = std::env::var("ART_DUMP") else { return };
        std::fs::create_dir_all(&dir).expect("create the dump directory");
        let case = std::env::var("ART_CASE").unwrap_or_else(|_| "case-2024-03-14".into());
        // Every picture, and a contact sheet of them all at half size.
        let mut sheet = RgbImage::new(4 * 384, 4 * 320);
        for (i, r) in sample(&case).iter().enumerate() {
            let img = render(r);
            img.save(format!("{dir}/{}-{}.png", r.slot.kind, r.slot.index))
                .expect("write a png");
            let half = resize(&img, img.width() / 2, img.height() / 2, FilterType::Triangle);
            image::imageops::overlay(&mut sheet, &half, (i % 4) as i64 * 384, (i / 4) as i64 * 320);
        }
        sheet.save(format!("{dir}/sheet.png")).expect("write the contact sheet");
        // A gallery of every motif, look and object, on a few sheets.
        let gallery = gallery(&case);
        for (name, kind, cols) in [
            ("locations", SlotKind::Location, 4),
            ("suspects", SlotKind::Suspect, 5),
            ("evidence", SlotKind::Evidence, 4),
        ] {
            let reqs: Vec<&ImageRequest> = gallery.iter().filter(|r| r.slot.kind == kind).collect();
            let (w, h) = size_of(kind);
            let (cw, ch) = (w / 2, h / 2);
            let rows = reqs.len().div_ceil(cols) as u32;
            let mut sheet = RgbImage::new(cols as u32 * cw, rows * ch);
            for (i, r) in reqs.iter().enumerate() {
                let half = resize(&render(r), cw, ch, FilterType::Triangle);
                image::imageops::overlay(
                    &mut sheet,
                    &half,
                    ((i % cols) as u32 * cw) as i64,
                    ((i / cols) as u32 * ch) as i64,
                );
            }
            sheet
                .save(format!("{dir}/gallery-{name}.png"))
                .expect("write a gallery sheet");
            for (i, r) in reqs.iter().enumerate() {
                render(r)
                    .save(format!("{dir}/gallery-{name}-{i}.png"))
                    .expect("write a png");
            }
        }
    }
}
