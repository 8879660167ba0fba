//! Word tables of the procedural case generator: names, places, weapons, motives, clues and looks.
//!
//! Templates fill `{name}`, `{initials}`, `{he}`, `{his}`, `{him}`, `{He}` (a suspect), `{victim}`,
//! `{scene}` (a location name), `{place}` (the suspect's alibi place) and `{time}` (the hour of the murder).
//! No text here may describe injuries: location, suspect and evidence texts become image prompts.

/// Who a look or a name suits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    Any,
    Men,
    Women,
}

impl Fit {
    /// Whether a man (`female == false`) or a woman may wear this.
    pub fn suits(self, female: bool) -> bool {
        match self {
            Fit::Any => true,
            Fit::Men => !female,
            Fit::Women => female,
        }
    }
}

/// A location of the crime.
pub struct Place {
    pub name: &'static str,
    /// The preposition in prose: "in the Library", "on the Rooftop Terrace".
    pub at: &'static str,
    pub description: &'static str,
}

/// A murder weapon and the clue that ties it to whoever used it.
pub struct WeaponKind {
    pub name: &'static str,
    /// The name in running prose.
    pub noun: &'static str,
    pub description: &'static str,
    /// What the culprit did, after the culprit's name.
    pub method: &'static str,
    pub clue_name: &'static str,
    pub clue: &'static str,
}

/// A distinguishing feature of a suspect, and the trace it leaves behind.
pub struct Feature {
    pub fit: Fit,
    /// As it reads in the appearance.
    pub look: &'static str,
    /// As it reads in the explanation: "{name}'s {item}".
    pub item: &'static str,
    /// A word found in both the look and the trace, and in no other look of the tables (the tests check it).
    #[cfg_attr(not(test), allow(dead_code, reason = "only the tests read it, to check the tables"))]
    pub mark: &'static str,
    pub trace_name: &'static str,
    pub trace: &'static str,
}

/// Why the culprit did it: a background that hints, and the motive the solution names.
pub struct Motive {
    pub background: &'static str,
    pub motive: &'static str,
}

/// Where a suspect says they spent the evening, and who can vouch for it.
pub struct Alibi {
    pub place: &'static str,
    pub witness: &'static str,
}

/// An evidence item: a name and a description.
pub struct Clue {
    pub name: &'static str,
    pub description: &'static str,
}

/// A red herring: points at an innocent suspect, and what really explains it.
pub struct Herring {
    pub name: &'static str,
    pub description: &'static str,
    pub explanation: &'static str,
}

pub const MALE_FIRST: &[&str] = &[
    "Arthur", "Bernard", "Clarence", "Desmond", "Edmund", "Franklin", "Gilbert", "Harold", "Irving", "Jasper",
    "Kenneth", "Lionel", "Marvin", "Norman", "Oscar", "Percival", "Quentin", "Raymond", "Sidney", "Theodore", "Vernon",
    "Walter", "Wendell", "Chester", "Howard", "Leonard", "Milton", "Reginald", "Stanley", "Victor", "Eugene", "Floyd",
    "Roscoe", "Lloyd", "Maxwell",
];

pub const FEMALE_FIRST: &[&str] = &[
    "Adelaide",
    "Beatrice",
    "Constance",
    "Dorothy",
    "Evelyn",
    "Frances",
    "Gloria",
    "Harriet",
    "Irene",
    "Josephine",
    "Katharine",
    "Lillian",
    "Mabel",
    "Nora",
    "Opal",
    "Pauline",
    "Rosalind",
    "Sylvia",
    "Thelma",
    "Vivian",
    "Winifred",
    "Veronica",
    "Lorraine",
    "Marjorie",
    "Muriel",
    "Edna",
    "Geraldine",
    "Hazel",
    "Ruth",
    "Virginia",
    "Claudette",
    "Ida",
    "Loretta",
    "Stella",
    "Margaret",
];

/// Surnames of victims; none is a suspect surname, so no suspect shares the victim's name.
pub const VICTIM_SURNAMES: &[&str] = &[
    "Ashcombe",
    "Blackwood",
    "Carrington",
    "Devereaux",
    "Ellsworth",
    "Fairbanks",
    "Hargrove",
    "Kingsley",
    "Langford",
    "Montgomery",
    "Pemberton",
    "Rutherford",
    "Sterling",
    "Thornton",
    "Vandermeer",
    "Whitlock",
    "Winthrop",
    "Radcliffe",
    "Holloway",
    "Ravenscroft",
    "Beaumont",
    "Cavendish",
    "Delacroix",
    "Everhart",
    "Fenwick",
    "Grantham",
    "Lockhart",
    "Merriweather",
    "Northcott",
    "Prescott",
    "Stanhope",
    "Wainwright",
];

pub const SUSPECT_SURNAMES: &[&str] = &[
    "Abbott",
    "Baxter",
    "Crane",
    "Doyle",
    "Eckert",
    "Flynn",
    "Gallagher",
    "Hale",
    "Ingram",
    "Jessup",
    "Kowalski",
    "Lombardi",
    "Malone",
    "Novak",
    "O'Hara",
    "Pruitt",
    "Quinlan",
    "Reyes",
    "Sloane",
    "Tully",
    "Underwood",
    "Vance",
    "Webb",
    "Yates",
    "Zimmer",
    "Archer",
    "Bishop",
    "Cole",
    "Dunn",
    "Finch",
    "Garrity",
    "Hollis",
    "Keane",
    "Larkin",
    "Mercer",
    "Nolan",
    "Pike",
    "Rourke",
    "Shaw",
    "Talbot",
];

pub const VICTIM_OCCUPATIONS: &[&str] = &[
    "nightclub owner",
    "shipping magnate",
    "newspaper publisher",
    "jeweler",
    "film producer",
    "bank president",
    "racehorse owner",
    "district attorney",
    "society hostess",
    "opera singer",
    "art dealer",
    "real-estate developer",
    "city official",
    "casino owner",
    "theater impresario",
    "fashion designer",
    "radio star",
    "bandleader",
    "boxing promoter",
    "antiques dealer",
    "cosmetics tycoon",
    "import merchant",
    "hotel owner",
    "yacht-club commodore",
    "gossip columnist",
    "best-selling novelist",
    "perfume maker",
    "society photographer",
    "trial lawyer",
    "surgeon",
    "railroad executive",
    "museum curator",
    "stockbroker",
    "theater critic",
    "famous aviator",
    "oil heir",
];

