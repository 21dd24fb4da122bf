//! The command line's definitions (clap) and the value parsers that validate options once,
//! as they are parsed: a bad value is a usage error (exit code 2) before any work.

use clap::builder::{EnumValueParser, TypedValueParser};
use clap::{Parser, Subcommand, ValueEnum};
use samen::analysis::allocation::Scope;
use samen::report::Format;
use samen::solve::Formulation;
use samen::solver::{SolveOptions, SolverChoice};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "samen",
    version,
    about = "Decision support for ICT cooperation between local governments"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Change one input of the scenario for this run, by key path (as in an alternative's
    /// `set`): `--set scenario.horizon=12 --set partner.kortenberg.population=21000`.
    #[arg(long = "set", global = true, value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Write a commented scenario skeleton to fill in (or start from data with
    /// `generate scenario`).
    Init(InitArgs),
    /// Validate a scenario and print a one-screen summary.
    Check(CheckArgs),
    /// Find the best cooperation plan.
    Solve(SolveArgs),
    /// Solve the base scenario and every `[[alternative]]` of each file, side by side.
    Compare(CompareArgs),
    /// The optimum as the maximum group size goes from 1 (everyone alone) to N.
    Scale(ScaleArgs),
    /// The K best distinct plans, or K near-optimal plans that differ as much as possible.
    Alternatives(AlternativesArgs),
    /// Rank the domains by the saving that sharing each of them adds to the optimum.
    Priorities(PrioritiesArgs),
    /// Split the optimal plan's cost fairly (keys, Shapley, nucleolus) and test the core.
    Allocate(AllocateArgs),
    /// Write the MILP for other solvers, with readable variable and row names.
    Export(ExportArgs),
    /// Write a scenario from the embedded municipality data.
    Generate(GenerateArgs),
    /// Report a plan you fix by hand: what would THIS arrangement cost?
    Evaluate(EvaluateArgs),
    /// Write the council report: one self-contained HTML file in Dutch or English (advice,
    /// each partner's meerjarenplan, step plan, split, alternatives, scale, assumptions), and
    /// optionally the same figures as an Excel workbook.
    Report(ReportArgs),
    /// How sure the advice is: the recommended plan priced over draws of the scenario's
    /// `[[uncertain]]` inputs (the chance it beats going alone, per partner, the robust choice
    /// among candidate plans), and with --reoptimise every draw solved again.
    Risk(RiskArgs),
    /// Which uncertain input the advice hangs on: a tornado (each input at both ends of its
    /// range), break-even values (where the plan stops saving, where the optimum changes) and
    /// the global importance of each input from a Monte Carlo sample.
    Sensitivity(SensitivityArgs),
    /// Calibrate an economies-of-scale curve: fit the multipliers of a cost sheet's
    /// `scale = [[volume, multiplier], ...]` to benchmark points (a CSV of cost per unit at a
    /// volume) by weighted least squares, and print the line to paste.
    #[command(long_about = FIT_ABOUT)]
    Fit(FitArgs),
}

const FIT_ABOUT: &str =
    "Calibrate an economies-of-scale curve: fit the multipliers of a cost sheet's \
`scale = [[volume, multiplier], ...]` to benchmark points by weighted least squares.

POINTS is a CSV file with the header `volume,cost` and optionally `weight` and `source` \
(`#` lines are comments): the cost per unit (e.g. euro per inhabitant per year) observed at a \
volume. The curve is piecewise linear between --breakpoints and flat beyond the ends, as every \
scale curve; the fit needs at least one point per breakpoint, and a point of its own between the \
neighbours of each breakpoint. It is convex by default (the slope never falls: the curve may \
fall, flatten and rise again, the U-shape of the benchmarks), and divided by the fitted cost at \
--normalise-at so the multiplier is 1 there: a cost sheet's unit_cost is the cost at \
multiplier 1.

Example: samen fit data/benchmarks/ict-cost-per-inhabitant.csv --breakpoints \
10000,30000,60000,150000 --normalise-at 10000 --volume-factor 0.02 --format toml";

