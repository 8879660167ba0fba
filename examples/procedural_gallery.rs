//! Writes procedural pictures as PNG files, to look at them.
//!
//! ```text
//! cargo run --release --example procedural_gallery -- DIR [FILTER] [--takes N]
//! ```
//!
//! Into DIR: `case-*.png`, every picture of one procedural case and a contact sheet of them; then
//! `location-*.png` and `evidence-*.png`, one picture for each location and evidence item the procedural
//! case writer produces (found by walking its daily cases), with contact sheets of them all. With
//! FILTER (words separated by commas), only the subjects whose name contains one of them (any case)
//! are painted; with `--takes N`, each is painted N times, as N repaints would paint it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use case_writer::write as generate_case;
use image::RgbImage;
use image::imageops::{FilterType, overlay, resize};
use sleuths::casegen::{CaseCounts, CaseRequest};
use sleuths::domain::{Case, Slot, SlotKind};
use sleuths::pipeline::subject;
use sleuths::providers::procedural::render;
use sleuths::providers::{ImageRequest, Subject};

/// The case the sample pictures and the gallery's colours come from.
const SAMPLE_SEED: u64 = 20_420;
/// How many daily cases to walk for the writer's locations and evidence items.
const WALKED_DAYS: u64 = 4_000;

struct Options {
    dir: PathBuf,
    filter: Option<String>,
    takes: u64,
}

fn main() -> Result<()> {
    let options = options()?;
    std::fs::create_dir_all(&options.dir).with_context(|| format!("create {}", options.dir.display()))?;
    let sample = case(SAMPLE_SEED)?;
    if options.filter.is_none() {
        let requests: Vec<ImageRequest> = sample.slots().into_iter().map(|s| request(&sample, s, 0)).collect();
        paint_all(&options.dir, "case", &requests)?;
    }
    for kind in [SlotKind::Location, SlotKind::Evidence] {
        let requests = vocabulary(kind, &sample, &options)?;
        paint_all(&options.dir, kind.as_str(), &requests)?;
        eprintln!("{} {kind} pictures in {}", requests.len(), options.dir.display());
    }
    Ok(())
}

fn options() -> Result<Options> {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut filter = None;
    let mut takes = 1;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--takes" => takes = args.next().context("--takes needs a number")?.parse()?,
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            _ if filter.is_none() => filter = Some(arg.to_lowercase()),
            _ => bail!("usage: procedural_gallery DIR [FILTER] [--takes N]"),
        }
    }
    let dir = dir.context("usage: procedural_gallery DIR [FILTER] [--takes N]")?;
    Ok(Options { dir, filter, takes })
}

fn case(seed: u64) -> Result<Case> {
    Ok(generate_case(&CaseRequest {
        id: format!("case-{seed}"),
        date: "2026-01-01".into(),
        seed,
        counts: CaseCounts::default(),
        created_at: 0,
    })?)
}

fn request(case: &Case, slot: Slot, take: u64) -> ImageRequest {
    ImageRequest {
        case_id: case.id.clone(),
        slot,
        prompt: String::new(),
        subject: subject(case, slot).expect("a slot of the case"),
        take,
    }
}

/// One request per distinct location or evidence name the writer produced over many days, painted
/// in the sample case's colours, slots numbered in order.
fn vocabulary(kind: SlotKind, sample: &Case, options: &Options) -> Result<Vec<ImageRequest>> {
    let mut seen: BTreeMap<String, Subject> = BTreeMap::new();
    for seed in 0..WALKED_DAYS {
        let case = case(seed)?;
        for slot in case.slots().into_iter().filter(|s| s.kind == kind) {
            let subject = subject(&case, slot).expect("a slot of the case");
            let name = match &subject {
                Subject::Location(l) => l.name.clone(),
                Subject::Evidence(e) => e.name.clone(),
                Subject::Suspect(s) => s.name.clone(),
            };
            let wanted = options
                .filter
                .as_ref()
                .is_none_or(|f| f.split(',').any(|w| name.to_lowercase().contains(w.trim())));
            if wanted {
                seen.entry(name).or_insert(subject);
            }
        }
    }
    let mut requests = Vec::new();
    for (index, subject) in seen.into_values().enumerate() {
        for take in 0..options.takes {
            requests.push(ImageRequest {
                case_id: sample.id.clone(),
                slot: Slot::new(kind, index),
                prompt: String::new(),
                subject: subject.clone(),
                take,
            });
        }
    }
    Ok(requests)
}

/// Paints the requests on two threads, writes each as `PREFIX-NN-name.png`, and contact sheets of
/// up to 12 pictures at half size as `PREFIX-sheet-N.png`.
fn paint_all(dir: &Path, prefix: &str, requests: &[ImageRequest]) -> Result<()> {
    let half = requests.len().div_ceil(2);
    let pictures: Vec<RgbImage> = std::thread::scope(|s| {
        let workers: Vec<_> = requests
            .chunks(half.max(1))
            .map(|chunk| s.spawn(move || chunk.iter().map(render).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a render thread"))
            .collect()
    });
    for (n, (request, picture)) in requests.iter().zip(&pictures).enumerate() {
        let path = dir.join(format!("{prefix}-{n:02}-{}.png", slug(request)));
        picture
            .save(&path)
            .with_context(|| format!("write {}", path.display()))?;
    }
    for (n, group) in pictures.chunks(12).enumerate() {
        let path = dir.join(format!("{prefix}-sheet-{n}.png"));
        contact_sheet(group)
            .save(&path)
            .with_context(|| format!("write {}", path.display()))?;
    }
    Ok(())
}

fn slug(request: &ImageRequest) -> String {
    let name = match &request.subject {
        Subject::Location(l) => &l.name,
        Subject::Suspect(s) => &s.name,
        Subject::Evidence(e) => &e.name,
    };
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    format!("{}-take{}", words.join("-"), request.take)
}

/// Pictures at half size, four to a row.
fn contact_sheet(pictures: &[RgbImage]) -> RgbImage {
    let (w, h) = pictures
        .first()
        .map(|p| (p.width() / 2, p.height() / 2))
        .unwrap_or(painter::size_of(painter::Kind::Location));
    let cols = pictures.len().min(4) as u32;
    let rows = pictures.len().div_ceil(4) as u32;
    let mut sheet = RgbImage::new(cols.max(1) * w, rows.max(1) * h);
    for (i, picture) in pictures.iter().enumerate() {
        let small = resize(picture, w, h, FilterType::Triangle);
        let (x, y) = ((i as u32 % 4) * w, (i as u32 / 4) * h);
        overlay(&mut sheet, &small, x.into(), y.into());
    }
    sheet
}
