//! Scenarios from data: `samen generate region` writes a scenario for every municipality of a
//! Flemish province or arrondissement.
//!
//! The partners come from the embedded municipality data ([`data`]); their demand drivers are
//! estimated from population by the ratios below (each a named constant with its source); the
//! domains, forms, `[scenario]` settings and `[constraints]` come from a template (by default
//! [`DEFAULT_TEMPLATE`], `scenarios/templates/region-template.toml`). The result is TOML text
//! that is validated with [`Scenario::from_toml`] before it is returned, so a generated file
//! always loads. Output is deterministic: partners sorted by NIS code, numbers formatted the
//! same way every time, no dates or paths of the machine in the text.

pub mod data;

use crate::error::{Diagnostic, Error};
use crate::scenario::Scenario;
use crate::suggest::closest;
pub use data::{Municipality, Year};

/// The template used when no `--template` is given: the domains and forms of
/// `scenarios/region-leuven.toml`, with distances priced and limited.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../scenarios/templates/region-template.toml");
/// How the default template is named in generated files.
pub const DEFAULT_TEMPLATE_NAME: &str = "scenarios/templates/region-template.toml";

/// How a partner's demand drivers follow from the population it serves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ratios {
    /// ICT users (the `staff` driver) per 1,000 inhabitants.
    pub staff_per_1000: f64,
    /// Buildings to connect (the `sites` driver) per 1,000 inhabitants.
    pub sites_per_1000: f64,
    /// Managed devices per ICT user.
    pub devices_per_user: f64,
}

/// A gemeente together with its OCMW as ONE partner (the default, as in
/// `scenarios/region-leuven.toml`: one organogram and management since 2019, docs/sources.md
/// §1.3). The sum of [`GEMEENTE`] and [`OCMW`]:
/// - staff: 18 ICT users per 1,000 inhabitants, region-leuven.toml \[assumption\]; equal to the
///   gemeente's 12.5 plus the OCMW's 5.5 below;
/// - sites: 0.65 + 0.22 = 0.87 per 1,000 inhabitants;
/// - devices: the staff-weighted mean of 1.25 and 1.15 per user, (12.5 x 1.25 + 5.5 x 1.15) / 18
///   = 1.22.
pub const GEMEENTE_WITH_OCMW: Ratios = Ratios {
    staff_per_1000: 18.0,
    sites_per_1000: 0.87,
    devices_per_user: 1.22,
};

/// A gemeente without its OCMW (`--with-ocmw`), from `scenarios/kortenberg-machelen-tervuren.toml`
/// \[assumption\] (Kortenberg, Machelen, Tervuren at 15,600-22,700 inhabitants):
/// - staff: 12.5 per 1,000 inhabitants (250, 230 and 270 users: 12.3, 14.7, 11.9 per 1,000);
/// - sites: 0.65 per 1,000 (13, 12 and 15 buildings: 0.64, 0.77, 0.66 per 1,000);
/// - devices: 1.25 per user (that file's "~1.25 per user").
pub const GEMEENTE: Ratios = Ratios {
    staff_per_1000: 12.5,
    sites_per_1000: 0.65,
    devices_per_user: 1.25,
};

/// An OCMW (`--with-ocmw`), from the three OCMWs of
/// `scenarios/kortenberg-machelen-tervuren.toml` \[assumption\]:
/// - staff: 5.5 per 1,000 inhabitants of its gemeente (110, 90 and 130 users: 5.4, 5.8, 5.7);
/// - sites: 0.22 per 1,000 (4, 4 and 5 buildings: 0.20, 0.26, 0.22);
/// - devices: 1.15 per user (130/110, 105/90, 150/130 = 1.18, 1.17, 1.15).
pub const OCMW: Ratios = Ratios {
    staff_per_1000: 5.5,
    sites_per_1000: 0.22,
    devices_per_user: 1.15,
};

