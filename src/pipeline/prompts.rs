//! Image prompts built from the case data (the plan's tasks 2.8-2.10). They describe scenes without
//! bodies, blood or wounds, and ask for no text in the picture: image models block the one and garble
//! the other.

use crate::domain::{Evidence, Location, Suspect};
use crate::providers::Subject;

const STYLE: &str = "Style: 1940s film noir, cinematic low-key lighting, night blues and warm lamplight, \
                     photographic, atmospheric. No text, letters, captions or watermarks anywhere in the image.";

pub fn prompt(subject: &Subject) -> String {
    match subject {
        Subject::Location(l) => location(l),
        Subject::Suspect(s) => suspect(s),
        Subject::Evidence(e) => evidence(e),
    }
}

fn location(l: &Location) -> String {
    format!(
        "A detailed crime-scene photograph of a place: {}. {} The scene is quiet and empty: no people, \
         no bodies, no blood. {STYLE}",
        l.name,
        sentence(&l.description)
    )
}

fn suspect(s: &Suspect) -> String {
    format!(
        "A neutral head-and-shoulders portrait photograph of a {}-year-old {} {}, a person of interest in \
         a mystery. Appearance: {} Calm expression, plain dark backdrop. {STYLE}",
        s.age,
        s.gender,
        s.occupation.to_lowercase(),
        sentence(&s.appearance)
    )
}

fn evidence(e: &Evidence) -> String {
    format!(
        "An evidence photograph of a single object: {}. {} The object lies alone on a neutral surface \
         with a small blank evidence tag beside it, evenly lit, no people, no blood. {STYLE}",
        e.name,
        sentence(&e.description)
    )
}

fn sentence(s: &str) -> String {
    let s = s.trim();
    if s.ends_with(['.', '!', '?']) {
        s.to_owned()
    } else {
        format!("{s}.")
    }
}

/// A gentler prompt for a subject the model refused: the same subject, with every sentence of its case
/// data that holds one of the `omit` words left out (and those words taken out of its name), in a calm
/// framing. Words match whole and without regard to case.
pub fn gentle(subject: &Subject, omit: &[String]) -> String {
    let calm = "A calm, tasteful, non-violent picture for a family-friendly detective game.";
    match subject {
        Subject::Location(l) => format!(
            "{calm} A quiet, empty place: {}. {} No people. {STYLE}",
            named(&l.name, omit, "an old room"),
            kept(&l.description, omit)
        ),
        Subject::Suspect(s) => format!(
            "{calm} A neutral head-and-shoulders portrait of a {}-year-old {} {}. {} Friendly, calm \
             expression, plain dark backdrop. {STYLE}",
            s.age,
            s.gender,
            named(&s.occupation.to_lowercase(), omit, "person"),
            kept(&s.appearance, omit)
        ),
        Subject::Evidence(e) => format!(
            "{calm} A still-life photograph of a single ordinary object: {}. {} It lies alone on a neutral \
             surface, evenly lit. {STYLE}",
            named(&e.name, omit, "an everyday object"),
            kept(&e.description, omit)
        ),
    }
}

/// Whether `text` holds one of the words, whole, in any case.
fn holds_any(text: &str, omit: &[String]) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| !w.is_empty() && omit.iter().any(|o| o.eq_ignore_ascii_case(w)))
}

/// `name` without the omitted words; `otherwise` when nothing is left.
fn named(name: &str, omit: &[String], otherwise: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().filter(|w| !holds_any(w, omit)).collect();
    if words.is_empty() {
        otherwise.to_owned()
    } else {
        words.join(" ")
    }
}

/// The sentences of `text` that hold none of the words.
fn kept(text: &str, omit: &[String]) -> String {
    text.split_inclusive(['.', '!', '?'])
        .map(str::trim)
        .filter(|s| !s.is_empty() && !holds_any(s, omit))
        .map(sentence)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Evidence;

    fn omit() -> Vec<String> {
        crate::config::GENTLE_OMIT.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn a_gentle_prompt_keeps_the_subject_and_drops_what_is_likely_refused() {
        let e = Evidence {
            id: "ev-1".into(),
            name: "Bloodied letter opener".into(),
            description: "A brass letter opener. Its blade is stained with blood! Found under the desk.".into(),
            found_at: "loc-1".into(),
            image_url: None,
        };
        let first = prompt(&Subject::Evidence(e.clone()));
        let gentle = gentle(&Subject::Evidence(e), &omit());
        assert_ne!(first, gentle);
        assert!(gentle.contains("letter opener"), "{gentle}");
        assert!(
            gentle.contains("A brass letter opener.") && gentle.contains("Found under the desk."),
            "{gentle}"
        );
        for word in ["Bloodied", "blood", "blade"] {
            assert!(!gentle.contains(word), "{word} in {gentle}");
        }
    }

    #[test]
    fn words_match_whole() {
        assert!(holds_any("The KNIFE.", &omit()));
        assert!(!holds_any("A bodyguard's hat.", &omit()), "body is not bodyguard");
    }
}
