//! The procedural case generator: a whole, consistent noir mystery from a seed, with no model and no network.
//!
//! Victim, culprit and the set of locations come from keyed bijections of the seed, so any 60 consecutive
//! daily seeds give 60 different victims, culprits and location sets; everything else comes from a
//! SplitMix64 stream seeded by the same seed. The same request always gives the same case, byte for byte.

use case_model::{Case, CaseCounts, CaseError, CaseRequest, Evidence, Location, Solution, Suspect, Victim, Weapon};
use library::{self as lib, Feature, Fit};

mod library;

/// Why no case was written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The counts or the word tables cannot make this case.
    #[error("cannot write this case: {0}")]
    Unsupported(String),
    /// A bug: the written case fails validation.
    #[error("the written case is invalid: {0}")]
    Invalid(#[from] CaseError),
}

/// Evidence items that point at the culprit, in the order they are kept when evidence is scarce:
/// the broken alibi, the link to the weapon, the trace of the culprit's look at the scene.
const KEY_CLUES: usize = 3;
const MAX_HERRINGS: usize = 2;

/// How the solution reads each key clue.
const OPPORTUNITY: &str = "Opportunity: {name} claims to have spent the evening at {place}, \
    but the {breaker} shows {he} was elsewhere at about {time}, when {victim} died.";
const MEANS: &str = "Means: the {clue} ties {name} to the {weapon}.";
const PRESENCE: &str = "Presence: the {trace} found {scene_at} matches {name}'s {item}.";

const VICTIM_KEY: u64 = 0x7669_6374_696d_0001;
const CULPRIT_KEY: u64 = 0x6375_6c70_7269_7402;
const PLACES_KEY: u64 = 0x706c_6163_6573_0003;
const STREAM_SALT: u64 = 0x6e6f_6972_2d31_3934;

