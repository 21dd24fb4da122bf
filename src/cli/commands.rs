//! One short function per subcommand: read the inputs, call the library, hand the result to
//! the report layer. The decisions are in the library; what is here is wiring.

use super::args::*;
use super::io::{
    check_outputs, emit_result, load_all, load_checked, load_for, paths, read_text, warn,
    warn_large_slack, with_progress, with_spinner, write,
};
use samen::analysis::allocation::{self as allocation, CoreOptions, SplitRequest};
use samen::analysis::{alternatives, compare, dossier, priorities, scale};
use samen::error::Error;
use samen::report::render::{CoreSolve, Infeasible};
use samen::report::{Format, Report};
use samen::scenario::Scenario;
use samen::solve::{self, Outcome};
use samen::uncertainty::Method;
use std::path::{Path, PathBuf};

/// Runs one subcommand.
pub fn run(command: Command) -> Result<(), Error> {
    match command {
        Command::Init(a) => init(a),
        Command::Check(a) => check(a),
        Command::Solve(a) if a.require_core => solve_require_core(a),
        Command::Solve(a) => solve(a),
        Command::Compare(a) => compare(a),
        Command::Scale(a) => scale(a),
        Command::Alternatives(a) => alternatives(a),
        Command::Priorities(a) => priorities(a),
        Command::Allocate(a) => allocate(a),
        Command::Export(a) => export(a),
        Command::Generate(a) => match a.what {
            GenerateCommand::Region(r) => generate_region(r),
            GenerateCommand::Scenario(m) => generate_municipalities(m),
        },
        Command::Evaluate(a) => evaluate(a),
        Command::Report(a) => report(a),
        Command::Risk(a) => risk(a),
        Command::Sensitivity(a) => sensitivity(a),
        Command::Fit(a) => fit(a),
    }
}

/// Writes the skeleton, refusing to replace a file (a planner's work could be lost).
fn init(a: InitArgs) -> Result<(), Error> {
    if a.output.exists() {
        return Err(Error::Usage(format!(
            "{} exists; `samen init` never replaces a file: give another name with -o",
            a.output.display()
        )));
    }
    write(&a.output, &samen::generate::skeleton()?, &[])?;
    eprintln!(
        "wrote {}: fill in the partners, then `samen check {}`",
        a.output.display(),
        a.output.display()
    );
    Ok(())
}

fn check(a: CheckArgs) -> Result<(), Error> {
    let loaded = load_all(&a.file)?;
    let s = &loaded.scenario;
    let text = samen::report::summary::summary(s)
        + &samen::report::summary::alternatives_line(&loaded.alternatives)
        + &samen::report::summary::uncertainty_line(&loaded.uncertainty);
    super::io::emit(&text, None, &paths(&loaded.files))?;
    samen::rules::check_contradictions(s)
}

/// The scenario of a solve: loaded (or one of its alternatives), restricted to `--domains`,
/// checked for a map.
fn solve_scenario(a: &SolveArgs) -> Result<(Scenario, Vec<PathBuf>), Error> {
    let outputs = [
        a.out.output.as_deref(),
        a.map.as_deref(),
        a.plan_out.as_deref(),
    ];
    let loaded = load_checked(&a.file, &outputs)?;
    let files = loaded.files.clone();
    let mut s = match &a.alternative {
        Some(name) => alternative(loaded, name)?,
        None => loaded.scenario,
    };
    if !a.domains.is_empty() {
        s = s.only_domains(&a.domains)?;
    }
    if let Some(objective) = a.objective {
        s.set_objective(objective.into());
    }
    if a.map.is_some() {
        samen::report::map::check_locations(&s)?;
    }
    Ok((s, files))
}

/// The alternative called `name`, or a usage error listing the ones there are.
fn alternative(loaded: samen::scenario::Loaded, name: &str) -> Result<Scenario, Error> {
    let names: Vec<String> = loaded.alternatives.iter().map(|a| a.name.clone()).collect();
    match loaded.alternatives.into_iter().find(|a| a.name == name) {
        Some(a) => Ok(a.scenario),
        None if names.is_empty() => Err(Error::Usage(format!(
            "--alternative {name}: the scenario has no [[alternative]]"
        ))),
        None => {
            let (message, hint) = samen::suggest::unknown_id("alternative", name, &names);
            Err(Error::Usage(format!("--alternative: {message}; {hint}")))
        }
    }
}

