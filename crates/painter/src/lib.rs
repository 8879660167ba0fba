//! Procedural noir art: the pictures of the game whenever no image model is configured.
//!
//! Every picture is painted from scratch on a float canvas (`canvas`), some through a tiny
//! one-point-perspective 3D stage (`scene`): rooms and streets (`location`), head-and-shoulders
//! portraits (`suspect`) and objects on a table with an evidence tag (`evidence`). A case's pictures
//! share a palette: night blues, lamplight amber, and one accent colour taken from the case id.
//! Everything random comes from a SplitMix64 seeded with an FNV-1a hash of the case id, the slot
//! and the subject's text (and a repaint's take), so the same request always gives the same pixels.
//!
//! The crate knows nothing of the service: it takes the words of a subject and gives pixels.

mod canvas;
mod evidence;
mod location;
mod scene;
mod suspect;

use canvas::{Rgb, Rng, fnv1a, hex, mix, mix64};
pub use evidence::{ObjectKind, object_for};
pub use location::{Motif, motif_for};

/// A place, as the case describes it.
#[derive(Debug, Clone, Copy)]
pub struct Location<'a> {
    pub name: &'a str,
    pub description: &'a str,
}

/// A person, as the case describes them.
#[derive(Debug, Clone, Copy)]
pub struct Suspect<'a> {
    pub name: &'a str,
    pub age: u32,
    pub gender: &'a str,
    pub occupation: &'a str,
    pub appearance: &'a str,
}

/// An object, as the case describes it.
#[derive(Debug, Clone, Copy)]
pub struct Evidence<'a> {
    pub name: &'a str,
    pub description: &'a str,
}

/// What a picture shows.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    Location(Location<'a>),
    Suspect(Suspect<'a>),
    Evidence(Evidence<'a>),
}

/// The three kinds of picture, each with its own size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Location,
    Suspect,
    Evidence,
}

impl Subject<'_> {
    pub fn kind(&self) -> Kind {
        match self {
            Subject::Location(_) => Kind::Location,
            Subject::Suspect(_) => Kind::Suspect,
            Subject::Evidence(_) => Kind::Evidence,
        }
    }
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Location => "location",
            Kind::Suspect => "suspect",
            Kind::Evidence => "evidence",
        }
    }
}

/// One picture to paint.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The case's pictures share a palette taken from its id.
    pub case_id: &'a str,
    /// The subject's place among its kind in the case.
    pub index: usize,
    /// 0 for the first picture; each repaint asks for another take.
    pub take: u64,
    pub subject: Subject<'a>,
}

/// The picture size of a kind: 3:2 scenes and evidence, 4:5 portraits.
pub fn size_of(kind: Kind) -> (u32, u32) {
    match kind {
        Kind::Location => location::SIZE,
        Kind::Suspect => suspect::SIZE,
        Kind::Evidence => evidence::SIZE,
    }
}

/// Paints one picture. Same request, same pixels.
pub fn paint(request: &Request) -> image::RgbImage {
    let style = Style::for_case(request.case_id);
    let text = match &request.subject {
        Subject::Location(l) => format!("{}\n{}", l.name, l.description),
        Subject::Suspect(s) => format!("{}\n{}\n{}\n{}", s.name, s.gender, s.occupation, s.appearance),
        Subject::Evidence(e) => format!("{}\n{}", e.name, e.description),
    };
    let kind = request.subject.kind().as_str();
    let index = request.index;
    // The kind appears twice: once for the slot and once for the subject, as the seed always had it.
    let seed = take_seed(
        fnv1a(&[request.case_id, kind, kind, &index.to_string(), &text]),
        request.take,
    );
    let mut rng = Rng::new(seed);
    let canvas = match &request.subject {
        Subject::Location(l) => location::paint(l, &style, &mut rng, index),
        Subject::Suspect(s) => suspect::paint(s, &style, &mut rng, index),
        Subject::Evidence(e) => evidence::paint(e, &style, &mut rng, index),
    };
    canvas.finish(seed, FILM_GRAIN, VIGNETTE)
}

