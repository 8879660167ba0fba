//! The surfaces of walls and floors: brick, wine racks, shelves of wares, marble, safe boxes, stone, boards.

use super::super::canvas::{Rgb, cell, hex, mix, scale, smoothstep};
use super::fitout::Wares;
use super::rooms::Floor;

/// Running-bond brickwork with recessed mortar.
pub(super) fn brick(u: f32, v: f32, seed: u64) -> Rgb {
    let row = (v / 0.075).floor() as i32;
    let shift = if row % 2 == 0 { 0.0 } else { 0.11 };
    let col = ((u + shift) / 0.22).floor() as i32;
    let mortar = (v / 0.075).fract() < 0.12 || ((u + shift) / 0.22).fract() < 0.05;
    if mortar {
        return hex(0x2a2622);
    }
    scale(hex(0x6a3626), 0.7 + 0.45 * cell(seed, col, row))
}

/// A wine rack seen end-on: bottle bottoms in a lattice of wooden cubbies.
pub(super) fn wine_rack(u: f32, v: f32, seed: u64) -> Rgb {
    let (fu, fv) = ((u / 0.11).fract() - 0.5, (v / 0.11).fract() - 0.5);
    let frame = fu.abs() > 0.44 || fv.abs() > 0.44 || ((u / 0.88).fract() < 0.03);
    if frame {
        return hex(0x4a3020);
    }
    let r = (fu * fu + fv * fv).sqrt();
    let empty = cell(seed, (u / 0.11).floor() as i32, (v / 0.11).floor() as i32) > 0.85;
    if empty || r > 0.36 {
        return hex(0x0c0a08);
    }
    let glint = (-((fu + 0.12).powi(2) + (fv + 0.12).powi(2)) * 60.0).exp();
    let punt = r < 0.12;
    mix(
        if punt { hex(0x0a140c) } else { hex(0x1a3a20) },
        hex(0xb0d0a0),
        glint * 0.6,
    )
}

/// A shelf of goods on a side wall: planks every 45 cm, things standing on them.
pub(super) fn shelf_of(wares: Wares, u: f32, v: f32, seed: u64, accent: Rgb) -> Rgb {
    let pitch = 0.45;
    let row = ((v - 0.9) / pitch).floor() as i32;
    let up = (v - 0.9) - row as f32 * pitch;
    if up < 0.035 {
        return hex(0x3a2414);
    }
    let slot_w = if wares == Wares::Bolts { 0.16 } else { 0.32 };
    let slot = (u / slot_w).floor() as i32;
    let across = (u / slot_w).fract() - 0.5;
    let pick = cell(seed, slot, row);
    let back = hex(0x140e0a);
    let y = up - 0.035;
    match wares {
        Wares::Bolts => {
            let cloth = [
                hex(0x3a3a44),
                hex(0x5a4a30),
                hex(0x2a3a2a),
                hex(0x6a2a22),
                mix(accent, hex(0x303030), 0.4),
            ];
            let height = 0.28 + 0.1 * pick;
            if y > height || across.abs() > 0.46 {
                return back;
            }
            let fold = ((y / 0.018).fract() < 0.15) as i32 as f32;
            scale(
                cloth[(pick * 5.0) as usize % 5],
                0.8 + 0.3 * (1.0 - across.abs()) - 0.2 * fold,
            )
        }
        Wares::Pledges => pledge(across, y, pick, back),
        Wares::Antiques => {
            if pick < 0.5 {
                // A vase: a bulging profile.
                let half = 0.06 + 0.05 * (std::f32::consts::PI * y / 0.3).sin().max(0.0);
                if y < 0.3 && across.abs() * 0.32 < half {
                    return scale(mix(hex(0x2a4a6a), accent, 0.2), 0.8 + 0.4 * (1.0 - across.abs() * 3.0));
                }
                back
            } else {
                // A small framed picture leaning on the wall.
                let inside = across.abs() < 0.32 && y < 0.32;
                let gilt = inside && (across.abs() > 0.26 || !(0.04..=0.27).contains(&y));
                if gilt {
                    hex(0xa8843a)
                } else if inside {
                    mix(hex(0x2a2018), accent, 0.15 * y / 0.3)
                } else {
                    back
                }
            }
        }
        Wares::China => {
            let plate = ((across * 0.32).powi(2) + (y - 0.15).powi(2)).sqrt();
            if plate < 0.13 {
                let rim = (plate - 0.11).abs() < 0.012;
                return if rim {
                    mix(hex(0x2a4a8a), accent, 0.2)
                } else {
                    hex(0xe0dcd2)
                };
            }
            back
        }
    }
}