fn solve(a: SolveArgs) -> Result<(), Error> {
    let (s, files) = solve_scenario(&a)?;
    let opts = a.solver.options();
    // A mistyped split is refused before the solve, which can take minutes.
    let split = a
        .split
        .as_deref()
        .map(|spec| split_request(&s, spec))
        .transpose()?;
    let optimise = || solve::optimise_or_alone(&s, &opts, a.formulation.into());
    // A split's coalitions are valued on the spare core while the plan is solved.
    let solving = with_spinner("solving", || match &split {
        Some(req) => {
            allocation::solve_valuing_ahead(&s, req, &opts, optimise).map(|(o, v)| (o, Some(v)))
        }
        None => optimise().map(|o| (o, None)),
    });
    let (outcome, ahead) = solved(solving, &a.out, &files)?;
    draw_map(&s, &outcome, a.map.as_deref(), &files)?;
    if let Some(path) = &a.plan_out {
        write(path, &outcome.plan.to_toml(&s), &files)?;
    }
    let mut report = Report::new(
        &s,
        &outcome.plan,
        &outcome.evaluation,
        Some(outcome.info.clone()),
    );
    if let (Some(req), Some(ahead)) = (split, ahead) {
        report.set_split(&allocation::allocate_ahead(
            &s,
            &outcome,
            &req,
            &opts,
            &|| {},
            ahead,
        )?);
    }
    emit_result(
        &report,
        a.out.format.into(),
        a.out.output.as_deref(),
        &files,
    )
}

/// `solve --split METHOD`: one method, its key attribute known to the scenario.
fn split_request(s: &Scenario, spec: &str) -> Result<SplitRequest, Error> {
    let methods = allocation::parse_methods(spec)?;
    if methods.len() != 1 {
        return Err(Error::Usage("--split takes one method".into()));
    }
    allocation::check_keys(s, &methods)?;
    Ok(SplitRequest::new(methods))
}

/// A solve's result; an infeasible scenario is also written as a result (its status and
/// explanation) in the formats that carry one, and then returned as the error.
fn solved<T>(result: Result<T, Error>, out: &OutputArgs, inputs: &[PathBuf]) -> Result<T, Error> {
    match result {
        Err(Error::Infeasible(why)) if !matches!(out.format, FormatArg::Table) => {
            emit_result(
                &Infeasible::new(&why),
                out.format.into(),
                out.output.as_deref(),
                inputs,
            )?;
            Err(Error::Infeasible(why))
        }
        other => other,
    }
}

fn draw_map(
    s: &Scenario,
    o: &Outcome,
    map: Option<&Path>,
    inputs: &[PathBuf],
) -> Result<(), Error> {
    match map {
        Some(path) => write(path, &samen::report::map::map_svg(s, &o.plan)?, inputs),
        None => Ok(()),
    }
}

/// `solve --require-core`: the cheapest stable plan and the search's report. When no plan
/// is stable the unconstrained optimum is printed with the verdict, and the exit code is
/// that of an infeasible scenario.
fn solve_require_core(a: SolveArgs) -> Result<(), Error> {
    if matches!(a.formulation, FormulationArg::Hubs) {
        return Err(Error::Usage(
            "--require-core re-solves with the column formulation; drop --formulation hubs".into(),
        ));
    }
    let (s, files) = solve_scenario(&a)?;
    let options = CoreOptions {
        max_rounds: a.core_rounds,
        ..Default::default()
    };
    let r = solved(
        allocation::require_core(&s, &a.solver.options(), &options),
        &a.out,
        &files,
    )?;
    let (outcome, failure) = match r.stable {
        Some(o) => (o, None),
        None => (r.optimum, Some(Error::Infeasible(r.search.message.clone()))),
    };
    draw_map(&s, &outcome, a.map.as_deref(), &files)?;
    if let Some(path) = &a.plan_out {
        write(path, &outcome.plan.to_toml(&s), &files)?;
    }
    let report = Report::new(&s, &outcome.plan, &outcome.evaluation, Some(outcome.info));
    let result = CoreSolve {
        report,
        core: r.search,
    };
    emit_result(
        &result,
        a.out.format.into(),
        a.out.output.as_deref(),
        &files,
    )?;
    failure.map_or(Ok(()), Err)
}

