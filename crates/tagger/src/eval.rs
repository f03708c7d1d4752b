//! Evaluation: per-label precision, recall and F1, macro averages, accuracy,
//! calibration error, and single-label SDG figures comparable with the SwissText
//! 2024 shared task.

use std::fmt;

use serde::Serialize;

use crate::dataset::Example;
use crate::labels::{Label, N_LABELS, N_THEMES};
use crate::pipeline::Tagger;

/// Figures for one label (or one class of the single-label task).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LabelStats {
    /// `climate`, `sdg:13`; for single-label classes `0`–`17`.
    pub label: String,
    /// Gold positives.
    pub support: usize,
    /// Predicted positives.
    pub predicted: usize,
    pub true_positives: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl LabelStats {
    fn new(label: String, tp: usize, predicted: usize, support: usize) -> LabelStats {
        let p = if predicted > 0 {
            tp as f64 / predicted as f64
        } else {
            0.0
        };
        let r = if support > 0 {
            tp as f64 / support as f64
        } else {
            0.0
        };
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        LabelStats {
            label,
            support,
            predicted,
            true_positives: tp,
            precision: p,
            recall: r,
            f1,
        }
    }
}

/// Single-label SDG classification: the best SDG over its threshold, else 0 ("not
/// SDG-relevant"), against the primary gold SDG (0 when none) — the SwissText 2024
/// task 1 set-up. Macro averages over classes present in gold or predictions.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SingleLabelReport {
    pub accuracy: f64,
    pub macro_precision: f64,
    pub macro_recall: f64,
    pub macro_f1: f64,
    pub classes: Vec<LabelStats>,
}

/// Evaluation of a tagger on labelled examples.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EvalReport {
    pub examples: usize,
    /// Labels with gold or predicted positives, themes then SDGs.
    pub labels: Vec<LabelStats>,
    pub macro_precision: f64,
    pub macro_recall: f64,
    pub macro_f1: f64,
    pub micro_f1: f64,
    /// Share of texts whose predicted label set equals the gold set exactly.
    pub accuracy: f64,
    /// Expected calibration error of the scores (10 equal-width bins, over every
    /// annotated label of every text).
    pub ece: f64,
    /// Single-label SDG figures, when SDGs are annotated.
    pub sdg_single: Option<SingleLabelReport>,
}

/// Evaluates `tagger` on `examples`. Only annotated families count: SwissText
/// texts (no themes) are scored on SDGs alone.
pub fn evaluate(tagger: &Tagger, examples: &[Example]) -> EvalReport {
    let mut tp = [0usize; N_LABELS];
    let mut pred = [0usize; N_LABELS];
    let mut sup = [0usize; N_LABELS];
    let mut exact = 0usize;
    let mut calib: Vec<(f32, bool)> = Vec::new();
    let mut single: Vec<(u8, u8)> = Vec::new();
    let thresholds: Vec<f32> = Label::all().map(|l| tagger.threshold(l)).collect();
    for ex in examples {
        let scores = tagger.label_scores(&ex.text);
        let gold = ex.labels();
        let mut same = true;
        for label in Label::all() {
            if !ex.annotates(label) {
                continue;
            }
            let l = label.index();
            let g = gold.contains(&label);
            let p = scores[l] >= thresholds[l];
            calib.push((scores[l], g));
            sup[l] += g as usize;
            pred[l] += p as usize;
            tp[l] += (g && p) as usize;
            same &= g == p;
        }
        exact += same as usize;
        if let Some(sdgs) = &ex.sdgs {
            let gold = sdgs.first().copied().unwrap_or(0);
            let best = (N_THEMES..N_LABELS)
                .filter(|&l| scores[l] >= thresholds[l])
                .max_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(b.cmp(&a)));
            let p = best.map(|l| (l - N_THEMES + 1) as u8).unwrap_or(0);
            single.push((gold, p));
        }
    }
    let labels: Vec<LabelStats> = Label::all()
        .filter(|l| sup[l.index()] + pred[l.index()] > 0)
        .map(|l| {
            let i = l.index();
            LabelStats::new(l.to_string(), tp[i], pred[i], sup[i])
        })
        .collect();
    let (mp, mr, mf) = macro_avg(&labels);
    let (ttp, tpred, tsup) = (
        tp.iter().sum::<usize>(),
        pred.iter().sum::<usize>(),
        sup.iter().sum::<usize>(),
    );
    let micro_f1 = if tpred + tsup > 0 {
        2.0 * ttp as f64 / (tpred + tsup) as f64
    } else {
        0.0
    };
    let sdg_single = (!single.is_empty()).then(|| single_label(&single));
    EvalReport {
        examples: examples.len(),
        labels,
        macro_precision: mp,
        macro_recall: mr,
        macro_f1: mf,
        micro_f1,
        accuracy: if examples.is_empty() {
            0.0
        } else {
            exact as f64 / examples.len() as f64
        },
        ece: expected_calibration_error(&calib, 10),
        sdg_single,
    }
}