/// ICT staff on payroll: a fixed [`ICT_FTE_BASE`] plus one FTE per [`USERS_PER_ICT_FTE`] users,
/// rounded to half an FTE. Fitted to the twelve partners of `scenarios/region-leuven.toml`
/// (about 80% of what each needs alone on its four domains, the rest bought in as support
/// hours) and reproducing every one of them; for comparison docs/sources.md §3.5 puts one
/// tier-1 service-desk agent at 70 users (range 30-100).
pub const ICT_FTE_BASE: f64 = 0.9;
/// See [`ICT_FTE_BASE`].
pub const USERS_PER_ICT_FTE: f64 = 115.0;

/// The smallest body still has a secretary, a finance director and a few clerks
/// \[assumption\]: the smallest Flemish municipality, Herstappe (79 inhabitants, docs/sources.md
/// §3.6), would otherwise get no ICT user at all.
pub const MIN_STAFF: f64 = 5.0;
/// Staff and devices are rounded to multiples of this, as in the example scenarios: they are
/// estimates, not counts.
pub const COUNT_ROUNDING: f64 = 5.0;

/// Which part of Flanders to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Area {
    /// The municipalities of a province, named as in the data (matched case-insensitively).
    Province(String),
    /// The municipalities of an arrondissement, named as in the data (matched
    /// case-insensitively).
    Arrondissement(String),
    /// Every Flemish municipality (300 in 2020, 285 in 2025).
    Flanders,
    /// The named municipalities (Dutch names as in the data, matched ignoring case, spaces and
    /// hyphens): `samen generate scenario --municipalities Zemst,Kampenhout`.
    Municipalities(Vec<String>),
}

impl Area {
    fn kind(&self) -> &'static str {
        match self {
            Area::Province(_) => "province",
            Area::Arrondissement(_) => "arrondissement",
            Area::Flanders => "region",
            Area::Municipalities(_) => "municipalities",
        }
    }

    fn name(&self) -> String {
        match self {
            Area::Province(n) | Area::Arrondissement(n) => n.clone(),
            Area::Flanders => "Flanders".into(),
            Area::Municipalities(names) => names.join(", "),
        }
    }

    fn of<'m>(&self, m: &'m Municipality) -> &'m str {
        match self {
            Area::Province(_) => &m.province,
            Area::Arrondissement(_) => &m.arrondissement,
            Area::Flanders => "Flanders",
            Area::Municipalities(_) => &m.name,
        }
    }
}

/// A template given by the user: its text and how to name it in the generated header.
#[derive(Debug, Clone)]
pub struct Template {
    /// How the generated header names the template (the path given on the command line).
    pub name: String,
    /// The template's TOML text: domains, forms, `[scenario]` and `[constraints]`, no partners.
    pub text: String,
}

/// Everything `samen generate region` needs.
#[derive(Debug, Clone)]
pub struct RegionRequest {
    /// Which part of Flanders to generate.
    pub area: Area,
    /// Which municipal map: before (2020) or after (2025) the mergers.
    pub year: Year,
    /// One `ocmw` partner per municipality as well (else each gemeente stands for both).
    pub with_ocmw: bool,
    /// `None`: [`DEFAULT_TEMPLATE`].
    pub template: Option<Template>,
    /// The output path as given on the command line, only to restate the command in the header.
    pub output: Option<String>,
}

/// A generated scenario.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The scenario file's text.
    pub text: String,
    /// The area's name as spelt in the data (`Vlaams-Brabant` for `vlaams-brabant`).
    pub area_name: String,
    /// The municipalities it covers, sorted by NIS code.
    pub municipalities: Vec<Municipality>,
    /// Warnings of the validation of the generated text.
    pub warnings: Vec<Diagnostic>,
}

/// Generates the scenario of one province or arrondissement.
pub fn region(req: &RegionRequest) -> Result<Generated, Error> {
    let all = data::municipalities(req.year)?;
    let (area_name, municipalities) = select(&req.area, all, req.year)?;
    let (template_name, template_text) = template_of(req);
    let names = [
        scenario_name(req, &area_name, municipalities.len()),
        scenario_name_nl(req, &area_name, municipalities.len()),
    ];
    let body = fill_template(template_name, template_text, &names)?;
    let mut text = header(req, &area_name, &municipalities, template_name);
    text.push_str(&template_banner(template_name));
    text.push_str(body.trim_end());
    text.push('\n');
    text.push_str(&partners(req, &municipalities));
    let file = format!("scenario generated from {template_name}");
    let loaded = Scenario::from_toml(&text, &file)?;
    Ok(Generated {
        text,
        area_name,
        municipalities,
        warnings: loaded.warnings,
    })
}

