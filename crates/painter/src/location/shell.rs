//! A room's shell: floor, ceiling, walls and windows (and what they show), and the back wall's door and painting.

use super::super::Style;
use super::super::canvas::{Blend, Canvas, Rgb, Rng, add, cell, hex, mix, scale, stroke_pts};
use super::super::scene::{Aperture, Scene, V3};
use super::fitout::{Finish, Outlook, Walls};
use super::props::draw_fireplace;
use super::rooms::{Floor, Room};
use super::{BLACK, Motif, fitout, norm3, surfaces};

/// What may be on a room's back wall: a door (toward `side` when a window takes the middle), a
/// fireplace (at `fire_x`), and paintings.
pub(super) struct BackWall {
    pub(super) side: f32,
    pub(super) may_have_door: bool,
    pub(super) fireplace: bool,
    pub(super) fire_x: f32,
    pub(super) paintings: bool,
}

/// Back-wall features: a door (perhaps ajar, light spilling in), the fireplace, and a painting
/// where no window is.
pub(super) fn back_wall(
    canvas: &mut Canvas,
    style: &Style,
    rng: &mut Rng,
    scene: &Scene,
    shell: &Shell,
    wall: &BackWall,
) {
    let BackWall {
        side,
        may_have_door,
        fireplace,
        fire_x,
        paintings,
    } = *wall;
    let Shell {
        finish,
        glass_house,
        room: r,
        windows,
        ..
    } = *shell;
    let (hw, d) = (r.hw, r.d);

    // Back-wall features: a door (perhaps ajar, light spilling in) and the fireplace.
    let door_x = if windows.iter().any(|a| a.axis == 2) {
        side * (hw - 0.8)
    } else {
        rng.range(-hw + 0.8, hw - 0.8)
    };
    let door = may_have_door && !glass_house && (!fireplace || (door_x - fire_x).abs() > 1.6) && rng.chance(0.7);
    if door {
        back_door(scene, canvas, style, rng, door_x, d);
    }
    if fireplace {
        draw_fireplace(scene, canvas, fire_x, d, style);
    }
    // Paintings on a wall without a window.
    if paintings && finish != Finish::Books && rng.chance(0.7) {
        let px = if door {
            -door_x.signum() * rng.range(0.6, hw - 0.6).min(hw - 0.6)
        } else {
            rng.range(-1.0, 1.0)
        };
        let (pw, ph) = (rng.range(0.6, 1.1), rng.range(0.5, 0.8));
        if !windows
            .iter()
            .any(|a| a.axis == 2 && a.u.0 - 0.2 < px + pw && a.u.1 + 0.2 > px - pw)
        {
            seascape(
                scene,
                canvas,
                style,
                Frame {
                    x: px,
                    width: pw,
                    height: ph,
                    wall_z: d,
                },
            );
        }
    }
}

/// What a room's shell is made of: the kind of place, the wall finish and the floor, what the
/// windows look out on (and whether a neon sign tints the light), the seed, the box and its windows.
pub(super) struct Shell<'a> {
    pub(super) motif: Motif,
    pub(super) finish: Finish,
    pub(super) floor: Floor,
    pub(super) outlook: Outlook,
    pub(super) seed: u64,
    pub(super) neon: bool,
    pub(super) moon_col: Rgb,
    pub(super) glass_house: bool,
    pub(super) room: &'a Room,
    pub(super) windows: &'a [Aperture],
}