fn compare(a: CompareArgs) -> Result<(), Error> {
    let mut loaded = Vec::new();
    let mut read: Vec<PathBuf> = Vec::new();
    for file in &a.files {
        let l = load_all(file)?;
        read.extend(l.files.iter().cloned());
        loaded.push((file.as_path(), l));
    }
    check_outputs(&[a.out.output.as_deref()], &paths(&read))?;
    let (variants, partners) = compare::variants_of(loaded);
    let opts = a.solver.options();
    let r = with_progress(variants.len() as u64, "variants", |tick| {
        compare::compare_with_progress(&variants, &partners, &opts, tick)
    })?;
    emit_result(&r, a.out.format.into(), a.out.output.as_deref(), &read)
}

fn scale(a: ScaleArgs) -> Result<(), Error> {
    let (s, files) = load_for(&a.file, &[a.out.output.as_deref(), a.chart.as_deref()], &[])?;
    let opts = a.solver.options();
    let r = with_progress(scale::solve_count(&s) as u64, "solves", |tick| {
        scale::scale_with_progress(&s, &opts, tick)
    })?;
    if let Some(path) = &a.chart {
        write(path, &samen::report::chart::scale_svg(&r)?, &files)?;
    }
    emit_result(&r, a.out.format.into(), a.out.output.as_deref(), &files)
}

fn risk(a: RiskArgs) -> Result<(), Error> {
    let loaded = load_checked(&a.file, &[a.out.output.as_deref(), a.chart.as_deref()])?;
    let opts = samen::analysis::risk::RiskOptions {
        draws: a.draws,
        seed: a.seed,
        method: if a.lhs {
            Method::LatinHypercube
        } else {
            Method::Random
        },
        reoptimise: a.reoptimise,
        best: a.best,
        solve: a.solver.options(),
    };
    let r = with_progress(a.draws as u64, "draws", |tick| {
        samen::analysis::risk::risk(&loaded, &opts, tick)
    })?;
    if let Some(path) = &a.chart {
        write(
            path,
            &samen::report::uncertainty_chart::risk_svg(&r)?,
            &loaded.files,
        )?;
    }
    emit_result(
        &r,
        a.out.format.into(),
        a.out.output.as_deref(),
        &loaded.files,
    )
}

fn sensitivity(a: SensitivityArgs) -> Result<(), Error> {
    let loaded = load_checked(&a.file, &[a.out.output.as_deref(), a.chart.as_deref()])?;
    let opts = samen::analysis::sensitivity::SensitivityOptions {
        draws: a.draws,
        seed: a.seed,
        method: if a.lhs {
            Method::LatinHypercube
        } else {
            Method::Random
        },
        solve: a.solver.options(),
    };
    let total = loaded.uncertainty.inputs.len() + a.draws;
    let r = with_progress(total as u64, "steps", |tick| {
        samen::analysis::sensitivity::sensitivity(&loaded, &opts, tick)
    })?;
    if let Some(path) = &a.chart {
        write(
            path,
            &samen::report::uncertainty_chart::tornado_svg(&r)?,
            &loaded.files,
        )?;
    }
    emit_result(
        &r,
        a.out.format.into(),
        a.out.output.as_deref(),
        &loaded.files,
    )
}

