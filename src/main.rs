//! The `samen` command line: parses arguments, calls the library, prints. Nothing else.

use clap::{Parser, Subcommand, ValueEnum};
use samen::error::{Error, render};
use samen::plan::parse_plan;
use samen::report::Report;
use samen::scenario::{Loaded, Scenario};
use samen::solver::{SolveOptions, SolverChoice};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "samen",
    version,
    about = "Decision support for ICT cooperation between local governments"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a scenario and print a one-screen summary.
    Check { file: PathBuf },
    /// Find the best cooperation plan.
    Solve {
        file: PathBuf,
        /// Also split the plan's cost by this method (volume, key:ATTRIBUTE, shapley,
        /// nucleolus); shapley and nucleolus solve every coalition (2^N solves).
        #[arg(long)]
        split: Option<String>,
        /// Also draw the plan on a map (SVG, one panel per domain); needs partner locations.
        #[arg(long)]
        map: Option<PathBuf>,
        /// Only a plan whose every cooperation admits a core allocation (no subset of its
        /// members would pay less on its own under some split); reports the rounds, the
        /// cooperations excluded and their least-core ε.
        #[arg(long, conflicts_with = "split")]
        require_core: bool,
        /// Solve rounds at most for --require-core.
        #[arg(long, requires = "require_core", default_value_t = samen::analysis::allocation::stable::MAX_ROUNDS)]
        core_rounds: usize,
        /// Columns (exact, enumerates groups: up to a dozen partners) or hubs (facility
        /// location, for regions; use HiGHS); auto chooses by the number of candidate groups.
        #[arg(long, value_enum, default_value_t = FormulationArg::Auto)]
        formulation: FormulationArg,
        /// Only these domains (comma-separated ids); the others are left out of the plan and
        /// of every figure.
        #[arg(long, value_delimiter = ',')]
        domains: Vec<String>,
        #[command(flatten)]
        out: OutputArgs,
        #[command(flatten)]
        solver: SolverArgs,
    },
    /// Solve the base scenario and every `[[alternative]]` of each file, side by side.
    Compare {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        out: OutputArgs,
        #[command(flatten)]
        solver: SolverArgs,
    },
    /// The optimum as the maximum group size goes from 1 (everyone alone) to N.
    Scale {
        file: PathBuf,
        /// Also draw the curve (cost per inhabitant) as an SVG file.
        #[arg(long)]
        chart: Option<PathBuf>,
        #[command(flatten)]
        out: OutputArgs,
        #[command(flatten)]
        solver: SolverArgs,
    },
    /// The K best distinct plans, or K near-optimal plans that differ as much as possible.
    Alternatives {
        file: PathBuf,
        /// The K best distinct plans in cost order.
        #[arg(long, conflicts_with = "diverse", value_parser = at_least_one)]
        best: Option<usize>,
        /// Up to K plans within --slack of the optimum, each as different as possible.
        #[arg(long, requires = "slack", value_parser = at_least_one)]
        diverse: Option<usize>,
        /// Cost bound for --diverse, as a share above the optimum (0.05 = 5%).
        #[arg(long, value_parser = share)]
        slack: Option<f64>,
        #[command(flatten)]
        out: OutputArgs,
        #[command(flatten)]
        solver: SolverArgs,
    },
    /// Rank the domains by the saving that sharing each of them adds to the optimum.
    Priorities {
        file: PathBuf,
        #[command(flatten)]
        out: OutputArgs,
        #[command(flatten)]
        solver: SolverArgs,
    },
    /// Split the optimal plan's cost fairly (keys, Shapley, nucleolus) and test the core.
    Allocate {
        /// Scenario file (or give --game).
        #[arg(required_unless_present = "game")]
        file: Option<PathBuf>,
        /// A characteristic function given directly (players, kind, value of every coalition).
        #[arg(long, conflicts_with = "file")]
        game: Option<PathBuf>,
        /// all, or a comma-separated list of volume, key:ATTRIBUTE, shapley, nucleolus.
        #[arg(long, default_value = "all")]
        method: String,
        /// Partners up to which every coalition is solved (exact methods); sampled beyond.
        /// At most 24 (a tabulated game's limit).
        #[arg(long, default_value_t = samen::analysis::allocation::EXACT_LIMIT, value_parser = exact_limit)]
        exact_limit: usize,
        /// Permutations for the sampled Shapley value.
        #[arg(long, default_value_t = samen::analysis::allocation::SAMPLES)]
        samples: usize,
        /// Seed of the sampled Shapley value.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Which game to split: each cooperation of the plan its own bill, partners in no
        /// group at their cost alone (cooperations), or the whole scenario as one game, an
        /// analysis rather than a bill (whole).
        #[arg(long, value_enum, default_value_t = ScopeArg::Cooperations)]
        scope: ScopeArg,
        #[command(flatten)]
        out: OutputArgs,
        #[command(flatten)]
        solver: SolverArgs,
    },
    /// Write the MILP for other solvers, with readable variable and row names.
    Export {
        file: PathBuf,
        /// CPLEX LP file to write.
        #[arg(long)]
        lp: Option<PathBuf>,
        /// Free MPS file to write.
        #[arg(long)]
        mps: Option<PathBuf>,
    },
    /// Write a scenario from the embedded municipality data.
    Generate {
        #[command(subcommand)]
        what: GenerateCommand,
    },
    /// Report a plan you fix by hand: what would THIS arrangement cost?
    Evaluate {
        file: PathBuf,
        /// Plan file: `[[group]]` tables with `domain`, `form` and `members`.
        #[arg(long)]
        plan: PathBuf,
        #[command(flatten)]
        out: OutputArgs,
    },
}