/// The name and text of the template asked for, else of the default one.
fn template_of(req: &RegionRequest) -> (&str, &str) {
    match &req.template {
        Some(t) => (t.name.as_str(), t.text.as_str()),
        None => (DEFAULT_TEMPLATE_NAME, DEFAULT_TEMPLATE),
    }
}

/// `scenario.name` of the generated file, for `n` municipalities.
fn scenario_name(req: &RegionRequest, area_name: &str, n: usize) -> String {
    let ocmws = if req.with_ocmw {
        " and their OCMWs"
    } else {
        ""
    };
    let kind = capitalise(req.area.kind());
    format!(
        "{kind} {area_name} ({}): {n} municipalities{ocmws}",
        req.year.number()
    )
}

/// [`scenario_name`] in Dutch (`name_nl`, the name of a Dutch council report).
fn scenario_name_nl(req: &RegionRequest, area_name: &str, n: usize) -> String {
    let ocmws = if req.with_ocmw { " en hun OCMW's" } else { "" };
    let area = match &req.area {
        Area::Province(_) => format!("Provincie {area_name}"),
        Area::Arrondissement(_) => format!("Arrondissement {area_name}"),
        Area::Flanders => "Vlaanderen".into(),
        Area::Municipalities(_) => format!("Gemeenten {area_name}"),
    };
    format!("{area} ({}): {n} gemeenten{ocmws}", req.year.number())
}

/// The comment that opens the template's part of the file.
fn template_banner(template_name: &str) -> String {
    format!(
        "\n# {rule}\n# Template: {template_name}\n# {rule}\n\n",
        rule = "=".repeat(93)
    )
}

/// The area's name as spelt in the data and its municipalities (in data order).
fn select(
    area: &Area,
    all: Vec<Municipality>,
    year: Year,
) -> Result<(String, Vec<Municipality>), Error> {
    if let Area::Municipalities(wanted) = area {
        return named(wanted, all, year);
    }
    let area_name = resolve_area(area, &all, year)?;
    let chosen = all
        .into_iter()
        .filter(|m| area.of(m) == area_name)
        .collect();
    Ok((area_name, chosen))
}