fn macro_avg(v: &[LabelStats]) -> (f64, f64, f64) {
    if v.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let n = v.len() as f64;
    (
        v.iter().map(|s| s.precision).sum::<f64>() / n,
        v.iter().map(|s| s.recall).sum::<f64>() / n,
        v.iter().map(|s| s.f1).sum::<f64>() / n,
    )
}

fn single_label(pairs: &[(u8, u8)]) -> SingleLabelReport {
    let mut classes = Vec::new();
    for c in 0..=17u8 {
        let support = pairs.iter().filter(|p| p.0 == c).count();
        let predicted = pairs.iter().filter(|p| p.1 == c).count();
        if support + predicted == 0 {
            continue;
        }
        let tp = pairs.iter().filter(|p| p.0 == c && p.1 == c).count();
        classes.push(LabelStats::new(c.to_string(), tp, predicted, support));
    }
    let (macro_precision, macro_recall, macro_f1) = macro_avg(&classes);
    SingleLabelReport {
        accuracy: pairs.iter().filter(|p| p.0 == p.1).count() as f64 / pairs.len() as f64,
        macro_precision,
        macro_recall,
        macro_f1,
        classes,
    }
}

/// Expected calibration error: weighted mean, over equal-width score bins, of
/// |mean score − observed frequency|.
pub fn expected_calibration_error(pairs: &[(f32, bool)], bins: usize) -> f64 {
    if pairs.is_empty() {
        return 0.0;
    }
    let mut sum = vec![0f64; bins];
    let mut pos = vec![0f64; bins];
    let mut cnt = vec![0f64; bins];
    for &(s, y) in pairs {
        let b = ((s as f64 * bins as f64) as usize).min(bins - 1);
        sum[b] += s as f64;
        pos[b] += y as u8 as f64;
        cnt[b] += 1.0;
    }
    let n = pairs.len() as f64;
    (0..bins)
        .filter(|&b| cnt[b] > 0.0)
        .map(|b| cnt[b] / n * (sum[b] / cnt[b] - pos[b] / cnt[b]).abs())
        .sum()
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} texts", self.examples)?;
        write_table(f, &self.labels)?;
        writeln!(
            f,
            "macro      P {:.3}  R {:.3}  F1 {:.3}   micro F1 {:.3}   exact-set accuracy {:.3}   ECE {:.3}",
            self.macro_precision,
            self.macro_recall,
            self.macro_f1,
            self.micro_f1,
            self.accuracy,
            self.ece
        )?;
        if let Some(s) = &self.sdg_single {
            writeln!(f)?;
            writeln!(f, "single-label SDG (best SDG over threshold, else 0):")?;
            write_table(f, &s.classes)?;
            writeln!(
                f,
                "macro      P {:.3}  R {:.3}  F1 {:.3}   accuracy {:.3}",
                s.macro_precision, s.macro_recall, s.macro_f1, s.accuracy
            )?;
        }
        Ok(())
    }
}

fn write_table(f: &mut fmt::Formatter<'_>, rows: &[LabelStats]) -> fmt::Result {
    writeln!(
        f,
        "{:<14} {:>9} {:>9} {:>9} {:>8} {:>8}",
        "label", "precision", "recall", "f1", "support", "predicted"
    )?;
    for s in rows {
        writeln!(
            f,
            "{:<14} {:>9.3} {:>9.3} {:>9.3} {:>8} {:>8}",
            s.label, s.precision, s.recall, s.f1, s.support, s.predicted
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ece_of_perfect_and_bad_calibration() {
        // Scores 0.2 with 20% positives, 0.8 with 80%: calibrated.
        let mut v = Vec::new();
        for i in 0..100 {
            v.push((0.2, i % 5 == 0));
            v.push((0.8, i % 5 != 0));
        }
        assert!(expected_calibration_error(&v, 10) < 1e-6);
        // Always 0.9 confident, right half the time.
        let v: Vec<(f32, bool)> = (0..100).map(|i| (0.9, i % 2 == 0)).collect();
        assert!((expected_calibration_error(&v, 10) - 0.4).abs() < 1e-6);
    }

    #[test]
    fn single_label_macro_matches_sklearn_definition() {
        // gold, pred
        let pairs = [(0, 0), (0, 3), (3, 3), (5, 0), (5, 5), (0, 0)];
        let r = single_label(&pairs);
        // class 0: tp 2, pred 3, sup 3 → P=R=F1=2/3; class 3: tp1 pred2 sup1 → P .5 R 1 F1 2/3;
        // class 5: tp1 pred1 sup2 → P 1 R .5 F1 2/3.
        assert!((r.macro_f1 - 2.0 / 3.0).abs() < 1e-9);
        assert!((r.accuracy - 4.0 / 6.0).abs() < 1e-9);
        assert_eq!(r.classes.len(), 3);
    }
}