/// Suspect occupations and who they suit, in 1940s terms.
pub const SUSPECT_OCCUPATIONS: &[(&str, Fit)] = &[
    ("torch singer", Fit::Any),
    ("chauffeur", Fit::Men),
    ("private secretary", Fit::Any),
    ("housekeeper", Fit::Women),
    ("bartender", Fit::Any),
    ("jazz pianist", Fit::Any),
    ("newspaper reporter", Fit::Any),
    ("bookkeeper", Fit::Any),
    ("night nurse", Fit::Women),
    ("family doctor", Fit::Any),
    ("divorce lawyer", Fit::Any),
    ("insurance agent", Fit::Any),
    ("starlet", Fit::Women),
    ("pawnbroker", Fit::Men),
    ("cab driver", Fit::Men),
    ("hat-check attendant", Fit::Any),
    ("racetrack bookie", Fit::Men),
    ("dock foreman", Fit::Men),
    ("florist", Fit::Any),
    ("tailor", Fit::Men),
    ("dressmaker", Fit::Women),
    ("press photographer", Fit::Any),
    ("prizefighter", Fit::Men),
    ("chorus dancer", Fit::Women),
    ("pharmacist", Fit::Any),
    ("locksmith", Fit::Men),
    ("radio announcer", Fit::Any),
    ("gallery assistant", Fit::Any),
    ("bank teller", Fit::Any),
    ("hotel night clerk", Fit::Any),
    ("interior decorator", Fit::Any),
    ("chemistry professor", Fit::Any),
    ("garage mechanic", Fit::Men),
    ("violinist", Fit::Any),
    ("fortune teller", Fit::Any),
    ("ship's officer", Fit::Men),
    ("socialite", Fit::Any),
    ("manicurist", Fit::Women),
    ("telephone operator", Fit::Women),
    ("cigarette girl", Fit::Women),
    ("nightclub hostess", Fit::Women),
];

pub const VICTIM_TRAITS: &[&str] = &[
    "with more enemies than friends",
    "who collected secrets the way other people collect stamps",
    "famous for sharp suits and sharper deals",
    "known in every nightclub from the Embarcadero to Nob Hill",
    "who never forgot a debt or forgave a slight",
    "whose charm opened doors that money could not",
    "who had lately grown nervous and started locking every door",
    "admired in public and feared in private",
    "with a fortune nobody could quite explain",
    "who kept three sets of books and trusted none of them",
    "who had just announced a surprise at the end of the month",
    "whose name was on half the IOUs in the city",
];

pub const DISCOVERERS: &[&str] = &[
    "the night watchman",
    "a cleaning woman",
    "a patrolman on his beat",
    "a bellhop on an errand",
    "a delivery boy",
    "the building superintendent",
    "a taxi driver looking for a fare",
    "a piano tuner",
];