fn alternatives(a: AlternativesArgs) -> Result<(), Error> {
    let (s, files) = load_for(&a.file, &[a.out.output.as_deref()], &[])?;
    let opts = a.solver.options();
    let r = match (a.best, a.diverse, a.slack) {
        (_, Some(k), Some(slack)) => {
            warn_large_slack(slack);
            with_spinner("finding diverse plans", || {
                alternatives::diverse(&s, slack, k, &opts)
            })?
        }
        (k, _, _) => with_spinner("finding the best plans", || {
            alternatives::best(&s, k.unwrap_or(3), &opts)
        })?,
    };
    emit_result(&r, a.out.format.into(), a.out.output.as_deref(), &files)
}

fn priorities(a: PrioritiesArgs) -> Result<(), Error> {
    let (s, files) = load_for(&a.file, &[a.out.output.as_deref()], &[])?;
    let r = priorities::priorities(&s, &a.solver.options())?;
    emit_result(&r, a.out.format.into(), a.out.output.as_deref(), &files)
}

fn allocate(a: AllocateArgs) -> Result<(), Error> {
    let methods = allocation::parse_methods(&a.method)?;
    let (r, files) = match (&a.file, &a.game) {
        (_, Some(game)) => allocate_game(game, &methods, &a.out)?,
        (Some(file), None) => allocate_scenario(file, methods, &a)?,
        (None, None) => {
            return Err(Error::Usage(
                "give a scenario FILE or --game GAME.toml".into(),
            ));
        }
    };
    emit_result(&r, a.out.format.into(), a.out.output.as_deref(), &files)
}

/// `allocate --game`: a characteristic function given directly.
fn allocate_game(
    path: &Path,
    methods: &[allocation::Method],
    out: &OutputArgs,
) -> Result<(allocation::AllocationReport, Vec<PathBuf>), Error> {
    check_outputs(&[out.output.as_deref()], &[path])?;
    let (players, g) = allocation::parse_game(&read_text(path)?, &path.display().to_string())?;
    let r = allocation::allocate_game(&players, &g, methods, &|_: &str| None, None)?;
    Ok((r, vec![path.to_path_buf()]))
}

fn allocate_scenario(
    file: &Path,
    methods: Vec<allocation::Method>,
    a: &AllocateArgs,
) -> Result<(allocation::AllocationReport, Vec<PathBuf>), Error> {
    let (s, files) = load_for(file, &[a.out.output.as_deref()], &[])?;
    let req = SplitRequest {
        methods,
        exact_limit: a.exact_limit,
        samples: a.samples,
        seed: a.seed,
        scope: a.scope.into(),
    };
    // Per cooperation, and beyond the exact limit, the number of solves is not known up
    // front.
    let n = s.partners.len();
    let known = req.scope == allocation::Scope::Whole && n <= a.exact_limit;
    // Every non-empty coalition: the empty one is not solved.
    let total = if known { (1u64 << n) - 1 } else { 0 };
    let opts = a.solver.options();
    let r = with_progress(total, "coalition values", |tick| {
        allocation::allocate_scenario(&s, &req, &opts, tick)
    })?;
    Ok((r, files))
}

fn export(a: ExportArgs) -> Result<(), Error> {
    if a.lp.is_none() && a.mps.is_none() {
        return Err(Error::Usage("give --lp FILE and/or --mps FILE".into()));
    }
    let (s, files) = load_for(&a.file, &[a.lp.as_deref(), a.mps.as_deref()], &[])?;
    let milp = solve::model_of(&s, a.formulation.into())?;
    if let Some(path) = &a.lp {
        write(path, &milp.to_lp(), &files)?;
    }
    if let Some(path) = &a.mps {
        write(path, &milp.to_mps(), &files)?;
    }
    Ok(())
}

fn generate_region(r: RegionArgs) -> Result<(), Error> {
    use samen::generate::Area;
    let area = match (r.province, r.arrondissement, r.flanders) {
        (Some(p), _, _) => Area::Province(p),
        (None, Some(a), _) => Area::Arrondissement(a),
        (None, None, true) => Area::Flanders,
        (None, None, false) => {
            return Err(Error::Usage(
                "give --province NAME, --arrondissement NAME or --flanders".into(),
            ));
        }
    };
    generate(area, r.year, r.out)
}

