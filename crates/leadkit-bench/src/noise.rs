//! Rounds, spreads and the noise floor.
//!
//! Every scenario measures four variants in each of [`ROUNDS`] rounds, interleaved within the
//! round so that drift on the machine falls on all of them alike: the transport floor (raw
//! hyper), the hand-written reqwest call, the leadkit client, and the hand-written call a second
//! time. The ratio of the two hand-written runs (A/A) shows how far two measurements of the
//! same code drift apart; a difference no larger than that, or one whose ratio crosses 1.0 in
//! some round, is inside the noise.

use std::time::Instant;

use crate::{ROUNDS, median, thread_cpu};

/// One side of a comparison.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Variant {
    /// The transport floor: raw hyper, see [`crate::floor`].
    Floor,
    /// The hand-written reqwest + serde_json call.
    Reqwest,
    /// The leadkit client.
    Leadkit,
    /// The hand-written call again; its ratio to [`Variant::Reqwest`] is the noise floor.
    ReqwestAgain,
}

/// Every variant, in the order of the first round.
pub const VARIANTS: [Variant; 4] = [
    Variant::Floor,
    Variant::Reqwest,
    Variant::Leadkit,
    Variant::ReqwestAgain,
];

impl Variant {
    fn index(self) -> usize {
        self as usize
    }
}

/// The order of the variants in the `slot`-th round or block: rotated each time, so that no
/// variant always runs first.
pub fn order(slot: usize) -> [Variant; 4] {
    let mut order = VARIANTS;
    order.rotate_left(slot % VARIANTS.len());
    order
}

/// One figure per variant per round, lower is better (time, CPU or bytes).
#[derive(Default)]
pub struct Rounds {
    values: [Vec<f64>; 4],
}

impl Rounds {
    /// Records `variant`'s figure for the next round.
    pub fn push(&mut self, variant: Variant, value: f64) {
        self.values[variant.index()].push(value);
    }

    /// The median of `variant`'s figures.
    pub fn median(&self, variant: Variant) -> f64 {
        median(self.values[variant.index()].clone())
    }

    /// Every variant's figure in every round, as recorded.
    pub fn of(&self, variant: Variant) -> &[f64] {
        &self.values[variant.index()]
    }

    /// `numerator / denominator`, round by round.
    pub fn ratio(&self, numerator: Variant, denominator: Variant) -> Spread {
        Spread::of(
            self.of(numerator)
                .iter()
                .zip(self.of(denominator))
                .map(|(n, d)| n / d)
                .collect(),
        )
    }

    /// The A/A pair: the hand-written call against itself.
    pub fn aa(&self) -> Spread {
        self.ratio(Variant::ReqwestAgain, Variant::Reqwest)
    }
}

/// A ratio over the rounds: lowest, median, highest.
#[derive(Clone, Copy, Debug)]
pub struct Spread {
    /// The lowest round.
    pub min: f64,
    /// The median round.
    pub median: f64,
    /// The highest round.
    pub max: f64,
}

impl Spread {
    /// The spread of `values` (at least one).
    pub fn of(values: Vec<f64>) -> Self {
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Self {
            min,
            median: median(values),
            max,
        }
    }

    /// The noise band of an A/A pair: how far from 1.0 its farthest round went.
    pub fn band(&self) -> f64 {
        (self.max - 1.0).max(1.0 - self.min)
    }

    /// Inside the noise: some rounds fall on each side of 1.0, or the median is no farther
    /// from 1.0 than the A/A pair's farthest round (`band`).
    pub fn inside(&self, band: f64) -> bool {
        (self.min <= 1.0 && self.max >= 1.0) || (self.median - 1.0).abs() <= band
    }

    /// `median (min–max)`.
    pub fn plain(&self) -> String {
        format!("{:.3} ({:.3}–{:.3})", self.median, self.min, self.max)
    }