/// The pool of locations; a case takes a distinct subset.
pub const PLACES: &[Place] = &[
    Place {
        name: "Library",
        at: "in",
        description: "Floor-to-ceiling shelves of leather-bound books, a rolling brass ladder and a green-shaded lamp glowing over a walnut desk. Rain streaks the tall windows.",
    },
    Place {
        name: "Conservatory",
        at: "in",
        description: "A glass house of potted palms and orchids, wrought-iron benches and a tiled fountain, its panes fogged with warm, damp air.",
    },
    Place {
        name: "Wine Cellar",
        at: "in",
        description: "Low brick vaults lined with dusty racks of bottles, lit by a single bare bulb swinging on its cord.",
    },
    Place {
        name: "Jazz Club Dressing Room",
        at: "in",
        description: "A cramped room behind the bandstand of the Blue Moon club: instrument cases, a mirror ringed with bulbs, and cigarette smoke hanging under the low ceiling.",
    },
    Place {
        name: "Dockside Warehouse",
        at: "in",
        description: "A cavernous warehouse on Pier 9, crates stenciled for Shanghai and Lisbon stacked to the rafters, fog drifting in through the half-open loading doors.",
    },
    Place {
        name: "Hotel Lobby",
        at: "in",
        description: "The marble lobby of the Hotel Regent: brass elevator doors, a long mahogany front desk, potted ferns and a revolving door onto the wet street.",
    },
    Place {
        name: "Train Platform",
        at: "on",
        description: "Platform 4 of Union Station under a vaulted iron roof, steam curling from a waiting locomotive and a great clock above the departures board.",
    },
    Place {
        name: "Observatory",
        at: "in",
        description: "A domed room on the hill above the city, a brass telescope angled at a slot of night sky and star charts pinned to the curved walls.",
    },
    Place {
        name: "Boathouse",
        at: "in",
        description: "A weathered boathouse on the lake, rowing boats knocking against the slip, oars racked on the walls and lantern light on black water.",
    },
    Place {
        name: "Billiard Room",
        at: "in",
        description: "Oak paneling, a green-baize table under a low hanging lamp, cues in a wall rack and a decanter tray on the sideboard.",
    },
    Place {
        name: "Rooftop Terrace",
        at: "on",
        description: "A penthouse terrace high above the avenue, potted cypress trees, wicker chairs and a low parapet over the glittering city.",
    },
    Place {
        name: "Pawnshop",
        at: "in",
        description: "A narrow shop behind barred windows, crowded with clocks, trumpets, cameras and trays of rings under a glass counter.",
    },
    Place {
        name: "Newsroom",
        at: "in",
        description: "Rows of desks and typewriters under hanging lamps at the Evening Courier, wire baskets of copy, a wall clock and a haze of cigarette smoke.",
    },
    Place {
        name: "Casino Floor",
        at: "on",
        description: "Roulette wheels and card tables under crystal chandeliers, green felt, stacks of chips and velvet ropes around the high-stakes room.",
    },
    Place {
        name: "Speakeasy Back Room",
        at: "in",
        description: "A hidden room behind a false wall in a laundry: a bar of polished zinc, mismatched chairs and a peephole in the steel door.",
    },
    Place {
        name: "Opera Box",
        at: "in",
        description: "A private box at the opera house, all gilt and red velvet, with a brass rail and the dark, empty auditorium below.",
    },
    Place {
        name: "Pier Arcade",
        at: "in",
        description: "A seaside amusement arcade after hours: pinball machines, a fortune-telling automaton in a glass case and colored bulbs reflected on wet boards.",
    },
    Place {
        name: "Antique Shop",
        at: "in",
        description: "Dim aisles of grandfather clocks, suits of armor, lacquered cabinets and dusty oil portraits, with a bell over the door.",
    },
    Place {
        name: "Art Gallery",
        at: "in",
        description: "White walls hung with modern canvases, a polished parquet floor, a skylight and a single leather bench in the middle of the room.",
    },
    Place {
        name: "Servants' Hall",
        at: "in",
        description: "A long scrubbed table below stairs, a row of service bells on the wall, copper pans and a coal range still giving off heat.",
    },
    Place {
        name: "Chauffeur's Garage",
        at: "in",
        description: "A garage smelling of oil and leather, a black Packard limousine gleaming under a work lamp and tools hung on a pegboard.",
    },
    Place {
        name: "Ballroom",
        at: "in",
        description: "A mirrored ballroom with a sprung floor, a silent bandstand, gilded chairs along the walls and a crystal chandelier.",
    },
    Place {
        name: "Lighthouse",
        at: "in",
        description: "The lamp room at the top of a lighthouse, the great lens turning slowly, a spiral iron stair below and the sea all around.",
    },
    Place {
        name: "Tailor's Shop",
        at: "in",
        description: "Bolts of worsted and tweed on the shelves, a headless dress form, tailor's chalk and a pressing iron on the long counter.",
    },
    Place {
        name: "Radio Studio",
        at: "in",
        description: "A soundproofed studio with a big chrome microphone, an ON AIR sign, a grand piano and a glass booth for the engineer.",
    },
    Place {
        name: "Projection Booth",
        at: "in",
        description: "The projection booth of the Rialto cinema: two humming projectors, film cans stacked on a shelf and a small window onto the dark auditorium.",
    },
    Place {
        name: "Tea Room",
        at: "in",
        description: "A genteel tea room with lace curtains, a glass case of cakes, palm-court chairs and a silver samovar on the counter.",
    },
    Place {
        name: "Penthouse Suite",
        at: "in",
        description: "The top-floor suite of the Hotel Majestic: white carpet, a baby grand piano, a cocktail cabinet and tall windows over the harbor.",
    },
    Place {
        name: "Bell Tower",
        at: "in",
        description: "The bell chamber of St. Michael's, great bronze bells hanging in the gloom, pigeons in the louvers and a long ladder down.",
    },
    Place {
        name: "Racetrack Stables",
        at: "at",
        description: "A row of stalls at the Bay Meadows racetrack, straw underfoot, saddles on their racks and a chalkboard of the morning's times.",
    },
    Place {
        name: "Back Alley",
        at: "in",
        description: "A narrow alley behind the Starlight Club: trash cans, a fire escape zigzagging up brick walls and red neon reflected in the puddles.",
    },
    Place {
        name: "Bank Vault",
        at: "in",
        description: "A steel-doored vault lined with safe-deposit boxes, a great brass locking wheel and a single lamp on a steel table.",
    },
];