#[derive(clap::Args)]
pub struct FitArgs {
    /// Benchmark points: CSV with header `volume,cost[,weight][,source]`.
    pub points: PathBuf,
    /// Volumes of the curve's breakpoints, increasing, in the points' unit.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "5000,10000,20000,40000,60000,100000,200000"
    )]
    pub breakpoints: Vec<f64>,
    /// Volume at which the multiplier is 1 (default: the first breakpoint): where the cost
    /// sheet's unit_cost applies.
    #[arg(long)]
    pub normalise_at: Option<f64>,
    /// convex: slopes never fall (U-shaped or falling and flattening); free: any
    /// piecewise-linear curve, with a warning where it is not convex.
    #[arg(long, value_enum, default_value_t = ShapeArg::Convex)]
    pub shape: ShapeArg,
    /// Multiply the written curve's volumes by this: a curve fitted per inhabitant, for a
    /// domain whose driver is ICT users at 20 per 1,000 inhabitants, takes 0.02.
    #[arg(long, default_value_t = 1.0)]
    pub volume_factor: f64,
    /// table: the curve and every point observed, fitted and residual, RMS residual and R²;
    /// json: the same figures; toml: only the `scale = ...` line to paste.
    #[arg(long, value_enum, default_value_t = FitFormatArg::Table)]
    pub format: FitFormatArg,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FitFormatArg {
    Table,
    Json,
    Toml,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ShapeArg {
    Convex,
    Free,
}

#[derive(clap::Args)]
pub struct ReportArgs {
    pub file: PathBuf,
    /// Language of the report.
    #[arg(long, value_enum, default_value_t = LangArg::Nl)]
    pub lang: LangArg,
    /// HTML file to write (atomically) instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Also write the figures as an Excel workbook (.xlsx) to this file.
    #[arg(long)]
    pub xlsx: Option<PathBuf>,
    #[command(flatten)]
    pub solver: SolverArgs,
}

#[derive(clap::Args)]
pub struct InitArgs {
    /// Scenario file to write; an existing file is never replaced.
    #[arg(long, short, default_value = "scenario.toml")]
    pub output: PathBuf,
}

#[derive(clap::Args)]
pub struct CheckArgs {
    pub file: PathBuf,
}

#[derive(clap::Args)]
pub struct SolveArgs {
    pub file: PathBuf,
    /// Also split the plan's cost by this method (volume, key:ATTRIBUTE, shapley,
    /// nucleolus); shapley and nucleolus solve every coalition (2^N solves).
    #[arg(long)]
    pub split: Option<String>,
    /// Also draw the plan on a map (SVG, one panel per domain); needs partner locations.
    #[arg(long)]
    pub map: Option<PathBuf>,
    /// Only a plan whose every cooperation admits a core allocation (no subset of its
    /// members would pay less on its own under some split); reports the rounds, the
    /// cooperations excluded and their least-core ε.
    #[arg(long, conflicts_with = "split")]
    pub require_core: bool,
    /// Solve rounds at most for --require-core.
    #[arg(long, requires = "require_core", default_value_t = samen::analysis::allocation::stable::MAX_ROUNDS)]
    pub core_rounds: usize,
    /// Columns (exact, enumerates groups: up to a dozen partners) or hubs (facility
    /// location, for regions; use HiGHS); auto chooses by the number of candidate groups.
    #[arg(long, value_enum, default_value_t = FormulationArg::Auto)]
    pub formulation: FormulationArg,
    /// Only these domains (comma-separated ids); the others are left out of the plan and
    /// of every figure.
    #[arg(long, value_delimiter = ',')]
    pub domains: Vec<String>,
    /// Solve this `[[alternative]]` of the file instead of its base scenario.
    #[arg(long)]
    pub alternative: Option<String>,
    /// Also write the recommended plan as an editable plan file (for `samen evaluate`).
    #[arg(long)]
    pub plan_out: Option<PathBuf>,
    /// What to optimise, instead of the scenario's `objective`: `cost` (the cheapest plan),
    /// `capacity` ("more with the same means": the most ICT capacity freed for new services,
    /// no partner paying more than alone over the horizon) or `capacity-year` (the same, no
    /// partner paying more than alone in any year: stricter, and slow on microlp).
    #[arg(long, value_enum)]
    pub objective: Option<ObjectiveArg>,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub solver: SolverArgs,
}

#[derive(clap::Args)]
pub struct CompareArgs {
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub solver: SolverArgs,
}

#[derive(clap::Args)]
pub struct ScaleArgs {
    pub file: PathBuf,
    /// Also draw the curve (cost per inhabitant) as an SVG file.
    #[arg(long)]
    pub chart: Option<PathBuf>,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub solver: SolverArgs,
}

#[derive(clap::Args)]
pub struct RiskArgs {
    pub file: PathBuf,
    /// Number of draws of the uncertain inputs.
    #[arg(long, default_value_t = 1000, value_parser = at_least_one)]
    pub draws: usize,
    /// Seed of the draws: the same seed gives the same result on any machine and thread count.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Latin hypercube sampling instead of plain random draws (steadier figures from fewer
    /// draws).
    #[arg(long)]
    pub lhs: bool,
    /// Solve every draw again: how often each group is in the optimum, and the recommended
    /// plan's regret.
    #[arg(long)]
    pub reoptimise: bool,
    /// Candidates of the robust choice: the scenario's K best plans (besides the alternatives'
    /// optima); 1 = the optimum only.
    #[arg(long, default_value_t = 3, value_parser = at_least_one)]
    pub best: usize,
    /// Also draw the saving's distribution (cumulative curve and histogram) as an SVG file.
    #[arg(long)]
    pub chart: Option<PathBuf>,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub solver: SolverArgs,
}

#[derive(clap::Args)]
pub struct SensitivityArgs {
    pub file: PathBuf,
    /// Draws of the Monte Carlo sample behind the global importance.
    #[arg(long, default_value_t = 500, value_parser = at_least_one)]
    pub draws: usize,
    /// Seed of the draws.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Latin hypercube sampling instead of plain random draws.
    #[arg(long)]
    pub lhs: bool,
    /// Also draw the tornado as an SVG file.
    #[arg(long)]
    pub chart: Option<PathBuf>,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub solver: SolverArgs,
}

#[derive(clap::Args)]
pub struct AlternativesArgs {
    pub file: PathBuf,
    /// The K best distinct plans in cost order.
    #[arg(long, conflicts_with = "diverse", value_parser = at_least_one)]
    pub best: Option<usize>,
    /// Up to K plans within --slack of the optimum, each as different as possible.
    #[arg(long, requires = "slack", value_parser = at_least_one)]
    pub diverse: Option<usize>,
    /// Cost bound for --diverse, as a share above the optimum (0.05 = 5%).
    #[arg(long, value_parser = share)]
    pub slack: Option<f64>,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub solver: SolverArgs,
}

#[derive(clap::Args)]
pub struct PrioritiesArgs {
    pub file: PathBuf,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub solver: SolverArgs,
}

#[derive(clap::Args)]
pub struct AllocateArgs {
    /// Scenario file (or give --game).
    #[arg(required_unless_present = "game")]
    pub file: Option<PathBuf>,
    /// A characteristic function given directly (players, kind, value of every coalition).
    #[arg(long, conflicts_with = "file")]
    pub game: Option<PathBuf>,
    /// all, or a comma-separated list of volume, key:ATTRIBUTE, shapley, nucleolus.
    #[arg(long, default_value = "all")]
    pub method: String,
    /// Partners up to which every coalition is solved (exact methods); sampled beyond.
    /// At most 24 (a tabulated game's limit).
    #[arg(long, default_value_t = samen::analysis::allocation::EXACT_LIMIT, value_parser = exact_limit)]
    pub exact_limit: usize,
    /// Permutations for the sampled Shapley value.
    #[arg(long, default_value_t = samen::analysis::allocation::SAMPLES)]
    pub samples: usize,
    /// Seed of the sampled Shapley value.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Which game to split: each cooperation of the plan its own bill, partners in no
    /// group at their cost alone (cooperations), or the whole scenario as one game, an
    /// analysis rather than a bill (whole).
    #[arg(long, value_enum, default_value_t = ScopeArg::Cooperations)]
    pub scope: ScopeArg,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub solver: SolverArgs,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    pub file: PathBuf,
    /// CPLEX LP file to write.
    #[arg(long)]
    pub lp: Option<PathBuf>,
    /// Free MPS file to write.
    #[arg(long)]
    pub mps: Option<PathBuf>,
    /// The model to write: columns, hubs, or auto (the one `samen solve` builds: hubs on a
    /// region, where the region's gap is measured against the hub model's bound).
    #[arg(long, value_enum, default_value_t = FormulationArg::Auto)]
    pub formulation: FormulationArg,
}

#[derive(clap::Args)]
pub struct GenerateArgs {
    #[command(subcommand)]
    pub what: GenerateCommand,
}

#[derive(clap::Args)]
pub struct EvaluateArgs {
    pub file: PathBuf,
    /// Plan file: `[[group]]` tables with `domain`, `form` and `members`.
    #[arg(long)]
    pub plan: PathBuf,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Subcommand)]
