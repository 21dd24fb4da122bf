//! The Flemish municipality data the generator draws from, embedded in the binary.
//!
//! The CSV files live in `data/` (provenance in `data/README.md`): Statbel populations on
//! 1 January 2020 and approximate centroids, before and after the mergers of 1 January 2025.
//! They are compiled in with `include_str!` so that `samen generate` never depends on files
//! next to the binary, and the same binary always generates the same scenario.

use crate::error::Error;
use serde::Deserialize;

/// `data/flemish_municipalities_2020.csv`: the 300 municipalities before the 2025 mergers.
pub const MUNICIPALITIES_2020_CSV: &str =
    include_str!("../../data/flemish_municipalities_2020.csv");
/// `data/flemish_municipalities_2025.csv`: the 285 municipalities from 1 January 2025.
pub const MUNICIPALITIES_2025_CSV: &str =
    include_str!("../../data/flemish_municipalities_2025.csv");
/// `data/fusions_2025_flanders.csv`: old NIS code and name -> new NIS code and name.
pub const FUSIONS_2025_CSV: &str = include_str!("../../data/fusions_2025_flanders.csv");

/// Which municipal map: before (2020) or after (2025) the mergers of 1 January 2025.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Year {
    /// The 300 municipalities before the mergers of 1 January 2025.
    Y2020,
    /// The 285 municipalities from 1 January 2025.
    Y2025,
}

impl Year {
    /// The calendar year of the map: 2020 or 2025.
    pub fn number(self) -> u16 {
        match self {
            Year::Y2020 => 2020,
            Year::Y2025 => 2025,
        }
    }

    /// The data file the municipalities of this year come from (cited in generated files).
    pub fn file_name(self) -> &'static str {
        match self {
            Year::Y2020 => "flemish_municipalities_2020.csv",
            Year::Y2025 => "flemish_municipalities_2025.csv",
        }
    }
}

impl TryFrom<u16> for Year {
    type Error = Error;

    fn try_from(year: u16) -> Result<Self, Error> {
        match year {
            2020 => Ok(Year::Y2020),
            2025 => Ok(Year::Y2025),
            other => Err(Error::Usage(format!(
                "no municipality data for {other}: the years available are 2020 (before the \
                 mergers of 1 January 2025) and 2025 (after them)"
            ))),
        }
    }
}

/// One municipality of either year, in the terms the generator needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Municipality {
    /// NIS (REFNIS) code.
    pub nis: u32,
    /// Dutch name.
    pub name: String,
    /// Arrondissement it lies in, Dutch name.
    pub arrondissement: String,
    /// Province it lies in, Dutch name.
    pub province: String,
    /// Inhabitants on 1 January 2020; for 2025 the sum over the predecessors (not an official
    /// 2025 count).
    pub population: u64,
    /// Latitude of its approximate centroid, degrees (WGS84).
    pub lat: f64,
    /// Longitude of its approximate centroid, degrees (WGS84).
    pub lon: f64,
    /// NIS codes of the 2020 municipalities it was formed from (2025 only; empty for 2020).
    pub predecessors: Vec<u32>,
}

#[derive(Debug, Deserialize)]
struct Row2020 {
    nis_code: u32,
    name_nl: String,
    arrondissement_nl: String,
    province_nl: String,
    inhabitants_2020: u64,
    latitude: f64,
    longitude: f64,
    #[allow(dead_code)] // part of the file's format; the 2025 file carries the same link
    nis_2025: u32,
    #[allow(dead_code)]
    name_2025: String,
}

#[derive(Debug, Deserialize)]
struct Row2025 {
    nis_2025: u32,
    name_2025: String,
    arrondissement_nl: String,
    province_nl: String,
    inhabitants_2020_aggregated: u64,
    latitude: f64,
    longitude: f64,
    n_predecessors: usize,
    predecessor_nis: String,
}

/// One merger link of 1 January 2025.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Fusion {
    /// NIS code of the 2020 municipality that merged.
    pub old_nis: u32,
    /// Dutch name of the 2020 municipality.
    pub old_name: String,
    /// NIS code of the 2025 municipality it became part of.
    pub new_nis: u32,
    /// Dutch name of the 2025 municipality.
    pub new_name: String,
}

/// The embedded data is part of the program: a row that does not parse is a bug, not bad input.
fn broken(file: &str, e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("embedded data file {file}: {e}"))
}

fn rows<T: for<'de> Deserialize<'de>>(text: &str, file: &str) -> Result<Vec<T>, Error> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|e| broken(file, e))
}

/// Every municipality of `year`, sorted by NIS code.
pub fn municipalities(year: Year) -> Result<Vec<Municipality>, Error> {
    let mut all: Vec<Municipality> = match year {
        Year::Y2020 => rows::<Row2020>(MUNICIPALITIES_2020_CSV, year.file_name())?
            .into_iter()
            .map(|r| Municipality {
                nis: r.nis_code,
                name: r.name_nl,
                arrondissement: r.arrondissement_nl,
                province: r.province_nl,
                population: r.inhabitants_2020,
                lat: r.latitude,
                lon: r.longitude,
                predecessors: Vec::new(),
            })
            .collect(),
        Year::Y2025 => {
            let mut out = Vec::new();
            for r in rows::<Row2025>(MUNICIPALITIES_2025_CSV, year.file_name())? {
                let predecessors = r
                    .predecessor_nis
                    .split(';')
                    .map(|s| s.trim().parse::<u32>())
                    .collect::<Result<Vec<u32>, _>>()
                    .map_err(|e| broken(year.file_name(), format!("NIS {}: {e}", r.nis_2025)))?;
                if predecessors.len() != r.n_predecessors {
                    return Err(broken(
                        year.file_name(),
                        format!(
                            "NIS {}: n_predecessors = {} but {} codes listed",
                            r.nis_2025,
                            r.n_predecessors,
                            predecessors.len()
                        ),
                    ));
                }
                out.push(Municipality {
                    nis: r.nis_2025,
                    name: r.name_2025,
                    arrondissement: r.arrondissement_nl,
                    province: r.province_nl,
                    population: r.inhabitants_2020_aggregated,
                    lat: r.latitude,
                    lon: r.longitude,
                    predecessors,
                });
            }
            out
        }
    };
    all.sort_by_key(|m| m.nis);
    Ok(all)
}

/// The merger crosswalk of 1 January 2025, in file order.
pub fn fusions_2025() -> Result<Vec<Fusion>, Error> {
    rows(FUSIONS_2025_CSV, "fusions_2025_flanders.csv")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_parse_with_the_documented_counts() {
        let m2020 = municipalities(Year::Y2020).unwrap();
        let m2025 = municipalities(Year::Y2025).unwrap();
        assert_eq!(m2020.len(), 300);
        assert_eq!(m2025.len(), 285);
        assert_eq!(fusions_2025().unwrap().len(), 28);
        let total: u64 = m2020.iter().map(|m| m.population).sum();
        assert_eq!(total, 6_629_143);
        // 2025 populations are sums of the 2020 ones, so the totals agree.
        assert_eq!(m2025.iter().map(|m| m.population).sum::<u64>(), total);
    }
}