pub const WEAPONS: &[WeaponKind] = &[
    WeaponKind {
        name: "Ivory-Handled Revolver",
        noun: "ivory-handled revolver",
        description: "A snub-nosed .38 with yellowed ivory grips; one chamber has been fired.",
        method: "shot {victim} with the ivory-handled revolver",
        clue_name: "Pawn Ticket",
        clue: "A pawn ticket for a .38 revolver with ivory grips, redeemed three days ago by {name}, who signed for it in a careful hand.",
    },
    WeaponKind {
        name: "Cyanide-Laced Brandy",
        noun: "cyanide-laced brandy",
        description: "A cut-crystal decanter of brandy with a faint smell of bitter almonds.",
        method: "poured cyanide into {victim}'s brandy",
        clue_name: "Poison Register Page",
        clue: "A page torn from a druggist's poison register: potassium cyanide, one ounce, \"for photographic work\", signed by {name}.",
    },
    WeaponKind {
        name: "Fireplace Poker",
        noun: "fireplace poker",
        description: "A heavy brass poker, wiped suspiciously clean and hung back on its stand the wrong way round.",
        method: "struck {victim} down with the fireplace poker",
        clue_name: "Sooty Driving Gloves",
        clue: "A pair of pigskin driving gloves with soot ground into the palms and the initials {initials} stitched inside the cuff.",
    },
    WeaponKind {
        name: "Silk Scarf",
        noun: "silk scarf",
        description: "A long scarf of printed silk in a paisley pattern, knotted tight and dropped in haste.",
        method: "strangled {victim} with the silk scarf",
        clue_name: "Department-Store Receipt",
        clue: "A receipt from Gump's for a paisley silk scarf in that very pattern, charged to the account of {name} a week ago.",
    },
    WeaponKind {
        name: "Bronze Bookend",
        noun: "bronze bookend",
        description: "A heavy bronze bookend cast as a rearing horse, one of a matched pair.",
        method: "struck {victim} down with the bronze bookend",
        clue_name: "Auction Catalog",
        clue: "An auction catalog with lot 112, a pair of bronze horse bookends, marked \"sold to {name}\" in the auctioneer's pencil.",
    },
    WeaponKind {
        name: "Arsenic in the Sugar Bowl",
        noun: "arsenic in the sugar bowl",
        description: "A silver sugar bowl whose lumps carry a faint, gritty white coating.",
        method: "laced {victim}'s sugar with arsenic",
        clue_name: "Weed-Killer Tin",
        clue: "A half-empty tin of arsenical weed killer with a hardware-store label made out to {name}.",
    },
    WeaponKind {
        name: "Nickel-Plated Derringer",
        noun: "nickel-plated derringer",
        description: "A nickel-plated pocket derringer, small enough to hide in a glove.",
        method: "shot {victim} with the nickel-plated derringer",
        clue_name: "Gunsmith's Repair Tag",
        clue: "A gunsmith's repair tag for a nickel-plated derringer, \"new firing pin, collected Tuesday\", made out to {name}.",
    },
    WeaponKind {
        name: "Veronal Powders",
        noun: "Veronal powders",
        description: "A blue glass bottle of Veronal sleeping powders, nearly empty, beside a cup of cold cocoa.",
        method: "dissolved a fatal dose of Veronal in {victim}'s nightcap",
        clue_name: "Prescription Slip",
        clue: "A pharmacy slip for forty Veronal powders, prescribed to {name} and filled the day before the murder.",
    },
    WeaponKind {
        name: "Tire Iron",
        noun: "tire iron",
        description: "A steel tire iron from a car's tool roll, wiped clean and left behind.",
        method: "struck {victim} down with the tire iron",
        clue_name: "Empty Tool Roll",
        clue: "A canvas tool roll with one strap empty, taken from the trunk of a sedan registered to {name}.",
    },
    WeaponKind {
        name: "Poisoned Chocolates",
        noun: "poisoned chocolates",
        description: "A box of violet creams with two chocolates missing and a faint bitter smell.",
        method: "sent {victim} a box of chocolates laced with strychnine",
        clue_name: "Confectioner's Receipt",
        clue: "A receipt from Blum's for a one-pound box of violet creams, gift-wrapped and paid for by {name}.",
    },
    WeaponKind {
        name: "Marble Ashtray",
        noun: "marble ashtray",
        description: "A heavy ashtray of green marble the size of a dinner plate, emptied and wiped.",
        method: "struck {victim} down with the marble ashtray",
        clue_name: "Bill of Sale",
        clue: "An antique dealer's bill of sale for a green marble ashtray \"of unusual weight\", made out to {name}.",
    },
    WeaponKind {
        name: "Crystal Paperweight",
        noun: "crystal paperweight",
        description: "A fist-sized crystal paperweight with a glass rose sealed inside.",
        method: "struck {victim} down with the crystal paperweight",
        clue_name: "Engraver's Bill",
        clue: "An engraver's bill for a crystal paperweight with a rose inside, lettered as a gift and paid for by {name}.",
    },
    WeaponKind {
        name: "Digitalis in the Coffee",
        noun: "digitalis in the coffee",
        description: "A coffee cup with a bitter, greenish residue in the bottom.",
        method: "laced {victim}'s coffee with digitalis heart drops",
        clue_name: "Pharmacy Label",
        clue: "A pharmacy label for digitalis heart drops, prescribed to the late aunt of {name} and collected by {name} last week.",
    },
    WeaponKind {
        name: "Army .45 Automatic",
        noun: "Army .45 automatic",
        description: "A standard-issue Colt .45 automatic, its serial number filed only halfway off.",
        method: "shot {victim} with the Army .45 automatic",
        clue_name: "Discharge Papers",
        clue: "Army discharge papers for {name}, listing a Colt .45 automatic whose serial number matches, never turned in.",
    },
];