/// The shell: floor, ceiling (with its skylights), side and back walls with their windows, and the
/// shadow along the skirting.
pub(super) fn room_shell(canvas: &mut Canvas, style: &Style, rng: &mut Rng, scene: &Scene, shell: &Shell) {
    let Shell {
        motif,
        finish,
        floor,
        outlook,
        seed,
        neon,
        moon_col,
        glass_house,
        room: r,
        windows,
    } = *shell;
    let wall_col = match motif {
        Motif::Library => hex(0x3a2a20),
        Motif::Bar => mix(hex(0x2a1a22), style.accent, 0.15),
        Motif::Greenhouse => hex(0x1e2a24),
        _ => *[
            hex(0x3b4a5a),
            hex(0x4a3a30),
            hex(0x2f4038),
            hex(0x553838),
            hex(0x5a5040),
        ]
        .get(rng.below(5))
        .unwrap_or(&hex(0x3b4a5a)),
    };
    let walls = Walls {
        finish,
        colour: wall_col,
        accent: style.accent,
        amber: style.amber,
        height: r.h,
        seed,
    };
    let sky_top = scale(style.night, 0.7);
    let sky_low = mix(style.dusk, if neon { style.accent } else { style.amber }, 0.25);
    let window_view = WindowView {
        seed,
        sky_top,
        sky_low,
        light: moon_col,
        amber: style.amber,
        outlook,
    };
    let wins = windows;
    let wall = |p: V3, n: V3| -> (Rgb, Rgb) {
        for ap in wins {
            if (p[ap.axis] - ap.at).abs() < 0.02 {
                let (u, v) = ap.uv(p);
                if let Some(m) = window_look(ap, u, v, &window_view) {
                    return m;
                }
            }
        }
        let side_wall = n[0].abs() > 0.5;
        let (u, v) = if side_wall { (p[2], p[1]) } else { (p[0], p[1]) };
        if glass_house {
            return (scale(wall_col, 0.8), BLACK);
        }
        walls.look(u, v, side_wall)
    };
    let floor_mat = |p: V3, _n: V3| -> (Rgb, Rgb) { (floor_look(floor, p[0], p[2], seed, style), BLACK) };
    let (hw, rh, d) = (r.hw, r.h, r.d);
    scene.face(
        canvas,
        &[[-hw, 0.0, 0.3], [hw, 0.0, 0.3], [hw, 0.0, d], [-hw, 0.0, d]],
        floor_mat,
    );
    scene.face(
        canvas,
        &[[-hw, rh, 0.3], [hw, rh, 0.3], [hw, rh, d], [-hw, rh, d]],
        |p, n| {
            for ap in wins.iter().filter(|a| a.axis == 1) {
                let (u, v) = ap.uv(p);
                if let Some(m) = window_look(ap, u, v, &window_view) {
                    return m;
                }
            }
            let _ = n;
            let beam = ((p[2] * 0.8).fract() < 0.08) as i32 as f32;
            (scale(wall_col, 0.45 - beam * 0.15), BLACK)
        },
    );
    scene.face(
        canvas,
        &[[-hw, 0.0, 0.3], [-hw, rh, 0.3], [-hw, rh, d], [-hw, 0.0, d]],
        wall,
    );
    scene.face(
        canvas,
        &[[hw, 0.0, 0.3], [hw, rh, 0.3], [hw, rh, d], [hw, 0.0, d]],
        wall,
    );
    scene.face(canvas, &[[-hw, 0.0, d], [hw, 0.0, d], [hw, rh, d], [-hw, rh, d]], wall);
    // Skirting shadow where walls meet the floor.
    for (a, b) in [
        ([-hw, 0.0, 0.5], [-hw, 0.0, d]),
        ([hw, 0.0, 0.5], [hw, 0.0, d]),
        ([-hw, 0.0, d], [hw, 0.0, d]),
    ] {
        canvas.fill_mode(
            &stroke_pts(&[scene.cam.p(a), scene.cam.p(b)], 3.0, 1.5),
            BLACK,
            0.5,
            Blend::Over,
        );
    }
}

