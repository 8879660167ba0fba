//! Rooms: the shell fitted out for the motif, furnished by plan and lit by its lamps, windows and the moon.

use super::super::Style;
use super::super::canvas::{Canvas, Rng, mix, scale};
use super::super::scene::{Cam, Lamp, Moon, Scene};
use super::fitout::{Finish, Fitout, Glazing};
use super::props::{Prop, draw_prop};
use super::shell::{BackWall, Shell, back_wall, ordinary_windows, room_shell};
use super::{Motif, amber_lamp, fitout, plans};
use crate::has_word;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Floor {
    Planks,
    Checker,
    Carpet,
    Flags,
    Marble,
    Parquet,
    Concrete,
    Straw,
    /// A boathouse floor: black water down the middle, boards either side.
    Slip,
}

pub(super) struct Room {
    pub(super) hw: f32,
    pub(super) h: f32,
    pub(super) d: f32,
}

pub(super) fn room(canvas: &mut Canvas, style: &Style, rng: &mut Rng, motif: Motif, text: &str) {
    let (w, h) = (canvas.wf(), canvas.hf());
    let Fitout {
        room: r,
        eye_height,
        glazing,
        outlook,
        finish,
        floor,
        door: may_have_door,
        paintings,
        fireplace: may_have_fireplace,
    } = Fitout::for_motif(motif, text, rng);
    let eye = [rng.range(-0.8, 0.8), eye_height, 0.0];
    let cam = Cam {
        cx: w * rng.range(0.42, 0.58),
        cy: h * rng.range(0.40, 0.47),
        f: w * rng.range(0.5, 0.6),
        eye,
    };
    let glass_house = glazing == Glazing::Glasshouse;
    let seed = rng.next_u64();
    let side = if rng.chance(0.5) { -1.0 } else { 1.0 };
    // Windows: the moon (or a neon sign across the street) shines through them.
    let (windows, moon_dir) = match glazing {
        Glazing::Windows | Glazing::Glasshouse => ordinary_windows(glass_house, side, &r, rng),
        other => fitout::windows(other, &r, rng),
    };
    let neon = rng.chance(0.45);
    let moon_col = if neon {
        mix(style.moon, style.accent, 0.65)
    } else {
        style.moon
    };

    let wares = match finish {
        Finish::Shelves(wares) => Some(wares),
        _ => None,
    };
    let props = plan_props(motif, text, &r, wares, rng);
    let mut lamps = prop_lamps(&props, &r, style);
    let fireplace = may_have_fireplace && rng.chance(0.45) && !windows.iter().any(|a| a.axis == 2);
    let fire_x = rng.range(-r.hw * 0.4, r.hw * 0.4);
    if fireplace {
        lamps.push(Lamp {
            pos: [fire_x, 0.4, r.d - 0.4],
            color: [1.0, 0.45, 0.12],
            power: 4.0,
            aim: None,
        });
    }
    // A dim fill from somewhere overhead, so the room's shape reads in the dark.
    lamps.push(Lamp {
        pos: [rng.range(-1.0, 1.0), r.h - 0.3, r.d * 0.6],
        color: mix(style.amber, style.dusk, 0.6),
        power: 2.4,
        aim: None,
    });
    if lamps.len() < 2 || glass_house {
        lamps.push(amber_lamp(
            style,
            [rng.range(-1.0, 1.0), r.h - 0.9, rng.range(3.5, r.d - 2.0)],
            3.0,
            true,
        ));
    }
    let scene = Scene {
        cam,
        lamps,
        moon: Some(Moon {
            dir: moon_dir,
            color: moon_col,
            power: 0.9,
            through: windows.clone(),
            open_sky: false,
        }),
        ambient: scale(style.dusk, 0.35),
        fog: scale(style.night, 0.6),
        fog_density: 0.02,
    };

    // The shell.
    let shell = Shell {
        motif,
        finish,
        floor,
        outlook,
        seed,
        neon,
        moon_col,
        glass_house,
        room: &r,
        windows: &windows,
    };
    room_shell(canvas, style, rng, &scene, &shell);
    let wall = BackWall {
        side,
        may_have_door,
        fireplace,
        fire_x,
        paintings,
    };
    back_wall(canvas, style, rng, &scene, &shell, &wall);

    // Furniture, far to near.
    let mut props = props;
    props.sort_by(|a, b| b.z().partial_cmp(&a.z()).unwrap_or(std::cmp::Ordering::Equal));
    for p in &props {
        draw_prop(&scene, canvas, *p, &r, style, rng);
    }
    // Light in the air.
    let overhead = matches!(glazing, Glazing::Glasshouse | Glazing::Skylight | Glazing::DomeSlot);
    for ap in windows.iter().filter(|a| a.axis != 1 || overhead) {
        scene.shaft(canvas, ap, if glass_house { 0.04 } else { 0.1 });
    }
    for l in &scene.lamps {
        if l.aim.is_some() && l.pos[1] > 1.5 {
            scene.cone_to_floor(canvas, l.pos, 1.2, style.amber, 0.16);
        }
    }
    // Dust in the light, a haze near the back.
    let (vx, vy) = (scene.cam.cx, scene.cam.cy);
    canvas.glow_ellipse(vx, vy, w * 0.5, h * 0.35, mix(style.dusk, style.amber, 0.2), 0.07);
}

