//! Where things stand in the rooms added for the case writer's places: one plan per motif.

use super::super::canvas::Rng;
use super::Motif;
use super::fitout::Wares;
use super::furniture::Piece;
use super::props::Prop;
use super::rooms::Room;
use crate::has_word;

/// The furniture of a room of the newer motifs (empty for the others).
pub(super) fn furnish(motif: Motif, wares: Option<Wares>, text: &str, r: &Room, rng: &mut Rng) -> Vec<Prop> {
    let side = if rng.chance(0.5) { -1.0 } else { 1.0 };
    let mut v = Vec::new();
    if motif == Motif::Shop {
        shop(&mut v, wares.unwrap_or(Wares::Pledges), r, side, rng);
    }
    trade_rooms(&mut v, motif, r, side, rng);
    leisure_rooms(&mut v, motif, r, side, rng);
    working_rooms(&mut v, motif, text, r, side, rng);
    v
}

/// Shops, a tea room, a cellar, a dressing room, a warehouse and a hotel lobby.
fn trade_rooms(v: &mut Vec<Prop>, motif: Motif, r: &Room, side: f32, rng: &mut Rng) {
    let (hw, d) = (r.hw, r.d);
    let piece = Prop::Piece;
    match motif {
        Motif::TeaRoom => {
            v.push(piece(Piece::DisplayCase {
                x0: side * (hw - 1.3),
                x1: side * (hw - 0.7),
                z0: d - 4.0,
                z1: d - 0.8,
            }));
            for k in 0..3 {
                let (x, z) = (-side * rng.range(0.4, hw - 1.0), 3.2 + k as f32 * 1.7);
                v.push(Prop::RoundTable { x, z });
                v.push(Prop::Chair {
                    x: x + 0.55,
                    z: z + 0.2,
                });
            }
            v.push(Prop::Plant {
                x: -side * (hw - 0.5),
                z: d - 1.0,
                size: 1.6,
            });
            v.push(Prop::Pendant { x: 0.0, z: d * 0.5 });
        }
        Motif::Cellar => {
            for k in 0..3 {
                v.push(piece(Piece::Barrel {
                    x: -side * (hw - 0.6),
                    z: 3.0 + k as f32 * 0.9,
                }));
            }
            v.push(piece(Piece::BareBulb { x: 0.0, z: d * 0.55 }));
        }
        Motif::DressingRoom => {
            v.push(piece(Piece::Vanity {
                x: rng.range(-0.8, 0.8),
            }));
            v.push(piece(Piece::InstrumentCase {
                x: side * (hw - 0.35),
                z: rng.range(3.5, d - 1.5),
            }));
            v.push(Prop::CoatStand {
                x: -side * (hw - 0.5),
                z: rng.range(3.0, d - 1.5),
            });
            v.push(Prop::Chair {
                x: -side * 0.8,
                z: rng.range(3.0, 4.0),
            });
        }
        Motif::Warehouse => {
            v.push(piece(Piece::Trusses));
            for k in 0..3 {
                let z = 3.0 + k as f32 * 3.5;
                v.push(piece(Piece::Crates {
                    x: -hw + 1.2,
                    z,
                    high: 2 + rng.below(3) as u8,
                }));
                if k != 1 {
                    v.push(piece(Piece::Crates {
                        x: hw - 2.3,
                        z: z + 1.0,
                        high: 1 + rng.below(3) as u8,
                    }));
                }
            }
            v.push(piece(Piece::BareBulb { x: 0.0, z: d * 0.3 }));
            v.push(piece(Piece::BareBulb { x: 0.5, z: d * 0.65 }));
        }
        Motif::Lobby => {
            v.push(piece(Piece::FrontDesk {
                x0: side * 0.6,
                x1: side * (hw - 0.3),
                z: d - 2.2,
            }));
            v.push(piece(Piece::LiftDoors { x: -side * (hw * 0.45) }));
            v.push(piece(Piece::Chandelier { x: 0.0, z: d * 0.45 }));
            for z in [3.0, d - 3.5] {
                v.push(Prop::Plant {
                    x: -side * (hw - 0.6),
                    z,
                    size: 1.5,
                });
            }
            v.push(Prop::Sofa {
                x: -side * 1.2,
                z: rng.range(4.0, 5.5),
            });
        }
        _ => {}
    }
}