pub const FEATURES: &[Feature] = &[
    Feature {
        fit: Fit::Any,
        look: "a jade cigarette holder always in hand",
        item: "jade cigarette holder",
        mark: "jade",
        trace_name: "Cigarette End",
        trace: "A cigarette end with faint green marks where a jade holder gripped it.",
    },
    Feature {
        fit: Fit::Men,
        look: "a red carnation in the buttonhole",
        item: "red carnation",
        mark: "carnation",
        trace_name: "Carnation Petals",
        trace: "A few crushed red carnation petals, still fresh.",
    },
    Feature {
        fit: Fit::Men,
        look: "a monocle on a black silk cord",
        item: "monocle",
        mark: "monocle",
        trace_name: "Snapped Silk Cord",
        trace: "A length of black silk cord, snapped, of the kind that holds a monocle.",
    },
    Feature {
        fit: Fit::Any,
        look: "round tortoiseshell spectacles",
        item: "tortoiseshell spectacles",
        mark: "tortoiseshell",
        trace_name: "Spectacle Arm",
        trace: "A tortoiseshell spectacle arm, snapped off at the hinge.",
    },
    Feature {
        fit: Fit::Men,
        look: "a silver-topped walking cane",
        item: "walking cane",
        mark: "cane",
        trace_name: "Cane Tip",
        trace: "The brass tip of a walking cane, worked loose and rolled into a corner.",
    },
    Feature {
        fit: Fit::Women,
        look: "lavender kid gloves",
        item: "lavender gloves",
        mark: "lavender",
        trace_name: "Lavender Glove",
        trace: "A single lavender kid glove, dropped inside out.",
    },
    Feature {
        fit: Fit::Men,
        look: "a gold signet ring engraved with a stag",
        item: "stag signet ring",
        mark: "stag",
        trace_name: "Stag Seal",
        trace: "An empty envelope closed with red sealing wax pressed with a leaping stag.",
    },
    Feature {
        fit: Fit::Women,
        look: "a peacock-feather brooch",
        item: "peacock brooch",
        mark: "peacock",
        trace_name: "Peacock Feather",
        trace: "A single iridescent peacock feather, bent at the quill.",
    },
    Feature {
        fit: Fit::Women,
        look: "a pearl necklace",
        item: "pearl necklace",
        mark: "pearl",
        trace_name: "Loose Pearl",
        trace: "A single loose pearl from a broken necklace.",
    },
    Feature {
        fit: Fit::Any,
        look: "a tartan muffler",
        item: "tartan muffler",
        mark: "tartan",
        trace_name: "Tartan Threads",
        trace: "A tuft of tartan wool threads snagged on a splinter.",
    },
    Feature {
        fit: Fit::Any,
        look: "a small gold anchor pin on the lapel",
        item: "anchor pin",
        mark: "anchor",
        trace_name: "Anchor Pin",
        trace: "A small gold pin shaped like an anchor, its clasp bent.",
    },
    Feature {
        fit: Fit::Women,
        look: "a gardenia corsage",
        item: "gardenia corsage",
        mark: "gardenia",
        trace_name: "Gardenia Petal",
        trace: "A browned gardenia petal, still faintly sweet.",
    },
    Feature {
        fit: Fit::Men,
        look: "a gold pocket watch with a Masonic fob",
        item: "Masonic watch fob",
        mark: "Masonic",
        trace_name: "Watch Fob",
        trace: "A gold watch fob with the Masonic square and compasses, its ring broken.",
    },
    Feature {
        fit: Fit::Any,
        look: "an emerald ring",
        item: "emerald ring",
        mark: "emerald",
        trace_name: "Loose Emerald",
        trace: "A small emerald, fallen from its setting.",
    },
    Feature {
        fit: Fit::Men,
        look: "a crimson silk pocket square",
        item: "crimson pocket square",
        mark: "crimson",
        trace_name: "Pocket Square",
        trace: "A crumpled crimson silk pocket square.",
    },
    Feature {
        fit: Fit::Any,
        look: "a rabbit's-foot charm on a key chain",
        item: "rabbit's-foot charm",
        mark: "rabbit's-foot",
        trace_name: "Lucky Charm",
        trace: "A rabbit's-foot charm torn from its key chain.",
    },
    Feature {
        fit: Fit::Any,
        look: "a gold wristwatch on a snakeskin strap",
        item: "snakeskin watch strap",
        mark: "snakeskin",
        trace_name: "Broken Watch Strap",
        trace: "A broken snakeskin watch strap, its buckle still fastened.",
    },
    Feature {
        fit: Fit::Any,
        look: "a sprig of white heather on the lapel",
        item: "sprig of heather",
        mark: "heather",
        trace_name: "Heather Sprig",
        trace: "A sprig of white heather, dried and brittle.",
    },
    Feature {
        fit: Fit::Men,
        look: "square onyx cufflinks",
        item: "onyx cufflinks",
        mark: "onyx",
        trace_name: "Cufflink",
        trace: "A single square onyx cufflink.",
    },
    Feature {
        fit: Fit::Any,
        look: "an enameled scarab pin",
        item: "scarab pin",
        mark: "scarab",
        trace_name: "Scarab Pin",
        trace: "A small enameled scarab pin, its clasp broken.",
    },
    Feature {
        fit: Fit::Any,
        look: "a silver lighter engraved with a dragon",
        item: "dragon lighter",
        mark: "dragon",
        trace_name: "Cigarette Lighter",
        trace: "A silver cigarette lighter engraved with a coiled dragon.",
    },
    Feature {
        fit: Fit::Any,
        look: "a gold-rimmed pince-nez",
        item: "pince-nez",
        mark: "pince-nez",
        trace_name: "Oval Lens",
        trace: "A single oval lens from a gold-rimmed pince-nez.",
    },
    Feature {
        fit: Fit::Women,
        look: "a cameo brooch at the throat",
        item: "cameo brooch",
        mark: "cameo",
        trace_name: "Cameo Brooch",
        trace: "A cameo brooch with a broken pin.",
    },
    Feature {
        fit: Fit::Men,
        look: "white spats over polished shoes",
        item: "white spats",
        mark: "spats",
        trace_name: "Spat Button",
        trace: "A small button torn from a pair of white spats.",
    },
    Feature {
        fit: Fit::Men,
        look: "a curved briar pipe",
        item: "briar pipe",
        mark: "briar",
        trace_name: "Pipe Dottle",
        trace: "A plug of half-burned tobacco knocked out of a briar pipe.",
    },
    Feature {
        fit: Fit::Any,
        look: "a blue cornflower in the buttonhole",
        item: "cornflower",
        mark: "cornflower",
        trace_name: "Cornflower",
        trace: "A crushed blue cornflower.",
    },
    Feature {
        fit: Fit::Women,
        look: "a silver compact with a sunburst lid",
        item: "sunburst compact",
        mark: "sunburst",
        trace_name: "Powder Compact",
        trace: "A silver powder compact with a sunburst lid, its mirror cracked.",
    },
    Feature {
        fit: Fit::Women,
        look: "a bracelet of tiny gold horseshoe charms",
        item: "horseshoe charm bracelet",
        mark: "horseshoe",
        trace_name: "Horseshoe Charm",
        trace: "A tiny gold horseshoe charm, broken from a bracelet.",
    },
    Feature {
        fit: Fit::Women,
        look: "a jeweled hair comb shaped like a dragonfly",
        item: "dragonfly comb",
        mark: "dragonfly",
        trace_name: "Dragonfly Comb",
        trace: "A jeweled hair comb shaped like a dragonfly, one wing bent.",
    },
];

pub const BUILDS: &[&str] = &[
    "tall, lean",
    "stocky",
    "slight",
    "broad-shouldered",
    "wiry",
    "heavyset",
    "round-faced",
    "sharp-featured",
    "long-limbed",
    "compact",
];

pub const MALE_HATS: &[&str] = &[
    "a charcoal fedora",
    "a gray homburg",
    "a battered brown trilby",
    "a black bowler",
    "a straw boater",
    "a tweed flat cap",
    "a pork-pie hat",
    "a wide-brimmed panama",
    "a snap-brim fedora pulled low",
    "a navy yachting cap",
];

pub const FEMALE_HATS: &[&str] = &[
    "a black pillbox hat with a short veil",
    "a wide-brimmed picture hat",
    "a felt cloche",
    "a tilted wool beret",
    "a turban of cream silk",
    "a small tilt hat with a pheasant feather",
    "a navy halo hat",
    "a snood of black netting",
    "a straw sun hat with a ribbon",
    "a velvet toque",
];

pub const MALE_HAIR: &[&str] = &[
    "slicked-back black hair",
    "sandy hair parted razor-straight",
    "silver hair and a clipped mustache",
    "a pencil mustache and brilliantined dark hair",
    "thinning red hair",
    "close-cropped gray hair",
    "wavy chestnut hair",
    "a bristling white mustache",
    "receding fair hair",
    "thick dark eyebrows and a widow's peak",
];