/// The lamps the furniture brings: desk lamps, floor lamps, pendants, candles on round tables.
fn prop_lamps(props: &[Prop], r: &Room, style: &Style) -> Vec<Lamp> {
    let mut lamps = Vec::new();
    for p in props {
        match *p {
            Prop::Desk { x, z } => lamps.push(amber_lamp(style, [x + 0.35, 1.2, z], 3.0, true)),
            Prop::FloorLamp { x, z } => lamps.push(amber_lamp(style, [x, 1.55, z], 3.2, false)),
            Prop::Pendant { x, z } => lamps.push(amber_lamp(style, [x, r.h - 0.8, z], 5.0, true)),
            Prop::RoundTable { x, z } => lamps.push(amber_lamp(style, [x, 0.95, z], 0.9, false)),
            Prop::Piece(piece) => lamps.extend(piece.lamp(r, style)),
            _ => {}
        }
    }
    lamps
}

fn plan_props(motif: Motif, text: &str, r: &Room, wares: Option<fitout::Wares>, rng: &mut Rng) -> Vec<Prop> {
    let newer = plans::furnish(motif, wares, text, r, rng);
    if !newer.is_empty() {
        return newer;
    }
    let mut v = Vec::new();
    let side = if rng.chance(0.5) { -1.0 } else { 1.0 };
    match motif {
        Motif::Office => office_props(&mut v, text, r, side, rng),
        Motif::Parlour => parlour_props(&mut v, text, r, side, rng),
        Motif::Library => library_props(&mut v, r, side, rng),
        Motif::Bar => bar_props(&mut v, r, side, rng),
        Motif::Greenhouse => greenhouse_props(&mut v, r, side, rng),
        _ => {}
    }
    v
}

/// An office: a desk and its chair, filing cabinets, perhaps a coat stand, a pendant, a lab bench.
fn office_props(v: &mut Vec<Prop>, text: &str, r: &Room, side: f32, rng: &mut Rng) {
    let (hw, d) = (r.hw, r.d);
    let x = rng.range(-0.9, 0.9);
    let z = rng.range(4.5, d - 2.0);
    v.push(Prop::Desk { x, z });
    v.push(Prop::Chair {
        x: x + rng.range(-0.2, 0.2),
        z: z + 0.8,
    });
    v.push(Prop::Cabinet {
        x: side * (hw - 0.35),
        z: rng.range(d - 2.5, d - 0.6),
    });
    if rng.chance(0.6) {
        v.push(Prop::Cabinet {
            x: side * (hw - 0.35),
            z: rng.range(3.5, 5.0),
        });
    }
    if rng.chance(0.6) {
        v.push(Prop::CoatStand {
            x: -side * (hw - 0.5),
            z: rng.range(3.5, d - 1.0),
        });
    }
    if rng.chance(0.5) {
        v.push(Prop::Pendant { x: x * 0.5, z: z - 1.0 });
    }
    if has_word(text, &["lab", "laboratory", "clinic"]) {
        v.push(Prop::Counter {
            x0: -side * hw,
            x1: -side * (hw - 0.7),
            z0: 3.0,
            z1: d - 0.5,
        });
    }
}