pub enum GenerateCommand {
    /// Every municipality of a Flemish province or arrondissement (or of Flanders), one
    /// partner each.
    Region(RegionArgs),
    /// The named municipalities (and with --with-ocmw their OCMWs), one partner each: a
    /// first scenario for a town and its neighbours.
    Scenario(MunicipalitiesArgs),
}

#[derive(clap::Args)]
pub struct MunicipalitiesArgs {
    /// Dutch names, comma-separated (any case; spaces and hyphens optional), e.g.
    /// Zemst,Kampenhout,Steenokkerzeel.
    #[arg(long, value_delimiter = ',', required = true)]
    pub municipalities: Vec<String>,
    /// Municipal map: 2025 (285, after the mergers; the default, for plans from 2025 on) or
    /// 2020 (300).
    #[arg(long, value_enum, default_value = "2025")]
    pub year: YearArg,
    #[command(flatten)]
    pub out: GenerateOutput,
}

/// What both `generate` subcommands write and from which template.
#[derive(clap::Args)]
pub struct GenerateOutput {
    /// Also one OCMW partner per municipality (else each gemeente stands for both).
    #[arg(long)]
    pub with_ocmw: bool,
    /// Domains, forms, [scenario] and [constraints] from this TOML file instead of the
    /// built-in template.
    #[arg(long)]
    pub template: Option<PathBuf>,
    /// Scenario file to write (atomically).
    #[arg(long, short)]
    pub output: PathBuf,
}