/// One pledge on a pawnshop shelf: a mantel clock, a camera or a trumpet.
fn pledge(across: f32, y: f32, pick: f32, back: Rgb) -> Rgb {
    let x = across * 0.32;
    if pick < 0.4 {
        let face = (x * x + (y - 0.15).powi(2)).sqrt();
        let case = x.abs() < 0.12 && y < 0.2 && y > 0.0;
        if face < 0.07 {
            return if face > 0.06 || (x.abs() < 0.004 && y > 0.15) {
                hex(0x1a1a1a)
            } else {
                hex(0xe0d8c0)
            };
        }
        if case || face < 0.1 {
            return hex(0x4a2a16);
        }
        back
    } else if pick < 0.75 {
        let body = x.abs() < 0.1 && y < 0.12;
        let lens = (x * x + (y - 0.06).powi(2)).sqrt() < 0.045;
        if lens {
            return hex(0x6a7a8a);
        }
        if body { hex(0x141414) } else { back }
    } else {
        let bell = x > 0.02 && x < 0.13 && (y - 0.07).abs() < 0.015 + (x - 0.02) * 0.5;
        let tube = x.abs() < 0.13 && (y - 0.07).abs() < 0.012;
        if bell || tube {
            mix(hex(0x9a7a30), hex(0xf0d890), ((x * 60.0).sin() * 0.5 + 0.5).powi(3))
        } else {
            back
        }
    }
}

/// Polished cream marble with grey veins, in large panels.
pub(super) fn marble(u: f32, v: f32, seed: u64) -> Rgb {
    let wander = (v * 2.3 + cell(seed, 0, 0) * 6.0).sin() * 1.5 + (u * 7.0 + v * 5.0).sin() * 0.6;
    let vein = (u * 3.0 + v * 1.1 + wander).sin().abs();
    let joint = (u / 1.2).fract() < 0.01 || (v / 1.2).fract() < 0.01;
    let base = mix(hex(0xa8a090), hex(0xd8d0c0), smoothstep(0.0, 0.3, vein));
    if joint { scale(base, 0.7) } else { base }
}

/// Walls of safe-deposit boxes: small steel doors, each with a keyhole and a number plate.
pub(super) fn safe_boxes(u: f32, v: f32, seed: u64) -> Rgb {
    let (w, h) = (0.3, 0.15);
    let (i, j) = ((u / w).floor() as i32, (v / h).floor() as i32);
    let (fu, fv) = ((u / w).fract(), (v / h).fract());
    if fu < 0.04 || fv < 0.08 {
        return hex(0x1a1c20);
    }
    let plate = (0.35..0.65).contains(&fu) && (0.6..0.8).contains(&fv);
    let keyhole = ((fu - 0.5) * w).abs() < 0.008 && ((fv - 0.35) * h).abs() < 0.012;
    if keyhole {
        return hex(0x0a0a0a);
    }
    if plate {
        return hex(0xb09050);
    }
    let brushed = 0.85 + 0.15 * ((v * 300.0).sin() * 0.5 + 0.5) + 0.08 * cell(seed, i, j);
    scale(hex(0x7a8088), brushed)
}

/// Pegboard with tools hung on it: a dotted board, dark silhouettes of spanners and a saw.
pub(super) fn pegboard(u: f32, v: f32) -> Rgb {
    if !(0.9..2.3).contains(&v) {
        return if v < 0.9 { hex(0x3a3a38) } else { hex(0x4a4a46) };
    }
    let hole = ((u / 0.05).fract() - 0.5).abs() < 0.12 && ((v / 0.05).fract() - 0.5).abs() < 0.12;
    let board = hex(0x8a7050);
    let slot = (u / 0.45).floor() as i32;
    let (x, y) = ((u / 0.45).fract() * 0.45 - 0.225, v - 1.6);
    let tool = match slot.rem_euclid(4) {
        0 => x.abs() < 0.015 && y.abs() < 0.22 || ((x * x + (y - 0.22).powi(2)).sqrt() < 0.05),
        1 => (x.abs() < 0.02 && (-0.2..0.1).contains(&y)) || ((y - 0.12).abs() < 0.04 && x.abs() < 0.09),
        2 => y.abs() < 0.06 - x * 0.1 && x.abs() < 0.2,
        _ => ((x * x + y * y).sqrt() - 0.12).abs() < 0.02,
    };
    if tool {
        hex(0x1a1a1c)
    } else if hole {
        hex(0x3a2a1a)
    } else {
        board
    }
}