/// A name compared ignoring case, spaces, hyphens and apostrophes (`sint pieters leeuw`).
fn loose(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\'' | '’'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The named municipalities, each at most once; every unknown name is reported with the
/// closest one.
fn named(
    wanted: &[String],
    all: Vec<Municipality>,
    year: Year,
) -> Result<(String, Vec<Municipality>), Error> {
    let (mut picked, mut problems) = pick(wanted, &all);
    if picked.len() < 2 && problems.is_empty() {
        problems.push("name at least two municipalities (comma-separated)".into());
    }
    if !problems.is_empty() {
        return Err(Error::Usage(format!(
            "--municipalities ({} data): {}",
            year.number(),
            problems.join("; ")
        )));
    }
    picked.sort_unstable();
    let names: Vec<String> = picked.iter().map(|&i| all[i].name.clone()).collect();
    let chosen = all
        .into_iter()
        .enumerate()
        .filter(|(i, _)| picked.contains(i))
        .map(|(_, m)| m)
        .collect();
    Ok((names.join(", "), chosen))
}

/// The indices of the `wanted` municipalities in `all`, and what is wrong with the names.
fn pick(wanted: &[String], all: &[Municipality]) -> (Vec<usize>, Vec<String>) {
    let keys: Vec<String> = all.iter().map(|m| loose(&m.name)).collect();
    let mut picked: Vec<usize> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    for w in wanted.iter().map(|w| w.trim()).filter(|w| !w.is_empty()) {
        match keys.iter().position(|k| *k == loose(w)) {
            Some(i) if picked.contains(&i) => problems.push(format!("`{w}` is named twice")),
            Some(i) => picked.push(i),
            None => problems.push(unknown_municipality(w, &keys, all)),
        }
    }
    (picked, problems)
}

fn unknown_municipality(w: &str, keys: &[String], all: &[Municipality]) -> String {
    let guess = closest(&loose(w), keys.iter().map(|k| k.as_str()))
        .and_then(|best| keys.iter().position(|k| k == best))
        .map(|i| format!(" (did you mean `{}`?)", all[i].name))
        .unwrap_or_default();
    format!("unknown municipality `{w}`{guess}")
}

/// The area's name as spelt in the data, matched case-insensitively; else an error listing the
/// valid names with the closest one.
fn resolve_area(area: &Area, all: &[Municipality], year: Year) -> Result<String, Error> {
    if *area == Area::Flanders {
        return Ok(area.name().to_string());
    }
    let mut names: Vec<&str> = all.iter().map(|m| area.of(m)).collect();
    names.sort_unstable();
    names.dedup();
    let name = area.name();
    let wanted = name.trim();
    if let Some(hit) = names.iter().find(|n| n.eq_ignore_ascii_case(wanted)) {
        return Ok(hit.to_string());
    }
    let hint = area_hint(wanted, &names);
    Err(Error::Usage(format!(
        "unknown {} `{wanted}`; {hint}the {}s in the {} data are: {}",
        area.kind(),
        area.kind(),
        year.number(),
        names.join(", ")
    )))
}

/// `did you mean ...? ` for an unknown area name: a typo (edit distance), else the one name
/// that contains what was typed (`Brabant`); empty when neither.
fn area_hint(wanted: &str, names: &[&str]) -> String {
    let lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    let wanted_lower = wanted.to_lowercase();
    let containing: Vec<usize> = (0..lower.len())
        .filter(|&i| !wanted_lower.is_empty() && lower[i].contains(&wanted_lower))
        .collect();
    closest(&wanted_lower, lower.iter().map(|s| s.as_str()))
        .and_then(|best| lower.iter().position(|l| l == best))
        .or(match containing[..] {
            [i] => Some(i),
            _ => None,
        })
        .map(|i| format!("did you mean `{}`? ", names[i]))
        .unwrap_or_default()
}

/// The template with `scenario.name` set; refuses partners (the generator writes them).
/// The template with the scenario's `name` and `name_nl` set to `names`.
fn fill_template(name: &str, text: &str, names: &[String; 2]) -> Result<String, Error> {
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| Error::Usage(format!("template {name} is not valid TOML: {e}")))?;
    if doc.contains_key("partner") {
        return Err(Error::Usage(format!(
            "template {name} contains `[[partner]]` tables; a template holds only [scenario], \
             domains, forms and [constraints]: the generator writes the partners"
        )));
    }
    if !doc.contains_key("scenario") {
        doc.insert("scenario", toml_edit::Item::Table(toml_edit::Table::new()));
    }
    let Some(scenario) = doc["scenario"].as_table_mut() else {
        return Err(Error::Usage(format!(
            "template {name}: `scenario` must be a table ([scenario])"
        )));
    };
    set_name(scenario, "name", &names[0]);
    set_name(scenario, "name_nl", &names[1]);
    Ok(doc.to_string())
}

/// Sets `key` (a name) in the template's `[scenario]`, in its place; the template's "replaced
/// by the generator" comment on its line is not carried into the scenario.
fn set_name(scenario: &mut toml_edit::Table, key: &str, scenario_name: &str) {
    match scenario.get_mut(key).and_then(|i| i.as_value_mut()) {
        Some(v) => {
            let prefix = v.decor().prefix().cloned();
            *v = toml_edit::Value::from(scenario_name);
            if let Some(p) = prefix {
                v.decor_mut().set_prefix(p);
            }
        }
        None => {
            scenario.insert(key, toml_edit::value(scenario_name));
        }
    }
}

