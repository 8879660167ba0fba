//! Golden pixels: a fixed set of pictures, each with the FNV-1a hash of its raw bytes. A change to
//! the renderer that moves a single pixel of any of them fails here; a refactor must not. When a
//! change of the pictures is meant, print the new list with
//! `PAINTER_GOLDEN_PRINT=1 cargo test -p sleuths-painter --test golden -- --nocapture` and paste it.

use painter::{Evidence, Location, Request, Subject, Suspect, paint};

/// One place per motif, by the first word the motif table knows it by.
const PLACES: [&str; 33] = [
    "vault",
    "cellar",
    "dressing room",
    "warehouse",
    "boathouse",
    "arcade",
    "lighthouse",
    "bell tower",
    "observatory",
    "projection booth",
    "radio",
    "platform",
    "rooftop",
    "billiard",
    "casino",
    "ballroom",
    "lobby",
    "gallery",
    "kitchen",
    "garage",
    "stable",
    "tea room",
    "greenhouse",
    "dock",
    "theatre",
    "library",
    "pawnshop",
    "bar",
    "alley",
    "garden",
    "street",
    "parlour",
    "office",
];

/// One object per object kind, by the first word the object table knows it by.
const OBJECTS: [&str; 54] = [
    "powder compact",
    "opera glasses",
    "watch strap",
    "watch fob",
    "pocket square",
    "typewriter ribbon",
    "bundle of bills",
    "letter opener",
    "revolver",
    "key",
    "bullet",
    "matchbook",
    "lighter",
    "candle",
    "cigarette",
    "pipe",
    "flashbulb",
    "gramophone record",
    "newspaper",
    "map",
    "sheet music",
    "catalog",
    "calendar",
    "deck",
    "postcard",
    "chess",
    "small change",
    "umbrella",
    "hatbox",
    "feather",
    "flower",
    "spectacle",
    "cane",
    "cord",
    "button",
    "tool roll",
    "receipt",
    "tag",
    "ring",
    "pearl",
    "papers",
    "iou",
    "letter",
    "vial",
    "bottle",
    "glass",
    "photograph",
    "watch",
    "ticket",
    "glove",
    "ledger",
    "book",
    "fountain pen",
    "parcel",
];

/// Suspects that between them wear every hat, hair, collar and extra the portrait knows.
const PEOPLE: [(&str, u32, &str, &str); 12] = [
    ("male", 41, "Detective", "A grey fedora and a trench coat."),
    ("male", 55, "Banker", "A bowler hat, a pencil moustache."),
    ("female", 29, "Singer", "A cloche hat, pearls, a platinum bob."),
    ("female", 33, "Painter", "A beret and a black turtleneck."),
    ("female", 47, "Widow", "A pillbox hat with a veil, long dark hair."),
    ("male", 62, "Count", "A top hat, a tuxedo and a monocle."),
    ("male", 24, "Newsboy", "A flat cap, freckles."),
    ("male", 38, "Chauffeur", "A peaked cap and a uniform."),
    ("male", 70, "Professor", "Bald, a white beard, round spectacles."),
    ("female", 19, "Dancer", "Curly red hair, an evening dress."),
    ("female", 51, "Chemist", "Hair in a bun, a white coat, glasses."),
    ("", 36, "Gambler", "Slicked-back hair, a cigarette, a pinstripe suit."),
];