#[derive(Subcommand)]
enum GenerateCommand {
    /// Every municipality of a Flemish province or arrondissement (or of Flanders), one
    /// partner each.
    Region {
        /// Province (Dutch name, any case), e.g. Vlaams-Brabant.
        #[arg(
            long,
            conflicts_with_all = ["arrondissement", "flanders"],
            required_unless_present_any = ["arrondissement", "flanders"]
        )]
        province: Option<String>,
        /// Arrondissement (Dutch name, any case), e.g. Leuven.
        #[arg(long, conflicts_with = "flanders")]
        arrondissement: Option<String>,
        /// Every Flemish municipality.
        #[arg(long)]
        flanders: bool,
        /// Municipal map: 2020 (300 municipalities) or 2025 (285, after the mergers).
        #[arg(long, value_enum, default_value = "2020")]
        year: YearArg,
        /// Also one OCMW partner per municipality (else each gemeente stands for both).
        #[arg(long)]
        with_ocmw: bool,
        /// Domains, forms, [scenario] and [constraints] from this TOML file instead of the
        /// built-in template.
        #[arg(long)]
        template: Option<PathBuf>,
        /// Scenario file to write (atomically).
        #[arg(long, short)]
        output: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum YearArg {
    #[value(name = "2020")]
    Y2020,
    #[value(name = "2025")]
    Y2025,
}

