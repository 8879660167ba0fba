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