fn generate_municipalities(m: MunicipalitiesArgs) -> Result<(), Error> {
    let area = samen::generate::Area::Municipalities(m.municipalities);
    generate(area, m.year, m.out)
}

/// Writes the scenario of `area` to `out.output`, never over the template.
fn generate(area: samen::generate::Area, year: YearArg, out: GenerateOutput) -> Result<(), Error> {
    use samen::generate::{RegionRequest, Template};
    let inputs: Vec<PathBuf> = out.template.iter().cloned().collect();
    check_outputs(&[Some(out.output.as_path())], &paths(&inputs))?;
    let template = match &out.template {
        Some(path) => Some(Template {
            name: path.display().to_string(),
            text: read_text(path)?,
        }),
        None => None,
    };
    let generated = samen::generate::region(&RegionRequest {
        area,
        year: year.into(),
        with_ocmw: out.with_ocmw,
        template,
        output: Some(out.output.display().to_string()),
    })?;
    warn(&generated.warnings);
    write(&out.output, &generated.text, &inputs)
}

fn evaluate(a: EvaluateArgs) -> Result<(), Error> {
    let (s, files) = load_for(&a.file, &[a.out.output.as_deref()], &[&a.plan])?;
    let p = samen::plan::parse_plan(&read_text(&a.plan)?, &a.plan.display().to_string(), &s)?;
    let ev = samen::evaluate::evaluate(&s, &p);
    let report = Report::new(&s, &p, &ev, None);
    emit_result(
        &report,
        Format::from(a.out.format),
        a.out.output.as_deref(),
        &files,
    )?;
    if ev.violations.is_empty() {
        return Ok(());
    }
    Err(Error::PlanBreaksRules(format!(
        "the plan breaks {} rule(s) of the scenario (listed in the report); its figures are shown, but it is not a feasible plan",
        ev.violations.len()
    )))
}

fn report(a: ReportArgs) -> Result<(), Error> {
    let outputs = [a.output.as_deref(), a.xlsx.as_deref()];
    let lang: samen::report::lang::Lang = a.lang.into();
    // The names in the report's language where the scenario gives them (`name_nl`, `name_en`).
    let loaded = load_checked(&a.file, &outputs)?.named(&|n| lang.pick(n));
    let mut files = loaded.files.clone();
    let opts = a.solver.options();
    let s = &loaded.scenario;
    let d = with_progress(dossier::tick_count(s, &opts) as u64, "solves", |tick| {
        dossier::assemble(&loaded, &opts, tick)
    })?;
    if let Some(path) = &a.xlsx {
        let bytes = samen::report::xlsx::council_xlsx(&d, lang)?;
        samen::report::output::write_atomic_bytes(path, &bytes, &paths(&files))?;
        files.push(path.clone());
    }
    let html = samen::report::html::council_html(&d, lang)?;
    super::io::emit(&html, a.output.as_deref(), &paths(&files))
}

/// `samen fit`: the points read and fitted; warnings on standard error, the result in the
/// format asked for (toml: only the scale line).
fn fit(a: FitArgs) -> Result<(), Error> {
    use samen::analysis::fit::{self as fit, FitOptions, Shape};
    check_outputs(&[a.output.as_deref()], &[&a.points])?;
    let points = fit::parse_points(&read_text(&a.points)?, &a.points.display().to_string())?;
    let opts = FitOptions {
        breakpoints: a.breakpoints,
        normalise_at: a.normalise_at,
        shape: match a.shape {
            ShapeArg::Convex => Shape::Convex,
            ShapeArg::Free => Shape::Free,
        },
        volume_factor: a.volume_factor,
    };
    let r = fit::fit(&points, &opts)?;
    for w in &r.warnings {
        eprintln!("warning: {w}");
    }
    let text = match a.format {
        FitFormatArg::Toml => r.to_toml(),
        FitFormatArg::Table => samen::report::render(&r, Format::Table)?,
        FitFormatArg::Json => samen::report::render(&r, Format::Json)?,
    };
    super::io::emit(&text, a.output.as_deref(), &[&a.points])
}