fn header(
    req: &RegionRequest,
    area_name: &str,
    municipalities: &[Municipality],
    template_name: &str,
) -> String {
    let command = command_line(req, area_name, template_name);
    let population: u64 = municipalities.iter().map(|m| m.population).sum();
    let file = req.year.file_name();
    let population_note = population_note(req.year);
    let partners_note = partners_note(req.with_ocmw, municipalities.len());
    let region = region_name(req, area_name);
    let ratios = ratios_note(req.with_ocmw);
    format!(
        "# Generated by `{command}`.\n\
         # Do not edit by hand: change the template or the ratios and generate again.\n\
         #\n\
         # Region: {region}, {count} municipalities, {population} inhabitants ({year} map).\n\
         # Data: data/{file}, embedded in samen.\n\
         {population_note}\
         # Centroids (lat/lon) are approximate. Provenance (data/README.md): Statbel populations via\n\
         # vandenbroucke/belgian_municipalities (commit a2a6240b); centroids and the 2025 merger\n\
         # crosswalk from gehuybre/embuild-analyses (commit 1e6bf143).\n\
         #\n\
         {partners_note}\
         #\n\
         # Drivers are ESTIMATED from population by the constants in src/generate/mod.rs (sources\n\
         # there and in the README, \"Generating a region\"); replace them with local figures:\n\
         {ratios}\
         #   staff and devices rounded to {rounding}, staff at least {min_staff}, sites at least 1;\n\
         #   ict_fte = {base} + 1 per {per} ICT users, rounded to 0.5 FTE.\n\
         # These ratios are [assumption]s taken from scenarios/region-leuven.toml (staff, ict_fte)\n\
         # and scenarios/kortenberg-machelen-tervuren.toml (sites, devices, the gemeente/OCMW split).\n\
         # Domain facts cited (docs/sources.md): §1.3 one partner per gemeente with its OCMW;\n\
         # §3.5 users per ICT FTE; §3.6 the smallest municipality.\n",
        count = municipalities.len(),
        population = crate::format::fmt_int(population as f64),
        year = req.year.number(),
        rounding = COUNT_ROUNDING,
        min_staff = MIN_STAFF,
        base = ICT_FTE_BASE,
        per = USERS_PER_ICT_FTE,
    )
}

/// The command that generates this file again.
fn command_line(req: &RegionRequest, area_name: &str, template_name: &str) -> String {
    let mut command = area_command(req, area_name);
    if req.with_ocmw {
        command.push_str(" --with-ocmw");
    }
    if req.template.is_some() {
        command.push_str(&format!(" --template {}", shell_word(template_name)));
    }
    if let Some(out) = &req.output {
        command.push_str(&format!(" -o {}", shell_word(out)));
    }
    command
}

/// The command's subcommand, area and year.
fn area_command(req: &RegionRequest, area_name: &str) -> String {
    match req.area {
        Area::Flanders => format!(
            "samen generate region --flanders --year {}",
            req.year.number()
        ),
        Area::Municipalities(_) => format!(
            "samen generate scenario --municipalities {} --year {}",
            shell_word(&area_name.replace(", ", ",")),
            req.year.number()
        ),
        _ => format!(
            "samen generate region --{} {} --year {}",
            req.area.kind(),
            shell_word(area_name),
            req.year.number()
        ),
    }
}

fn population_note(year: Year) -> &'static str {
    match year {
        Year::Y2020 => "# Population on 1 January 2020 (Statbel).\n",
        Year::Y2025 => {
            "# Municipalities as of 1 January 2025. Population = the SUM of the 2020 (Statbel)\n\
             # populations of each municipality's predecessors, NOT an official 2025 count.\n"
        }
    }
}

/// Who the partners are, for `n` municipalities.
fn partners_note(with_ocmw: bool, n: usize) -> String {
    if with_ocmw {
        format!(
            "# Partners: {n} gemeenten (kind gemeente, id = slug of the Dutch name) and their {n}\n\
             # OCMWs (kind ocmw, id ocmw-<slug>, population 0: the inhabitants are counted once,\n\
             # at the gemeente), {total} in all, sorted by NIS code. An OCMW sits at its gemeente's\n\
             # centroid; its drivers follow from the gemeente's population.\n",
            total = 2 * n
        )
    } else {
        format!(
            "# Partners: {n} municipalities (kind gemeente, id = slug of the Dutch name), sorted by\n\
             # NIS code. Each stands for the gemeente TOGETHER with its OCMW: one organogram, one\n\
             # management team and one meerjarenplan since 2019 (docs/sources.md §1.3), as in\n\
             # scenarios/region-leuven.toml.\n"
        )
    }
}