pub const FEMALE_HAIR: &[&str] = &[
    "platinum victory rolls",
    "auburn finger waves",
    "a glossy black bob",
    "honey-blonde pin curls",
    "chestnut hair swept up at the sides",
    "silver-streaked hair in a chignon",
    "copper-red shoulder-length waves",
    "a sleek brunette pageboy",
    "ash-blonde hair in a low roll",
    "dark ringlets",
];

pub const MALE_CLOTHES: &[&str] = &[
    "a double-breasted pinstripe suit",
    "a belted trench coat",
    "a camel overcoat",
    "a rumpled tweed jacket",
    "a white dinner jacket",
    "a navy chalk-stripe suit",
    "a leather flight jacket",
    "a gray flannel suit",
    "a black tuxedo",
    "a checked sports coat",
];

pub const FEMALE_CLOTHES: &[&str] = &[
    "a belted trench coat",
    "a sequined evening gown",
    "a tailored gray skirt suit",
    "a fox-fur stole over a satin dress",
    "a houndstooth coat",
    "a wine-colored wrap dress",
    "a padded-shoulder navy suit",
    "a black cocktail dress",
    "a cream silk blouse and a pencil skirt",
    "a bottle-green velvet coat",
];

pub const MALE_COLLARS: &[&str] = &[
    "a starched wing collar",
    "a button-down collar and a knitted tie",
    "a loosened collar and a striped tie",
    "a high celluloid collar",
    "a silk cravat",
    "a turned-up collar",
    "a black bow tie",
    "a wide collar and a hand-painted tie",
];

pub const FEMALE_COLLARS: &[&str] = &[
    "a white Peter Pan collar",
    "a high lace collar",
    "a sailor collar",
    "a wide shawl collar",
    "a neat bow at the throat",
    "a turned-up collar",
    "a deep V neckline",
    "a mandarin collar",
];

pub const MOTIVES: &[Motive] = &[
    Motive {
        background: "{victim}'s business partner for ten years; {he} insists the firm's books are in perfect order.",
        motive: "{victim} had found the money {name} was skimming from their firm and meant to go to the district attorney on Monday.",
    },
    Motive {
        background: "An old acquaintance of {victim}'s who, the staff say, called every month and always left looking grim.",
        motive: "{victim} had been blackmailing {name} for two years over an old scandal, and had just doubled the price.",
    },
    Motive {
        background: "{victim}'s only heir, on paper at least; the two had lately had words about money.",
        motive: "{victim} was about to change the will and cut {name} out of a fortune.",
    },
    Motive {
        background: "Was, for a time, very close to {victim}; friends say the romance cooled suddenly in the spring.",
        motive: "{victim} had thrown {name} over for someone else, publicly and without a word of warning.",
    },
    Motive {
        background: "Knew {victim} long before either came to San Francisco, though neither liked to say from where.",
        motive: "{victim} knew that {name} had once served time under another name, and had threatened to tell.",
    },
    Motive {
        background: "{victim}'s collaborator on the patent that made {victim} rich; {he} says the credit never mattered.",
        motive: "{victim} had stolen the invention of {name}, and every dollar of the royalties that came with it.",
    },
    Motive {
        background: "Once worked for {victim}, until a sudden dismissal; {he} says there are no hard feelings.",
        motive: "{victim} had ruined the career of {name} with a lie, and {name} had just learned the truth.",
    },
    Motive {
        background: "Holds a small share in {victim}'s firm, and took out a partnership insurance policy on {victim} in the winter.",
        motive: "A twenty-thousand-dollar policy on {victim}'s life would clear the gambling debts of {name}.",
    },
    Motive {
        background: "Came to town in the autumn and sought out {victim} at once; {he} says it was about a job.",
        motive: "{name} blamed {victim} for the ruin of a younger brother who lost everything in one of {victim}'s schemes.",
    },
    Motive {
        background: "A familiar face at {victim}'s card tables, who owes more than {he} likes to admit.",
        motive: "{name} owed {victim} eleven thousand dollars, and {victim} had called in the debt, with threats.",
    },
    Motive {
        background: "Helped {victim} build an art collection that is the envy of the city.",
        motive: "{victim} had discovered that the paintings {name} sold into the collection were forgeries, and was about to make it public.",
    },
    Motive {
        background: "Wanted to buy {victim}'s waterfront lots and made several offers, each more generous than the last.",
        motive: "{victim} refused to sell the waterfront lots that {name} had already promised to a syndicate with a short temper.",
    },
    Motive {
        background: "Ran against {victim} for the city council last year and lost by a whisker.",
        motive: "{victim} held letters proving that {name} had taken bribes, and was ready to hand them to the newspapers.",
    },
    Motive {
        background: "Admired {victim}'s famous diamond necklace rather more than was polite.",
        motive: "{name} had quietly replaced {victim}'s diamonds with paste, and {victim} had booked an appraiser for the morning.",
    },
    Motive {
        background: "Said to be no more than a passing acquaintance of {victim}'s.",
        motive: "{name} was secretly married to {victim}, who had filed for divorce and was about to expose a second marriage in Reno.",
    },
];

/// How innocent suspects know the victim; each hints at a grudge that turns out to be nothing.
pub const RELATIONS: &[&str] = &[
    "{victim}'s oldest friend from school; lately the two had fallen out over a loan, though {he} says it was settled.",
    "Lives across the hall from {victim} and complained often about the noise of {victim}'s late parties.",
    "{victim}'s associate in a failing real-estate venture; {he} stood to lose money whatever happened.",
    "Was once engaged to {victim}; the engagement ended badly two years ago, and {he} will not speak of it.",
    "{victim}'s cousin and the only other family in town; the two argued over a will at a funeral last spring.",
    "A regular at {victim}'s weekly card game, who lost heavily the week before.",
    "Was hired by {victim} last month and let go after a shouting match in front of the staff.",
    "Sold {victim} a painting that turned out to be a forgery; {he} insists {he} was fooled too.",
    "{victim}'s tenant, three months behind on the rent.",
    "{victim}'s rival for a seat on the yacht-club board.",
    "A wartime acquaintance of {victim}'s, recently back in town and short of money.",
    "Wrote to the newspapers calling {victim} a crook, then apologized in print a week later.",
    "{victim}'s neighbor in the country, locked in a long dispute over a boundary fence.",
    "Was {victim}'s bridge partner for ten years, until a public quarrel over a bid.",
    "Owed {victim} a favor and, by {his} own account, repaid it the week before.",
    "{victim}'s godchild, who expects a small legacy and makes no secret of it.",
    "Dined with {victim} twice that week; both called it business.",
];