/// How much film grain the finish adds to every picture.
const FILM_GRAIN: f32 = 0.055;
/// How much the finish darkens every picture toward its edges and corners.
const VIGNETTE: f32 = 0.6;

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

    /// A request's kind and number, for messages.
    fn name(r: &Request) -> String {
        format!("{}-{}", r.subject.kind().as_str(), r.index)
    }

    fn location<'a>(name: &'a str, description: &'a str) -> Location<'a> {
        Location { name, description }
    }

    fn suspect<'a>(name: &'a str, gender: &'a str, age: u32, occupation: &'a str, appearance: &'a str) -> Suspect<'a> {
        Suspect {
            name,
            age,
            gender,
            occupation,
            appearance,
        }
    }

    fn evidence<'a>(name: &'a str, description: &'a str) -> Evidence<'a> {
        Evidence { name, description }
    }

    /// A hand-built case: 4 locations, 3 suspects, 8 evidence items.
    fn sample(case_id: &str) -> Vec<Request<'_>> {
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

    /// One request per subject, numbered within each kind.
    fn requests<'a>(
        case_id: &'a str,
        locations: impl IntoIterator<Item = Location<'a>>,
        suspects: impl IntoIterator<Item = Suspect<'a>>,
        items: impl IntoIterator<Item = Evidence<'a>>,
    ) -> Vec<Request<'a>> {
        let numbered = |subjects: Vec<Subject<'a>>| subjects.into_iter().enumerate().collect::<Vec<_>>();
        [
            numbered(locations.into_iter().map(Subject::Location).collect()),
            numbered(suspects.into_iter().map(Subject::Suspect).collect()),
            numbered(items.into_iter().map(Subject::Evidence).collect()),
        ]
        .into_iter()
        .flatten()
        .map(|(index, subject)| Request {
            case_id,
            index,
            take: 0,
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
            let (a, b) = (paint(&req), paint(&req));
            assert!(a == b, "{} rendered differently twice", name(&req));
        }
    }

    #[test]
    fn a_new_take_paints_a_new_picture_and_the_same_take_the_same_one() {
        let mut diffs = Vec::new();
        for first in sample("case-2024-03-14") {
            let takes: Vec<RgbImage> = (0..3).map(|take| paint(&Request { take, ..first })).collect();
            let again = paint(&Request { take: 1, ..first });
            assert!(
                again == takes[1],
                "slot {}: take 1 rendered differently twice",
                name(&first)
            );
            for (a, b) in [(0, 1), (1, 2), (0, 2)] {
                let d = mean_abs_diff(&thumb(&takes[a]), &thumb(&takes[b]));
                // A portrait keeps the suspect's described looks, so its takes differ least.
                assert!(
                    d > 4.0,
                    "slot {}: take {b} looks like take {a} (mean difference {d:.1})",
                    name(&first)
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
        let thumbs: Vec<(String, RgbImage)> = reqs.iter().map(|r| (name(r), thumb(&paint(r)))).collect();
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
            let img = paint(&req);
            let want = size_of(req.subject.kind());
            assert_eq!(img.dimensions(), want, "{}", name(&req));
            assert!(img.width() <= 1024 && img.height() <= 1024);
        }
        assert_eq!(size_of(Kind::Location), (768, 512));
        assert_eq!(size_of(Kind::Suspect), (512, 640));
        assert_eq!(size_of(Kind::Evidence), (768, 512));
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
            assert!(paint(x) != paint(y), "{} is identical in two cases", name(x));
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
        let subjects = [
            ("", 7, Subject::Location(location("", ""))),
            ("x", 0, Subject::Suspect(suspect("", "", 0, "", ""))),
            ("x", 99, Subject::Evidence(evidence("???", ""))),
        ];
        for (case_id, index, subject) in subjects {
            let r = Request {
                case_id,
                index,
                take: 0,
                subject,
            };
            assert_eq!(paint(&r).dimensions(), size_of(subject.kind()));
        }
    }
}