fn ratio_line(label: &str, r: &Ratios) -> String {
    format!(
        "#   {label:<20} staff {} per 1,000 inhabitants, sites {} per 1,000,\n\
         #   {:<20} devices {} per ICT user\n",
        r.staff_per_1000, r.sites_per_1000, "", r.devices_per_user
    )
}

fn ratios_note(with_ocmw: bool) -> String {
    if with_ocmw {
        ratio_line("gemeente:", &GEMEENTE) + &ratio_line("OCMW:", &OCMW)
    } else {
        ratio_line("gemeente with OCMW:", &GEMEENTE_WITH_OCMW)
    }
}

fn region_name(req: &RegionRequest, area_name: &str) -> String {
    match req.area {
        Area::Flanders => "all of Flanders".to_string(),
        _ => format!("{} {area_name}", req.area.kind()),
    }
}

/// The drivers of one partner serving `population` inhabitants with these ratios.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Drivers {
    /// ICT users (the `staff` driver), rounded to a multiple of 5, at least [`MIN_STAFF`].
    pub staff: f64,
    /// Buildings to connect (the `sites` driver), rounded, at least 1.
    pub sites: f64,
    /// Managed devices (the `devices` driver), rounded to a multiple of 5, at least one per user.
    pub devices: f64,
    /// Current ICT staff on payroll (`ict_fte`), FTE, rounded to half an FTE.
    pub ict_fte: f64,
}

/// Derives a partner's drivers from the population it serves.
pub fn drivers(population: u64, r: &Ratios) -> Drivers {
    let k = population as f64 / 1000.0;
    let round_to = |x: f64, step: f64| (x / step).round() * step;
    let staff = round_to(k * r.staff_per_1000, COUNT_ROUNDING).max(MIN_STAFF);
    let sites = (k * r.sites_per_1000).round().max(1.0);
    let devices = round_to(staff * r.devices_per_user, COUNT_ROUNDING).max(staff);
    let ict_fte = round_to(ICT_FTE_BASE + staff / USERS_PER_ICT_FTE, 0.5);
    Drivers {
        staff,
        sites,
        devices,
        ict_fte,
    }
}

fn partners(req: &RegionRequest, municipalities: &[Municipality]) -> String {
    let rule = "-".repeat(93);
    let mut out = format!(
        "\n# {rule}\n# Partners (generated from data/{}), sorted by NIS code\n# {rule}\n",
        req.year.file_name()
    );
    let slugs = unique_slugs(municipalities);
    for (m, slug) in municipalities.iter().zip(&slugs) {
        let source = format!("NIS {}{}", m.nis, origin(m));
        if req.with_ocmw {
            gemeente_and_ocmw(&mut out, m, slug, &source);
        } else {
            partner(
                &mut out,
                slug,
                &format!("{} (gemeente + OCMW)", m.name),
                "gemeente",
                m.population,
                &source,
                &drivers(m.population, &GEMEENTE_WITH_OCMW),
                m,
            );
        }
    }
    out
}

/// `samen init`: a scenario skeleton to fill in by hand. It has the default template's
/// domains, forms and settings, and one fictional gemeente with its OCMW whose every key is
/// explained above it (from the validator's field table): replace the figures with the
/// partners' own, and copy the pair for each further municipality.
pub fn skeleton() -> Result<String, Error> {
    let example = Municipality {
        nis: 0,
        name: "Voorbeeld".into(),
        arrondissement: String::new(),
        province: String::new(),
        population: 20_000,
        lat: 50.88,
        lon: 4.70,
        predecessors: vec![0],
    };
    let names = ["My scenario".into(), "Mijn scenario".into()];
    let body = fill_template(DEFAULT_TEMPLATE_NAME, DEFAULT_TEMPLATE, &names)?;
    let mut text = format!(
        "# A scenario skeleton written by `samen init`. Replace the example partners below with\n\
         # your own (or start from data: `samen generate scenario --municipalities A,B`), then\n\
         # `samen check` this file. Every key: docs/scenario.md.\n\n{}\n",
        body.trim_end()
    );
    text.push_str(&partner_keys());
    gemeente_and_ocmw(
        &mut text,
        &example,
        "voorbeeld",
        "replace with the real population",
    );
    Scenario::from_toml(&text, "skeleton")?;
    Ok(text)
}

