//! The drawing surface: a float RGB buffer with anti-aliased polygon fills, soft lights and a film
//! finish (grain, vignette), plus the hash and PRNG that make every picture deterministic.

use image::RgbImage;

/// A colour in display space, 0..1 per channel (lights may push it above 1 until the finish).
pub type Rgb = [f32; 3];
/// A point on the canvas, in pixels.
pub type Point = (f32, f32);

/// No colour: a black surface, or no light of its own where a look gives one.
pub const BLACK: Rgb = [0.0; 3];

pub fn hex(v: u32) -> Rgb {
    [
        ((v >> 16) & 255) as f32 / 255.0,
        ((v >> 8) & 255) as f32 / 255.0,
        (v & 255) as f32 / 255.0,
    ]
}

pub fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

pub fn scale(a: Rgb, k: f32) -> Rgb {
    [a[0] * k, a[1] * k, a[2] * k]
}

pub fn add(a: Rgb, b: Rgb) -> Rgb {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}

pub fn mul(a: Rgb, b: Rgb) -> Rgb {
    [a[0] * b[0], a[1] * b[1], a[2] * b[2]]
}

pub fn lerp(a: f32, b: f32, t: f32) -> f32 {
    a + (b - a) * t
}

pub fn smoothstep(e0: f32, e1: f32, x: f32) -> f32 {
    let t = ((x - e0) / (e1 - e0)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

/// Floor to an integer without a libm call (the baseline x86-64 target has no rounding instruction).
#[inline]
pub fn ifloor(x: f32) -> i32 {
    let i = x as i32;
    if (i as f32) > x { i - 1 } else { i }
}

/// FNV-1a over the parts, with a separator byte after each so ("ab","c") and ("a","bc") differ.
pub fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0xff)) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// A 64-bit mix of an integer (the SplitMix64 finaliser), for hashing grid cells.
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A value in 0..1 from a hash of a few integers: stable texture randomness (book spines, lit windows).
pub fn cell(seed: u64, a: i32, b: i32) -> f32 {
    let packed = (a as u32 as u64) << 32 | (b as u32 as u64);
    let h = mix64(seed ^ packed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    (h >> 40) as f32 / (1u64 << 24) as f32
}

/// SplitMix64: small, fast, and the same on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix64(self.0)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }

    pub fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.unit()
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, p: f32) -> bool {
        self.unit() < p
    }

    pub fn sign(&mut self) -> f32 {
        if self.chance(0.5) { 1.0 } else { -1.0 }
    }
}

/// Smooth value noise from a coarse grid of random values, for fog, clouds, cloth and grain.
/// The grid is a small table that tiles every `LATTICE` cells (far beyond any picture's needs).
pub struct Noise {
    cell: f32,
    table: Vec<f32>,
}

const LATTICE: usize = 64;

impl Noise {
    pub fn new(seed: u64, cell: f32) -> Self {
        let table = (0..LATTICE * LATTICE)
            .map(|i| (mix64(seed ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) >> 40) as f32 / (1u64 << 24) as f32)
            .collect();
        Noise { cell, table }
    }

    #[inline]
    fn lattice(&self, ix: i32, iy: i32) -> f32 {
        self.table[(iy as usize & (LATTICE - 1)) * LATTICE + (ix as usize & (LATTICE - 1))]
    }

    /// In 0..1.
    pub fn at(&self, x: f32, y: f32) -> f32 {
        let (gx, gy) = (x / self.cell, y / self.cell);
        let (ix, iy) = (ifloor(gx), ifloor(gy));
        let (fx, fy) = (gx - ix as f32, gy - iy as f32);
        let (sx, sy) = (fx * fx * (3.0 - 2.0 * fx), fy * fy * (3.0 - 2.0 * fy));
        let a = lerp(self.lattice(ix, iy), self.lattice(ix + 1, iy), sx);
        let b = lerp(self.lattice(ix, iy + 1), self.lattice(ix + 1, iy + 1), sx);
        lerp(a, b, sy)
    }

    /// Two octaves, in 0..1.
    pub fn fbm(&self, x: f32, y: f32) -> f32 {
        self.at(x, y) * 0.65 + self.at(x * 2.22 + 17.3 * self.cell, y * 2.22 - 9.1 * self.cell) * 0.35
    }
}

/// How a shape's colour combines with what is under it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Blend {
    Over,
    Add,
    Multiply,
}