/// Generates the case a request asks for, or says why it cannot.
///
/// Counts must lie within 1 location and the size of the location pool, 2 and [`max_suspects`] suspects,
/// and 2 evidence items and what the neutral-detail pool can fill; anything else is
/// [`WriteError::Unsupported`]. The case passes [`Case::validate`] before it is returned.
pub fn write(request: &CaseRequest) -> Result<Case, WriteError> {
    check_counts(request.counts)?;
    let CaseCounts {
        locations: n_loc,
        suspects: n_sus,
        evidence: n_ev,
    } = request.counts;
    let seed = request.seed;
    let mut rng = Rng(seed ^ STREAM_SALT);

    let victim = person_at(
        scramble(seed, name_space(lib::VICTIM_SURNAMES), VICTIM_KEY),
        lib::VICTIM_SURNAMES,
    );
    let culprit = person_at(
        scramble(seed, name_space(lib::SUSPECT_SURNAMES), CULPRIT_KEY),
        lib::SUSPECT_SURNAMES,
    );
    let pool = lib::PLACES.len();
    let mut places = unrank_combination(scramble(seed, binomial(pool, n_loc), PLACES_KEY), pool, n_loc);
    rng.shuffle(&mut places);
    let scene_slot = rng.below(n_loc);
    let scene = &lib::PLACES[places[scene_slot]];
    let scene_at = format!("{} the {}", scene.at, scene.name);

    let death = 21 * 60 + 20 + 10 * rng.below(16);
    let found = death + 30 + 10 * rng.below(7);
    let weapon = rng.pick(lib::WEAPONS);
    let motive = rng.pick(lib::MOTIVES);
    let base: Vars = vec![
        ("victim", victim.name()),
        ("scene", scene.name.to_string()),
        ("time", clock(death)),
    ];

    let mut people = innocents(&mut rng, &victim, &culprit, n_sus - 1)?;
    let culprit_at = rng.below(n_sus);
    people.insert(culprit_at, culprit);
    let features = suited(&mut rng, &people, lib::FEATURES, |f| f.fit, "distinguishing features")?;
    let occupations = suited(&mut rng, &people, lib::SUSPECT_OCCUPATIONS, |o| o.1, "occupations")?;
    let alibis = rng.sample(lib::ALIBIS.len(), n_sus);
    let relations = rng.sample(lib::RELATIONS.len(), n_sus);

    let mut vars = Vec::with_capacity(n_sus);
    let mut suspects = Vec::with_capacity(n_sus);
    for (i, p) in people.iter().enumerate() {
        let alibi = &lib::ALIBIS[alibis[i]];
        let mut v = base.clone();
        v.extend(p.vars());
        v.push(("place", alibi.place.to_string()));
        let witness = fill(alibi.witness, &v);
        v.push(("witness", witness));
        let (background, alibi_text) = if i == culprit_at {
            (motive.background, *rng.pick(lib::CULPRIT_ALIBIS))
        } else {
            (lib::RELATIONS[relations[i]], *rng.pick(lib::INNOCENT_ALIBIS))
        };
        let age = 23 + rng.below(45);
        suspects.push(Suspect {
            id: format!("suspect-{}", i + 1),
            name: p.name(),
            age: age as u32,
            gender: if p.female { "female" } else { "male" }.to_string(),
            occupation: occupations[i].0.to_string(),
            appearance: appearance(&mut rng, p, age, features[i]),
            background: fill(background, &v),
            alibi: fill(alibi_text, &v),
            profile_image_url: None,
        });
        vars.push(v);
    }
    let cv = &vars[culprit_at];
    let feature = features[culprit_at];

    // Key clues first (in the order they are kept), then red herrings at innocents, then neutral detail.
    let breaker = rng.pick(lib::BREAKERS);
    let mut kv = cv.clone();
    kv.extend([
        ("breaker", breaker.name.to_string()),
        ("clue", weapon.clue_name.to_string()),
        ("weapon", weapon.noun.to_string()),
        ("trace", feature.trace_name.to_string()),
        ("item", feature.item.to_string()),
        ("scene_at", scene_at.clone()),
    ]);
    let keys = [
        Draft::new(
            breaker.name,
            fill(breaker.description, cv),
            None,
            true,
            fill(OPPORTUNITY, &kv),
        ),
        Draft::new(weapon.clue_name, fill(weapon.clue, cv), None, true, fill(MEANS, &kv)),
        Draft::new(
            feature.trace_name,
            feature.trace.to_string(),
            Some(scene_slot),
            true,
            fill(PRESENCE, &kv),
        ),
    ];
    let mut drafts: Vec<Draft> = keys.into_iter().take(n_ev.min(KEY_CLUES)).collect();
    let mut innocent_slots: Vec<usize> = (0..n_sus).filter(|&i| i != culprit_at).collect();
    rng.shuffle(&mut innocent_slots);
    let herrings = rng.sample(lib::HERRINGS.len(), herring_count(n_ev, n_sus));
    for (h, &slot) in herrings.iter().zip(&innocent_slots) {
        let herring = &lib::HERRINGS[*h];
        let v = &vars[slot];
        drafts.push(Draft::new(
            herring.name,
            fill(herring.description, v),
            None,
            false,
            fill(herring.explanation, v),
        ));
    }
    for n in rng.sample(lib::NEUTRAL.len(), n_ev - drafts.len()) {
        let clue = &lib::NEUTRAL[n];
        drafts.push(Draft::new(
            clue.name,
            fill(clue.description, &base),
            None,
            false,
            String::new(),
        ));
    }

    let note = |key: bool| {
        drafts
            .iter()
            .filter(|d| d.key == key && !d.note.is_empty())
            .map(|d| d.note.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let herring_notes = note(false);
    let mut notes = note(true);
    if !herring_notes.is_empty() {
        notes = format!("{notes} False trails: {herring_notes}");
    }
    let (evidence, key_evidence) = place_evidence(&mut rng, drafts, n_loc);

    let others: Vec<String> = people
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != culprit_at)
        .map(|(_, p)| p.name())
        .collect();
    let explanation = format!(
        "{} killed {}. Motive: {} {} Every other alibi holds, backed by a witness or a record: {}.",
        culprit.name(),
        victim.name(),
        fill(motive.motive, cv),
        notes,
        join_names(&others),
    );
    let title_vars: Vars = vec![
        ("weapon", weapon.name.to_string()),
        ("scene_at", scene_at.clone()),
        ("surname", victim.surname.to_string()),
        ("victim", victim.name()),
    ];
    let title = *rng.pick(lib::TITLES);
    let victim_age = 34 + rng.below(39) as u32;
    let victim_occupation = rng.pick(lib::VICTIM_OCCUPATIONS);
    let case = Case {
        id: request.id.clone(),
        date: request.date.clone(),
        title: fill(title, &title_vars),
        created_at: request.created_at,
        victim: Victim {
            name: victim.name(),
            age: victim_age,
            occupation: victim_occupation.to_string(),
            description: format!(
                "A {victim_age}-year-old {victim_occupation} {}. Found {scene_at} at {} by {}; \
                 the police surgeon puts the time of death at about {} and names the {} as the cause.",
                rng.pick(lib::VICTIM_TRAITS),
                clock(found),
                rng.pick(lib::DISCOVERERS),
                clock(death),
                weapon.noun,
            ),
        },
        weapon: Weapon {
            name: weapon.name.to_string(),
            description: weapon.description.to_string(),
        },
        locations: places
            .iter()
            .enumerate()
            .map(|(i, &p)| Location {
                id: format!("loc-{}", i + 1),
                name: lib::PLACES[p].name.to_string(),
                description: lib::PLACES[p].description.to_string(),
                image_url: None,
            })
            .collect(),
        suspects,
        evidence,
        solution: Solution {
            culprit_id: format!("suspect-{}", culprit_at + 1),
            motive: fill(motive.motive, cv),
            method: format!(
                "{} {} {scene_at} at about {}, counting on the story of a whole evening spent at {}.",
                culprit.name(),
                fill(weapon.method, cv),
                clock(death),
                lib::ALIBIS[alibis[culprit_at]].place,
            ),
            explanation,
            key_evidence,
        },
    };
    case.validate()?;
    Ok(case)
}

/// The most suspects a case can have, each with a distinct surname, occupation, alibi, tie to the
/// victim and distinguishing feature, whatever their genders.
pub fn max_suspects() -> usize {
    let suited = |female| {
        let features = lib::FEATURES.iter().filter(|f| f.fit.suits(female)).count();
        features.min(lib::SUSPECT_OCCUPATIONS.iter().filter(|o| o.1.suits(female)).count())
    };
    [
        lib::SUSPECT_SURNAMES.len(),
        lib::ALIBIS.len(),
        lib::RELATIONS.len(),
        suited(false),
        suited(true),
    ]
    .into_iter()
    .min()
    .unwrap_or(0)
}

/// Whether the procedural writer can make a case of these counts; the error names the setting
/// (`case.suspects`...) and the range it takes.
pub fn check_counts(c: CaseCounts) -> Result<(), WriteError> {
    let unsupported = |what: &str, min: usize, max: usize, got: usize| {
        // `what` starts with the setting's own name: locations, suspects, evidence.
        let setting = what.split(' ').next().unwrap_or(what);
        WriteError::Unsupported(format!(
            "case.{setting} = {got}: a procedural case holds {min} to {max} {what}"
        ))
    };
    let max_locations = lib::PLACES.len();
    if !(1..=max_locations).contains(&c.locations) {
        return Err(unsupported("locations", 1, max_locations, c.locations));
    }
    if !(2..=max_suspects()).contains(&c.suspects) {
        return Err(unsupported("suspects", 2, max_suspects(), c.suspects));
    }
    let max_evidence = KEY_CLUES + MAX_HERRINGS.min(c.suspects - 1) + lib::NEUTRAL.len();
    if !(2..=max_evidence).contains(&c.evidence) {
        return Err(unsupported(
            &format!("evidence items with {} suspects", c.suspects),
            2,
            max_evidence,
            c.evidence,
        ));
    }
    Ok(())
}

/// Shuffles the drafts into evidence items, visiting every location before any gets a second item.
/// Returns the items and the ids of the key evidence.
fn place_evidence(rng: &mut Rng, mut drafts: Vec<Draft>, n_loc: usize) -> (Vec<Evidence>, Vec<String>) {
    rng.shuffle(&mut drafts);
    let mut unvisited: Vec<usize> = (0..n_loc).filter(|l| drafts.iter().all(|d| d.at != Some(*l))).collect();
    rng.shuffle(&mut unvisited);
    let mut key_evidence = Vec::new();
    let mut evidence = Vec::with_capacity(drafts.len());
    for (i, d) in drafts.into_iter().enumerate() {
        let at = d.at.or_else(|| unvisited.pop()).unwrap_or_else(|| rng.below(n_loc));
        let id = format!("ev-{}", i + 1);
        if d.key {
            key_evidence.push(id.clone());
        }
        let found_at = format!("loc-{}", at + 1);
        evidence.push(Evidence {
            id,
            name: d.name.to_string(),
            description: d.description,
            found_at,
            image_url: None,
        });
    }
    (evidence, key_evidence)
}

/// Red herrings come after the key clues, one per innocent, at most two.
fn herring_count(evidence: usize, suspects: usize) -> usize {
    MAX_HERRINGS.min(suspects - 1).min(evidence.saturating_sub(KEY_CLUES))
}

/// An evidence item before it has an id and a location.
struct Draft {
    name: &'static str,
    description: String,
    /// A fixed location slot (the culprit's trace lies at the scene).
    at: Option<usize>,
    key: bool,
    /// What the item means, for the solution's explanation.
    note: String,
}

impl Draft {
    fn new(name: &'static str, description: String, at: Option<usize>, key: bool, note: String) -> Self {
        Draft {
            name,
            description,
            at,
            key,
            note,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Person {
    first: &'static str,
    surname: &'static str,
    female: bool,
}

impl Person {
    fn name(&self) -> String {
        format!("{} {}", self.first, self.surname)
    }

    fn initials(&self) -> String {
        format!("{}.{}.", initial(self.first), initial(self.surname))
    }

    fn vars(&self) -> Vars {
        let (he, his, him) = if self.female {
            ("she", "her", "her")
        } else {
            ("he", "his", "him")
        };
        vec![
            ("name", self.name()),
            ("initials", self.initials()),
            ("he", he.to_string()),
            ("his", his.to_string()),
            ("him", him.to_string()),
            ("He", if self.female { "She" } else { "He" }.to_string()),
        ]
    }
}

fn initial(word: &str) -> char {
    word.chars().next().unwrap_or('X')
}

/// How many names a first-name × surname space holds.
fn name_space(surnames: &[&str]) -> u64 {
    ((lib::MALE_FIRST.len() + lib::FEMALE_FIRST.len()) * surnames.len()) as u64
}

/// The person at `index` of the first-name × surname space: distinct indices, distinct names.
fn person_at(index: u64, surnames: &'static [&'static str]) -> Person {
    let firsts = (lib::MALE_FIRST.len() + lib::FEMALE_FIRST.len()) as u64;
    let (f, s) = ((index % firsts) as usize, (index / firsts) as usize);
    let female = f >= lib::MALE_FIRST.len();
    let first = if female {
        lib::FEMALE_FIRST[f - lib::MALE_FIRST.len()]
    } else {
        lib::MALE_FIRST[f]
    };
    Person {
        first,
        surname: surnames[s % surnames.len()],
        female,
    }
}

/// The innocent suspects: distinct surnames and first names, none sharing the culprit's initials.
fn innocents(rng: &mut Rng, victim: &Person, culprit: &Person, n: usize) -> Result<Vec<Person>, WriteError> {
    let mut surnames: Vec<&'static str> = lib::SUSPECT_SURNAMES
        .iter()
        .copied()
        .filter(|s| *s != culprit.surname)
        .collect();
    rng.shuffle(&mut surnames);
    let mut used = vec![victim.first, culprit.first];
    let mut people = Vec::with_capacity(n);
    for surname in surnames.into_iter().take(n) {
        let female = rng.below(2) == 1;
        let pool = if female { lib::FEMALE_FIRST } else { lib::MALE_FIRST };
        let clash =
            |first: &str| (initial(first), initial(surname)) == (initial(culprit.first), initial(culprit.surname));
        let candidates: Vec<&'static str> = pool
            .iter()
            .copied()
            .filter(|f| !used.contains(f) && !clash(f))
            .collect();
        let first = rng
            .choose(&candidates)
            .ok_or_else(|| WriteError::Unsupported("ran out of first names".into()))?;
        used.push(first);
        people.push(Person { first, surname, female });
    }
    Ok(people)
}

/// A distinct entry of `table` for each person, suited to their gender.
fn suited<T>(
    rng: &mut Rng,
    people: &[Person],
    table: &'static [T],
    fit: impl Fn(&T) -> Fit,
    what: &str,
) -> Result<Vec<&'static T>, WriteError> {
    let mut taken = vec![false; table.len()];
    people
        .iter()
        .map(|p| {
            let free: Vec<usize> = (0..table.len())
                .filter(|&i| !taken[i] && fit(&table[i]).suits(p.female))
                .collect();
            let i = rng
                .choose(&free)
                .ok_or_else(|| WriteError::Unsupported(format!("ran out of {what}")))?;
            taken[i] = true;
            Ok(&table[i])
        })
        .collect()
}

/// A portrait-ready description: build, hat, hair, clothes, collar and the distinguishing feature.
fn appearance(rng: &mut Rng, p: &Person, age: usize, feature: &Feature) -> String {
    let (hats, hair, clothes, collars) = if p.female {
        (
            lib::FEMALE_HATS,
            lib::FEMALE_HAIR,
            lib::FEMALE_CLOTHES,
            lib::FEMALE_COLLARS,
        )
    } else {
        (lib::MALE_HATS, lib::MALE_HAIR, lib::MALE_CLOTHES, lib::MALE_COLLARS)
    };
    let decade = ["twenties", "thirties", "forties", "fifties", "sixties"][(age / 10).clamp(2, 6) - 2];
    format!(
        "A {} {} in {} {decade}: {}, {}, {} with {}, and {}.",
        rng.pick(lib::BUILDS),
        if p.female { "woman" } else { "man" },
        if p.female { "her" } else { "his" },
        rng.pick(hats),
        rng.pick(hair),
        rng.pick(clothes),
        rng.pick(collars),
        feature.look,
    )
}

type Vars = Vec<(&'static str, String)>;

/// Replaces each `{key}` of a template with its value; unknown keys stay as they are.
fn fill(template: &str, vars: &[(&'static str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let hit = after.find('}').and_then(|close| {
            vars.iter()
                .find(|(k, _)| *k == &after[..close])
                .map(|(_, v)| (close, v))
        });
        match hit {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// "Ann Abbott", "Ann Abbott and Bob Baxter", "Ann Abbott, Bob Baxter and Cy Cole".
fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Minutes after midnight of the murder day as a 12-hour clock ("10:40 p.m.", "12:10 a.m.").
fn clock(minutes: usize) -> String {
    let (h, m) = ((minutes / 60) % 24, minutes % 60);
    let (h12, half) = match h {
        0 => (12, "a.m."),
        1..=11 => (h, "a.m."),
        12 => (12, "p.m."),
        _ => (h - 12, "p.m."),
    };
    format!("{h12}:{m:02} {half}")
}

/// C(n, k), exact for the small pools here.
fn binomial(n: usize, k: usize) -> u64 {
    if k > n {
        return 0;
    }
    (0..k.min(n - k)).fold(1u128, |acc, i| acc * (n - i) as u128 / (i + 1) as u128) as u64
}

/// The k-subset of `0..n` with the given rank in the combinatorial number system.
fn unrank_combination(mut rank: u64, n: usize, k: usize) -> Vec<usize> {
    let mut top = n;
    (1..=k)
        .rev()
        .map(|i| {
            let mut c = top - 1;
            while binomial(c, i) > rank {
                c -= 1;
            }
            rank -= binomial(c, i);
            top = c;
            c
        })
        .collect()
}

/// A keyed bijection of `0..n` applied to `seed % n`, so any `n` consecutive seeds get `n` distinct
/// values: a four-round Feistel network on the smallest square power-of-two domain holding `n`,
/// cycle-walked back into `0..n`. Needs `n > 0`.
fn scramble(seed: u64, n: u64, key: u64) -> u64 {
    let half = (u64::BITS - n.saturating_sub(1).leading_zeros()).div_ceil(2).max(1);
    let mask = (1u64 << half) - 1;
    let mut x = seed % n;
    loop {
        for round in 0..4 {
            let (l, r) = (x >> half, x & mask);
            x = (r << half) | (l ^ (splitmix(r ^ key.wrapping_add(round)) & mask));
        }
        if x < n {
            return x;
        }
    }
}

/// The SplitMix64 output function.
fn splitmix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// SplitMix64: a tiny generator whose stream is fixed forever, unlike `rand`'s algorithms.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        splitmix(self.0)
    }

    /// Uniform in `0..n`; `n` must be positive.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// An item of a non-empty table.
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An item of a list that may be empty.
    fn choose<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        (!items.is_empty()).then(|| items[self.below(items.len())])
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }

    /// `k` distinct indices of `0..n` (fewer if `n < k`), in random order.
    fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            all.swap(i, i + self.below(n - i));
        }
        all.truncate(k);
        all
    }
}