/// A door in the back wall, perhaps ajar with lamplight spilling across the floor.
fn back_door(scene: &Scene, canvas: &mut Canvas, style: &Style, rng: &mut Rng, door_x: f32, d: f32) {
    let ajar = rng.chance(0.6);
    let dz = d - 0.01;
    scene.face(
        canvas,
        &[
            [door_x - 0.5, 0.0, dz],
            [door_x + 0.5, 0.0, dz],
            [door_x + 0.5, 2.15, dz],
            [door_x - 0.5, 2.15, dz],
        ],
        |p, _| {
            let lu = p[0] - (door_x - 0.5);
            let frame = !(0.07..0.93).contains(&lu) || p[1] > 2.08;
            let panel = ((lu - 0.18).abs() < 0.02 || (lu - 0.82).abs() < 0.02) && p[1] > 0.2;
            let col = if frame {
                hex(0x2a1a10)
            } else if panel {
                hex(0x1c120c)
            } else {
                hex(0x3a2616)
            };
            (col, BLACK)
        },
    );
    if ajar {
        let gap = rng.range(0.12, 0.3);
        let gx = door_x + 0.42 - gap;
        let q = [
            scene.cam.p([gx, 0.0, dz]),
            scene.cam.p([gx + gap, 0.0, dz]),
            scene.cam.p([gx + gap, 2.08, dz]),
            scene.cam.p([gx, 2.08, dz]),
        ];
        canvas.fill(&q, mix(style.amber, [1.0, 0.95, 0.85], 0.4), 1.0);
        // The spill on the floor, widening toward us.
        let spill = [
            scene.cam.p([gx, 0.0, dz]),
            scene.cam.p([gx + gap, 0.0, dz]),
            scene.cam.p([gx + gap * 6.0 + 0.6, 0.0, dz - 4.5]),
            scene.cam.p([gx - gap * 2.0 - 0.2, 0.0, dz - 4.5]),
        ];
        let top = q[0].1;
        let bottom = spill[2].1;
        canvas.fill_with(&spill, Blend::Add, |_, y| {
            (
                style.amber,
                0.55 * (1.0 - ((y - top) / (bottom - top).max(1.0)).clamp(0.0, 1.0)).powi(2),
            )
        });
        let (gx0, gy0) = scene.cam.p([gx + gap / 2.0, 1.0, dz]);
        canvas.glow(gx0, gy0, 60.0, style.amber, 0.25);
    }
}

/// Where a painting hangs on the back wall: its centre x, its size, and the wall's depth.
#[derive(Debug, Clone, Copy)]
struct Frame {
    x: f32,
    width: f32,
    height: f32,
    wall_z: f32,
}

/// A dark seascape in a gilt frame: a horizon and a red streak in the sky.
fn seascape(scene: &Scene, canvas: &mut Canvas, style: &Style, frame: Frame) {
    let Frame {
        x: px,
        width: pw,
        height: ph,
        wall_z: d,
    } = frame;
    let z = d - 0.02;
    let y0 = 1.5;
    let accent = style.accent;
    scene.face(
        canvas,
        &[
            [px - pw / 2.0, y0, z],
            [px + pw / 2.0, y0, z],
            [px + pw / 2.0, y0 + ph, z],
            [px - pw / 2.0, y0 + ph, z],
        ],
        |p, _| {
            let (lu, lv) = ((p[0] - px + pw / 2.0) / pw, (p[1] - y0) / ph);
            let edge = lu.min(1.0 - lu).min(lv.min(1.0 - lv));
            if edge < 0.08 {
                (hex(0x8a6a30), BLACK)
            } else {
                // A dark seascape: a horizon, a red sky streak.
                let hor = 0.45 + 0.08 * (lu * 7.0).sin();
                let col = if lv < hor {
                    hex(0x1a2028)
                } else {
                    mix(scale(accent, 0.6), hex(0x302830), (lv - hor) * 2.5)
                };
                (col, BLACK)
            }
        },
    );
}