/// Every key a `[[partner]]` may have, one comment line each.
fn partner_keys() -> String {
    let rule = "-".repeat(93);
    let mut out = format!("\n# {rule}\n# Partners. Each [[partner]] may have these keys:\n");
    for f in crate::scenario::fields::PARTNER_FIELDS {
        let unit = if f.unit.is_empty() {
            String::new()
        } else {
            format!(" ({})", f.unit)
        };
        out.push_str(&format!("#   {}{unit}: {}\n", f.key, f.meaning));
    }
    out.push_str(&format!("# {rule}\n"));
    out
}

/// The municipalities a 2025 municipality was merged from, if any.
fn origin(m: &Municipality) -> String {
    if m.predecessors.len() > 1 {
        let codes: Vec<String> = m.predecessors.iter().map(|c| c.to_string()).collect();
        format!(", merged 1 Jan 2025 from {}", codes.join(" + "))
    } else {
        String::new()
    }
}

/// A gemeente and its OCMW as two partners of one municipality.
fn gemeente_and_ocmw(out: &mut String, m: &Municipality, slug: &str, source: &str) {
    partner(
        out,
        slug,
        &format!("Gemeente {}", m.name),
        "gemeente",
        m.population,
        source,
        &drivers(m.population, &GEMEENTE),
        m,
    );
    partner(
        out,
        &format!("ocmw-{slug}"),
        &format!("OCMW {}", m.name),
        "ocmw",
        0,
        "counted at the gemeente",
        &drivers(m.population, &OCMW),
        m,
    );
    // A beheersovereenkomst joins only a gemeente and its own OCMW.
    out.push_str(&format!("municipality = {}\n", toml_string(slug)));
}

#[allow(clippy::too_many_arguments)]
fn partner(
    out: &mut String,
    id: &str,
    name: &str,
    kind: &str,
    population: u64,
    population_note: &str,
    d: &Drivers,
    m: &Municipality,
) {
    out.push_str(&format!(
        "\n[[partner]]\n\
         id = {id}\n\
         name = {name}\n\
         kind = {kind}\n\
         population = {population:<10}# {population_note}\n\
         staff = {staff}\n\
         sites = {sites}\n\
         devices = {devices}\n\
         ict_fte = {ict_fte:.1}\n\
         location = {{ lat = {lat}, lon = {lon} }}\n",
        id = toml_string(id),
        name = toml_string(name),
        kind = toml_string(kind),
        staff = d.staff,
        sites = d.sites,
        devices = d.devices,
        ict_fte = d.ict_fte,
        lat = m.lat,
        lon = m.lon,
    ));
}

/// Partner ids: the slug of the Dutch name, with the NIS code appended on the (so far
/// hypothetical) clash of two names with one slug.
fn unique_slugs(municipalities: &[Municipality]) -> Vec<String> {
    let slugs: Vec<String> = municipalities.iter().map(|m| slug(&m.name)).collect();
    slugs
        .iter()
        .zip(municipalities)
        .map(|(s, m)| {
            if slugs.iter().filter(|t| *t == s).count() > 1 {
                format!("{s}-{}", m.nis)
            } else {
                s.clone()
            }
        })
        .collect()
}

/// `Sint-Pieters-Leeuw` -> `sint-pieters-leeuw`, `Nazareth-De Pinte` -> `nazareth-de-pinte`:
/// lower case ASCII letters and digits, everything else a single `-`; accents dropped.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

fn toml_string(s: &str) -> String {
    toml_edit::Value::from(s).to_string()
}

/// Quotes a word for the restated command line when a shell would split or expand it.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Sint-Pieters-Leeuw"), "sint-pieters-leeuw");
        assert_eq!(slug("Nazareth-De Pinte"), "nazareth-de-pinte");
        assert_eq!(slug("De Haan"), "de-haan");
        assert_eq!(slug("Écaussinnes 's"), "ecaussinnes-s");
    }
}