/// A parlour: a bed and a lamp, or a sofa, an armchair, a floor lamp and a round table; a piano or a plant.
fn parlour_props(v: &mut Vec<Prop>, text: &str, r: &Room, side: f32, rng: &mut Rng) {
    let (hw, d) = (r.hw, r.d);
    if has_word(text, &["bedroom", "bed"]) {
        v.push(Prop::Bed {
            x: rng.range(-0.8, 0.8),
            z: d - 1.3,
        });
        v.push(Prop::FloorLamp {
            x: side * (hw - 0.5),
            z: d - 0.6,
        });
    } else {
        v.push(Prop::Sofa {
            x: rng.range(-0.8, 0.8),
            z: rng.range(d - 2.4, d - 1.2),
        });
        v.push(Prop::Armchair {
            x: side * (hw - 0.9),
            z: rng.range(3.6, 5.5),
        });
        v.push(Prop::FloorLamp {
            x: side * (hw - 0.45),
            z: rng.range(d - 2.0, d - 0.5),
        });
        v.push(Prop::RoundTable {
            x: rng.range(-0.6, 0.6),
            z: rng.range(3.8, 5.0),
        });
    }
    if has_word(text, &["music", "piano", "ballroom", "salon"]) || rng.chance(0.3) {
        v.push(Prop::Piano {
            x: -side * (hw - 0.9),
            z: rng.range(d - 3.0, d - 1.0),
        });
    } else if rng.chance(0.6) {
        v.push(Prop::Plant {
            x: -side * (hw - 0.5),
            z: rng.range(4.0, d - 1.0),
            size: 1.0,
        });
    }
}

/// A library: a desk, an armchair beside it and a floor lamp.
fn library_props(v: &mut Vec<Prop>, r: &Room, side: f32, rng: &mut Rng) {
    let (hw, d) = (r.hw, r.d);
    let x = rng.range(-0.6, 0.6);
    let z = rng.range(4.0, d - 2.5);
    v.push(Prop::Desk { x, z });
    let az = z + rng.range(-1.5, 0.5);
    v.push(Prop::Armchair { x: -side * 1.4, z: az });
    v.push(Prop::FloorLamp {
        x: -side * (hw - 0.5),
        z: az + 0.5,
    });
}

/// A bar: the counter with its stools and pendants, round tables across the room, perhaps a piano.
fn bar_props(v: &mut Vec<Prop>, r: &Room, side: f32, rng: &mut Rng) {
    let (hw, d) = (r.hw, r.d);
    let x0 = side * (hw - 0.5);
    v.push(Prop::Counter {
        x0: side * (hw - 1.6),
        x1: side * (hw - 1.0),
        z0: 2.4,
        z1: d - 1.2,
    });
    let _ = x0;
    let stools = 4 + rng.below(3);
    for i in 0..stools {
        let z = 3.0 + i as f32 * (d - 4.6) / stools as f32;
        v.push(Prop::Stool {
            x: side * (hw - 2.0),
            z,
        });
    }
    let pendants = 2 + rng.below(2);
    for i in 0..pendants {
        v.push(Prop::Pendant {
            x: side * (hw - 1.4),
            z: 3.5 + i as f32 * (d - 5.0) / pendants as f32,
        });
    }
    for i in 0..2 + rng.below(2) {
        v.push(Prop::RoundTable {
            x: -side * rng.range(0.6, hw - 0.8),
            z: 3.5 + i as f32 * 1.9 + rng.range(-0.3, 0.3),
        });
    }
    if rng.chance(0.5) {
        v.push(Prop::Piano {
            x: -side * (hw - 0.9),
            z: d - 1.0,
        });
    }
}

/// A greenhouse: plants down both sides, a bench, perhaps a big plant at the back.
fn greenhouse_props(v: &mut Vec<Prop>, r: &Room, side: f32, rng: &mut Rng) {
    let (hw, d) = (r.hw, r.d);
    for i in 0..7 {
        let s = if i % 2 == 0 { -1.0 } else { 1.0 };
        v.push(Prop::Plant {
            x: s * (hw - rng.range(0.4, 0.9)),
            z: 2.5 + i as f32 * (d - 3.0) / 7.0,
            size: rng.range(1.0, 1.8),
        });
    }
    v.push(Prop::Bench {
        x: side * rng.range(0.3, 1.0),
        z: rng.range(4.0, d - 2.0),
    });
    if rng.chance(0.6) {
        v.push(Prop::Plant {
            x: -side * 0.5,
            z: d - 1.2,
            size: 2.2,
        });
    }
}
