//! Procedural noir art: the pictures of the game whenever no image model is configured.
//!
//! Every picture is painted from scratch on a float canvas (`canvas`), some through a tiny
//! one-point-perspective 3D stage (`scene`): rooms and streets (`location`), head-and-shoulders
//! portraits (`suspect`) and objects on a table with an evidence tag (`evidence`). A case's pictures
//! share a palette: night blues, lamplight amber, and one accent colour taken from the case id.
//! Everything random comes from a SplitMix64 seeded with an FNV-1a hash of the case id, the slot
//! and the subject's text (and a repaint's take), so the same request always gives the same pixels.

mod canvas;
mod evidence;
mod location;
mod scene;
mod suspect;

use async_trait::async_trait;

use super::{ImageProvider, ImageRequest, Picture, ProviderError, Subject};
use crate::domain::SlotKind;
use canvas::{Rgb, Rng, fnv1a, hex, mix, mix64};
pub use evidence::{ObjectKind, object_for};
pub use location::{Motif, motif_for};

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
    let seed = take_seed(
        fnv1a(&[
            &request.case_id,
            request.slot.kind.as_str(),
            kind,
            &index.to_string(),
            &text,
        ]),
        request.take,
    );
    let mut rng = Rng::new(seed);
    let canvas = match &request.subject {
        Subject::Location(l) => location::paint(l, &style, &mut rng, index),
        Subject::Suspect(s) => suspect::paint(s, &style, &mut rng, index),
        Subject::Evidence(e) => evidence::paint(e, &style, &mut rng, index),
    };
    canvas.finish(seed, 0.055, 0.6)
}

/// The seed of a take: take 0 keeps the slot's own seed (and so its first picture), any other take
/// stirs the take into it, so a repaint gets another camera, another arrangement, other details.
fn take_seed(seed: u64, take: u64) -> u64 {
    if take == 0 {
        seed
    } else {
        mix64(seed ^ take.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }
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

/// Whether the text holds one of the words (whole words, any case, plural -s/-es allowed). A key
/// of several words ("opera glasses") matches those words in a row.
pub(crate) fn has_word(text: &str, words: &[&str]) -> bool {
    let found: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.iter().any(|key| {
        let key: Vec<&str> = key.split(' ').collect();
        found
            .windows(key.len())
            .any(|run| run.iter().zip(&key).all(|(w, k)| same_word(w, k)))
    })
}

/// A word of a text against a lower-case key: equal, or the key with a plural ending.
fn same_word(word: &str, key: &str) -> bool {
    word == key || word.strip_suffix('s') == Some(key) || word.strip_suffix("es") == Some(key)
}

#[cfg(test)]
mod tests {
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
                take: 0,
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
    fn a_new_take_paints_a_new_picture_and_the_same_take_the_same_one() {
        let mut diffs = Vec::new();
        for first in sample("case-2024-03-14") {
            let takes: Vec<RgbImage> = (0..3)
                .map(|take| render(&ImageRequest { take, ..first.clone() }))
                .collect();
            let again = render(&ImageRequest {
                take: 1,
                ..first.clone()
            });
            assert!(
                again == takes[1],
                "slot {}: take 1 rendered differently twice",
                first.slot
            );
            for (a, b) in [(0, 1), (1, 2), (0, 2)] {
                let d = mean_abs_diff(&thumb(&takes[a]), &thumb(&takes[b]));
                // A portrait keeps the suspect's described looks, so its takes differ least.
                assert!(
                    d > 4.0,
                    "slot {}: take {b} looks like take {a} (mean difference {d:.1})",
                    first.slot
                );
                diffs.push(d);
            }
        }
        let mean = diffs.iter().sum::<f64>() / diffs.len() as f64;
        assert!(mean > 10.0, "takes differ by {mean:.1} on average");
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
        assert!(has_word("a pair of brass Opera Glasses", &["opera glasses"]));
        assert!(!has_word("glasses at the opera", &["opera glasses"]));
        assert!(has_word("a Gunsmith's Repair Tag", &["repair tag"]));
    }

    #[test]
    fn any_location_suspect_or_evidence_text_renders() {
        // Empty and odd texts still give a full picture.
        let reqs = vec![
            ImageRequest {
                case_id: String::new(),
                slot: Slot::new(SlotKind::Location, 7),
                prompt: String::new(),
                take: 0,
                subject: Subject::Location(location("", "")),
            },
            ImageRequest {
                case_id: "x".into(),
                slot: Slot::new(SlotKind::Suspect, 0),
                prompt: String::new(),
                take: 0,
                subject: Subject::Suspect(suspect("", "", 0, "", "")),
            },
            ImageRequest {
                case_id: "x".into(),
                slot: Slot::new(SlotKind::Evidence, 99),
                prompt: String::new(),
                take: 0,
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
}