#[derive(clap::Args)]
pub struct RegionArgs {
    /// Province (Dutch name, any case), e.g. Vlaams-Brabant.
    #[arg(
        long,
        conflicts_with_all = ["arrondissement", "flanders"],
        required_unless_present_any = ["arrondissement", "flanders"]
    )]
    pub province: Option<String>,
    /// Arrondissement (Dutch name, any case), e.g. Leuven.
    #[arg(long, conflicts_with = "flanders")]
    pub arrondissement: Option<String>,
    /// Every Flemish municipality.
    #[arg(long)]
    pub flanders: bool,
    /// Municipal map: 2020 (300 municipalities) or 2025 (285, after the mergers).
    #[arg(long, value_enum, default_value = "2020")]
    pub year: YearArg,
    #[command(flatten)]
    pub out: GenerateOutput,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum YearArg {
    #[value(name = "2020")]
    Y2020,
    #[value(name = "2025")]
    Y2025,
}

#[derive(clap::Args)]
pub struct OutputArgs {
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Write the report to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct SolverArgs {
    #[arg(
        long,
        default_value = "auto",
        value_parser = EnumValueParser::<SolverArg>::new().try_map(built_solver)
    )]
    pub solver: SolverArg,
    /// Stop after this many seconds and report the best plan found.
    #[arg(long, value_parser = seconds, allow_negative_numbers = true)]
    pub time_limit: Option<f64>,
    /// Relative MIP gap at which to stop (0 proves optimality).
    #[arg(long, default_value_t = 0.0, value_parser = gap, allow_negative_numbers = true)]
    pub mip_gap: f64,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Table,
    Json,
    Csv,
    /// CSV for Excel in Belgium: `;` between fields, decimal comma.
    CsvBe,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LangArg {
    /// Nederlands (Vlaanderen).
    Nl,
    /// English.
    En,
}