    /// `median (min–max)`, followed by `≈ noise` or the difference in per cent.
    pub fn cell(&self, band: f64) -> String {
        if self.inside(band) {
            format!("{} ≈ noise", self.plain())
        } else {
            format!("{} {:+.1} %", self.plain(), (self.median - 1.0) * 100.0)
        }
    }

    /// The A/A cell: `median (min–max), ±band`.
    pub fn aa_cell(&self) -> String {
        format!("{}, ±{:.1} %", self.plain(), self.band() * 100.0)
    }
}

/// Prints the header of a floor / hand-written / leadkit table; `ours` names the leadkit side.
pub fn header(ours: &str) {
    println!(
        "| scenario | floor: raw hyper | hand-written reqwest | {ours} | reqwest / floor | \
         {ours} / reqwest | {ours} / floor | A/A: reqwest / reqwest |"
    );
    println!("|---|---|---|---|---|---|---|---|");
}

/// Prints one row: each variant's median as `show` writes it, then the ratios of the figures
/// (median and range over the rounds), each marked inside the noise or not.
pub fn row(scenario: &str, rounds: &Rounds, show: impl Fn(f64) -> String) {
    let band = rounds.aa().band();
    println!(
        "| {scenario} | {} | {} | {} | {} | {} | {} | {} |",
        show(rounds.median(Variant::Floor)),
        show(rounds.median(Variant::Reqwest)),
        show(rounds.median(Variant::Leadkit)),
        rounds.ratio(Variant::Reqwest, Variant::Floor).cell(band),
        rounds.ratio(Variant::Leadkit, Variant::Reqwest).cell(band),
        rounds.ratio(Variant::Leadkit, Variant::Floor).cell(band),
        rounds.aa().aa_cell(),
    );
}

/// The legend printed under each table.
pub fn legend() {
    println!();
    println!(
        "Ratios: median (min–max) over the {ROUNDS} rounds, of the figure per call (time, CPU or \
         bytes; for throughput, time per call), so above 1.0 costs more. `≈ noise`: the rounds \
         fall on both sides of 1.0, or the median is within the A/A band (the farthest the \
         hand-written call strayed from itself in any round)."
    );
    println!();
}

/// Sequential figures per call, in µs: wall clock, and CPU time of the client thread.
#[derive(Default)]
pub struct Sequential {
    /// Wall-clock time per call.
    pub wall: Rounds,
    /// The client thread's CPU time per call.
    pub cpu: Rounds,
}

/// [`ROUNDS`] rounds of `blocks` blocks; in each block every variant makes `calls` calls one
/// after the other, in an order rotated block by block.
pub async fn sequential(
    blocks: usize,
    calls: u32,
    mut call: impl AsyncFnMut(Variant),
) -> Sequential {
    let mut out = Sequential::default();
    let per_call = 1e6 / (blocks as f64 * f64::from(calls));
    for round in 0..ROUNDS {
        let (mut wall, mut cpu) = ([0.0; 4], [0.0; 4]);
        for block in 0..blocks {
            for variant in order(round * blocks + block) {
                let cpu_start = thread_cpu();
                let started = Instant::now();
                for _ in 0..calls {
                    call(variant).await;
                }
                wall[variant.index()] += started.elapsed().as_secs_f64();
                cpu[variant.index()] += (thread_cpu() - cpu_start).as_secs_f64();
            }
        }
        for variant in VARIANTS {
            out.wall.push(variant, wall[variant.index()] * per_call);
            out.cpu.push(variant, cpu[variant.index()] * per_call);
        }
    }
    out
}

/// [`ROUNDS`] rounds, each measuring every variant once (`N` figures), in rotated order.
pub async fn rounds<const N: usize>(
    mut measure: impl AsyncFnMut(Variant) -> [f64; N],
) -> [Rounds; N] {
    let mut out: [Rounds; N] = std::array::from_fn(|_| Rounds::default());
    for round in 0..ROUNDS {
        for variant in order(round) {
            for (rounds, value) in out.iter_mut().zip(measure(variant).await) {
                rounds.push(variant, value);
            }
        }
    }
    out
}