/// Big blocks of grey stone.
pub(super) fn stone(u: f32, v: f32, seed: u64) -> Rgb {
    let row = (v / 0.4).floor() as i32;
    let shift = if row % 2 == 0 { 0.0 } else { 0.35 };
    let block = ((u + shift) / 0.7).floor() as i32;
    let joint = (v / 0.4).fract() < 0.05 || ((u + shift) / 0.7).fract() < 0.03;
    if joint {
        return hex(0x222020);
    }
    scale(hex(0x5a5650), 0.7 + 0.4 * cell(seed, block, row))
}

/// Perforated acoustic tiles.
pub(super) fn acoustic(u: f32, v: f32) -> Rgb {
    let tile = (u / 0.6).fract() < 0.02 || (v / 0.6).fract() < 0.02;
    let hole = ((u / 0.04).fract() - 0.5).abs() < 0.15 && ((v / 0.04).fract() - 0.5).abs() < 0.15;
    if tile {
        hex(0x4a4438)
    } else if hole {
        hex(0x6a6250)
    } else {
        hex(0xa09680)
    }
}

/// Rough vertical boards, weathered.
pub(super) fn boards(u: f32, v: f32, seed: u64) -> Rgb {
    let board = (u / 0.2).floor() as i32;
    let gap = (u / 0.2).fract() < 0.04;
    if gap {
        return hex(0x0e0a08);
    }
    let grain = 0.9 + 0.1 * ((v * 30.0 + cell(seed, board, 0) * 9.0).sin());
    scale(hex(0x4a3a2a), (0.6 + 0.5 * cell(seed, board, 1)) * grain)
}

/// Dark oak panelling: raised panels in frames, to the ceiling.
pub(super) fn panelling(u: f32, v: f32, height: f32) -> Rgb {
    let (fu, fv) = ((u / 0.8).fract(), (v / 1.1).fract());
    let frame = !(0.08..=0.92).contains(&fu) || !(0.08..=0.92).contains(&fv) || v > height - 0.3;
    let grain = 0.9 + 0.1 * ((u * 50.0 + (v * 7.0).sin() * 3.0).sin());
    scale(if frame { hex(0x2a1a10) } else { hex(0x3e2616) }, grain)
}

/// Floors not shared with the older rooms: polished marble, parquet, concrete, straw, and a boat slip.
pub(super) fn floor(kind: Floor, x: f32, z: f32, seed: u64) -> Rgb {
    match kind {
        Floor::Marble => {
            let light = ((x / 1.0).floor() as i32 + (z / 1.0).floor() as i32) % 2 == 0;
            let veined = marble(x, z, seed);
            if light {
                veined
            } else {
                scale(mix(veined, hex(0x2a2a2a), 0.7), 0.9)
            }
        }
        Floor::Parquet => {
            let (i, j) = ((x / 0.3).floor() as i32, (z / 0.3).floor() as i32);
            let along = if (i + j) % 2 == 0 { x } else { z };
            let seam = (x / 0.3).fract() < 0.03 || (z / 0.3).fract() < 0.03 || (along / 0.075).fract() < 0.08;
            let wood = scale(hex(0x6a4424), 0.75 + 0.35 * cell(seed, i, j));
            if seam { scale(wood, 0.5) } else { wood }
        }
        Floor::Concrete => {
            let n = cell(seed, (x * 2.0).floor() as i32, (z * 2.0).floor() as i32);
            let joint = (x / 3.0).fract() < 0.005 || (z / 3.0).fract() < 0.005;
            let stain = ((x * 0.7).sin() * (z * 0.9).cos()).abs() > 0.9;
            let col = scale(hex(0x5a5854), 0.8 + 0.2 * n - if stain { 0.25 } else { 0.0 });
            if joint { scale(col, 0.6) } else { col }
        }
        Floor::Straw => {
            let strand = ((x * 60.0 + (z * 7.0).sin() * 4.0).sin() * (z * 45.0 + x * 3.0).cos()).abs();
            mix(
                hex(0x6a5220),
                hex(0xc8a848),
                strand * (0.6 + 0.4 * cell(seed, (x * 8.0) as i32, (z * 8.0) as i32)),
            )
        }
        Floor::Slip => {
            if x.abs() < 1.3 {
                let ripple = ((z * 9.0 + (x * 4.0).sin()).sin() * 0.5 + 0.5).powi(6);
                mix(hex(0x081018), hex(0x4a5a70), ripple * 0.5)
            } else {
                let board = (z / 0.2).fract() < 0.06;
                scale(
                    hex(0x4a3a28),
                    if board {
                        0.4
                    } else {
                        0.9 + 0.1 * cell(seed, (x * 5.0) as i32, (z / 0.2) as i32)
                    },
                )
            }
        }
        _ => hex(0x3a3a3a),
    }
}
