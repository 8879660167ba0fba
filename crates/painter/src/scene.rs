//! A tiny 3D stage for rooms and streets: a one-point-perspective camera, lamps and moonlight
//! through windows, and flat faces lit per pixel (each pixel is traced back onto its face's plane).

use super::canvas::{Blend, Canvas, Point, Rgb, add, mix, mul, scale, smoothstep};

pub type V3 = [f32; 3];

pub fn sub(a: V3, b: V3) -> V3 {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

pub fn dot(a: V3, b: V3) -> f32 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

pub fn norm(a: V3) -> V3 {
    let l = dot(a, a).sqrt().max(1e-9);
    [a[0] / l, a[1] / l, a[2] / l]
}

/// A pinhole camera at `eye` looking down +z; (cx, cy) is the vanishing point.
#[derive(Debug, Clone, Copy)]
pub struct Cam {
    pub cx: f32,
    pub cy: f32,
    pub f: f32,
    pub eye: V3,
}

impl Cam {
    pub fn p(&self, v: V3) -> Point {
        let z = (v[2] - self.eye[2]).max(0.02);
        (
            self.cx + self.f * (v[0] - self.eye[0]) / z,
            self.cy - self.f * (v[1] - self.eye[1]) / z,
        )
    }

    /// Pixels per metre at depth z.
    pub fn scale_at(&self, z: f32) -> f32 {
        self.f / (z - self.eye[2]).max(0.02)
    }

    /// Where the ray through a pixel meets the plane n·p = k.
    pub fn on_plane(&self, sx: f32, sy: f32, n: V3, k: f32) -> Option<V3> {
        let d = [(sx - self.cx) / self.f, -(sy - self.cy) / self.f, 1.0];
        let nd = dot(n, d);
        if nd.abs() < 1e-7 {
            return None;
        }
        let t = (k - dot(n, self.eye)) / nd;
        if t <= 0.0 {
            return None;
        }
        Some([self.eye[0] + d[0] * t, self.eye[1] + d[1] * t, self.eye[2] + d[2] * t])
    }
}

/// A point light; `aim` (direction, cosine cut-off) makes it a shaded lamp throwing light one way.
#[derive(Debug, Clone)]
pub struct Lamp {
    pub pos: V3,
    pub color: Rgb,
    pub power: f32,
    pub aim: Option<(V3, f32)>,
}

/// A window or skylight opening on an axis-aligned plane (axis 0: x = at, 1: y = at, 2: z = at).
/// Its (u, v) coordinates are (z, y), (x, z) and (x, y) respectively.
#[derive(Debug, Clone)]
pub struct Aperture {
    pub axis: usize,
    pub at: f32,
    pub u: (f32, f32),
    pub v: (f32, f32),
    /// Venetian blinds: slat period in metres (0 for none) and the open fraction of each period.
    pub slats: f32,
    pub open: f32,
    /// Panes along u and v, separated by bars of width `bar`.
    pub panes: (usize, usize),
    pub bar: f32,
}

impl Aperture {
    pub fn uv(&self, p: V3) -> (f32, f32) {
        match self.axis {
            0 => (p[2], p[1]),
            1 => (p[0], p[2]),
            _ => (p[0], p[1]),
        }
    }

    pub fn contains(&self, u: f32, v: f32) -> bool {
        u >= self.u.0 && u <= self.u.1 && v >= self.v.0 && v <= self.v.1
    }

    /// Whether light passes at (u, v): inside the opening, between bars and slats.
    pub fn passes(&self, u: f32, v: f32) -> bool {
        if !self.contains(u, v) {
            return false;
        }
        let on_bar = |x: f32, lo: f32, hi: f32, n: usize| {
            (1..n).any(|i| (x - (lo + (hi - lo) * i as f32 / n as f32)).abs() < self.bar / 2.0)
        };
        if on_bar(u, self.u.0, self.u.1, self.panes.0) || on_bar(v, self.v.0, self.v.1, self.panes.1) {
            return false;
        }
        if self.slats > 0.0 {
            let f = ((v - self.v.0) / self.slats).fract();
            return f < self.open;
        }
        true
    }

    /// The opening's four corners.
    pub fn corners(&self) -> [V3; 4] {
        let mk = |u: f32, v: f32| match self.axis {
            0 => [self.at, v, u],
            1 => [u, self.at, v],
            _ => [u, v, self.at],
        };
        [
            mk(self.u.0, self.v.0),
            mk(self.u.1, self.v.0),
            mk(self.u.1, self.v.1),
            mk(self.u.0, self.v.1),
        ]
    }
}

/// Directional light (moon, neon across the street) entering through apertures, or everywhere.
#[derive(Debug, Clone)]
pub struct Moon {
    /// The direction the light travels.
    pub dir: V3,
    pub color: Rgb,
    pub power: f32,
    pub through: Vec<Aperture>,
    pub open_sky: bool,
}

pub struct Scene {
    pub cam: Cam,
    pub lamps: Vec<Lamp>,
    pub moon: Option<Moon>,
    pub ambient: Rgb,
    pub fog: Rgb,
    pub fog_density: f32,
}

impl Scene {
    /// The light arriving at a point with normal n.
    pub fn light(&self, p: V3, n: V3) -> Rgb {
        let mut acc = scale(self.ambient, 0.8 + 0.2 * n[1].max(0.0));
        for lamp in &self.lamps {
            let l = sub(lamp.pos, p);
            // Behind the surface, or too far to add even 2% of the lamp's power: skip early.
            let nl = dot(n, l);
            let d2 = dot(l, l).max(1e-4);
            if nl <= 0.0 || d2 > lamp.power * 50.0 {
                continue;
            }
            let inv = 1.0 / d2.sqrt();
            let mut k = lamp.power * nl * inv / (1.0 + d2);
            if let Some((aim, cut)) = lamp.aim {
                let c = -dot(l, aim) * inv;
                k *= smoothstep(cut, cut + (1.0 - cut) * 0.5, c);
            }
            acc = add(acc, scale(lamp.color, k));
        }
        if let Some(m) = &self.moon {
            let l = scale(m.dir, -1.0);
            let ndl = dot(n, l);
            if ndl > 0.0 {
                let lit = m.open_sky
                    || m.through.iter().any(|ap| {
                        let t = (ap.at - p[ap.axis]) / l[ap.axis];
                        if t.is_nan() || t <= 0.0 {
                            return false;
                        }
                        let q = add(p, scale(l, t));
                        let (u, v) = ap.uv(q);
                        ap.passes(u, v)
                    });
                if lit {
                    acc = add(acc, scale(m.color, m.power * ndl));
                }
            }
        }
        acc
    }

    fn fogged(&self, c: Rgb, p: V3) -> Rgb {
        if self.fog_density <= 0.0 {
            return c;
        }
        let d = dot(sub(p, self.cam.eye), sub(p, self.cam.eye)).sqrt();
        mix(c, self.fog, 1.0 - (-d * self.fog_density).exp())
    }

    /// A planar polygon (corners in order), lit per pixel. `mat` gives albedo and emission at a
    /// point, knowing the face normal.
    pub fn face(&self, canvas: &mut Canvas, corners: &[V3], mat: impl Fn(V3, V3) -> (Rgb, Rgb)) {
        self.face_paths(canvas, &[corners], mat);
    }

    /// Like `face`, for a planar region made of several outlines (even-odd: holes cut out).
    pub fn face_paths(&self, canvas: &mut Canvas, paths: &[&[V3]], mat: impl Fn(V3, V3) -> (Rgb, Rgb)) {
        let Some(first) = paths.first().filter(|p| p.len() >= 3) else {
            return;
        };
        let corners = *first;
        // Newell's method: a robust normal even for long outlines with nearly collinear points.
        let mut n = [0.0f32; 3];
        for i in 0..corners.len() {
            let (a, b) = (corners[i], corners[(i + 1) % corners.len()]);
            n[0] += (a[1] - b[1]) * (a[2] + b[2]);
            n[1] += (a[2] - b[2]) * (a[0] + b[0]);
            n[2] += (a[0] - b[0]) * (a[1] + b[1]);
        }
        let mut n = norm(n);
        if dot(n, sub(self.cam.eye, corners[0])) < 0.0 {
            n = scale(n, -1.0);
        }
        let k = dot(n, corners[0]);
        let projected: Vec<Vec<Point>> = paths
            .iter()
            .map(|p| p.iter().map(|&v| self.cam.p(v)).collect())
            .collect();
        let refs: Vec<&[Point]> = projected.iter().map(|p| p.as_slice()).collect();
        canvas.fill_paths_with(&refs, Blend::Over, |sx, sy| match self.cam.on_plane(sx, sy, n, k) {
            Some(p) => {
                let (albedo, emit) = mat(p, n);
                (self.fogged(add(mul(albedo, self.light(p, n)), emit), p), 1.0)
            }
            None => ([0.0; 3], 0.0),
        });
    }

    /// An axis-aligned box: only the faces the camera can see.
    pub fn cuboid(&self, canvas: &mut Canvas, lo: V3, hi: V3, mat: impl Fn(V3, V3) -> (Rgb, Rgb)) {
        let e = self.cam.eye;
        let m = &mat;
        self.face(
            canvas,
            &[
                [lo[0], lo[1], lo[2]],
                [hi[0], lo[1], lo[2]],
                [hi[0], hi[1], lo[2]],
                [lo[0], hi[1], lo[2]],
            ],
            m,
        );
        if e[1] > hi[1] {
            self.face(
                canvas,
                &[
                    [lo[0], hi[1], lo[2]],
                    [hi[0], hi[1], lo[2]],
                    [hi[0], hi[1], hi[2]],
                    [lo[0], hi[1], hi[2]],
                ],
                m,
            );
        }
        if e[1] < lo[1] {
            self.face(
                canvas,
                &[
                    [lo[0], lo[1], lo[2]],
                    [hi[0], lo[1], lo[2]],
                    [hi[0], lo[1], hi[2]],
                    [lo[0], lo[1], hi[2]],
                ],
                m,
            );
        }
        if e[0] < lo[0] {
            self.face(
                canvas,
                &[
                    [lo[0], lo[1], lo[2]],
                    [lo[0], hi[1], lo[2]],
                    [lo[0], hi[1], hi[2]],
                    [lo[0], lo[1], hi[2]],
                ],
                m,
            );
        }
        if e[0] > hi[0] {
            self.face(
                canvas,
                &[
                    [hi[0], lo[1], lo[2]],
                    [hi[0], hi[1], lo[2]],
                    [hi[0], hi[1], hi[2]],
                    [hi[0], lo[1], hi[2]],
                ],
                m,
            );
        }
    }

    /// A box in one flat colour, lit.
    pub fn solid(&self, canvas: &mut Canvas, lo: V3, hi: V3, albedo: Rgb) {
        self.cuboid(canvas, lo, hi, |_, _| (albedo, [0.0; 3]));
    }

    /// The visible bulb of a lamp: a bright core and a wide halo.
    pub fn bulb(&self, canvas: &mut Canvas, pos: V3, color: Rgb, size: f32, strength: f32) {
        let (x, y) = self.cam.p(pos);
        let s = self.cam.scale_at(pos[2]);
        canvas.glow(x, y, s * size * 9.0, color, 0.35 * strength);
        canvas.glow(x, y, s * size * 2.5, color, 0.9 * strength);
        canvas.glow(x, y, s * size, [1.0, 0.97, 0.9], 1.2 * strength);
    }

    /// A cone of light in the air from a lamp down to a pool on the floor.
    pub fn cone_to_floor(&self, canvas: &mut Canvas, pos: V3, radius: f32, color: Rgb, strength: f32) {
        let apex = self.cam.p(pos);
        let a = self.cam.p([pos[0] - radius, 0.0, pos[2]]);
        let b = self.cam.p([pos[0] + radius, 0.0, pos[2]]);
        canvas.beam(apex, a, b, color, strength);
        let (px, py) = self.cam.p([pos[0], 0.0, pos[2]]);
        let near = self.cam.p([pos[0], 0.0, pos[2] - radius]);
        let far = self.cam.p([pos[0], 0.0, pos[2] + radius]);
        canvas.glow_ellipse(
            px,
            py,
            (b.0 - a.0) / 2.0,
            ((near.1 - far.1) / 2.0).max(2.0),
            color,
            strength * 1.2,
        );
    }

    /// The visible shaft of moonlight between a window and the floor patch it lights: one soft
    /// hull, fading away from the window.
    pub fn shaft(&self, canvas: &mut Canvas, ap: &Aperture, strength: f32) {
        let Some(m) = &self.moon else { return };
        let l = m.dir;
        let cs = ap.corners();
        let mut pts: Vec<Point> = cs.iter().map(|&p| self.cam.p(p)).collect();
        for p in cs {
            if l[1] < -1e-3 {
                let t = -p[1] / l[1];
                pts.push(self.cam.p(add(p, scale(l, t))));
            }
        }
        let hull = super::canvas::convex_hull(&pts);
        let (ax, ay) = self.cam.p(corners_mid(&cs));
        let reach = self.cam.scale_at(corners_mid(&cs)[2]) * 3.0;
        let col = m.color;
        canvas.fill_with(&hull, Blend::Add, |x, y| {
            let d = ((x - ax).powi(2) + (y - ay).powi(2)).sqrt();
            (col, strength * (-d / reach.max(1.0)).exp())
        });
    }
}

fn corners_mid(cs: &[V3; 4]) -> V3 {
    let mut m = [0.0; 3];
    for p in cs {
        m = add(m, scale(*p, 0.25));
    }
    m
}