fn fnv(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= *byte as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Every golden picture, with a label that says what it is.
fn requests() -> Vec<(String, Request<'static>)> {
    let request = |case_id, index, take, subject| Request {
        case_id,
        index,
        take,
        subject,
    };
    let mut all = Vec::new();
    for (index, name) in PLACES.iter().enumerate() {
        let place = Subject::Location(Location {
            name,
            description: "A place at night.",
        });
        all.push((format!("location {name}"), request("case-golden", index, 0, place)));
    }
    for index in 0..10 {
        let nowhere = Subject::Location(Location {
            name: "",
            description: "",
        });
        all.push((
            format!("location fallback {index}"),
            request("case-fallback", index, 0, nowhere),
        ));
    }
    for (index, name) in OBJECTS.iter().enumerate() {
        let object = Subject::Evidence(Evidence {
            name,
            description: "Found at the scene.",
        });
        all.push((format!("evidence {name}"), request("case-golden", index, 0, object)));
    }
    for (index, (gender, age, occupation, appearance)) in PEOPLE.iter().enumerate() {
        let person = Subject::Suspect(Suspect {
            name: occupation,
            age: *age,
            gender,
            occupation,
            appearance,
        });
        all.push((
            format!("suspect {occupation}"),
            request("case-golden", index, 0, person),
        ));
    }
    // Other takes and other cases (other accents) of a few of the same subjects.
    let again: Vec<(String, Request)> = all.iter().step_by(7).cloned().collect();
    for (take, (label, first)) in again.into_iter().enumerate() {
        let case_id = ["case-2024-03-14", "case-2024-03-15", "case-2024-03-16"][take % 3];
        let take = 1 + take as u64 % 3;
        all.push((
            format!("{label}, take {take} of {case_id}"),
            Request { case_id, take, ..first },
        ));
    }
    all
}

#[test]
fn the_golden_pictures_keep_every_pixel() {
    let requests = requests();
    let hashes: Vec<u64> = std::thread::scope(|scope| {
        let half = requests.len().div_ceil(2);
        let workers: Vec<_> = requests
            .chunks(half)
            .map(|part| scope.spawn(move || part.iter().map(|(_, r)| fnv(paint(r).as_raw())).collect::<Vec<u64>>()))
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
    });
    let lines: Vec<String> = requests
        .iter()
        .zip(&hashes)
        .map(|((label, _), hash)| format!("    (\"{label}\", 0x{hash:016x}),"))
        .collect();
    if std::env::var_os("PAINTER_GOLDEN_PRINT").is_some() {
        println!("{}", lines.join("\n"));
    }
    let changed: Vec<String> = requests
        .iter()
        .zip(&hashes)
        .zip(GOLDEN.iter().map(Some).chain(std::iter::repeat(None)))
        .filter(|(((label, _), hash), want)| *want != Some(&(label.as_str(), **hash)))
        .map(|(((label, _), _), _)| label.clone())
        .collect();
    assert_eq!(
        GOLDEN.len(),
        requests.len(),
        "the golden list and the requests differ in length"
    );
    assert!(changed.is_empty(), "{} pictures changed: {changed:?}", changed.len());
}

#[rustfmt::skip]
const GOLDEN: &[(&str, u64)] = &[
    ("location vault", 0x21d7522f50b3aeb4),
    ("location cellar", 0xd43c12a80ef106b5),
    ("location dressing room", 0x6051d679b4654333),
    ("location warehouse", 0x91f5dbf237abfbfc),
    ("location boathouse", 0xbe9746c26b9963fd),
    ("location arcade", 0x37d5bf7dc2873d22),
    ("location lighthouse", 0xc08fec72a1aeb251),
    ("location bell tower", 0x62a30615587fb9a8),
    ("location observatory", 0xe479c0e43dc82d94),
    ("location projection booth", 0x3067141f4eba8490),
    ("location radio", 0xbb4252ff3bd2012b),
    ("location platform", 0x7f1f888c0dd7d49b),
    ("location rooftop", 0xc5edbda4397f1f1f),
    ("location billiard", 0x9556cb851b7b2d8c),
    ("location casino", 0x0e54278ea269b9a2),
    ("location ballroom", 0x74323b1dd93f358f),
    ("location lobby", 0x997552264dbf11bb),
    ("location gallery", 0xf219949e224050c6),
    ("location kitchen", 0xf8d05c0e09938b86),
    ("location garage", 0x7c09310dc10cde9a),
    ("location stable", 0x47d710cbf82d8e3c),
    ("location tea room", 0xd142221dc47fa538),
    ("location greenhouse", 0xb07564340a601c23),
    ("location dock", 0x1015eebe2d89e571),
    ("location theatre", 0x5e9c5c6c8fd6e648),
    ("location library", 0x25054ef650ed609b),
    ("location pawnshop", 0xb9c304c7fa0e4fac),
    ("location bar", 0xd01e7c33576e4311),
    ("location alley", 0x4de86d63a51c3230),
    ("location garden", 0xe65e89b88f86f95b),
    ("location street", 0x734206a77d4f8e46),
    ("location parlour", 0x316760d1da79ec71),
    ("location office", 0x8e69a70da7688069),
    ("location fallback 0", 0xb8a6b8ed1c3edb18),
    ("location fallback 1", 0x867845dbf5933793),
    ("location fallback 2", 0xc301afd54172bda6),
    ("location fallback 3", 0xc37d199fc2a36c24),
    ("location fallback 4", 0xaa448348fb047545),
    ("location fallback 5", 0x414840c2de5502ba),
    ("location fallback 6", 0x394dea94d88099b4),
    ("location fallback 7", 0x3d210ec316b6bbbf),
    ("location fallback 8", 0x35956babbe836a5b),
    ("location fallback 9", 0xe581ec2b317f7dd3),
    ("evidence powder compact", 0xda250296dbd1d883),
    ("evidence opera glasses", 0x5325dc1ed24b2549),
    ("evidence watch strap", 0x647bf5368d27a700),
    ("evidence watch fob", 0x4c5cf94a0f4438a3),
    ("evidence pocket square", 0x52a8d9ce05d5f58c),
    ("evidence typewriter ribbon", 0x4bfedd423836d164),
    ("evidence bundle of bills", 0xb6b503e31092e539),
    ("evidence letter opener", 0x3206ee3f550bd5b0),
    ("evidence revolver", 0x1e7e9adf263ac3a0),
    ("evidence key", 0xc0e92c120f6e5fd8),
    ("evidence bullet", 0x0d9d50644ae55958),
    ("evidence matchbook", 0xd205ca16626d0f68),
    ("evidence lighter", 0xca8daa74b218f8a5),
    ("evidence candle", 0x783b742d4a1a8b6b),
    ("evidence cigarette", 0xe5fe29087681a6a3),
    ("evidence pipe", 0x6aa99fe4c8006373),
    ("evidence flashbulb", 0x71b741e0ea362acd),
    ("evidence gramophone record", 0x7275503cea4eadb1),
    ("evidence newspaper", 0x2f95f65e490f76c3),
    ("evidence map", 0xca55e4b906b36f59),
    ("evidence sheet music", 0x20279d16667aa0fb),
    ("evidence catalog", 0x6c4284e2e1e848fb),
    ("evidence calendar", 0x8ee3b9f60aba2fc7),
    ("evidence deck", 0xa06de634bebcb8d8),
    ("evidence postcard", 0x2350770871486fb5),
    ("evidence chess", 0xf1a1dbeecf8bd432),
    ("evidence small change", 0xa744d5f3627800da),
    ("evidence umbrella", 0x9a13ab253a6cabf1),
    ("evidence hatbox", 0x98b09b34226b734e),
    ("evidence feather", 0xd2bdc55298938a3c),
    ("evidence flower", 0x3b42cd738e9994b8),
    ("evidence spectacle", 0x2da92640e55edab6),
    ("evidence cane", 0xe24f83f6e05be51e),
    ("evidence cord", 0x39f3a5d5ec599271),
    ("evidence button", 0x4cfcab6a5cceca61),
    ("evidence tool roll", 0x74899017d7030755),
    ("evidence receipt", 0xe43461419eaee870),
    ("evidence tag", 0x54bf6efd222bb1c5),
    ("evidence ring", 0x552c31f0a132dc43),
    ("evidence pearl", 0x00db9cef898ba7b5),
    ("evidence papers", 0x6f60453635adefd3),
    ("evidence iou", 0x873001d561fdc4a4),
    ("evidence letter", 0x93c25e56995bc543),
    ("evidence vial", 0x17051a38b4192603),
    ("evidence bottle", 0x931532493d533f6c),
    ("evidence glass", 0x61d1bf3ed493a4e1),
    ("evidence photograph", 0xb660d966d2db061d),
    ("evidence watch", 0xa5a0a8a2d76d2c62),
    ("evidence ticket", 0x68ff1b52edeba25b),
    ("evidence glove", 0x1341a8e08395077a),
    ("evidence ledger", 0x4562b5135b83aa4f),
    ("evidence book", 0xd0a3649325d6cd52),
    ("evidence fountain pen", 0xb0cfbe9e22181fa2),
    ("evidence parcel", 0x1cc104514e7a5f0d),
    ("suspect Detective", 0x1c9c7b9b68dd523c),
    ("suspect Banker", 0x3430aeb2b6e84f40),
    ("suspect Singer", 0xf1394f6586fe74c2),
    ("suspect Painter", 0xdf1aad2ff7062bcd),
    ("suspect Widow", 0x2990973cd587f4cf),
    ("suspect Count", 0x32615ebe77c8b1b8),
    ("suspect Newsboy", 0x389b6a623f0b44c4),
    ("suspect Chauffeur", 0xaed4240b9a3eff84),
    ("suspect Professor", 0xef9f11dfe6b35288),
    ("suspect Dancer", 0xad48fba5c4ee303c),
    ("suspect Chemist", 0x365840b09236575d),
    ("suspect Gambler", 0xd5ea603f4cf96aad),
    ("location vault, take 1 of case-2024-03-14", 0xba72d9108a9fd55a),
    ("location bell tower, take 2 of case-2024-03-15", 0xa784d6526af81dd6),
    ("location casino, take 3 of case-2024-03-16", 0xb5caa577e10c3a1a),
    ("location tea room, take 1 of case-2024-03-14", 0x5c8c023585ad2e01),
    ("location alley, take 2 of case-2024-03-15", 0x4e551d187ae94401),
    ("location fallback 2, take 3 of case-2024-03-16", 0xf6b872f49a773533),
    ("location fallback 9, take 1 of case-2024-03-14", 0x0bcf9c794749e24b),
    ("evidence bundle of bills, take 2 of case-2024-03-15", 0xdc9a7dfa6a1b1360),
    ("evidence candle, take 3 of case-2024-03-16", 0xfa40933472b951b5),
    ("evidence sheet music, take 1 of case-2024-03-14", 0x62c7cb05aba60bfe),
    ("evidence umbrella, take 2 of case-2024-03-15", 0x30147eb0daa346f5),
    ("evidence button, take 3 of case-2024-03-16", 0x96e6a1c3a963a4e2),
    ("evidence iou, take 1 of case-2024-03-14", 0x15e91aa9289553f3),
    ("evidence ticket, take 2 of case-2024-03-15", 0xf270f72ea82da811),
    ("suspect Banker, take 3 of case-2024-03-16", 0x86e6dcbf7da4e32a),
    ("suspect Professor, take 1 of case-2024-03-14", 0x9f68e17d834558ec),
];