/// Windows in a side wall or the back wall (perhaps with blinds), or a glass house's panes; and
/// the way the moonlight comes through them.
pub(super) fn ordinary_windows(glass_house: bool, side: f32, r: &Room, rng: &mut Rng) -> (Vec<Aperture>, V3) {
    let mut windows: Vec<Aperture> = Vec::new();
    let blinds = !glass_house && rng.chance(0.65);
    let slats = if blinds { rng.range(0.08, 0.12) } else { 0.0 };
    let moon_dir;
    if glass_house {
        windows.push(Aperture {
            axis: 1,
            at: r.h,
            u: (-r.hw, r.hw),
            v: (0.5, r.d),
            slats: 0.0,
            open: 1.0,
            panes: (5, 8),
            bar: 0.05,
        });
        for sx in [-r.hw, r.hw] {
            windows.push(Aperture {
                axis: 0,
                at: sx,
                u: (0.5, r.d),
                v: (0.7, r.h),
                slats: 0.0,
                open: 1.0,
                panes: (9, 3),
                bar: 0.05,
            });
        }
        windows.push(Aperture {
            axis: 2,
            at: r.d,
            u: (-r.hw, r.hw),
            v: (0.7, r.h),
            slats: 0.0,
            open: 1.0,
            panes: (6, 3),
            bar: 0.05,
        });
        moon_dir = norm3([rng.range(-0.5, 0.5), -1.0, rng.range(-0.6, -0.1)]);
    } else if rng.chance(0.55) {
        let sx = side * r.hw;
        let z0 = rng.range(2.8, r.d - 3.2);
        let wl = rng.range(1.3, 1.9);
        windows.push(Aperture {
            axis: 0,
            at: sx,
            u: (z0, z0 + wl),
            v: (0.9, 2.5),
            slats,
            open: 0.55,
            panes: (2, 2),
            bar: 0.05,
        });
        if rng.chance(0.5) && z0 + wl * 2.0 + 0.6 < r.d - 0.3 {
            let z1 = z0 + wl + 0.6;
            windows.push(Aperture {
                axis: 0,
                at: sx,
                u: (z1, z1 + wl),
                v: (0.9, 2.5),
                slats,
                open: 0.55,
                panes: (2, 2),
                bar: 0.05,
            });
        }
        moon_dir = norm3([-side, rng.range(-0.8, -0.45), rng.range(-0.7, 0.1)]);
    } else {
        let n = 1 + rng.below(2);
        let ww = rng.range(1.1, 1.6);
        for i in 0..n {
            let window_centre = if n == 1 {
                rng.range(-0.8, 0.8)
            } else {
                (i as f32 - 0.5) * r.hw * 0.95
            };
            windows.push(Aperture {
                axis: 2,
                at: r.d,
                u: (window_centre - ww / 2.0, window_centre + ww / 2.0),
                v: (0.9, 2.5),
                slats,
                open: 0.55,
                panes: (2, 2),
                bar: 0.05,
            });
        }
        moon_dir = norm3([rng.range(-0.5, 0.5), rng.range(-0.6, -0.4), -1.0]);
    }
    (windows, moon_dir)
}

/// What a room's windows show: the night sky from `sky_low` to `sky_top`, the light behind the
/// slats, the lamplight, and the outlook beyond the glass.
#[derive(Debug, Clone, Copy)]
struct WindowView {
    seed: u64,
    sky_top: Rgb,
    sky_low: Rgb,
    light: Rgb,
    amber: Rgb,
    outlook: Outlook,
}

/// Glass, frame, bars or blinds at (u, v) of a window; None outside it.
fn window_look(ap: &Aperture, u: f32, v: f32, view: &WindowView) -> Option<(Rgb, Rgb)> {
    let WindowView {
        seed,
        sky_top,
        sky_low,
        light,
        amber,
        outlook,
    } = *view;
    let fr = 0.07;
    let frame = hex(0x1a1410);
    if !(u > ap.u.0 - fr && u < ap.u.1 + fr && v > ap.v.0 - fr && v < ap.v.1 + fr) {
        return None;
    }
    if !ap.contains(u, v) {
        return Some((frame, BLACK));
    }
    if ap.passes(u, v) || (ap.slats > 0.0 && !ap.passes(u, v) && is_pane(ap, u, v)) {
        if ap.slats > 0.0 && !ap.passes(u, v) {
            // A slat: pale, lit from behind.
            return Some((hex(0x8a8478), scale(light, 0.12)));
        }
        let t = ((v - ap.v.0) / (ap.v.1 - ap.v.0)).clamp(0.0, 1.0);
        let mut sky = mix(sky_low, sky_top, t.powf(0.7));
        if ap.axis != 1
            && let Some(view) = fitout::beyond(outlook, u, v, sky, amber, seed)
        {
            return Some((BLACK, scale(view, 1.3)));
        }
        if ap.axis != 1 && outlook == Outlook::Garden {
            // Shrubs and trees outside the glass.
            let top = 1.3 + 0.5 * cell(seed, (u * 1.5).floor() as i32, 3) + 0.15 * (u * 9.0).sin();
            if v < top {
                return Some((BLACK, scale(sky_top, 0.25)));
            }
        }
        if ap.axis != 1 && outlook == Outlook::City {
            // Lit windows across the street.
            let (gx, gy) = ((u * 9.0).floor() as i32, (v * 7.0).floor() as i32);
            if v < ap.v.0 + (ap.v.1 - ap.v.0) * 0.55 && cell(seed, gx, gy) < 0.09 {
                sky = add(sky, scale(amber, 0.6));
            }
        }
        return Some((BLACK, scale(sky, 1.3)));
    }
    Some((frame, BLACK))
}