impl From<LangArg> for samen::report::lang::Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Nl => samen::report::lang::Lang::Nl,
            LangArg::En => samen::report::lang::Lang::En,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ScopeArg {
    Cooperations,
    Whole,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ObjectiveArg {
    Cost,
    Capacity,
    CapacityYear,
}

impl From<ObjectiveArg> for samen::scenario::Objective {
    fn from(o: ObjectiveArg) -> Self {
        use samen::scenario::{Guard, Objective};
        match o {
            ObjectiveArg::Cost => Objective::Cost,
            ObjectiveArg::Capacity => Objective::Capacity(Guard::Horizon),
            ObjectiveArg::CapacityYear => Objective::Capacity(Guard::Year),
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormulationArg {
    Auto,
    Columns,
    Hubs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SolverArg {
    Auto,
    Microlp,
    Highs,
}

/// A count of at least one (`--best`, `--diverse`).
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(k) => Ok(k),
        Err(e) => Err(format!("{e}: expected a whole number such as 3")),
    }
}

/// `--exact-limit`: how many partners a tabulated game may hold.
fn exact_limit(text: &str) -> Result<usize, String> {
    let max = samen::game::MAX_PLAYERS;
    match text.parse::<usize>() {
        Ok(k) if (1..=max).contains(&k) => Ok(k),
        Ok(k) => Err(format!(
            "{k} is outside 1..={max}: a tabulated game holds at most {max} players (2^{max} coalition values)"
        )),
        Err(e) => Err(format!("{e}: expected a whole number such as 10")),
    }
}

/// `--slack`: a non-negative share.
fn share(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        Ok(x) => Err(format!(
            "{x} is not a share: give a number such as 0.05 (5%)"
        )),
        Err(e) => Err(format!("{e}: give a share such as 0.05 (5%)")),
    }
}

/// `--solver highs` in a build without the `highs` feature is refused as it is parsed.
fn built_solver(choice: SolverArg) -> Result<SolverArg, String> {
    if choice == SolverArg::Highs && !cfg!(feature = "highs") {
        return Err(samen::solver::NO_HIGHS.into());
    }
    Ok(choice)
}

/// `--time-limit`: a positive number of seconds.
fn seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(t) if t > 0.0 => Ok(t),
        _ => Err("expected a positive number of seconds, such as 60".into()),
    }
}

/// `--mip-gap`: a share in [0, 1).
fn gap(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(g) if (0.0..1.0).contains(&g) => Ok(g),
        _ => Err("expected a share in [0, 1), such as 0.01 (1%)".into()),
    }
}

/// `SAMEN_HIGHS_OPTIONS`, read once; kept for the whole process (the options are static).
fn highs_options() -> Option<&'static str> {
    static OPTIONS: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    OPTIONS
        .get_or_init(|| std::env::var("SAMEN_HIGHS_OPTIONS").ok())
        .as_deref()
}

impl SolverArgs {
    /// The solver options (validated by the value parsers).
    pub fn options(&self) -> SolveOptions {
        SolveOptions {
            solver: match self.solver {
                SolverArg::Auto => SolverChoice::Auto,
                SolverArg::Microlp => SolverChoice::Microlp,
                SolverArg::Highs => SolverChoice::Highs,
            },
            time_limit: self.time_limit,
            mip_gap: self.mip_gap,
            threads: None,
            solver_log: std::env::var_os("SAMEN_SOLVER_LOG").is_some(),
            highs_options: highs_options(),
        }
    }
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Csv => Format::Csv,
            FormatArg::CsvBe => Format::CsvBe,
        }
    }
}

impl From<ScopeArg> for Scope {
    fn from(s: ScopeArg) -> Scope {
        match s {
            ScopeArg::Cooperations => Scope::Cooperations,
            ScopeArg::Whole => Scope::Whole,
        }
    }
}

impl From<FormulationArg> for Formulation {
    fn from(f: FormulationArg) -> Formulation {
        match f {
            FormulationArg::Auto => Formulation::Auto,
            FormulationArg::Columns => Formulation::Columns,
            FormulationArg::Hubs => Formulation::Hubs,
        }
    }
}

impl From<YearArg> for samen::generate::Year {
    fn from(y: YearArg) -> samen::generate::Year {
        match y {
            YearArg::Y2020 => samen::generate::Year::Y2020,
            YearArg::Y2025 => samen::generate::Year::Y2025,
        }
    }
}