#[derive(clap::Args)]
struct OutputArgs {
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write the report to this file (atomically) instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

#[derive(clap::Args)]
struct SolverArgs {
    #[arg(long, value_enum, default_value_t = SolverArg::Auto)]
    solver: SolverArg,
    /// Stop after this many seconds and report the best plan found.
    #[arg(long)]
    time_limit: Option<f64>,
    /// Relative MIP gap at which to stop (0 proves optimality).
    #[arg(long, default_value_t = 0.0)]
    mip_gap: f64,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum ScopeArg {
    Cooperations,
    Whole,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormulationArg {
    Auto,
    Columns,
    Hubs,
}

#[derive(Clone, Copy, ValueEnum)]
enum SolverArg {
    Auto,
    Microlp,
    Highs,
}

/// `solve --split METHOD`: one method, its key attribute known to the scenario.
fn split_request(
    s: &Scenario,
    spec: &str,
) -> Result<samen::analysis::allocation::SplitRequest, Error> {
    let methods = samen::analysis::allocation::parse_methods(spec)?;
    if methods.len() != 1 {
        return Err(Error::Usage("--split takes one method".into()));
    }
    samen::analysis::allocation::check_keys(s, &methods)?;
    Ok(samen::analysis::allocation::SplitRequest::new(methods))
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// Loads a scenario and refuses the run when one of `outputs` would overwrite a file it read
/// (the scenario, every file it `extends`, and `extra` inputs such as a plan) or two outputs
/// share a path; returns the scenario and the files it read.
fn load_for(
    file: &Path,
    outputs: &[Option<&Path>],
    extra: &[&Path],
) -> Result<(Scenario, Vec<PathBuf>), Error> {
    let loaded = load_all(file)?;
    let mut inputs: Vec<&Path> = loaded.files.iter().map(|f| f.as_path()).collect();
    inputs.extend_from_slice(extra);
    check_outputs(outputs, &inputs)?;
    Ok((loaded.scenario, loaded.files))
}

/// [`samen::report::output::check_outputs`] for the outputs a command was given.
fn check_outputs(outputs: &[Option<&Path>], inputs: &[&Path]) -> Result<(), Error> {
    let outputs: Vec<&Path> = outputs.iter().flatten().copied().collect();
    samen::report::output::check_outputs(&outputs, inputs)
}

fn paths(files: &[PathBuf]) -> Vec<&Path> {
    files.iter().map(|f| f.as_path()).collect()
}

/// Loads a scenario with its alternatives; warnings go to standard error.
fn load_all(file: &Path) -> Result<Loaded, Error> {
    let loaded = Scenario::load(file)?;
    if !loaded.warnings.is_empty() {
        let _ = writeln!(std::io::stderr(), "{}\n", render(&loaded.warnings));
    }
    Ok(loaded)
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Check { file } => {
            let (s, _) = load_for(&file, &[], &[])?;
            emit(&samen::report::summary::summary(&s), None, &[&file])?;
            let found = samen::rules::contradictions(&s);
            if found.is_empty() {
                return Ok(());
            }
            Err(Error::Infeasible(format!(
                "these rules contradict each other (no plan can satisfy them; no solve needed to see it):\n{}",
                found
                    .iter()
                    .map(|c| format!("  - {c}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            )))
        }
        Command::Solve {
            file,
            split,
            map,
            require_core,
            core_rounds,
            formulation,
            domains,
            out,
            solver,
        } => {
            let opts = solver.options()?;
            let (mut s, files) = load_for(&file, &[out.output.as_deref(), map.as_deref()], &[])?;
            let inputs = paths(&files);
            if !domains.is_empty() {
                s = s.only_domains(&domains)?;
            }
            if map.is_some() {
                samen::report::map::check_locations(&s)?;
            }
            // A mistyped split is refused before the solve, which can take minutes.
            let split = split.map(|spec| split_request(&s, &spec)).transpose()?;
            if require_core {
                if matches!(formulation, FormulationArg::Hubs) {
                    return Err(Error::Usage(
                        "--require-core re-solves with the column formulation; drop --formulation hubs".into(),
                    ));
                }
                return solve_require_core(&s, &opts, core_rounds, &out, &inputs, map.as_deref());
            }
            let formulation = match formulation {
                FormulationArg::Auto => samen::solve::Formulation::Auto,
                FormulationArg::Columns => samen::solve::Formulation::Columns,
                FormulationArg::Hubs => samen::solve::Formulation::Hubs,
            };
            let outcome = match samen::solve::optimise_or_alone(&s, &opts, formulation) {
                // The status is part of every result: a JSON reader sees it too.
                Err(Error::Infeasible(why)) if matches!(out.format, Format::Json) => {
                    let doc = serde_json::json!({ "status": "infeasible", "explanation": why });
                    emit(&format!("{doc:#}\n"), out.output.as_deref(), &inputs)?;
                    return Err(Error::Infeasible(why));
                }
                other => other?,
            };
            if let Some(path) = &map {
                let svg = samen::report::map::map_svg(&s, &outcome.plan)?;
                samen::report::output::write_atomic(path, &svg, &inputs)?;
            }
            let mut report = Report::new(
                &s,
                &outcome.plan,
                &outcome.evaluation,
                Some(outcome.info.clone()),
            );
            if let Some(req) = split {
                let a =
                    samen::analysis::allocation::allocate_plan(&s, &outcome, &req, &opts, &|| {})?;
                report.set_split(&a);
            }
            emit(
                &render_report(&report, out.format),
                out.output.as_deref(),
                &inputs,
            )
        }
        Command::Compare { files, out, solver } => {
            use samen::analysis::compare::{Variant, compare_with_progress};
            let opts = solver.options()?;
            let mut variants = Vec::new();
            let mut partners: Vec<String> = Vec::new();
            let mut read: Vec<PathBuf> = Vec::new();
            for file in &files {
                let loaded = load_all(file)?;
                read.extend(loaded.files.iter().cloned());
                for p in &loaded.scenario.partners {
                    if !partners.contains(&p.id) {
                        partners.push(p.id.clone());
                    }
                }
                let base_name = if files.len() > 1 {
                    file.file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default()
                } else {
                    "base".to_string()
                };
                variants.push(Variant {
                    name: base_name,
                    description: loaded.scenario.name.clone(),
                    scenario: loaded.scenario,
                });
                variants.extend(loaded.alternatives.into_iter().map(|a| Variant {
                    name: a.name,
                    description: a.description,
                    scenario: a.scenario,
                }));
            }
            check_outputs(&[out.output.as_deref()], &paths(&read))?;
            let bar = progress_bar(variants.len() as u64, "variants");
            let r = compare_with_progress(&variants, &partners, &opts, &|| tick(&bar));
            finish(bar);
            let r = r?;
            let text = render_as(&r, out.format, |r| r.to_table());
            emit(&text, out.output.as_deref(), &paths(&read))
        }
        Command::Scale {
            file,
            chart,
            out,
            solver,
        } => {
            let opts = solver.options()?;
            let (s, files) = load_for(&file, &[out.output.as_deref(), chart.as_deref()], &[])?;
            let inputs = paths(&files);
            let bar = progress_bar(samen::analysis::scale::solve_count(&s) as u64, "solves");
            let r = samen::analysis::scale::scale_with_progress(&s, &opts, &|| tick(&bar));
            finish(bar);
            let r = r?;
            if let Some(path) = chart {
                samen::report::output::write_atomic(
                    &path,
                    &samen::report::chart::scale_svg(&r)?,
                    &inputs,
                )?;
            }
            let text = render_as(&r, out.format, |r| r.to_table());
            emit(&text, out.output.as_deref(), &inputs)
        }
        Command::Alternatives {
            file,
            best,
            diverse,
            slack,
            out,
            solver,
        } => {
            let opts = solver.options()?;
            let (s, files) = load_for(&file, &[out.output.as_deref()], &[])?;
            let r = match (best, diverse, slack) {
                (_, Some(k), Some(slack)) => {
                    warn_large_slack(slack);
                    samen::analysis::alternatives::diverse(&s, slack, k, &opts)?
                }
                (k, _, _) => samen::analysis::alternatives::best(&s, k.unwrap_or(3), &opts)?,
            };
            let text = render_as(&r, out.format, |r| r.to_table());
            emit(&text, out.output.as_deref(), &paths(&files))
        }
        Command::Priorities { file, out, solver } => {
            let opts = solver.options()?;
            let (s, files) = load_for(&file, &[out.output.as_deref()], &[])?;
            let r = samen::analysis::priorities::priorities(&s, &opts)?;
            let text = render_as(&r, out.format, |r| r.to_table());
            emit(&text, out.output.as_deref(), &paths(&files))
        }
        Command::Allocate {
            file,
            game,
            method,
            exact_limit,
            samples,
            seed,
            scope,
            out,
            solver,
        } => {
            let scope = match scope {
                ScopeArg::Cooperations => samen::analysis::allocation::Scope::Cooperations,
                ScopeArg::Whole => samen::analysis::allocation::Scope::Whole,
            };
            let methods = samen::analysis::allocation::parse_methods(&method)?;
            let opts = solver.options()?;
            let (r, inputs) = match (file, game) {
                (_, Some(path)) => {
                    check_outputs(&[out.output.as_deref()], &[&path])?;
                    let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
                        path: path.display().to_string(),
                        source,
                    })?;
                    let (players, g) = samen::analysis::allocation::parse_game(
                        &text,
                        &path.display().to_string(),
                    )?;
                    let none = |_: &str| None;
                    (
                        samen::analysis::allocation::allocate_game(
                            &players, &g, &methods, &none, None,
                        )?,
                        vec![path],
                    )
                }
                (Some(path), None) => {
                    let (s, files) = load_for(&path, &[out.output.as_deref()], &[])?;
                    let n = s.partners.len();
                    // Per cooperation, and beyond the exact limit, the number of solves is not
                    // known up front.
                    let whole = scope == samen::analysis::allocation::Scope::Whole;
                    let total = if whole && n <= exact_limit {
                        1u64 << n
                    } else {
                        0
                    };
                    let bar = progress_bar(total, "coalition values");
                    let req = samen::analysis::allocation::SplitRequest {
                        methods,
                        exact_limit,
                        samples,
                        seed,
                        scope,
                    };
                    let r =
                        samen::analysis::allocation::allocate_scenario(&s, &req, &opts, &|| {
                            tick(&bar)
                        });
                    finish(bar);
                    (r?, files)
                }
                (None, None) => {
                    return Err(Error::Usage(
                        "give a scenario FILE or --game GAME.toml".into(),
                    ));
                }
            };
            let text = render_as(&r, out.format, |r| r.to_table());
            emit(&text, out.output.as_deref(), &paths(&inputs))
        }
        Command::Export { file, lp, mps } => {
            if lp.is_none() && mps.is_none() {
                return Err(Error::Usage("give --lp FILE and/or --mps FILE".into()));
            }
            let (s, files) = load_for(&file, &[lp.as_deref(), mps.as_deref()], &[])?;
            let model = samen::solve::build_model(&s)?;
            if let Some(path) = lp {
                samen::report::output::write_atomic(&path, &model.milp.to_lp(), &paths(&files))?;
            }
            if let Some(path) = mps {
                samen::report::output::write_atomic(&path, &model.milp.to_mps(), &paths(&files))?;
            }
            Ok(())
        }
        Command::Generate {
            what:
                GenerateCommand::Region {
                    province,
                    arrondissement,
                    flanders,
                    year,
                    with_ocmw,
                    template,
                    output,
                },
        } => {
            use samen::generate::{Area, RegionRequest, Template};
            let template_inputs: Vec<&Path> = template.iter().map(|t| t.as_path()).collect();
            check_outputs(&[Some(output.as_path())], &template_inputs)?;
            let area = match (province, arrondissement, flanders) {
                (Some(p), _, _) => Area::Province(p),
                (None, Some(a), _) => Area::Arrondissement(a),
                (None, None, true) => Area::Flanders,
                (None, None, false) => {
                    return Err(Error::Usage(
                        "give --province NAME, --arrondissement NAME or --flanders".into(),
                    ));
                }
            };
            let template_text = match &template {
                Some(path) => Some(Template {
                    name: path.display().to_string(),
                    text: std::fs::read_to_string(path).map_err(|source| Error::Io {
                        path: path.display().to_string(),
                        source,
                    })?,
                }),
                None => None,
            };
            let generated = samen::generate::region(&RegionRequest {
                area,
                year: match year {
                    YearArg::Y2020 => samen::generate::Year::Y2020,
                    YearArg::Y2025 => samen::generate::Year::Y2025,
                },
                with_ocmw,
                template: template_text,
                output: Some(output.display().to_string()),
            })?;
            if !generated.warnings.is_empty() {
                let _ = writeln!(std::io::stderr(), "{}\n", render(&generated.warnings));
            }
            samen::report::output::write_atomic(&output, &generated.text, &template_inputs)
        }
        Command::Evaluate { file, plan, out } => {
            let (s, files) = load_for(&file, &[out.output.as_deref()], &[&plan])?;
            let mut inputs = paths(&files);
            inputs.push(&plan);
            let text = std::fs::read_to_string(&plan).map_err(|source| Error::Io {
                path: plan.display().to_string(),
                source,
            })?;
            let p = parse_plan(&text, &plan.display().to_string(), &s)?;
            let ev = samen::evaluate::evaluate(&s, &p);
            let report = Report::new(&s, &p, &ev, None);
            emit(
                &render_report(&report, out.format),
                out.output.as_deref(),
                &inputs,
            )?;
            if ev.violations.is_empty() {
                Ok(())
            } else {
                Err(Error::PlanBreaksRules(format!(
                    "the plan breaks {} rule(s) of the scenario (listed in the report); its figures are shown, but it is not a feasible plan",
                    ev.violations.len()
                )))
            }
        }
    }
}

/// `solve --require-core`: the cheapest stable plan and the search's report. When no plan
/// is stable the unconstrained optimum is printed with the verdict, and the exit code is
/// that of an infeasible scenario.
fn solve_require_core(
    s: &Scenario,
    opts: &SolveOptions,
    rounds: usize,
    out: &OutputArgs,
    inputs: &[&Path],
    map: Option<&Path>,
) -> Result<(), Error> {
    let options = samen::analysis::allocation::CoreOptions {
        max_rounds: rounds,
        ..Default::default()
    };
    let r = match samen::analysis::allocation::require_core(s, opts, &options) {
        Err(Error::Infeasible(why)) if matches!(out.format, Format::Json) => {
            let doc = serde_json::json!({ "status": "infeasible", "explanation": why });
            emit(&format!("{doc:#}\n"), out.output.as_deref(), inputs)?;
            return Err(Error::Infeasible(why));
        }
        other => other?,
    };
    let (outcome, failure) = match r.stable {
        Some(o) => (o, None),
        None => (r.optimum, Some(Error::Infeasible(r.search.message.clone()))),
    };
    if let Some(path) = map {
        let svg = samen::report::map::map_svg(s, &outcome.plan)?;
        samen::report::output::write_atomic(path, &svg, inputs)?;
    }
    let report = Report::new(s, &outcome.plan, &outcome.evaluation, Some(outcome.info));
    let text = match out.format {
        Format::Table => report.to_table() + &r.search.to_table(),
        Format::Csv => report.to_csv() + &r.search.to_csv_rows(),
        Format::Json => {
            let mut doc =
                serde_json::to_value(&report).map_err(|e| Error::Internal(e.to_string()))?;
            doc["core"] =
                serde_json::to_value(&r.search).map_err(|e| Error::Internal(e.to_string()))?;
            format!("{doc:#}\n")
        }
    };
    emit(&text, out.output.as_deref(), inputs)?;
    failure.map_or(Ok(()), Err)
}

impl SolverArgs {
    /// The one validation of the solver options, for every command.
    fn options(&self) -> Result<SolveOptions, Error> {
        if matches!(self.solver, SolverArg::Highs) && !cfg!(feature = "highs") {
            return Err(Error::Usage(samen::solver::NO_HIGHS.into()));
        }
        if !(self.mip_gap >= 0.0 && self.mip_gap < 1.0) {
            return Err(Error::Usage(format!(
                "--mip-gap must be in [0, 1), got {}",
                self.mip_gap
            )));
        }
        if self.time_limit.is_some_and(|t| t.is_nan() || t <= 0.0) {
            return Err(Error::Usage(
                "--time-limit must be a positive number of seconds".into(),
            ));
        }
        Ok(SolveOptions {
            solver: match self.solver {
                SolverArg::Auto => SolverChoice::Auto,
                SolverArg::Microlp => SolverChoice::Microlp,
                SolverArg::Highs => SolverChoice::Highs,
            },
            time_limit: self.time_limit,
            mip_gap: self.mip_gap,
            threads: None,
        })
    }
}

/// A progress bar on standard error, only when it is a terminal (so piped and redirected
/// runs, and the library, stay byte-for-byte deterministic).
fn progress_bar(total: u64, what: &str) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{{spinner}} {what} {{pos}}/{{len}} [{{elapsed}}] {{wide_bar}}"
        ))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

fn tick(bar: &Option<indicatif::ProgressBar>) {
    if let Some(b) = bar {
        b.inc(1);
    }
}

fn finish(bar: Option<indicatif::ProgressBar>) {
    if let Some(b) = bar {
        b.finish_and_clear();
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")) + "\n"
}

/// A result in the format asked for: its table, its JSON, or its JSON flattened to CSV.
fn render_as<T: serde::Serialize>(
    value: &T,
    format: Format,
    table: impl Fn(&T) -> String,
) -> String {
    match format {
        Format::Table => table(value),
        Format::Json => json(value),
        Format::Csv => match serde_json::to_value(value) {
            Ok(v) => samen::report::csv_long(&v),
            Err(e) => format!("error\n{e}\n"),
        },
    }
}

/// `--slack` is a share of the optimum: a value above 1 (100%) is allowed but most likely a
/// percentage typed as a number.
fn warn_large_slack(slack: f64) {
    if slack > 1.0 {
        let _ = writeln!(
            std::io::stderr(),
            "warning: --slack {slack} allows plans up to {:.0}% dearer than the optimum; --slack is a share (0.05 = 5%): did you mean --slack {}?\n",
            100.0 * slack,
            slack / 100.0
        );
    }
}

fn render_report(r: &Report, format: Format) -> String {
    match format {
        Format::Table => r.to_table(),
        Format::Json => r.to_json() + "\n",
        Format::Csv => r.to_csv(),
    }
}

/// Prints or writes atomically; a closed pipe (`samen solve x | head`) is not an error.
fn emit(text: &str, output: Option<&Path>, inputs: &[&Path]) -> Result<(), Error> {
    if let Some(path) = output {
        return samen::report::output::write_atomic(path, text, inputs);
    }
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Output {
            path: "standard output".into(),
            message: e.to_string(),
        }),
        _ => Ok(()),
    }
}