fn is_pane(ap: &Aperture, u: f32, v: f32) -> bool {
    let bar = Aperture {
        slats: 0.0,
        ..ap.clone()
    };
    bar.passes(u, v)
}

fn floor_look(kind: Floor, x: f32, z: f32, seed: u64, style: &Style) -> Rgb {
    match kind {
        Floor::Planks => {
            let bw = 0.17;
            let board = (x / bw).floor() as i32;
            let offset = cell(seed, board, 7) * 2.0;
            let along = z + offset;
            let plank = (along / 1.6).floor() as i32;
            let shade = 0.75 + 0.5 * cell(seed, board, plank);
            let seam = (x / bw).fract() < 0.05 || (along / 1.6).fract() < 0.01;
            let grain = 0.93 + 0.07 * ((x * 90.0 + (along * 3.0).sin() * 2.0).sin());
            let base = scale(hex(0x5a3a22), shade * grain);
            if seam { scale(base, 0.35) } else { base }
        }
        Floor::Checker => {
            let s = 0.5;
            let (i, j) = ((x / s).floor() as i32, (z / s).floor() as i32);
            let light = (i + j).rem_euclid(2) == 0;
            let grout = (x / s).fract() < 0.03 || (z / s).fract() < 0.03;
            let base = if light { hex(0x8a8478) } else { hex(0x141414) };
            if grout {
                scale(base, 0.6)
            } else {
                scale(base, 0.9 + 0.1 * cell(seed, i, j))
            }
        }
        Floor::Carpet => {
            let border = mix(hex(0x3a2020), style.accent, 0.4);
            let pat = ((x * 2.0).sin() * (z * 2.0).sin()).abs();
            mix(hex(0x2a1e1e), border, 0.25 * pat)
        }
        Floor::Flags => {
            let s = 0.6;
            let row = (z / s).floor() as i32;
            let xo = x + if row % 2 == 0 { 0.0 } else { s / 2.0 };
            let (i, j) = ((xo / s).floor() as i32, row);
            let grout = (xo / s).fract() < 0.04 || (z / s).fract() < 0.04;
            let base = scale(hex(0x6a6a62), 0.6 + 0.4 * cell(seed, i, j));
            if grout { scale(base, 0.4) } else { base }
        }
        other => surfaces::floor(other, x, z, seed),
    }
}

/// Book spines on shelves, seen on a side wall: (u, v) are metres along and up the wall.
pub(super) fn book_wall(u: f32, v: f32, seed: u64, accent: Rgb) -> (Rgb, Rgb) {
    let shelf_h = 0.4;
    let row = (v / shelf_h).floor() as i32;
    let inrow = v - row as f32 * shelf_h;
    if inrow < 0.035 {
        return (hex(0x3a2414), BLACK);
    }
    let bay = (u / 1.0).fract();
    if bay < 0.04 {
        return (hex(0x2a1a10), BLACK);
    }
    let spine = ((u + row as f32 * 0.37) / 0.045).floor() as i32;
    let r = cell(seed, spine, row);
    let height = 0.22 + 0.12 * cell(seed ^ 99, spine, row);
    if inrow > 0.035 + height || r > 0.93 {
        return (hex(0x0a0806), BLACK);
    }
    let palette = [
        hex(0x5a1a16),
        hex(0x1e3a28),
        hex(0x1c2a48),
        hex(0x6a5030),
        hex(0x222222),
        hex(0x4a3a2a),
    ];
    let mut col = palette[(r * 6.0) as usize % 6];
    if r > 0.88 {
        col = accent;
    }
    let band = ((inrow - 0.035) / height - 0.82).abs() < 0.03 || ((inrow - 0.035) / height - 0.2).abs() < 0.02;
    if band && cell(seed ^ 7, spine, row) > 0.4 {
        col = hex(0xa88a40);
    }
    let edge = (((u + row as f32 * 0.37) / 0.045).fract() - 0.5).abs();
    (scale(col, 1.0 - edge * 0.8), BLACK)
}