pub const ALIBIS: &[Alibi] = &[
    Alibi {
        place: "the Orpheum picture house",
        witness: "the usher, who seated {him} for both features",
    },
    Alibi {
        place: "the Blue Lantern diner",
        witness: "the counterman, who kept refilling {his} coffee until closing",
    },
    Alibi {
        place: "the Western Union office on Market Street",
        witness: "the clerk's dated receipts for three telegrams",
    },
    Alibi {
        place: "a bridge party on Nob Hill",
        witness: "the three other players at {his} table",
    },
    Alibi {
        place: "Mercy Hospital",
        witness: "the night-ward nurse, who logged {his} visit to a sick friend",
    },
    Alibi {
        place: "the Elks Lodge card room",
        witness: "the steward's sign-in book",
    },
    Alibi {
        place: "the Palladium dance hall",
        witness: "the bandleader, who called {him} up for the eleven o'clock contest",
    },
    Alibi {
        place: "St. Agnes' church",
        witness: "Father Doyle, who sat with {him} through the evening vigil",
    },
    Alibi {
        place: "the Venetian Room of the Fairmont",
        witness: "the maître d' and the band, which played {his} request at eleven",
    },
    Alibi {
        place: "the Ambassador Hotel bar",
        witness: "the bartender and a bar tab stamped ten minutes to midnight",
    },
    Alibi {
        place: "the reading room of the Mechanics' Institute",
        witness: "the librarian's signed call slips",
    },
    Alibi {
        place: "the fights at the Civic Auditorium",
        witness: "a press photograph of {him} at ringside at half past ten",
    },
    Alibi {
        place: "the Central police station",
        witness: "the desk sergeant, who took {his} long statement about a stolen car",
    },
    Alibi {
        place: "a testimonial dinner at the Rotary Club",
        witness: "two hundred guests and the seating chart",
    },
    Alibi {
        place: "the card game behind Sal's barbershop",
        witness: "five poker players who had never met {him} before",
    },
    Alibi {
        place: "the Greyhound depot",
        witness: "the ticket agent, who sold {him} a platform ticket to see off a cousin on the midnight bus",
    },
    Alibi {
        place: "the Turkish baths on Geary Street",
        witness: "the attendant's locker register",
    },
    Alibi {
        place: "the Coast Recording studio",
        witness: "the sound engineer's timed session sheets",
    },
];

/// How the culprit's claimed alibi reads: it has a gap nobody can cover.
pub const CULPRIT_ALIBIS: &[&str] = &[
    "Says {he} spent the whole evening at {place}, but cannot name anyone who saw {him} there after nine.",
    "Claims to have been at {place} from nine until past midnight, keeping to {him}self.",
    "Insists {he} was at {place} all evening; people there remember {him} arriving, but nobody remembers {him} leaving.",
    "Says {he} never left {place} all evening, though nobody there can swear to it.",
];

/// How an innocent suspect's alibi reads: a witness or a record covers the whole evening.
pub const INNOCENT_ALIBIS: &[&str] = &[
    "Was at {place} from nine until well after midnight, as confirmed by {witness}.",
    "Spent the evening at {place}, from nine until after midnight. Vouched for by {witness}.",
    "Never left {place} between nine and midnight, according to {witness}.",
];

/// Evidence that breaks the culprit's alibi.
pub const BREAKERS: &[Clue] = &[
    Clue {
        name: "Cab Receipt",
        description: "A Checker Cab receipt charged to the account of {name}: a fare set down at {time} near the {scene}.",
    },
    Clue {
        name: "Parking Ticket",
        description: "A police parking ticket written at {time} for a green coupe left near the {scene}. The plate is registered to {name}.",
    },
    Clue {
        name: "Night Watchman's Log",
        description: "A page torn from a night watchman's log: \"{time}: {name} seen hurrying toward the {scene}.\"",
    },
    Clue {
        name: "Press Photograph",
        description: "A press photographer's print stamped {time}, taken near the {scene} for the society pages. At the edge of the frame, unmistakably, stands {name}.",
    },
    Clue {
        name: "Filling-Station Receipt",
        description: "A receipt from the filling station nearest the {scene}, timed {time}, for five gallons charged to {name}.",
    },
    Clue {
        name: "Operator's Ticket",
        description: "A telephone operator's ticket for a call placed at {time} from the pay phone beside the {scene}, charged to the home number of {name}.",
    },
    Clue {
        name: "Streetcar Pass",
        description: "A monthly streetcar pass in the name of {name}, its last punch made at {time} at the stop beside the {scene}.",
    },
];