/// Billiards, a casino, an arcade, a gallery, a ballroom and an observatory.
fn leisure_rooms(v: &mut Vec<Prop>, motif: Motif, r: &Room, side: f32, rng: &mut Rng) {
    let (hw, d) = (r.hw, r.d);
    let piece = Prop::Piece;
    match motif {
        Motif::Observatory => {
            v.push(piece(Piece::Telescope {
                x: rng.range(-0.6, 0.3),
                z: d * 0.45,
            }));
            v.push(Prop::Desk {
                x: side * (hw - 1.0),
                z: rng.range(3.5, 4.5),
            });
            v.push(Prop::Chair {
                x: side * (hw - 1.0),
                z: 5.2,
            });
        }
        Motif::Billiards => {
            v.push(piece(Piece::BilliardTable {
                x: rng.range(-0.4, 0.4),
                z: d * 0.5,
            }));
            v.push(piece(Piece::CueRack { side, z: 3.0 }));
            v.push(Prop::Cabinet {
                x: -side * (hw - 0.35),
                z: d - 1.5,
            });
            v.push(Prop::Armchair {
                x: -side * (hw - 0.9),
                z: 3.5,
            });
        }
        Motif::Casino => {
            v.push(piece(Piece::RouletteTable {
                x: side * 1.2,
                z: d * 0.5,
            }));
            v.push(piece(Piece::CardTable {
                x: -side * 1.8,
                z: d * 0.35,
            }));
            v.push(piece(Piece::CardTable {
                x: -side * 1.5,
                z: d * 0.7,
            }));
            v.push(piece(Piece::Chandelier { x: 0.0, z: d * 0.35 }));
            v.push(piece(Piece::Chandelier { x: 0.0, z: d * 0.75 }));
            v.push(piece(Piece::VelvetRope {
                x: side * (hw - 0.8),
                z0: 2.5,
                z1: d - 2.0,
            }));
        }
        Motif::Arcade => {
            v.push(piece(Piece::BulbStrings));
            for k in 0..3 {
                let z = 3.0 + k as f32 * 2.2;
                v.push(piece(Piece::ArcadeMachine { x: -hw + 0.9, z }));
                v.push(piece(Piece::ArcadeMachine {
                    x: hw - 0.9,
                    z: z + 1.0,
                }));
            }
            v.push(piece(Piece::Automaton {
                x: rng.range(-0.5, 0.5),
                z: d - 1.5,
            }));
        }
        Motif::Gallery => {
            v.push(Prop::Bench {
                x: rng.range(-0.3, 0.3),
                z: d * 0.5,
            });
        }
        Motif::Ballroom => {
            v.push(piece(Piece::Bandstand));
            v.push(piece(Piece::Chandelier { x: 0.0, z: d * 0.3 }));
            v.push(piece(Piece::Chandelier { x: 0.0, z: d * 0.62 }));
            let mut z = 2.8;
            while z < d - 2.5 {
                v.push(piece(Piece::GiltChair { x: -hw + 0.4, z }));
                v.push(piece(Piece::GiltChair { x: hw - 0.4, z }));
                z += 1.1;
            }
        }
        _ => {}
    }
}