/// Local drawing coordinates: rotate, scale, squash (to lay a shape flat on a table), then move.
#[derive(Debug, Clone, Copy)]
pub struct Transform {
    pub ox: f32,
    pub oy: f32,
    pub s: f32,
    pub cos: f32,
    pub sin: f32,
    pub squash: f32,
}

impl Transform {
    pub fn new(ox: f32, oy: f32, s: f32, angle: f32) -> Self {
        Transform {
            ox,
            oy,
            s,
            cos: angle.cos(),
            sin: angle.sin(),
            squash: 1.0,
        }
    }

    pub fn p(&self, x: f32, y: f32) -> Point {
        let (rx, ry) = (x * self.cos - y * self.sin, x * self.sin + y * self.cos);
        (self.ox + rx * self.s, self.oy + ry * self.s * self.squash)
    }

    /// Back from canvas to local coordinates.
    pub fn inv(&self, x: f32, y: f32) -> Point {
        let (dx, dy) = ((x - self.ox) / self.s, (y - self.oy) / (self.s * self.squash));
        (dx * self.cos + dy * self.sin, -dx * self.sin + dy * self.cos)
    }

    pub fn pts(&self, pts: &[Point]) -> Vec<Point> {
        pts.iter().map(|&(x, y)| self.p(x, y)).collect()
    }

