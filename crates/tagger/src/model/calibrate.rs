//! Calibration: Platt sigmoids fitted on out-of-fold scores, and the decision
//! thresholds chosen on the calibrated scores.

use super::sigmoid;
use super::train::Row;

/// Platt scaling: fits `p = σ(a·z + b)` by Newton's method on regularised targets
/// (Platt 1999; Lin, Lin & Weng 2007). Returns `(a, b)`.
pub(crate) fn fit_platt(pairs: &[(f64, bool)]) -> (f64, f64) {
    let pos = pairs.iter().filter(|p| p.1).count() as f64;
    let neg = pairs.len() as f64 - pos;
    if pairs.is_empty() {
        return (1.0, 0.0);
    }
    let hi = (pos + 1.0) / (pos + 2.0);
    let lo = 1.0 / (neg + 2.0);
    let t: Vec<f64> = pairs.iter().map(|p| if p.1 { hi } else { lo }).collect();
    let (mut a, mut b) = (0.0f64, ((neg + 1.0) / (pos + 1.0)).ln());
    // Here p = 1/(1+exp(a z + b)) as in the papers; we flip signs at the end.
    let mut fv = platt_loss(pairs, &t, a, b);
    for _ in 0..100 {
        let ((g1, g2), (h11, h22, h21)) = platt_derivatives(pairs, &t, a, b);
        if g1.abs() < 1e-6 && g2.abs() < 1e-6 {
            break;
        }
        let det = h11 * h22 - h21 * h21;
        let da = -(h22 * g1 - h21 * g2) / det;
        let db = -(-h21 * g1 + h11 * g2) / det;
        let gd = g1 * da + g2 * db;
        // Backtracking line search.
        let mut step = 1.0;
        let mut improved = false;
        while step >= 1e-10 {
            let (na, nb) = (a + step * da, b + step * db);
            let nf = platt_loss(pairs, &t, na, nb);
            if nf < fv + 1e-4 * step * gd {
                a = na;
                b = nb;
                fv = nf;
                improved = true;
                break;
            }
            step /= 2.0;
        }
        if !improved {
            break;
        }
    }
    // Convert to p = σ(A z + B).
    (-a, -b)
}

/// Cross-entropy of `p = 1/(1+exp(a z + b))` against the targets `t`.
fn platt_loss(pairs: &[(f64, bool)], t: &[f64], a: f64, b: f64) -> f64 {
    pairs
        .iter()
        .zip(t)
        .map(|(&(z, _), &ti)| {
            let f = a * z + b;
            if f >= 0.0 {
                ti * f + (1.0 + (-f).exp()).ln()
            } else {
                (ti - 1.0) * f + (1.0 + f.exp()).ln()
            }
        })
        .sum()
}

/// Gradient `(g1, g2)` and Hessian `(h11, h22, h21)` of [`platt_loss`] (the
/// Hessian's diagonal slightly regularised).
fn platt_derivatives(
    pairs: &[(f64, bool)],
    t: &[f64],
    a: f64,
    b: f64,
) -> ((f64, f64), (f64, f64, f64)) {
    let (mut h11, mut h22, mut h21, mut g1, mut g2) = (1e-12, 1e-12, 0.0, 0.0, 0.0);
    for (&(z, _), &ti) in pairs.iter().zip(t) {
        let f = a * z + b;
        let (p, q) = if f >= 0.0 {
            let e = (-f).exp();
            (e / (1.0 + e), 1.0 / (1.0 + e))
        } else {
            let e = f.exp();
            (1.0 / (1.0 + e), e / (1.0 + e))
        };
        let d2 = p * q;
        h11 += z * z * d2;
        h22 += d2;
        h21 += z * d2;
        let d1 = ti - p;
        g1 += z * d1;
        g2 += d1;
    }
    ((g1, g2), (h11, h22, h21))
}

/// Decision thresholds from the calibrated out-of-fold scores: a shared one
/// maximising macro-F1, and one per label maximising the mean of the label's F1
/// and that macro-F1 (a label has 4–20 positives here, so its own F1 curve
/// alone is mostly noise; half of the shared curve pulls it towards the shared
/// choice). All within `range`; ties go to the higher threshold.
pub(super) fn choose_thresholds(
    rows: &[Row],
    oof: &[f64],
    platt: &[(f32, f32)],
    nl: usize,
    range: (f32, f32),
) -> (f32, Vec<f32>) {
    let (lo, hi) = (range.0 as f64, range.1.max(range.0) as f64);
    let steps = ((hi - lo) / 0.025).round() as usize;
    let grid: Vec<f64> = (0..=steps).map(|k| lo + 0.025 * k as f64).collect();
    let f1 = f1_table(rows, oof, platt, nl, &grid);
    let macro_f1: Vec<f64> = (0..grid.len())
        .map(|t| {
            let v: Vec<f64> = f1[t * nl..(t + 1) * nl].iter().flatten().copied().collect();
            if v.is_empty() {
                0.0
            } else {
                v.iter().sum::<f64>() / v.len() as f64
            }
        })
        .collect();
    let argmax = |score: &dyn Fn(usize) -> f64| -> f32 {
        let mut best = (f64::MIN, grid[grid.len() / 2]);
        for (t, &th) in grid.iter().enumerate() {
            let f = score(t);
            if f >= best.0 - 1e-12 {
                best = (f, th);
            }
        }
        best.1 as f32
    };
    let shared = argmax(&|t| macro_f1[t]);
    let per = (0..nl)
        .map(|l| argmax(&|t| 0.5 * f1[t * nl + l].unwrap_or(0.0) + 0.5 * macro_f1[t]))
        .collect();
    (shared, per)
}

/// F1 per (threshold of `grid`, label), row-major by threshold; `None` when the
/// label has no positives or predictions at that threshold.
fn f1_table(
    rows: &[Row],
    oof: &[f64],
    platt: &[(f32, f32)],
    nl: usize,
    grid: &[f64],
) -> Vec<Option<f64>> {
    let mut f1 = vec![None; grid.len() * nl];
    for l in 0..nl {
        let (a, b) = platt[l];
        let ps: Vec<(f64, bool)> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.y[l] >= 0)
            .map(|(i, r)| (sigmoid(a as f64 * oof[i * nl + l] + b as f64), r.y[l] == 1))
            .collect();
        for (t, &th) in grid.iter().enumerate() {
            let (mut tp, mut fp, mut fneg) = (0.0, 0.0, 0.0);
            for &(p, y) in &ps {
                match (p >= th, y) {
                    (true, true) => tp += 1.0,
                    (true, false) => fp += 1.0,
                    (false, true) => fneg += 1.0,
                    _ => {}
                }
            }
            if tp + fp + fneg > 0.0 {
                f1[t * nl + l] = Some(2.0 * tp / (2.0 * tp + fp + fneg));
            }
        }
    }
    f1
}

#[cfg(test)]
mod tests {
    use super::super::train::SplitMix;
    use super::*;

    #[test]
    fn platt_recovers_a_sigmoid() {
        // Scores z, labels drawn deterministically with P(y) = σ(2z - 1).
        let mut rng = SplitMix(7);
        let pairs: Vec<(f64, bool)> = (0..4000)
            .map(|i| {
                let z = (i % 400) as f64 / 100.0 - 2.0;
                let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
                (z, u < sigmoid(2.0 * z - 1.0))
            })
            .collect();
        let (a, b) = fit_platt(&pairs);
        assert!((a - 2.0).abs() < 0.3, "a = {a}");
        assert!((b + 1.0).abs() < 0.3, "b = {b}");
    }
}