/// A boathouse, a servants' hall, a garage, a studio, a projection booth, a belfry, stables, a
/// vault, a lighthouse, and a newsroom's rows of desks.
fn working_rooms(v: &mut Vec<Prop>, motif: Motif, text: &str, r: &Room, side: f32, rng: &mut Rng) {
    let (hw, d) = (r.hw, r.d);
    let piece = Prop::Piece;
    match motif {
        Motif::Boathouse => {
            v.push(piece(Piece::Rowboat {
                x: rng.range(-0.3, 0.3),
                z: 4.5,
            }));
            if rng.chance(0.6) {
                v.push(piece(Piece::Rowboat {
                    x: rng.range(-0.3, 0.3),
                    z: 8.2,
                }));
            }
            v.push(piece(Piece::Oars { side, z: 2.5 }));
            v.push(piece(Piece::BareBulb { x: -side * 1.8, z: 3.5 }));
        }
        Motif::Kitchen => {
            v.push(piece(Piece::LongTable {
                x: rng.range(-0.5, 0.5),
                z0: 3.0,
                z1: d - 2.0,
            }));
            v.push(piece(Piece::Range { x: side * (hw - 1.2) }));
            v.push(Prop::Pendant { x: 0.0, z: d * 0.5 });
        }
        Motif::Garage => {
            v.push(piece(Piece::Limousine {
                x: rng.range(-0.3, 0.3),
                z: d * 0.6,
            }));
            v.push(Prop::Pendant { x: 0.5, z: d * 0.5 });
            v.push(Prop::Cabinet {
                x: side * (hw - 0.35),
                z: 3.5,
            });
        }
        Motif::Studio => {
            v.push(piece(Piece::Microphone {
                x: rng.range(-0.5, 0.5),
                z: d * 0.45,
            }));
            v.push(Prop::Piano {
                x: side * (hw - 0.9),
                z: d * 0.6,
            });
            v.push(piece(Piece::OnAirSign { x: 0.0 }));
            v.push(Prop::Pendant { x: 0.3, z: d * 0.4 });
            v.push(Prop::Chair {
                x: -side * 1.2,
                z: d * 0.5,
            });
        }
        Motif::ProjectionBooth => {
            v.push(piece(Piece::Projector { x: -0.8, z: d - 2.0 }));
            v.push(piece(Piece::Projector { x: 0.9, z: d - 2.3 }));
            v.push(piece(Piece::FilmCans {
                x: side * (hw - 0.5),
                z: 3.0,
            }));
            v.push(piece(Piece::BareBulb { x: 0.0, z: 3.5 }));
        }
        Motif::Belfry => {
            v.push(piece(Piece::Bell {
                x: rng.range(-0.3, 0.3),
                z: d * 0.55,
                size: 1.6,
            }));
            v.push(piece(Piece::Bell {
                x: side * 1.2,
                z: d * 0.3,
                size: 0.9,
            }));
            v.push(piece(Piece::Ladder { x: -side * 1.0, z: 2.6 }));
            v.push(piece(Piece::BareBulb { x: -side * 0.8, z: 3.2 }));
        }
        Motif::Stables => {
            v.push(piece(Piece::Stalls { side }));
            v.push(piece(Piece::Saddle {
                x: -side * (hw - 0.9),
                z: rng.range(3.5, 5.0),
            }));
            v.push(piece(Piece::Chalkboard { x: -side * 1.0 }));
            v.push(Prop::Pendant { x: 0.0, z: d * 0.3 });
            v.push(Prop::Pendant {
                x: side * 0.8,
                z: d * 0.65,
            });
        }
        Motif::Vault => {
            v.push(piece(Piece::VaultDoor {
                x: rng.range(-0.4, 0.4),
            }));
            v.push(Prop::Desk {
                x: rng.range(-0.4, 0.4),
                z: 3.2,
            });
        }
        Motif::Lighthouse => {
            v.push(piece(Piece::Lens { x: 0.0, z: d * 0.55 }));
        }
        Motif::Office if has_word(text, &["newsroom", "typewriters", "desks"]) => {
            for row in 0..2 {
                for col in [-1.0f32, 1.0] {
                    let (x, z) = (col * 1.2, 3.5 + row as f32 * 2.4);
                    v.push(Prop::Desk { x, z });
                    v.push(piece(Piece::Typewriter {
                        x: x - 0.25,
                        z: z - 0.1,
                    }));
                    v.push(Prop::Chair { x, z: z - 0.8 });
                }
            }
            v.push(Prop::Pendant { x: 0.0, z: 4.5 });
        }
        _ => {}
    }
}

/// A shop: a glass counter down one side, and what its trade needs.
fn shop(v: &mut Vec<Prop>, wares: Wares, r: &Room, side: f32, rng: &mut Rng) {
    let (hw, d) = (r.hw, r.d);
    v.push(Prop::Piece(Piece::DisplayCase {
        x0: side * (hw - 1.5),
        x1: side * (hw - 0.9),
        z0: 2.6,
        z1: d - 1.4,
    }));
    v.push(Prop::Pendant { x: side * 0.6, z: 4.0 });
    v.push(Prop::Pendant {
        x: side * 0.6,
        z: d - 3.0,
    });
    match wares {
        Wares::Pledges => {
            v.push(Prop::Piece(Piece::GrandfatherClock {
                x: -side * (hw - 0.6),
                z: d - 0.4,
            }));
            v.push(Prop::Piece(Piece::GrandfatherClock {
                x: -side * (hw - 1.3),
                z: d - 0.4,
            }));
        }
        Wares::Antiques => {
            v.push(Prop::Piece(Piece::GrandfatherClock {
                x: -side * (hw - 0.6),
                z: d - 0.4,
            }));
            v.push(Prop::Piece(Piece::SuitOfArmour {
                x: -side * (hw - 0.8),
                z: rng.range(3.5, d - 2.5),
            }));
            v.push(Prop::Cabinet {
                x: -side * (hw - 0.35),
                z: rng.range(2.5, 3.2),
            });
        }
        Wares::Bolts | Wares::China => {
            v.push(Prop::Piece(Piece::DressForm {
                x: -side * (hw - 1.0),
                z: rng.range(3.5, d - 2.5),
            }));
            v.push(Prop::Piece(Piece::LongTable {
                x: -side * 0.6,
                z0: d - 3.5,
                z1: d - 1.0,
            }));
        }
    }
}