    pub fn rect(&self, x0: f32, y0: f32, x1: f32, y1: f32) -> Vec<Point> {
        self.pts(&[(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
    }

    pub fn ellipse(&self, cx: f32, cy: f32, rx: f32, ry: f32) -> Vec<Point> {
        self.pts(&ellipse_pts(cx, cy, rx, ry, 0.0, 40))
    }
}

pub fn ellipse_pts(cx: f32, cy: f32, rx: f32, ry: f32, rot: f32, n: usize) -> Vec<Point> {
    let (c, s) = (rot.cos(), rot.sin());
    (0..n)
        .map(|i| {
            let t = i as f32 / n as f32 * std::f32::consts::TAU;
            let (x, y) = (t.cos() * rx, t.sin() * ry);
            (cx + x * c - y * s, cy + x * s + y * c)
        })
        .collect()
}

/// An arc of an ellipse from angle a0 to a1 (radians), inclusive.
pub fn arc_pts(cx: f32, cy: f32, rx: f32, ry: f32, a0: f32, a1: f32, n: usize) -> Vec<Point> {
    (0..=n)
        .map(|i| {
            let t = a0 + (a1 - a0) * i as f32 / n as f32;
            (cx + t.cos() * rx, cy + t.sin() * ry)
        })
        .collect()
}

pub fn rect_pts(x0: f32, y0: f32, x1: f32, y1: f32) -> Vec<Point> {
    vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
}

pub fn rounded_rect_pts(x0: f32, y0: f32, x1: f32, y1: f32, r: f32) -> Vec<Point> {
    let r = r.min((x1 - x0) / 2.0).min((y1 - y0) / 2.0);
    let q = std::f32::consts::FRAC_PI_2;
    let mut v = Vec::with_capacity(28);
    v.extend(arc_pts(x1 - r, y0 + r, r, r, -q, 0.0, 6));
    v.extend(arc_pts(x1 - r, y1 - r, r, r, 0.0, q, 6));
    v.extend(arc_pts(x0 + r, y1 - r, r, r, q, 2.0 * q, 6));
    v.extend(arc_pts(x0 + r, y0 + r, r, r, 2.0 * q, 3.0 * q, 6));
    v
}

/// A cubic Bézier curve as n+1 points.
pub fn bezier(p0: Point, p1: Point, p2: Point, p3: Point, n: usize) -> Vec<Point> {
    (0..=n)
        .map(|i| {
            let t = i as f32 / n as f32;
            let u = 1.0 - t;
            let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
            (
                a * p0.0 + b * p1.0 + c * p2.0 + d * p3.0,
                a * p0.1 + b * p1.1 + c * p2.1 + d * p3.1,
            )
        })
        .collect()
}

/// The outline of a stroke along `pts`, its width going from w0 to w1: one polygon, so no
/// double-blended joints.
pub fn stroke_pts(pts: &[Point], w0: f32, w1: f32) -> Vec<Point> {
    let n = pts.len();
    if n < 2 {
        return Vec::new();
    }
    let mut left = Vec::with_capacity(n);
    let mut right = Vec::with_capacity(n);
    for i in 0..n {
        let a = pts[i.saturating_sub(1)];
        let b = pts[(i + 1).min(n - 1)];
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len = (dx * dx + dy * dy).sqrt().max(1e-4);
        let (nx, ny) = (-dy / len, dx / len);
        let w = lerp(w0, w1, i as f32 / (n - 1) as f32) / 2.0;
        left.push((pts[i].0 + nx * w, pts[i].1 + ny * w));
        right.push((pts[i].0 - nx * w, pts[i].1 - ny * w));
    }
    right.reverse();
    left.extend(right);
    left
}

/// Whether a point is inside a polygon (even-odd rule).
pub fn inside(pts: &[Point], x: f32, y: f32) -> bool {
    let mut inside = false;
    let n = pts.len();
    for i in 0..n {
        let (a, b) = (pts[i], pts[(i + 1) % n]);
        if (a.1 <= y) != (b.1 <= y) && x < a.0 + (y - a.1) / (b.1 - a.1) * (b.0 - a.0) {
            inside = !inside;
        }
    }
    inside
}

/// The convex hull of a point set (monotone chain), for light shafts.
pub fn convex_hull(pts: &[Point]) -> Vec<Point> {
    let mut p: Vec<Point> = pts.to_vec();
    p.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    if p.len() < 3 {
        return p;
    }
    let cross = |o: Point, a: Point, b: Point| (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0);
    let mut hull: Vec<Point> = Vec::with_capacity(p.len() * 2);
    for pass in 0..2 {
        let start = hull.len();
        let iter: Box<dyn Iterator<Item = &Point>> = if pass == 0 {
            Box::new(p.iter())
        } else {
            Box::new(p.iter().rev())
        };
        for &q in iter {
            while hull.len() >= start + 2 && cross(hull[hull.len() - 2], hull[hull.len() - 1], q) <= 0.0 {
                hull.pop();
            }
            hull.push(q);
        }
        hull.pop();
    }
    hull
}

/// The picture being painted.
pub struct Canvas {
    pub w: usize,
    pub h: usize,
    px: Vec<Rgb>,
}

impl Canvas {
    pub fn new(w: u32, h: u32, bg: Rgb) -> Self {
        Canvas {
            w: w as usize,
            h: h as usize,
            px: vec![bg; w as usize * h as usize],
        }
    }

    pub fn wf(&self) -> f32 {
        self.w as f32
    }

    pub fn hf(&self) -> f32 {
        self.h as f32
    }

    #[inline]
    fn put(&mut self, i: usize, c: Rgb, a: f32, mode: Blend) {
        let p = &mut self.px[i];
        match mode {
            Blend::Over => {
                for k in 0..3 {
                    p[k] += (c[k] - p[k]) * a;
                }
            }
            Blend::Add => {
                for k in 0..3 {
                    p[k] += c[k] * a;
                }
            }
            Blend::Multiply => {
                for k in 0..3 {
                    p[k] *= 1.0 - a + c[k] * a;
                }
            }
        }
    }

    /// Calls `f` at every pixel centre of a rectangle; it returns a colour and its alpha.
    pub fn shade(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, mode: Blend, f: impl Fn(f32, f32) -> (Rgb, f32)) {
        let xa = x0.floor().max(0.0) as usize;
        let xb = (x1.ceil().max(0.0) as usize).min(self.w);
        let ya = y0.floor().max(0.0) as usize;
        let yb = (y1.ceil().max(0.0) as usize).min(self.h);
        for y in ya..yb {
            for x in xa..xb {
                let (c, a) = f(x as f32 + 0.5, y as f32 + 0.5);
                if a > 0.0 {
                    self.put(y * self.w + x, c, a.min(1.0), mode);
                }
            }
        }
    }

    /// Fills the even-odd union of closed paths, anti-aliased (4 sub-scanlines, exact horizontal
    /// coverage), colouring each pixel with `f`.
    pub fn fill_paths_with(&mut self, paths: &[&[Point]], mode: Blend, f: impl Fn(f32, f32) -> (Rgb, f32)) {
        const SUB: usize = 4;
        let (mut minx, mut miny, mut maxx, mut maxy) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for p in paths.iter().flat_map(|p| p.iter()) {
            minx = minx.min(p.0);
            maxx = maxx.max(p.0);
            miny = miny.min(p.1);
            maxy = maxy.max(p.1);
        }
        if !(minx < maxx && miny < maxy) {
            return;
        }
        let x0 = minx.floor().max(0.0) as usize;
        let x1 = (maxx.ceil().max(0.0) as usize).min(self.w);
        let y0 = miny.floor().max(0.0) as usize;
        let y1 = (maxy.ceil().max(0.0) as usize).min(self.h);
        if x0 >= x1 || y0 >= y1 {
            return;
        }
        let span = x1 - x0;
        let mut cov = vec![0.0f32; span + 1];
        let mut xs: Vec<f32> = Vec::with_capacity(16);
        for y in y0..y1 {
            cov.iter_mut().for_each(|c| *c = 0.0);
            let (mut lo, mut hi) = (usize::MAX, 0usize);
            for s in 0..SUB {
                let sy = y as f32 + (s as f32 + 0.5) / SUB as f32;
                xs.clear();
                for path in paths {
                    let n = path.len();
                    for i in 0..n {
                        let (a, b) = (path[i], path[(i + 1) % n]);
                        if (a.1 <= sy) != (b.1 <= sy) {
                            xs.push(a.0 + (sy - a.1) / (b.1 - a.1) * (b.0 - a.0));
                        }
                    }
                }
                xs.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
                for pair in xs.chunks_exact(2) {
                    let xa = (pair[0] - x0 as f32).clamp(0.0, span as f32);
                    let xb = (pair[1] - x0 as f32).clamp(0.0, span as f32);
                    if xb <= xa {
                        continue;
                    }
                    let w = 1.0 / SUB as f32;
                    let (ia, ib) = (xa as usize, xb as usize);
                    lo = lo.min(ia);
                    hi = hi.max(ib);
                    if ia == ib {
                        cov[ia] += (xb - xa) * w;
                    } else {
                        cov[ia] += (ia as f32 + 1.0 - xa) * w;
                        for c in &mut cov[ia + 1..ib] {
                            *c += w;
                        }
                        cov[ib] += (xb - ib as f32) * w;
                    }
                }
            }
            if lo == usize::MAX {
                continue;
            }
            for (i, &c) in cov.iter().enumerate().take(hi.min(span - 1) + 1).skip(lo) {
                let c = c.min(1.0);
                if c <= 0.001 {
                    continue;
                }
                let x = x0 + i;
                let (col, a) = f(x as f32 + 0.5, y as f32 + 0.5);
                if a > 0.0 {
                    self.put(y * self.w + x, col, (a * c).min(1.0), mode);
                }
            }
        }
    }

    pub fn fill_with(&mut self, pts: &[Point], mode: Blend, f: impl Fn(f32, f32) -> (Rgb, f32)) {
        self.fill_paths_with(&[pts], mode, f);
    }

    pub fn fill(&mut self, pts: &[Point], c: Rgb, a: f32) {
        self.fill_paths_with(&[pts], Blend::Over, |_, _| (c, a));
    }

    pub fn fill_mode(&mut self, pts: &[Point], c: Rgb, a: f32, mode: Blend) {
        self.fill_paths_with(&[pts], mode, |_, _| (c, a));
    }

    pub fn ellipse(&mut self, cx: f32, cy: f32, rx: f32, ry: f32, c: Rgb, a: f32) {
        let n = ((rx.max(ry) * 0.8) as usize).clamp(12, 72);
        self.fill(&ellipse_pts(cx, cy, rx, ry, 0.0, n), c, a);
    }

    pub fn line(&mut self, a: Point, b: Point, width: f32, c: Rgb, alpha: f32) {
        self.fill(&stroke_pts(&[a, b], width, width), c, alpha);
    }

    pub fn stroke(&mut self, pts: &[Point], width: f32, c: Rgb, alpha: f32) {
        self.fill(&stroke_pts(pts, width, width), c, alpha);
    }

    /// A soft additive light: brightest at the centre, gone at radius r.
    pub fn glow(&mut self, cx: f32, cy: f32, r: f32, c: Rgb, strength: f32) {
        self.glow_ellipse(cx, cy, r, r, c, strength);
    }

    pub fn glow_ellipse(&mut self, cx: f32, cy: f32, rx: f32, ry: f32, c: Rgb, strength: f32) {
        if rx < 0.5 || ry < 0.5 {
            return;
        }
        self.shade(cx - rx, cy - ry, cx + rx, cy + ry, Blend::Add, |x, y| {
            let (dx, dy) = ((x - cx) / rx, (y - cy) / ry);
            let d2 = dx * dx + dy * dy;
            if d2 >= 1.0 {
                return (c, 0.0);
            }
            let t = 1.0 - d2.sqrt();
            (c, strength * t * t)
        });
    }

    /// A soft elliptical shadow (multiplies the colour under it toward black).
    pub fn shadow(&mut self, cx: f32, cy: f32, rx: f32, ry: f32, strength: f32) {
        if rx < 0.5 || ry < 0.5 {
            return;
        }
        self.shade(cx - rx, cy - ry, cx + rx, cy + ry, Blend::Multiply, |x, y| {
            let (dx, dy) = ((x - cx) / rx, (y - cy) / ry);
            let d2 = dx * dx + dy * dy;
            ([0.0; 3], strength * smoothstep(1.0, 0.15, d2))
        });
    }

    /// An additive beam from `apex` widening to the segment `b0`-`b1`, fading along its length
    /// and toward its sides.
    pub fn beam(&mut self, apex: Point, b0: Point, b1: Point, c: Rgb, strength: f32) {
        let mid = ((b0.0 + b1.0) / 2.0, (b0.1 + b1.1) / 2.0);
        let (ax, ay) = (mid.0 - apex.0, mid.1 - apex.1);
        let len2 = (ax * ax + ay * ay).max(1e-6);
        let half = ((b1.0 - b0.0).powi(2) + (b1.1 - b0.1).powi(2)).sqrt() / 2.0;
        let len = len2.sqrt();
        self.fill_with(&[apex, b0, b1], Blend::Add, |x, y| {
            let (px, py) = (x - apex.0, y - apex.1);
            let s = ((px * ax + py * ay) / len2).clamp(0.0, 1.0);
            let across = (px * ay - py * ax).abs() / len / (half * s).max(1.0);
            let k = (1.0 - s * 0.75) * smoothstep(1.0, 0.35, across);
            (c, strength * k)
        });
    }

    /// The film finish: a soft shoulder on the highlights, a vignette, a cool lift in the deepest
    /// shadows, and grain; then 8-bit pixels.
    pub fn finish(self, seed: u64, grain: f32, vignette: f32) -> RgbImage {
        let (w, h) = (self.w, self.h);
        let mut img = RgbImage::new(w as u32, h as u32);
        let mut xs = ((mix64(seed ^ 0x6772_6169_6e00) >> 32) as u32).max(1);
        let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
        let tone = |v: f32| -> f32 {
            const K: f32 = 0.72;
            if v <= K {
                v.max(0.0)
            } else {
                K + (1.0 - K) * (1.0 - (-(v - K) / (1.0 - K)).exp())
            }
        };
        let out = img.as_mut();
        let cols: Vec<f32> = (0..w).map(|x| ((x as f32 + 0.5 - cx) / cx).powi(2) * 0.7).collect();
        for y in 0..h {
            let dy = (y as f32 + 0.5 - cy) / cy;
            for (x, &col) in cols.iter().enumerate() {
                let r2 = col + dy * dy;
                let v = 1.0 - vignette * smoothstep(0.25, 1.7, r2);
                let p = self.px[y * w + x];
                let c = [tone(p[0] * v), tone(p[1] * v), tone(p[2] * v)];
                let l = 0.3 * c[0] + 0.59 * c[1] + 0.11 * c[2];
                let lift = 0.018 * (1.0 - l).powi(4);
                // Triangular noise from the two halves of one xorshift32 step.
                xs ^= xs << 13;
                xs ^= xs >> 17;
                xs ^= xs << 5;
                let tri = ((xs & 0xffff) + (xs >> 16)) as f32 / 65535.0 - 1.0;
                let n = tri * grain * (0.45 + 1.3 * l * (1.0 - l));
                let i = (y * w + x) * 3;
                let lifted = [c[0] + lift * 0.4, c[1] + lift * 0.6, c[2] + lift * 1.4];
                for k in 0..3 {
                    out[i + k] = ((lifted[k] + n).clamp(0.0, 1.0) * 255.0 + 0.5) as u8;
                }
            }
        }
        img
    }
}