pub const HERRINGS: &[Herring] = &[
    Herring {
        name: "Torn IOU",
        description: "An IOU for five hundred dollars from {name} to {victim}, torn in two. In one corner, in {victim}'s hand, a faded pencil note: \"settled\".",
        explanation: "The torn IOU looks like a motive for {name}, but {victim} had marked it settled long ago.",
    },
    Herring {
        name: "Angry Telegram",
        description: "A telegram signed {name}: \"YOU WILL PAY FOR THIS\". A second sheet, easy to miss, finishes the message: \"DINNER STOP MY TREAT\".",
        explanation: "The telegram from {name} was a joke about a dinner bet, not a threat.",
    },
    Herring {
        name: "Insurance Policy",
        description: "A policy on {victim}'s life naming {name} as beneficiary. A rider clipped to the back shows it was canceled in the spring.",
        explanation: "The insurance policy naming {name} had been canceled months before.",
    },
    Herring {
        name: "Engraved Fountain Pen",
        description: "A green fountain pen engraved with the name {name}. {victim}'s desk diary notes borrowing it to sign a lease last week.",
        explanation: "{victim} had borrowed the fountain pen of {name} a week earlier.",
    },
    Herring {
        name: "Spare Key",
        description: "A spare key on a tag marked {name}. A dozen tags like it hang on the building superintendent's ring, and this one slipped off on his rounds.",
        explanation: "The key tagged with the name of {name} fell from the superintendent's ring.",
    },
    Herring {
        name: "Heated Letter",
        description: "A letter from {name} to {victim}: \"If you go through with this, you will regret it.\" The envelope is postmarked a month ago, and a second note folded inside apologizes.",
        explanation: "The angry letter from {name} was a month old, and {he} had already apologized.",
    },
    Herring {
        name: "Monogrammed Handkerchief",
        description: "A linen handkerchief embroidered {initials}, pressed and starched, with a laundry tag pinned to it. The laundry mixed up three customers' bundles that week.",
        explanation: "The handkerchief marked {initials} came from a laundry mix-up, not from the pocket of {name} that night.",
    },
    Herring {
        name: "Torn Photograph",
        description: "A photograph of {name} and {victim}, torn across the middle. Strips of tape on the back show someone had started to mend it.",
        explanation: "The torn photograph of {name} had been half mended: a quarrel made up, not a grudge.",
    },
    Herring {
        name: "Matchbook Note",
        description: "A matchbook from the Starlight Club with \"{name}, lunch at noon\" penciled inside the cover.",
        explanation: "The matchbook note was about a lunch with {name}, hours before the murder.",
    },
    Herring {
        name: "Withdrawal Slip",
        description: "A bank slip for a two-thousand-dollar cash withdrawal by {name}, dated that afternoon, with a second stamp on the back from the cashier's window at St. Luke's Hospital.",
        explanation: "{name} withdrew the cash to pay a hospital bill, as the second stamp shows.",
    },
];

/// Scene detail that points at nobody.
pub const NEUTRAL: &[Clue] = &[
    Clue {
        name: "Evening Newspaper",
        description: "The late edition of the Evening Courier, folded open at the racing results; the crossword is untouched.",
    },
    Clue {
        name: "Ashtray",
        description: "A cut-glass ashtray holding three ends of a cheap brand sold at every drugstore in town.",
    },
    Clue {
        name: "Gramophone Record",
        description: "A Benny Goodman record left on a portable turntable, the needle resting in the run-out groove.",
    },
    Clue {
        name: "Wet Umbrella",
        description: "A plain black umbrella, still wet, one of hundreds sold at Kresge's this autumn.",
    },
    Clue {
        name: "Candle Stub",
        description: "A white household candle burned halfway down, the kind kept in every kitchen drawer for power cuts.",
    },
    Clue {
        name: "Deck of Cards",
        description: "A deck of playing cards, squared neatly and complete, with a casino crest on the backs.",
    },
    Clue {
        name: "Postcard from Havana",
        description: "A postcard from Havana addressed to {victim}, all palm trees and sunshine, signed by a travel agent.",
    },
    Clue {
        name: "Florist's Card",
        description: "A florist's card from the Chamber of Commerce: a dozen white roses for {victim}, with congratulations on a good year.",
    },
    Clue {
        name: "Saucer of Change",
        description: "A small saucer holding two dimes, a nickel and a streetcar token.",
    },
    Clue {
        name: "Bundle of Bills",
        description: "A bundle of bills addressed to {victim}, from the tailor, the wine merchant and the garage, all stamped paid.",
    },
    Clue {
        name: "Spent Flashbulb",
        description: "A spent flashbulb from the police photographer's camera, kicked into a corner.",
    },
    Clue {
        name: "Chess Set",
        description: "A traveling chess set with a problem half worked out: white to mate in three.",
    },
    Clue {
        name: "Road Map",
        description: "A folded road map of California with the coast road traced in pencil, for a holiday {victim} never took.",
    },
    Clue {
        name: "Aspirin Tin",
        description: "A small tin of aspirin, half full, bought at a drugstore on the corner.",
    },
    Clue {
        name: "Radio Listings",
        description: "A page of radio listings with Jack Benny's Sunday show circled in ink.",
    },
    Clue {
        name: "Typewriter Ribbon",
        description: "A new typewriter ribbon, still sealed in its tin.",
    },
    Clue {
        name: "Racing Form",
        description: "A racing form with three horses ticked in blue pencil; none of them won.",
    },
    Clue {
        name: "Opera Glasses",
        description: "A pair of brass opera glasses in a worn leather case.",
    },
    Clue {
        name: "Cocktail Napkin",
        description: "A cocktail napkin from the Hotel Regent bar with a doodle of a sailboat.",
    },
    Clue {
        name: "Railway Timetable",
        description: "A Southern Pacific timetable for the coast line, with no page turned down.",
    },
    Clue {
        name: "Unfinished Letter",
        description: "A half-written letter from {victim} to a sister in Chicago, all about the weather and a new hat.",
    },
    Clue {
        name: "Spilled Matches",
        description: "A box of kitchen matches spilled across the floor, not one of them struck.",
    },
    Clue {
        name: "Empty Hatbox",
        description: "An empty hatbox from I. Magnin, its tissue paper neatly folded.",
    },
    Clue {
        name: "Theater Program",
        description: "A program from last month's revue at the Curran Theater, signed by the chorus line.",
    },
    Clue {
        name: "Desk Calendar",
        description: "A desk calendar torn off at yesterday's date, the next page blank.",
    },
    Clue {
        name: "Sheet Music",
        description: "Sheet music for \"Stormy Weather\", penciled with fingering for the left hand.",
    },
];

/// Title templates; `{scene_at}` reads like "in the Library".
pub const TITLES: &[&str] = &[
    "The Case of the {weapon}",
    "Murder {scene_at}",
    "The {surname} Affair",
    "Death {scene_at}",
    "Last Call {scene_at}",
    "The {surname} File",
    "A Long Night {scene_at}",
    "Midnight {scene_at}",
    "Who Killed {victim}?",
];