#[cfg(test)]
mod pictures;

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashSet};

    use super::*;

    fn request(seed: u64, counts: CaseCounts) -> CaseRequest {
        CaseRequest {
            id: format!("case-{seed}"),
            date: "2025-11-27".into(),
            seed,
            counts,
            created_at: 1_764_201_600_000,
        }
    }

    fn case(seed: u64) -> Case {
        write(&request(seed, CaseCounts::default())).expect("a default case")
    }

    fn counts(locations: usize, suspects: usize, evidence: usize) -> CaseCounts {
        CaseCounts {
            locations,
            suspects,
            evidence,
        }
    }

    fn culprit(case: &Case) -> &Suspect {
        case.suspects
            .iter()
            .find(|s| s.id == case.solution.culprit_id)
            .expect("the culprit is a suspect")
    }

    fn initials(name: &str) -> String {
        name.split(' ').map(|w| format!("{}.", initial(w))).collect()
    }

    /// Whether `text` holds `word` as a whole word, ignoring case.
    fn mentions(text: &str, word: &str) -> bool {
        let (text, word) = (text.to_lowercase(), word.to_lowercase());
        text.match_indices(&word).any(|(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + word.len()..].chars().next();
            !before.is_some_and(char::is_alphabetic) && !after.is_some_and(char::is_alphabetic)
        })
    }

    /// Every string of a case, one per line.
    fn all_text(case: &Case) -> String {
        fn walk(v: &serde_json::Value, out: &mut String) {
            match v {
                serde_json::Value::String(s) => {
                    out.push_str(s);
                    out.push('\n');
                }
                serde_json::Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
                serde_json::Value::Object(map) => map.values().for_each(|i| walk(i, out)),
                _ => {}
            }
        }
        let mut out = String::new();
        walk(&serde_json::to_value(case).expect("serializes"), &mut out);
        out
    }

    /// The distinguishing feature a suspect wears.
    fn feature_of(suspect: &Suspect) -> &'static Feature {
        lib::FEATURES
            .iter()
            .find(|f| suspect.appearance.contains(f.look))
            .expect("every suspect wears a feature")
    }

    #[test]
    fn sixty_consecutive_daily_cases_differ_in_victim_culprit_and_locations() {
        for start in [20_000u64, 20_420, 0, 1 << 40, u64::MAX - 60] {
            let cases: Vec<Case> = (start..start + 60).map(case).collect();
            let victims: HashSet<&str> = cases.iter().map(|c| c.victim.name.as_str()).collect();
            let culprits: HashSet<&str> = cases.iter().map(|c| culprit(c).name.as_str()).collect();
            let places: HashSet<BTreeSet<&str>> = cases
                .iter()
                .map(|c| c.locations.iter().map(|l| l.name.as_str()).collect())
                .collect();
            assert_eq!(victims.len(), 60, "victims repeat in the window from {start}");
            assert_eq!(culprits.len(), 60, "culprits repeat in the window from {start}");
            assert_eq!(places.len(), 60, "location sets repeat in the window from {start}");
        }
    }

    #[test]
    fn generated_cases_are_valid_for_many_seeds() {
        let mut shapes = vec![CaseCounts::default(); 2_000];
        shapes.extend([
            counts(1, 2, 2),
            counts(2, 2, 3),
            counts(3, 2, 4),
            counts(6, 5, 12),
            counts(2, 3, 20),
        ]);
        let max_s = max_suspects();
        shapes.extend([
            counts(32, max_s, KEY_CLUES + MAX_HERRINGS + lib::NEUTRAL.len()),
            counts(31, 2, 2),
        ]);
        for (i, shape) in shapes.into_iter().enumerate() {
            let seed = (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            let c = write(&request(seed, shape)).unwrap_or_else(|e| panic!("seed {seed}, {shape:?}: {e}"));
            c.validate().expect("valid");
            assert_eq!(
                (c.locations.len(), c.suspects.len(), c.evidence.len()),
                (shape.locations, shape.suspects, shape.evidence)
            );
            assert_eq!(c.solution.key_evidence.len(), shape.evidence.min(KEY_CLUES));
            let json = all_text(&c);
            assert!(
                !json.contains('{') && !json.contains('}'),
                "unfilled template in {json}"
            );
            let names: HashSet<&str> = c
                .suspects
                .iter()
                .map(|s| s.name.as_str())
                .chain([c.victim.name.as_str()])
                .collect();
            assert_eq!(names.len(), c.suspects.len() + 1, "names repeat in {json}");
            assert!(c.suspects.iter().all(|s| s.gender == "male" || s.gender == "female"));
            if shape.evidence >= shape.locations {
                for l in &c.locations {
                    assert!(
                        c.evidence.iter().any(|e| e.found_at == l.id),
                        "{} holds no evidence",
                        l.id
                    );
                }
            }
            assert!(c.victim.age >= 34 && c.suspects.iter().all(|s| (23..=67).contains(&s.age)));
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_case() {
        for seed in [0, 1, 20_420, u64::MAX] {
            let one = serde_json::to_string(&case(seed)).expect("serializes");
            let two = serde_json::to_string(&case(seed)).expect("serializes");
            assert_eq!(one, two);
        }
        assert_ne!(case(20_420), case(20_421));
    }

    #[test]
    fn key_evidence_points_at_the_culprit_and_herrings_elsewhere() {
        for seed in 0..1_000 {
            let c = case(seed);
            let guilty = culprit(&c);
            let mark = feature_of(guilty).mark;
            let points_at_culprit = |text: &str| {
                mentions(text, &guilty.name) || mentions(text, &initials(&guilty.name)) || mentions(text, mark)
            };
            assert_eq!(c.solution.key_evidence.len(), 3);
            for s in c.suspects.iter().filter(|s| s.id != guilty.id) {
                assert!(
                    !mentions(&s.appearance, mark),
                    "seed {seed}: {mark} is worn by {} too",
                    s.name
                );
            }
            let mut herrings = 0;
            for e in &c.evidence {
                let text = format!("{} {}", e.name, e.description);
                if c.solution.key_evidence.contains(&e.id) {
                    assert!(
                        points_at_culprit(&text),
                        "seed {seed}: key {text} misses {}",
                        guilty.name
                    );
                    assert!(
                        c.solution.explanation.contains(&e.name),
                        "seed {seed}: explanation skips {}",
                        e.name
                    );
                } else {
                    assert!(!points_at_culprit(&text), "seed {seed}: {text} points at the culprit");
                    let innocent = c
                        .suspects
                        .iter()
                        .any(|s| mentions(&text, &s.name) || mentions(&text, &initials(&s.name)));
                    herrings += usize::from(innocent);
                }
            }
            assert_eq!(herrings, 2, "seed {seed}");
            assert!(c.solution.explanation.starts_with(&guilty.name));
            assert!(c.solution.motive.contains(&guilty.name) && c.solution.method.contains(&guilty.name));
        }
    }

    #[test]
    fn no_gore_words_in_any_text() {
        const GORE: &[&str] = &[
            "blood",
            "bloody",
            "bloodied",
            "bloodstain",
            "bloodstained",
            "wound",
            "wounds",
            "wounded",
            "corpse",
            "corpses",
            "gore",
            "gory",
            "stab",
            "stabbed",
            "stabbing",
            "severed",
            "slashed",
            "gash",
            "mutilated",
            "decapitated",
            "dismembered",
            "entrails",
            "bruised",
            "bruises",
            "body",
            "bodies",
            "slumped",
            "cadaver",
        ];
        for seed in 0..2_000 {
            let json = all_text(&case(seed)).to_lowercase();
            for word in json.split(|c: char| !c.is_alphabetic()) {
                assert!(!GORE.contains(&word), "seed {seed}: {word:?} in {json}");
            }
        }
    }

    #[test]
    fn unsupported_counts_give_a_clear_error() {
        let too_much = KEY_CLUES + MAX_HERRINGS + lib::NEUTRAL.len() + 1;
        for (shape, what) in [
            (counts(0, 3, 8), "locations"),
            (counts(lib::PLACES.len() + 1, 3, 8), "locations"),
            (counts(4, 1, 8), "suspects"),
            (counts(4, max_suspects() + 1, 8), "suspects"),
            (counts(4, 3, 1), "evidence"),
            (counts(4, 3, too_much), "evidence"),
            (counts(4, 2, too_much - 1), "evidence"),
        ] {
            match write(&request(7, shape)) {
                Err(WriteError::Unsupported(message)) => {
                    assert!(message.contains(what), "{message:?} should name {what}")
                }
                other => panic!("{shape:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn word_tables_hold_distinct_entries_and_unique_marks() {
        let firsts: HashSet<&str> = lib::MALE_FIRST.iter().chain(lib::FEMALE_FIRST).copied().collect();
        assert_eq!(firsts.len(), lib::MALE_FIRST.len() + lib::FEMALE_FIRST.len());
        let surnames: HashSet<&str> = lib::VICTIM_SURNAMES
            .iter()
            .chain(lib::SUSPECT_SURNAMES)
            .copied()
            .collect();
        assert_eq!(surnames.len(), lib::VICTIM_SURNAMES.len() + lib::SUSPECT_SURNAMES.len());
        let places: HashSet<&str> = lib::PLACES.iter().map(|p| p.name).collect();
        assert_eq!(places.len(), lib::PLACES.len());
        assert!(lib::MALE_FIRST.len() >= 30 && lib::FEMALE_FIRST.len() >= 30 && lib::VICTIM_OCCUPATIONS.len() >= 30);
        assert!(lib::MOTIVES.len() >= 12 && lib::WEAPONS.len() >= 12 && name_space(lib::VICTIM_SURNAMES) >= 400);
        let looks: Vec<&str> = [
            lib::MALE_HATS,
            lib::FEMALE_HATS,
            lib::MALE_HAIR,
            lib::FEMALE_HAIR,
            lib::MALE_CLOTHES,
        ]
        .into_iter()
        .chain([lib::FEMALE_CLOTHES, lib::MALE_COLLARS, lib::FEMALE_COLLARS, lib::BUILDS])
        .flatten()
        .copied()
        .collect();
        for f in lib::FEATURES {
            assert!(
                mentions(f.look, f.mark) && mentions(f.trace, f.mark),
                "{} lacks its mark",
                f.look
            );
            for other in lib::FEATURES.iter().filter(|o| o.mark != f.mark) {
                assert!(!mentions(other.look, f.mark), "{} also in {}", f.mark, other.look);
            }
            assert!(
                !looks.iter().any(|l| mentions(l, f.mark)),
                "{} appears in a common look",
                f.mark
            );
        }
    }

    #[test]
    fn scramble_is_a_bijection_and_combinations_unrank_to_distinct_sets() {
        for n in [1u64, 2, 3, 60, 97, 2_450] {
            let values: HashSet<u64> = (0..n).map(|s| scramble(s + 12_345, n, 42)).collect();
            assert_eq!(values.len() as u64, n);
            assert!(values.iter().all(|&v| v < n));
        }
        let sets: HashSet<Vec<usize>> = (0..binomial(8, 3)).map(|r| unrank_combination(r, 8, 3)).collect();
        assert_eq!(sets.len(), 56);
        assert!(
            sets.iter()
                .all(|s| s.len() == 3 && s.iter().all(|&i| i < 8) && s.windows(2).all(|w| w[0] > w[1]))
        );
    }
}
